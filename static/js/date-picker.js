// Day boxes (dd/mm/yyyy) with a calendar button: members/widgets/day_input.html.
// Typing always works; the button appears only where the browser can open its own calendar
// (input.showPicker), and writes the chosen day back as dd/mm/yyyy.
(function () {
  "use strict";
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function iso(d) { return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()); }
  function fromTyped(text) {
    var m = /^(\d{1,2})[\/.\-](\d{1,2})[\/.\-](\d{4})$/.exec(text.trim());
    return m ? m[3] + "-" + pad(+m[2]) + "-" + pad(+m[1]) : "";
  }
  function parts(button) {
    var root = button.closest(".day-input");
    return root && {
      text: root.querySelector("[data-day-input]"),
      native: root.querySelector(".day-input-native")
    };
  }
  function setUp(root) {
    root.querySelectorAll("[data-day-picker]").forEach(function (button) {
      var p = parts(button);
      if (p && p.native && typeof p.native.showPicker === "function") button.hidden = false;
    });
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-day-picker]");
    if (!button) return;
    var p = parts(button);
    if (!p) return;
    p.native.max = iso(new Date()); // every day these forms take is today or earlier
    p.native.value = fromTyped(p.text.value);
    try { p.native.showPicker(); } catch (e) { p.text.focus(); }
  });
  document.addEventListener("change", function (event) {
    var native = event.target;
    if (!(native instanceof HTMLInputElement) || !native.classList.contains("day-input-native")) return;
    var ymd = native.value.split("-");
    if (ymd.length !== 3) return;
    var text = native.closest(".day-input").querySelector("[data-day-input]");
    text.value = ymd[2] + "/" + ymd[1] + "/" + ymd[0];
    text.dispatchEvent(new Event("change", { bubbles: true }));
  });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { setUp(document); });
  } else {
    setUp(document);
  }
  document.addEventListener("htmx:afterSwap", function (event) { setUp(event.detail.target); });
})();
