// Charts of the member statistics page (members/statistics.html). The numbers come from the
// json_script element #statistics-charts (CSP forbids inline scripts); Chart.js is vendored.
(function () {
  "use strict";
  var PALETTE = ["#b3101f", "#f0a202", "#2a9d8f", "#264653", "#e76f51", "#8d99ae", "#6a4c93", "#1982c4"];
  var numbers = new Intl.NumberFormat("vi-VN");

  function options(chart) {
    var round = chart.type === "doughnut";
    var result = {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      locale: "vi-VN",
      plugins: {
        legend: { display: round, position: "bottom", labels: { boxWidth: 12 } },
        tooltip: {
          callbacks: {
            label: function (item) { return " " + item.label + ": " + numbers.format(item.raw); }
          }
        }
      }
    };
    if (!round) {
      result.scales = {
        y: { beginAtZero: true, ticks: { precision: 0 } },
        x: { ticks: { autoSkip: false, maxRotation: 40, minRotation: 0 } }
      };
      // The first name, slanted, starts left of the axis ("Từ 10 đến dưới 20 năm" under
      // the first bar): room for it, or the canvas edge cuts it.
      result.layout = { padding: { left: 36 } };
    }
    return result;
  }

  function draw() {
    var source = document.getElementById("statistics-charts");
    if (!source || typeof window.Chart === "undefined") return;
    JSON.parse(source.textContent).forEach(function (chart) {
      var canvas = document.getElementById(chart.id);
      if (!canvas) return;
      var colours = chart.type === "doughnut" ? PALETTE.slice(0, chart.values.length) : PALETTE[0];
      new window.Chart(canvas, {
        type: chart.type,
        data: {
          labels: chart.labels,
          datasets: [{ label: chart.title, data: chart.values, backgroundColor: colours }]
        },
        options: options(chart)
      });
      canvas.dataset.drawn = "1";
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
