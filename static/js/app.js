// Đảng bộ số: small behaviours, no inline scripts (CSP).
(function () {
  "use strict";
  // Ask before irreversible actions: <form data-confirm="…">.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form instanceof HTMLFormElement && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
    }
  });
  // Tree toggles: a button with data-tree-toggle swaps its icon when its children load or fold.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-tree-toggle]");
    if (!button) return;
    var target = document.getElementById(button.getAttribute("data-tree-toggle"));
    if (!target) return;
    if (target.dataset.loaded === "1") {
      event.preventDefault();
      event.stopImmediatePropagation();
      var hidden = target.classList.toggle("d-none");
      button.setAttribute("aria-expanded", hidden ? "false" : "true");
      button.querySelector("i").className = hidden ? "bi bi-plus-square" : "bi bi-dash-square";
    }
  }, true);
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    if (target && target.dataset && target.dataset.treeChildren !== undefined) {
      target.dataset.loaded = "1";
      target.classList.remove("d-none");
      var button = document.querySelector('[data-tree-toggle="' + target.id + '"]');
      if (button) {
        button.setAttribute("aria-expanded", "true");
        button.querySelector("i").className = "bi bi-dash-square";
      }
    }
  });
  // Forms with add-row lists (split): <button data-add-row="template-id" data-into="container-id">.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-add-row]");
    if (!button) return;
    var template = document.getElementById(button.dataset.addRow);
    var into = document.getElementById(button.dataset.into);
    if (template && into) into.appendChild(template.content.cloneNode(true));
  });
  // A link to a tab's pane (profile#pane-history, where the member forms send the user back)
  // opens that tab.
  document.addEventListener("DOMContentLoaded", function () {
    if (!location.hash || !window.bootstrap) return;
    var tab = document.querySelector('[data-bs-toggle="tab"][data-bs-target="' + CSS.escape(location.hash) + '"]');
    if (tab) window.bootstrap.Tab.getOrCreateInstance(tab).show();
  });
})();
