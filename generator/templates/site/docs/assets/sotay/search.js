/*
 * sotay: the site's search box and engine (Vietnamese, offline, any size).
 *
 * The index is built by `sotay build` (generator/site/search_index.py) as
 * plain scripts under assets/sotay/search/, loaded with <script> tags so the
 * search works from file:// as well as over HTTP:
 *   keys.js    which token shards exist (a few hundred bytes, loaded with the page)
 *   index.js   manifest: entry count, sizes, weights, one- and two-letter tokens (loaded on first use)
 *   t-XY.js    postings of the longer folded tokens starting with XY
 *   d-N.js     result entries [url, title, breadcrumb], CHUNK a file
 * The manifest loads when the box is first focused (at once on later pages of a
 * tab that searched); each typed word loads its shard while it is typed (at its
 * second key), side by side with the manifest, then the entries of the results
 * shown. The entries of the general pages (forms, guides) load when the box is
 * idle. While the last word's shard loads, the rest of the query answers (state
 * "partial").
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
  var USED = "sotay-search-used"  /* sessionStorage key */
  var script = document.currentScript
  var root = script ? script.src.replace(/assets\/sotay\/search\.js(?:[?#].*)?$/, "") : ""
  var folder = root + "assets/sotay/search/"
  var data = { keys: null, manifest: null, shards: {}, chunks: {}, loading: {}, scored: Object.create(null) }
  var api = window.sotaySearch = {}
  var box, input, list, status, current = ""
  var CHUNKS_AT_ONCE = 3
  var wanted = [], inFlight = 0  /* entry chunks still to load for the results shown, loading */
  var provisional = false  /* the ranking shown lacks a shard of the last word */

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

  function load(name, done) {
    if (data.loading[name])
      return
    data.loading[name] = true
    var tag = document.createElement("script")
    tag.src = folder + name
    tag.async = true
    tag.onload = done || null
    tag.onerror = function () {
      setStatus("Không tải được dữ liệu tìm kiếm.")
      if (done) done()
    }
    document.head.appendChild(tag)
  }

  /* Entry chunks of the current results, best first, at most CHUNKS_AT_ONCE in
     flight: a browser opens few connections to a site, and on a slow phone
     network the chunks of every keystroke's results would otherwise hold up
     the shard the next keystroke needs. */
  function loadChunks(numbers) {
    wanted = numbers.filter(function (number, at) {
      return numbers.indexOf(number) === at && !data.loading["d-" + number + ".js"]
    })
    while (inFlight < CHUNKS_AT_ONCE && wanted.length) {
      inFlight++
      load("d-" + wanted.shift() + ".js", chunkDone)
    }
  }

  function chunkDone() {
    inFlight--
    loadChunks(wanted)
  }

  api.keys = function (_, keys) {
    data.keys = Object.create(null)
    keys.forEach(function (key) { data.keys[key] = true })
    ready()
  }
  api.manifest = function (_, manifest) {
    manifest.sizes = unsqueeze(manifest.sizes)
    data.manifest = manifest
    if (!words(current).length) warmUp()
    ready()
  }

  /* The entry chunks of the general pages (forms, guides: search_index._warm), loaded
     while the box is idle (the manifest came before typing, or the first results are
     shown): a result among them then needs no round trip after the last key. */
  function warmUp() {
    if (data.warmed || !data.manifest)
      return
    data.warmed = true
    data.manifest.warm.forEach(function (number) { load("d-" + number + ".js") })
  }
  api.shard = function (key, postings) { data.shards[key] = postings; run() }
  api.chunk = function (number, rows) { data.chunks[number] = rows; run() }

  function ready() {
    if (box && data.keys && data.manifest) box.setAttribute("data-ready", "true")
    run()
  }

  /* The postings of one shard file: {} if there is none, null while it loads */
  function shard(key) {
    if (!data.keys)
      return null
    if (!data.keys[key])
      return {}
    if (!data.shards[key])
      load("t-" + key + ".js")
    return data.shards[key] || null
  }

  /* The postings holding a folded word and its completions (search_index.shard_key):
     one- and two-letter words are in the manifest, longer ones in the shard of
     their first two letters. [postings…], or null while loading. The last word,
     the one being typed, is matched with what has loaded so far (the ranking is
     then provisional): its shards were asked for only now. */
  function shardsFor(folded, last) {
    var exact = folded.length <= 2 ? data.manifest && data.manifest.short : {}
    var longer = folded.length >= 2 ? shard(folded.slice(0, 2)) : {}
    if (exact !== null && longer !== null)
      return [exact, longer]
    if (!last)
      return null
    provisional = true
    return [exact || {}, longer || {}]
  }

  /* --- ranking ------------------------------------------------------------ */

  /* A token's postings: differences in base-32 digits, the last digit of each
     number from the first half of DIGITS (search_index._delta) */
  var DIGITS = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_"
  var DIGIT = {}
  for (var d = 0; d < DIGITS.length; d++) DIGIT[DIGITS.charCodeAt(d)] = d
  function decode(packed) {
    var text = unsqueeze(packed), values = [], value = 0, pending = 0
    for (var i = 0; i < text.length; i++) {
      var digit = DIGIT[text.charCodeAt(i)]
      if (digit >= 32) {
        pending = pending * 32 + digit - 32
      } else {
        values.push(value += pending * 32 + digit)
        pending = 0
      }
    }
    return values
  }

  /* "!", a length and a distance in the digits above: copy that many characters
     from that far back (search_index.squeeze: repeats of a unit's pattern) */
  var COPY = 33
  function unsqueeze(text) {
    if (text.indexOf("!") < 0)
      return text
    var out = [], at = 0
    function number() {
      var value = 0, digit
      while ((digit = DIGIT[text.charCodeAt(at++)]) >= 32)
        value = value * 32 + digit - 32
      return value * 32 + digit
    }
    while (at < text.length) {
      if (text.charCodeAt(at) !== COPY) {
        out.push(text.charAt(at++))
        continue
      }
      at++
      var length = number(), from = out.length - number()
      for (var n = 0; n < length; n++)
        out.push(out[from + n])
    }
    return out.join("")
  }

  /* A token's postings; "=": an accented title word found in every title its
     folded form is (search_index._packed), its folded token's title postings */
  function valuesOf(postings, token) {
    if (postings[token] !== "=")
      return decode(postings[token])
    return decode(postings[fold(token)] || "").filter(function (packed) { return (packed & 3) === 0 })
  }

  /* entry -> best score of one query word over its variants and matching tokens */
  function wordScores(word, scores, bonus, last) {
    var folded = fold(word)
    var variants = [[folded, 1]]
    if (/^[a-z0-9]+$/.test(word) && untelex(word) !== folded && untelex(word))
      variants.push([untelex(word), DECODED])
    var complete = true
    variants.forEach(function (variant) {
      var found = shardsFor(variant[0], last)
      if (found === null)
        return (complete = false)
      found.forEach(function (postings) { matchTokens(postings, variant[0], variant[1], scores) })
    })
    if (word !== folded && complete) {
      (shardsFor(folded, last) || []).forEach(function (postings) {
        matchTokens(postings, word, 1, bonus)  /* title words only */
      })
    }
    return complete
  }

  function matchTokens(postings, token, weight, scores) {
    Object.keys(postings).forEach(function (candidate) {
      var quality = candidate === token ? 1 : token.length > 1 && candidate.lastIndexOf(token, 0) === 0 ? PREFIX : 0
      if (!quality)
        return
      valuesOf(postings, candidate).forEach(function (packed) {
        var entry = packed >> 2, kind = packed & 3
        var score = FIELD[kind] * quality * weight
        var fields = scores[entry] || (scores[entry] = [0, 0, 0, 0])
        if (fields[kind] < score)
          fields[kind] = score
      })
    })
  }

  /* A section's breadcrumb is its page's title, and the index leaves those
     postings out (search_index._postings): a page's title score gives its
     sections (the entries after it) their breadcrumb score. */
  function crumbsFromTitles(scores) {
    var entries = data.manifest.entries
    Object.keys(scores).forEach(function (key) {
      var page = +key, title = scores[key][0]
      if (!title || isSection(page))
        return
      var crumb = title * FIELD[1] / FIELD[0]
      for (var n = page + 1; n < entries && isSection(n); n++) {
        var fields = scores[n] || (scores[n] = [0, 0, 0, 0])
        if (fields[1] < crumb)
          fields[1] = crumb
      }
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

  /* One word's scores and accent bonuses, or null while its shards or the
     manifest load. Kept once final: the earlier words of a query typed a key
     at a time are not scored again on every key. */
  function scored(word, last) {
    if (data.scored[word])
      return data.scored[word]
    var before = provisional, scores = Object.create(null), bonus = Object.create(null)
    provisional = false
    var complete = wordScores(word, scores, bonus, last)
    var result = null
    if (complete && data.manifest) {
      crumbsFromTitles(scores)
      result = compact(scores, bonus)
      if (!provisional) data.scored[word] = result
    }
    provisional = provisional || before
    return result
  }

  /* One word's scores as arrays (entry numbers, best field, fields hit, hit beyond body
     text; entries with an accent bonus): each key sums them without building objects, so a
     word that matches most of a large site costs little on a slow phone. */
  function compact(scores, bonus) {
    var keys = Object.keys(scores), n = keys.length
    var word = { ids: new Int32Array(n), best: new Float64Array(n), hits: new Uint8Array(n),
                 strong: new Uint8Array(n), bonus: Object.keys(bonus).map(Number) }
    for (var i = 0; i < n; i++) {
      var fields = scores[keys[i]]
      word.ids[i] = +keys[i]
      word.best[i] = combine(fields)
      word.hits[i] = hits(fields)
      word.strong[i] = strong(fields)
    }
    return word
  }

  /* 1 if a word was found in a field other than body text */
  function strong(fields) {
    return (fields[0] > 0 || fields[1] > 0 || fields[3] > 0) ? 1 : 0
  }

  /* Per entry over a query's words: words matched, their summed score, fields hit, words
     hit beyond body text, accent bonuses; touched: the entries matched at all */
  function tally(found) {
    var entries = data.manifest.entries
    var sums = { matched: new Uint8Array(entries), total: new Float64Array(entries),
                 fields: new Uint8Array(entries), strong: new Uint8Array(entries),
                 accents: new Uint8Array(entries), touched: [] }
    found.forEach(function (word) {
      for (var i = 0; i < word.ids.length; i++) {
        var entry = word.ids[i]
        if (!sums.matched[entry]++) sums.touched.push(entry)
        sums.total[entry] += word.best[i]
        sums.fields[entry] += word.hits[i]
        sums.strong[entry] += word.strong[i]
      }
      word.bonus.forEach(function (entry) { sums.accents[entry]++ })
    })
    return sums
  }

  /* Ranked entry numbers for a query, or null while a shard is loading. Order: all words
     matched, words matched beyond body text, score, page before section and shorter title,
     more fields matched. A word found only in a page's body is weak: "han chau hung a" must
     reach the unit's deadline table (title, breadcrumb and topic words) before a plan page
     that merely mentions "hạn" somewhere in its text. */
  function rank(query) {
    var terms = words(query), found = []
    for (var i = 0; i < terms.length; i++)
      found.push(scored(terms[i], i === terms.length - 1))  /* every word asks for its shards now */
    if (!data.manifest || found.indexOf(null) >= 0)
      return null
    var sums = tally(found), sizes = data.manifest.sizes, low = data.manifest.low
    var score = new Float64Array(data.manifest.entries)
    function order(a, b) {
      return sums.matched[b] - sums.matched[a] || sums.strong[b] - sums.strong[a] ||
        score[b] - score[a] || sizes.charCodeAt(a) - sizes.charCodeAt(b) ||
        sums.fields[b] - sums.fields[a] || a - b
    }
    /* the SHOWN best in order, without sorting every match (a common word matches most entries) */
    var best = []
    sums.touched.forEach(function (n) {
      var weight = (low[n] || 1) * (isSection(n) ? SECTION : 1)
      score[n] = sums.total[n] * weight + 0.5 * sums.accents[n]
      if (best.length === SHOWN && order(best[SHOWN - 1], n) <= 0)
        return
      var at = best.length
      while (at > 0 && order(best[at - 1], n) > 0)
        at--
      best.splice(at, 0, n)
      if (best.length > SHOWN)
        best.pop()
    })
    return best
  }

  /* --- results ------------------------------------------------------------ */

  function run() {
    if (!box)
      return
    var query = current
    if (!words(query).length)
      return show(query, [])
    provisional = false
    var ranked = rank(query)
    if (ranked === null || (provisional && !ranked.length))
      return setStatus("Đang tải…")
    var size = data.manifest.chunk, rows = []
    loadChunks(ranked.map(function (entry) { return Math.floor(entry / size) }))
    for (var i = 0; i < ranked.length; i++) {
      var chunk = data.chunks[Math.floor(ranked[i] / size)]
      if (!chunk)
        break  /* never show a later result before an earlier one */
      rows.push(chunk[ranked[i] % size])
    }
    if (rows.length || !ranked.length)
      show(query, rows, provisional || rows.length < ranked.length)
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
    if (rows.length) warmUp()
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
    load("keys.js")  /* which shards exist: a query's shards load beside the manifest */
    if (usedBefore())
      start()
  }

  /* The first use of the box loads the manifest; a page opened after a search
     (in this tab) loads it at once, so its box is ready when tapped. */
  function start() {
    load("index.js")
    try { sessionStorage.setItem(USED, "1") } catch (error) { /* storage off: load on use */ }
  }

  function usedBefore() {
    try { return sessionStorage.getItem(USED) === "1" } catch (error) { return false }
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
