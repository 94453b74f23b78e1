// The secretary's evaluation grid (evaluations/grid.html): shows, as the secretary types, the
// rating the year's rules give each line and whether the HTXSNV quota is exceeded, and moves
// between lines with ↑ ↓ and Enter, between columns with ← → at the edge of a box. Maternity
// leave is never sick leave; sick and maternity days together may not exceed the year. The
// server checks everything again when the grid is saved.
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
    for (const row of form.querySelectorAll("tr.grid-line")) {
      const sick = row.querySelector('[data-field="sick"]');
      const maternity = row.querySelector('[data-field="maternity"]');
      const sickDays = number(sick);
      const maternityDays = number(maternity);
      const bad = (value) => value !== null && (Number.isNaN(value) || value < 0 || value > rules.yearDays || !Number.isInteger(value));
      const tooMany = (sickDays || 0) + (maternityDays || 0) > rules.yearDays;
      if (sick) sick.classList.toggle("is-invalid", bad(sickDays) || tooMany);
      if (maternity) {
        maternity.classList.toggle("is-invalid", bad(maternityDays) || tooMany);
        maternity.title = tooMany ? `Nghỉ ốm và nghỉ thai sản cộng lại không quá ${rules.yearDays} ngày.` : "";
      }
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

  const FIELDS = "input:not([type=hidden]), select";

  function atEdge(target, key) {
    // A text box gives ← → to its caret until the caret is at its start or end.
    if (target.tagName !== "INPUT" || target.type === "checkbox") return true;
    const { selectionStart: start, selectionEnd: end, value } = target;
    if (start === null || start !== end) return false;
    return key === "ArrowLeft" ? start === 0 : end === value.length;
  }

  function moveAcross(target, key) {
    const row = target.closest("tr.grid-line");
    const fields = Array.from(row.querySelectorAll(FIELDS));
    const next = fields[fields.indexOf(target) + (key === "ArrowLeft" ? -1 : 1)];
    if (!next) return false;
    next.focus();
    if (next.select && next.type !== "checkbox") next.select();
    return true;
  }

  function move(event) {
    const target = event.target;
    if (!(target instanceof HTMLElement) || !target.closest("tr.grid-line")) return;
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if ((event.key === "ArrowLeft" || event.key === "ArrowRight") && atEdge(target, event.key)) {
      if (moveAcross(target, event.key)) event.preventDefault();
      return;
    }
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
    // A line whose box in this column is read only (a self score the member gave) is skipped.
    for (let at = rows.indexOf(row) + step; at >= 0 && at < rows.length; at += step) {
      const cell = rows[at].children[column];
      const field = cell && cell.querySelector(FIELDS);
      if (field) {
        field.focus();
        return;
      }
    }
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
