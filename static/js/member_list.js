// The roll (danh sách đảng viên): ticking rows for the bulk actions, and the column picker.
// Without this file the page still works: the server refuses an empty selection with a message.
(function () {
  "use strict";

  function setUpSelection(form) {
    var all = form.querySelector("[data-select-all]");
    var rows = Array.prototype.slice.call(form.querySelectorAll("[data-row-select]"));
    var counter = form.querySelector("[data-selected-count]");
    var actions = form.querySelectorAll("[data-needs-selection]");
    var hint = counter ? counter.textContent : "";

    function refresh() {
      var ticked = rows.filter(function (box) { return box.checked; }).length;
      if (all) {
        all.checked = rows.length > 0 && ticked === rows.length;
        all.indeterminate = ticked > 0 && ticked < rows.length;
      }
      if (counter) {
        counter.textContent = ticked ? "Đã chọn " + ticked + " đảng viên" : hint;
      }
      Array.prototype.forEach.call(actions, function (button) {
        button.disabled = ticked === 0;
      });
    }

    if (all) {
      all.disabled = rows.length === 0;
      all.addEventListener("change", function () {
        rows.forEach(function (box) { box.checked = all.checked; });
        refresh();
      });
    }
    rows.forEach(function (box) { box.addEventListener("change", refresh); });
    // The browser may restore ticks on "back": count what is really ticked.
    window.addEventListener("pageshow", refresh);
    refresh();
  }

  function setUpColumnPicker(form) {
    var boxes = form.querySelectorAll("input[name='col']");
    var apply = form.querySelector("[data-apply-columns]");
    var initial = Array.prototype.map.call(boxes, function (box) { return box.checked; });

    // "Áp dụng" matters only once something changed: until then it stays quiet.
    function refresh() {
      var changed = Array.prototype.some.call(boxes, function (box, i) {
        return box.checked !== initial[i];
      });
      if (apply) apply.disabled = !changed;
    }

    Array.prototype.forEach.call(boxes, function (box) { box.addEventListener("change", refresh); });
    refresh();
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("[data-bulk-form]"), setUpSelection);
    Array.prototype.forEach.call(document.querySelectorAll("[data-column-picker]"), setUpColumnPicker);
  });
})();
