// The fill-in page of a reporting form: shows the value each row's figures give as they are
// typed (numerator / denominator, × 100 for a rate), written the Vietnamese way (87,5).
// The server checks and computes again; this is only a help while typing.
(function () {
  "use strict";

  function parse(text) {
    var s = (text || "").trim();
    if (!s) return null;
    if (s.indexOf(",") >= 0) s = s.replace(/\./g, "").replace(",", ".");
    else if (/^\d{1,3}(\.\d{3})+$/.test(s)) s = s.replace(/\./g, "");
    if (!/^-?\d+(\.\d+)?$/.test(s)) return null;
    return parseFloat(s);
  }

  function show(x) {
    var rounded = Math.round(x * 100) / 100;
    return rounded.toLocaleString("vi-VN", { maximumFractionDigits: 2 });
  }

  // As core.formats.format_quantity writes it on the server: "96,3%", "12 đảng viên".
  function withUnit(x, unit) {
    return unit.trim() === "%" ? show(x) + "%" : (show(x) + " " + unit).trim();
  }

  function update(row) {
    var out = row.querySelector(".live-value");
    var num = parse((row.querySelector(".numerator") || {}).value);
    var denInput = row.querySelector(".denominator");
    var unit = row.dataset.unit || "";
    var text = "—";
    if (num !== null) {
      if (!denInput) {
        text = withUnit(num, unit);
      } else {
        var den = parse(denInput.value);
        if (den) {
          var value = num / den;
          if (row.dataset.rate) value *= 100;
          text = withUnit(value, unit);
        }
      }
    }
    out.textContent = text;
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".submission-fill .indicator-row").forEach(function (row) {
      row.addEventListener("input", function () { update(row); });
      update(row); // figures sent back with an error show their value too
    });
  });
})();
