// Print pages: the "In" button opens the browser's print dialog (no inline script: CSP).
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  for (const button of document.querySelectorAll(".print-button")) {
    button.addEventListener("click", () => window.print());
  }
});
