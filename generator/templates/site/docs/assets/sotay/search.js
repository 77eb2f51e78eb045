/*
 * sotay: the site's search box and engine (Vietnamese, offline, any size).
 *
 * The index is built by `sotay build` (generator/site/search_index.py) as
 * plain scripts under assets/sotay/search/, loaded with <script> tags so the
 * search works from file:// as well as over HTTP:
 *   index.js   manifest: token shards present, one-letter tokens, entry sizes
 *   t-XY.js    postings of the folded tokens starting with XY
 *   d-N.js     result entries [url, title, breadcrumb], CHUNK a file
 * Nothing is loaded until the box is focused; each typed word loads only the
 * shard of its first two letters (while the word is being typed), and the
 * entries of the results shown.
 *
 * Queries are folded like the index (NFC, lower case, no accents, đ -> d); an
 * ASCII word left in Telex or VNI keystrokes ("kieemr", "kie6m3") also
 * searches its decoded form. fold() must agree with search_index.py:fold().
 */
(function () {
  "use strict"
  var FIELD = [10, 3, 1, 12]    /* title, breadcrumb, text, words for a topic or file kind */
  var SECTION = 0.9             /* a page before its own section on equal matches */
  var PREFIX = 0.6              /* a word the query word only begins */
  var DECODED = 0.5             /* a Telex/VNI reading of the typed word */
  var SHOWN = 20
  var script = document.currentScript
  var root = script ? script.src.replace(/assets\/sotay\/search\.js(?:[?#].*)?$/, "") : ""
  var folder = root + "assets/sotay/search/"
  var data = { manifest: null, shards: {}, chunks: {}, loading: {} }
  var api = window.sotaySearch = {}
  var box, input, list, status, current = ""

  /* Accent-free, lower-case form: NFD, drop combining marks, đ -> d */
  function fold(text) {
    return text.normalize("NFD").toLowerCase()
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/\u0111/g, "d")
  }

  function words(text) {
    return text.normalize("NFC").toLowerCase().split(/[^\p{L}\p{N}]+/u)
      .filter(function (word) { return word })
  }

  /* Undo Telex/VNI keystrokes left in an ASCII word ("kieemr" -> "kiem") */
  function untelex(word) {
    if (/[a-z]/.test(word))
      word = word.replace(/[0-9]/g, "")
    word = word.replace(/dd/g, "d")
      .replace(/([aeo])\1/g, "$1")
      .replace(/([aou])w/g, "$1")
      .replace(/w/g, "u")
    /* Vietnamese never spells s, f, r, x, j or z after the vowel: tone keys */
    var vowel = word.search(/[aeiouy]/)
    return vowel < 0
      ? word
      : word.slice(0, vowel) + word.slice(vowel).replace(/[sfrxjz]/g, "")
  }

  /* --- loading ------------------------------------------------------------ */

  function load(name) {
    if (data.loading[name])
      return
    data.loading[name] = true
    var tag = document.createElement("script")
    tag.src = folder + name
    tag.async = true
    tag.onerror = function () { setStatus("Không tải được dữ liệu tìm kiếm.") }
    document.head.appendChild(tag)
  }

  api.manifest = function (_, manifest) {
    data.manifest = manifest
    manifest.shardSet = Object.create(null)
    manifest.shards.forEach(function (key) { manifest.shardSet[key] = true })
    if (box) box.setAttribute("data-ready", "true")
    run()
  }
  api.shard = function (key, postings) { data.shards[key] = postings; run() }
  api.chunk = function (number, rows) { data.chunks[number] = rows; run() }

  /* The postings holding token (and, as prefix, its completions): null while loading */
  function shardFor(token) {
    var manifest = data.manifest
    if (token.length < 2)
      return manifest.short
    var key = fold(token).slice(0, 2)
    if (!manifest.shardSet[key])
      return {}
    if (!data.shards[key])
      load("t-" + key + ".js")
    return data.shards[key] || null
  }

  /* --- ranking ------------------------------------------------------------ */

  function decode(deltas) {
    var values = new Array(deltas.length), value = 0
    for (var i = 0; i < deltas.length; i++)
      values[i] = (value += deltas[i])
    return values
  }

  /* entry -> best score of one query word over its variants and matching tokens */
  function wordScores(word, scores, bonus) {
    var folded = fold(word)
    var variants = [[folded, 1]]
    if (/^[a-z0-9]+$/.test(word) && untelex(word) !== folded && untelex(word))
      variants.push([untelex(word), DECODED])
    var complete = true
    variants.forEach(function (variant) {
      var postings = shardFor(variant[0])
      if (postings === null)
        return (complete = false)
      matchTokens(postings, variant[0], variant[1], scores)
    })
    if (word !== folded && complete) {
      var accented = shardFor(folded)
      if (accented) matchTokens(accented, word, 1, bonus)  /* title words only */
    }
    return complete
  }

  function matchTokens(postings, token, weight, scores) {
    Object.keys(postings).forEach(function (candidate) {
      var quality = candidate === token ? 1 : token.length > 1 && candidate.lastIndexOf(token, 0) === 0 ? PREFIX : 0
      if (!quality)
        return
      decode(postings[candidate]).forEach(function (packed) {
        var entry = packed >> 2, kind = packed & 3
        var score = FIELD[kind] * quality * weight
        var fields = scores[entry] || (scores[entry] = [0, 0, 0, 0])
        if (fields[kind] < score)
          fields[kind] = score
      })
    })
  }

  /* One query word's score for an entry: its best field. Other fields only
     break ties (hits()); a sum would rank long pages first. */
  function combine(fields) {
    return Math.max.apply(null, fields)
  }

  /* The number of fields a word was found in */
  function hits(fields) {
    return (fields[0] > 0) + (fields[1] > 0) + (fields[2] > 0) + (fields[3] > 0)
  }

  /* Sections are flagged in the manifest's size characters (see search_index._size) */
  function isSection(entry) {
    return data.manifest.sizes.charCodeAt(entry) >= 96
  }

  /* Ranked entry numbers for a query, or null while a shard is loading */
  function rank(query) {
    var terms = words(query)
    var total = Object.create(null), matched = Object.create(null), accents = Object.create(null)
    var fieldHits = Object.create(null)
    for (var i = 0; i < terms.length; i++) {
      var scores = Object.create(null), bonus = Object.create(null)
      if (!wordScores(terms[i], scores, bonus))
        return null
      for (var entry in scores) {
        total[entry] = (total[entry] || 0) + combine(scores[entry])
        fieldHits[entry] = (fieldHits[entry] || 0) + hits(scores[entry])
        matched[entry] = (matched[entry] || 0) + 1
      }
      for (entry in bonus)
        accents[entry] = (accents[entry] || 0) + 1
    }
    var sizes = data.manifest.sizes, low = data.manifest.low
    var ranked = Object.keys(total).map(function (entry) {
      var n = +entry
      var weight = (low[entry] || 1) * (isSection(n) ? SECTION : 1)
      return [n, matched[entry], total[entry] * weight + 0.5 * (accents[entry] || 0), sizes.charCodeAt(n),
              fieldHits[entry]]
    })
    /* all words matched, score, page before section and shorter title, more fields matched */
    ranked.sort(function (a, b) {
      return b[1] - a[1] || b[2] - a[2] || a[3] - b[3] || b[4] - a[4] || a[0] - b[0]
    })
    return ranked.slice(0, SHOWN).map(function (item) { return item[0] })
  }

  /* --- results ------------------------------------------------------------ */

  function run() {
    if (!data.manifest || !box)
      return
    var query = current
    if (!words(query).length)
      return show(query, [])
    var ranked = rank(query)
    if (ranked === null)
      return setStatus("Đang tải…")
    var size = data.manifest.chunk, rows = []
    ranked.forEach(function (entry) { load("d-" + Math.floor(entry / size) + ".js") })
    for (var i = 0; i < ranked.length; i++) {
      var chunk = data.chunks[Math.floor(ranked[i] / size)]
      if (!chunk)
        break  /* never show a later result before an earlier one */
      rows.push(chunk[ranked[i] % size])
    }
    if (rows.length || !ranked.length)
      show(query, rows, rows.length < ranked.length)
  }

  function show(query, rows, partial) {
    var folded = words(query).map(fold)
    list.textContent = ""
    rows.forEach(function (row) {
      var item = document.createElement("li")
      var link = document.createElement("a")
      link.href = root + row[0]
      link.className = "sotay-search__link"
      var title = document.createElement("span")
      title.className = "sotay-search__title"
      highlight(title, row[1], folded)
      link.appendChild(title)
      if (row[2]) {
        var crumb = document.createElement("span")
        crumb.className = "sotay-search__crumb"
        crumb.textContent = row[2]
        link.appendChild(crumb)
      }
      item.appendChild(link)
      list.appendChild(item)
    })
    list.hidden = !rows.length
    setStatus(!words(query).length ? "" : rows.length ? rows.length + " kết quả" : "Không tìm thấy kết quả.")
    box.setAttribute("data-query", query)
    box.setAttribute("data-state", partial ? "partial" : "done")
  }

  /* Title text with the words the query matched in <mark> (text nodes only) */
  function highlight(element, text, folded) {
    text.split(/([^\p{L}\p{N}]+)/u).forEach(function (part) {
      var key = fold(part)
      var hit = part && folded.some(function (word) { return word && key.lastIndexOf(word, 0) === 0 })
      var node = hit ? document.createElement("mark") : document.createTextNode(part)
      if (hit) node.textContent = part
      element.appendChild(node)
    })
  }

  function setStatus(text) {
    if (status) status.textContent = text
  }

  /* --- the box ------------------------------------------------------------ */

  function build() {
    var header = document.querySelector(".md-header") || document.body
    box = document.createElement("form")
    box.className = "sotay-search"
    box.setAttribute("role", "search")
    box.innerHTML =
      '<label class="sotay-search__label" for="sotay-search-input">Tìm kiếm</label>' +
      '<input id="sotay-search-input" class="sotay-search__input" type="search" autocomplete="off"' +
      ' placeholder="Tìm đơn vị, biểu mẫu, hạn… (gõ không dấu được)" aria-describedby="sotay-search-status"' +
      ' aria-controls="sotay-search-results" enterkeyhint="search">' +
      '<p id="sotay-search-status" class="sotay-search__status" role="status" aria-live="polite"></p>' +
      '<ol id="sotay-search-results" class="sotay-search__results" hidden></ol>'
    header.appendChild(box)
    input = box.querySelector("input")
    list = box.querySelector("ol")
    status = box.querySelector("p")
    input.addEventListener("focus", start)
    input.addEventListener("input", function () {
      start()
      current = input.value
      run()
    })
    box.addEventListener("submit", function (event) {
      event.preventDefault()
      var first = list.querySelector("a")
      if (first) first.click()
    })
    box.addEventListener("keydown", keys)
    document.addEventListener("click", function (event) {
      if (!box.contains(event.target)) list.hidden = true
    })
  }

  function start() {
    load("index.js")
  }

  /* Arrow keys move between the box and the results; Escape closes them */
  function keys(event) {
    var links = Array.prototype.slice.call(list.querySelectorAll("a"))
    var at = links.indexOf(document.activeElement)
    if (event.key === "ArrowDown" && links.length) {
      links[Math.min(at + 1, links.length - 1)].focus()
    } else if (event.key === "ArrowUp" && at >= 0) {
      (at === 0 ? input : links[at - 1]).focus()
    } else if (event.key === "Escape") {
      list.hidden = true
      input.focus()
    } else {
      return
    }
    event.preventDefault()
  }

  api.fold = fold
  api.untelex = untelex
  if (document.readyState === "loading")
    document.addEventListener("DOMContentLoaded", build)
  else
    build()
})()
