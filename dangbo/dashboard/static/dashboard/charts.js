// Charts of the dashboard (dashboard/page.html). The figures come from the json_script element
// #dashboard-charts (CSP forbids inline scripts); Chart.js is vendored. Each chart's "PNG"
// button saves its canvas as an image; the child-unit picker opens the chosen unit at once.
(function () {
  "use strict";
  var PALETTE = ["#b3101f", "#264653", "#f0a202", "#2a9d8f", "#6a4c93"];
  var numbers = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 1 });
  var charts = {};

  function datasets(chart) {
    return chart.series.map(function (series, i) {
      var colour = PALETTE[i % PALETTE.length];
      var line = chart.kind === "line";
      return {
        label: series.label,
        data: series.values,
        borderColor: colour,
        backgroundColor: line ? colour : colour + "cc",
        borderDash: series.dashed ? [6, 4] : [],
        pointRadius: series.dashed ? 0 : 3,
        borderWidth: 2,
        spanGaps: true,
        tension: 0.15
      };
    });
  }

  function options(chart) {
    var percent = chart.unit === "%";
    return {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      locale: "vi-VN",
      plugins: {
        legend: { position: "bottom", labels: { boxWidth: 12 } },
        tooltip: {
          callbacks: {
            label: function (item) {
              if (item.raw === null) return " " + item.dataset.label + ": —";
              var unit = percent ? "%" : " " + chart.unit;
              return " " + item.dataset.label + ": " + numbers.format(item.raw) + unit;
            }
          }
        }
      },
      scales: {
        y: {
          beginAtZero: true,
          suggestedMax: percent ? 100 : undefined,
          ticks: { callback: function (value) { return numbers.format(value); } }
        },
        x: { ticks: { autoSkip: true, maxRotation: 40, minRotation: 0 } }
      }
    };
  }

  // A white background under the chart, so the saved PNG is not transparent.
  var whiteBackground = {
    id: "whiteBackground",
    beforeDraw: function (chart) {
      var ctx = chart.canvas.getContext("2d");
      ctx.save();
      ctx.globalCompositeOperation = "destination-over";
      ctx.fillStyle = "#ffffff";
      ctx.fillRect(0, 0, chart.width, chart.height);
      ctx.restore();
    }
  };

  function draw() {
    var source = document.getElementById("dashboard-charts");
    if (!source || typeof window.Chart === "undefined") return;
    JSON.parse(source.textContent).forEach(function (chart) {
      var canvas = document.getElementById(chart.id);
      if (!canvas) return;
      charts[chart.id] = new window.Chart(canvas, {
        type: chart.kind,
        data: { labels: chart.labels, datasets: datasets(chart) },
        options: options(chart),
        plugins: [whiteBackground]
      });
      canvas.dataset.drawn = "1";
    });
  }

  function slug(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D")
      .toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
  }

  function savePng(event) {
    var button = event.currentTarget;
    var chart = charts[button.dataset.chart];
    if (!chart) return;
    var link = document.createElement("a");
    var title = button.closest("figure").querySelector("figcaption span").textContent;
    var day = (document.querySelector(".as-of") || {}).textContent || "";
    link.href = chart.toBase64Image("image/png", 1);
    link.download = slug(title + " " + day.split("/").reverse().join("-")) + ".png";
    document.body.appendChild(link);
    link.click();
    link.remove();
  }

  function init() {
    draw();
    document.querySelectorAll(".png-button").forEach(function (button) {
      button.addEventListener("click", savePng);
    });
    var picker = document.getElementById("child-unit");
    if (picker) {
      picker.addEventListener("change", function () { picker.form.submit(); });
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
