// The series chart of an indicator's page (indicators/detail.html). The numbers come from the
// json_script element #indicator-series-data (CSP forbids inline scripts); Chart.js is vendored.
(function () {
  "use strict";
  var numbers = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 2 });

  function draw() {
    var source = document.getElementById("indicator-series-data");
    var canvas = document.getElementById("indicator-series");
    if (!source || !canvas || typeof window.Chart === "undefined") return;
    var chart = JSON.parse(source.textContent);
    new window.Chart(canvas, {
      type: "line",
      data: {
        labels: chart.labels,
        datasets: [{
          label: chart.title,
          data: chart.values,
          borderColor: "#b3101f",
          backgroundColor: "#b3101f",
          spanGaps: true,
          tension: 0.2
        }]
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        locale: "vi-VN",
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: {
              label: function (item) { return " " + numbers.format(item.raw); }
            }
          }
        },
        scales: { y: { beginAtZero: true }, x: { ticks: { maxRotation: 40 } } }
      }
    });
    canvas.dataset.drawn = "1";
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
