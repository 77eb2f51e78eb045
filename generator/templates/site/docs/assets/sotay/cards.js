/*
 * sotay: tables of three columns or more become stacked cards on phones.
 *
 * sotay's own deadline tables carry each cell's column name at build time
 * (`data-label`, `data-sotay-cards`), so they stack without scripts. Other
 * tables (written in Markdown, where a cell cannot carry an attribute) get
 * the same labels here, copied from their header row; sotay.css stacks every
 * `table[data-sotay-cards]` under 600 px. Without scripts those tables keep
 * scrolling sideways, as Material draws them.
 */
(function () {
  "use strict"

  function label(table) {
    var heads = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
      return th.textContent.trim()
    })
    if (heads.length < 3) return
    Array.prototype.forEach.call(table.querySelectorAll("tbody tr"), function (row) {
      Array.prototype.forEach.call(row.children, function (cell, column) {
        if (heads[column]) cell.setAttribute("data-label", heads[column])
      })
    })
    table.setAttribute("data-sotay-cards", "")
  }

  function labelAll() {
    Array.prototype.forEach.call(document.querySelectorAll(".md-typeset table:not([data-sotay-cards])"), label)
  }

  if (window.document$ && typeof window.document$.subscribe === "function")
    window.document$.subscribe(labelAll)
  else if (document.readyState === "loading")
    document.addEventListener("DOMContentLoaded", labelAll)
  else
    labelAll()
})()
