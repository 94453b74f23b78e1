// Import pages: the progress bar's width comes from data-progress (the CSP refuses style
// attributes in markup, not widths set from a script file).
(function () {
  "use strict";
  function paint(root) {
    var bars = root.matches && root.matches("[data-progress]") ? [root] : [];
    root.querySelectorAll("[data-progress]").forEach(function (bar) { bars.push(bar); });
    bars.forEach(function (bar) { bar.style.width = Math.min(100, Number(bar.dataset.progress) || 0) + "%"; });
  }
  document.addEventListener("DOMContentLoaded", function () { paint(document); });
  document.addEventListener("htmx:load", function (event) { paint(event.detail.elt); });
})();
