/*
 * sotay: mark the home page's deadlines as past or next by the reader's date.
 *
 * The built page is the same whatever day it was built (deterministic
 * output), but which deadlines are past depends on the day it is read, so the
 * browser decides: each row of a `.sotay-deadlines` table carries a
 * `<time datetime="YYYY-MM-DD">` cell; rows before today get `sotay-past`,
 * the first row due today or later gets `sotay-next` (see sotay.css).
 * Dates compare as ISO strings in the reader's local time zone.
 */
(function () {
  "use strict"

  function pad(n) {
    return (n < 10 ? "0" : "") + n
  }

  function today() {
    var now = new Date()
    return now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate())
  }

  function mark() {
    var day = today()
    var next = null
    var cells = document.querySelectorAll(".sotay-deadlines time[datetime]")
    Array.prototype.forEach.call(cells, function (cell) {
      var row = cell.closest("tr")
      if (!row)
        return
      var past = cell.getAttribute("datetime") < day
      row.classList.toggle("sotay-past", past)
      row.classList.remove("sotay-next")
      if (!past && next === null)
        next = row
    })
    if (next)
      next.classList.add("sotay-next")
  }

  // Material's document$ fires on every page view (also with instant loading).
  if (window.document$ && typeof window.document$.subscribe === "function")
    window.document$.subscribe(mark)
  else if (document.readyState === "loading")
    document.addEventListener("DOMContentLoaded", mark)
  else
    mark()
})()
