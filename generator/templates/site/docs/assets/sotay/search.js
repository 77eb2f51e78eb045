/*
 * sotay: hand the search worker the query in composed Unicode (NFC).
 *
 * A query typed on some keyboards (or pasted) arrives decomposed (NFD); the
 * index holds NFC text. Normalising in the worker alone would find the pages,
 * but Material compares the typed terms with the matched ones to mark terms
 * as missing, so the query is normalised before it is posted. The visible
 * input is left alone (rewriting it would disturb Vietnamese input methods).
 * Patching the prototype also covers the iframe-worker shim used on file://.
 * Query messages are { type: 2, data: string } (Material 9's SearchMessageType.QUERY).
 */
(function () {
  "use strict"
  var QUERY = 2
  if (!window.Worker || !String.prototype.normalize)
    return
  var proto = window.Worker.prototype
  var post = proto.postMessage
  proto.postMessage = function (message) {
    var args = Array.prototype.slice.call(arguments)
    if (message && message.type === QUERY && typeof message.data === "string")
      args[0] = { type: QUERY, data: message.data.normalize("NFC") }
    return post.apply(this, args)
  }
})()
