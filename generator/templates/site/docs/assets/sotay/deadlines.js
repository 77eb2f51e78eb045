/*
 * sotay: deadlines by the reader's own date (works offline and from file://).
 *
 * The built page is the same whatever day it was built (deterministic
 * output), but which deadline is next depends on the day it is read, so the
 * browser decides, from its own clock, in its local time zone:
 *
 * - every `.sotay-deadlines` table (home, unit and plan pages): rows whose
 *   `<time datetime="YYYY-MM-DD">` is before today get `sotay-past`, the
 *   first row due today or later gets `sotay-next` (see sotay.css);
 * - a unit page's `[data-sotay-next]` box: "what is next, by when, how many
 *   days are left", written from its own `<time data-title>` list;
 * - a `.sotay-timeline`: past bars greyed, and a "today" marker on its axis.
 *
 * Without scripts the pages list every dated step and nothing claims a
 * "today". Content text is only ever set with textContent.
 */
(function () {
  "use strict"

  var DAY = 86400000

  function pad(n) {
    return (n < 10 ? "0" : "") + n
  }

  function isoDay(date) {
    return date.getFullYear() + "-" + pad(date.getMonth() + 1) + "-" + pad(date.getDate())
  }

  function parse(iso) {
    var parts = iso.split("-")
    return new Date(+parts[0], +parts[1] - 1, +parts[2])
  }

  /* Whole days from today to iso (negative when past); rounding absorbs DST hours */
  function daysUntil(iso, today) {
    return Math.round((parse(iso) - parse(today)) / DAY)
  }

  function vnDate(iso) {
    var parts = iso.split("-")
    return parts[2] + "/" + parts[1] + "/" + parts[0]
  }

  /* The first of items (in date order) due today or later, by its ISO date */
  function firstDue(items, dateOf, today) {
    for (var i = 0; i < items.length; i++)
      if (dateOf(items[i]) >= today) return items[i]
    return null
  }

  function markTables(today) {
    var tables = document.querySelectorAll(".sotay-deadlines table")
    Array.prototype.forEach.call(tables, function (table) {
      var rows = Array.prototype.filter.call(table.querySelectorAll("tbody tr"), function (row) {
        return row.querySelector("time[datetime]")
      })
      var dateOf = function (row) { return row.querySelector("time[datetime]").getAttribute("datetime") }
      var next = firstDue(rows, dateOf, today)
      rows.forEach(function (row) {
        row.classList.toggle("sotay-past", dateOf(row) < today)
        row.classList.toggle("sotay-next", row === next)
      })
    })
  }

  function left(days) {
    if (days === 0) return "hạn là hôm nay"
    if (days === 1) return "còn 1 ngày (hạn là ngày mai)"
    return "còn " + days + " ngày"
  }

  function append(parent, tag, text, className) {
    var node = document.createElement(tag)
    node.textContent = text
    if (className) node.className = className
    parent.appendChild(node)
    return node
  }

  function writeNext(box, today) {
    var times = Array.prototype.slice.call(box.querySelectorAll(".sotay-upcoming__all time[datetime]"))
    var dateOf = function (time) { return time.getAttribute("datetime") }
    var next = firstDue(times, dateOf, today)
    var now = box.querySelector(".sotay-upcoming__now")
    times.forEach(function (time) {
      time.classList.toggle("sotay-past", dateOf(time) < today)
      time.classList.toggle("sotay-next", time === next)
    })
    now.textContent = ""
    if (!times.length) return
    if (next) {
      append(now, "span", "Việc tiếp theo: ", "sotay-upcoming__label")
      append(now, "strong", next.getAttribute("data-title") || "")
      now.appendChild(document.createTextNode(" — hạn "))
      append(now, "time", vnDate(dateOf(next))).setAttribute("datetime", dateOf(next))
      append(now, "span", " (" + left(daysUntil(dateOf(next), today)) + ")", "sotay-upcoming__days")
    } else {
      var last = dateOf(times[times.length - 1])
      now.textContent = "Đã qua mọi mốc của đơn vị (mốc cuối: " + vnDate(last) + ", cách đây " +
        -daysUntil(last, today) + " ngày)."
    }
    box.classList.add("sotay-upcoming--ready")
  }

  function markTimeline(timeline, today) {
    var start = timeline.getAttribute("data-start")
    var end = timeline.getAttribute("data-end")
    var span = Math.max(daysUntil(end, start), 1)
    Array.prototype.forEach.call(timeline.querySelectorAll(".sotay-timeline__row[data-end]"), function (row) {
      row.classList.toggle("sotay-past", row.getAttribute("data-end") < today)
    })
    var position = Math.min(Math.max(100 * daysUntil(today, start) / span, 0), 100)
    var where = today < start ? "before" : today > end ? "after" : "inside"
    Array.prototype.forEach.call(timeline.querySelectorAll(".sotay-timeline__today"), function (old) {
      old.parentNode.removeChild(old)
    })
    // Past the middle, a marker hangs from its right edge: its label never runs off the page.
    var end = position > 50
    Array.prototype.forEach.call(timeline.querySelectorAll(".sotay-timeline__track"), function (track) {
      var scale = track.classList.contains("sotay-timeline__scale")
      var label = where === "before" ? "← hôm nay" : where === "after" ? "hôm nay →" : "hôm nay"
      var mark = append(track, "span", scale ? label + " " + vnDate(today).slice(0, 5) : "",
                        "sotay-timeline__today sotay-timeline__today--" + where)
      if (end) mark.classList.add("sotay-timeline__today--end")
      mark.style[end ? "right" : "left"] = (end ? 100 - position : position).toFixed(1) + "%"
      mark.setAttribute("data-position", position.toFixed(1))
    })
  }

  function mark() {
    var today = isoDay(new Date())
    markTables(today)
    Array.prototype.forEach.call(document.querySelectorAll("[data-sotay-next]"), function (box) {
      writeNext(box, today)
    })
    Array.prototype.forEach.call(document.querySelectorAll(".sotay-timeline[data-start]"), function (line) {
      markTimeline(line, today)
    })
  }

  // Material's document$ fires on every page view (also with instant loading).
  if (window.document$ && typeof window.document$.subscribe === "function")
    window.document$.subscribe(mark)
  else if (document.readyState === "loading")
    document.addEventListener("DOMContentLoaded", mark)
  else
    mark()
})()
