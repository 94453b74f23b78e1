// The «bốn tốt» assessment page: as manual criteria are ticked, each content's badge shows
// whether it would pass (all its criteria, or at least data-minimum of them). The service
// measures and decides again when the form is saved.
(function () {
  "use strict";
  const PASS = '<span class="badge text-bg-success"><i class="bi bi-check-lg" aria-hidden="true"></i> Đạt</span>';
  const FAIL = '<span class="badge text-bg-danger"><i class="bi bi-x-lg" aria-hidden="true"></i> Chưa đạt</span>';

  function refresh(group) {
    const rows = group.querySelectorAll("tr.criterion-row");
    let passed = 0;
    rows.forEach(function (row) {
      const box = row.querySelector("input[type=checkbox]");
      if (box ? box.checked : row.dataset.passed === "1") passed += 1;
    });
    const minimum = parseInt(group.dataset.minimum || "0", 10);
    const need = minimum > 0 ? Math.min(minimum, rows.length) : rows.length;
    const badge = group.querySelector(".group-badge");
    if (badge) badge.innerHTML = rows.length > 0 && passed >= need ? PASS : FAIL;
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("fieldset.four-good-group").forEach(function (group) {
      group.addEventListener("change", function () { refresh(group); });
      refresh(group);
    });
  });
})();
