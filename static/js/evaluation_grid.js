// The secretary's evaluation grid (evaluations/grid.html): shows, as the secretary types, the
// rating the year's rules give each line and whether the HTXSNV quota is exceeded, and moves
// between lines with ↑ ↓ and Enter. The server checks everything again when the grid is saved.
(function () {
  "use strict";
  const RANK = { kht: 0, ht: 1, htt: 2, htxs: 3 };
  const BY_RANK = ["kht", "ht", "htt", "htxs"];

  function number(input) {
    if (!input) return null;
    const text = input.value.trim().replace(/\./g, "").replace(",", ".");
    if (text === "") return null;
    const value = Number(text);
    return Number.isFinite(value) ? value : NaN;
  }

  function cap(rating, ceiling) {
    return RANK[rating] > RANK[ceiling] ? ceiling : rating;
  }

  function ruleRating(rules, scored, row) {
    const field = (name) => row.querySelector(`[data-field="${name}"]`);
    const done = number(field("done"));
    const sick = number(field("sick")) || 0;
    let rating;
    if (scored) {
      const score = number(field("score"));
      if (score === null || Number.isNaN(score)) return "";
      rating = "kht";
      for (const [lowest, band] of rules.bands) {
        if (score >= lowest) { rating = band; break; }
      }
      const onTime = field("ontime") ? field("ontime").checked : true;
      if (rating === "htxs" && rules.excellentMinExceeding !== null) {
        const exceeding = number(field("exceeding")) || 0;
        const doneAll = done === null || done >= 100;
        if (!(doneAll && onTime && exceeding >= rules.excellentMinExceeding)) {
          rating = doneAll && onTime ? "htt" : "ht";
        }
      }
      if (rules.goodNeedsOnTime && !onTime) rating = cap(rating, "ht");
    } else {
      rating = field("proposal").value;
      if (!rating) return "";
      if (rules.failedIfPoor && field("poor") && field("poor").checked) rating = "kht";
    }
    if (rules.sickCapDays !== null && sick >= rules.sickCapDays) rating = cap(rating, "ht");
    if (rules.failedBelowTasks !== null && done !== null && done < rules.failedBelowTasks) {
      rating = "kht";
    }
    return rating;
  }

  function excellentCap(goodOrBetter, rules) {
    const [num, den] = rules.share;
    if (rules.reading === "a") return Math.floor((goodOrBetter * num) / (num + den));
    return Math.floor((goodOrBetter * num) / den);
  }

  function refresh(form, rules) {
    const scored = form.dataset.scored === "1";
    let goodOrBetter = 0;
    const excellent = [];
    for (const row of form.querySelectorAll("tr.grid-line")) {
      const computed = ruleRating(rules, scored, row);
      const cell = row.querySelector(".rule-rating");
      if (cell) cell.textContent = computed ? rules.short[computed] : "";
      const proposal = row.querySelector('[data-field="proposal"]');
      const chosen = (scored && proposal && proposal.value) || computed;
      const above = computed && chosen && RANK[chosen] > RANK[computed];
      if (proposal) proposal.classList.toggle("is-invalid", Boolean(above));
      if (chosen === "htxs" || chosen === "htt") goodOrBetter += 1;
      if (chosen === "htxs") excellent.push(row);
    }
    const allowed = excellentCap(goodOrBetter, rules);
    const warning = document.querySelector(".quota-warning");
    const over = excellent.length > allowed;
    for (const row of form.querySelectorAll("tr.grid-line")) {
      const reason = row.querySelector('[data-field="reason"]');
      if (reason) {
        reason.classList.toggle("is-invalid", over && excellent.includes(row) && !reason.value.trim());
      }
    }
    if (warning) {
      warning.classList.toggle("d-none", !over);
      warning.textContent = over
        ? `${excellent.length} đảng viên HTXSNV, vượt tỷ lệ tối đa ${allowed} (trên ${goodOrBetter} đảng viên HTTNV trở lên). Hạ mức hoặc ghi lý do cho từng trường hợp.`
        : "";
    }
  }

  function move(event) {
    const target = event.target;
    if (!(target instanceof HTMLElement) || !target.closest("tr.grid-line")) return;
    const isSelect = target.tagName === "SELECT";
    let step = 0;
    if (event.key === "Enter") step = event.shiftKey ? -1 : 1;
    else if (!isSelect && event.key === "ArrowDown") step = 1;
    else if (!isSelect && event.key === "ArrowUp") step = -1;
    if (!step) return;
    event.preventDefault();
    const row = target.closest("tr.grid-line");
    const column = Array.from(row.children).indexOf(target.closest("td"));
    const rows = Array.from(document.querySelectorAll("tr.grid-line"));
    const next = rows[rows.indexOf(row) + step];
    const field = next && next.children[column] && next.children[column].querySelector("input:not([type=hidden]), select");
    if (field) field.focus();
  }

  document.addEventListener("DOMContentLoaded", function () {
    const form = document.querySelector("form.evaluation-grid");
    const data = document.getElementById("evaluation-rules");
    if (!form || !data) return;
    const rules = JSON.parse(data.textContent);
    form.addEventListener("keydown", move);
    if (form.dataset.mode !== "cell") return;
    form.addEventListener("input", () => refresh(form, rules));
    form.addEventListener("change", () => refresh(form, rules));
    refresh(form, rules);
  });
})();
