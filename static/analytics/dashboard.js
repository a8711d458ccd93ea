// The programme dashboard's charts (Chart.js from static/vendor), drawn from the same figures as
// the tables beside them (the JSON block "dashboard-charts"). Labels arrive in the reader's
// language; numbers are grouped by the page's language; right to left in Arabic.
(function () {
  "use strict";
  const COLOURS = ["#2563eb", "#d97706", "#059669", "#7c3aed", "#dc2626"];

  function draw() {
    const source = document.getElementById("dashboard-charts");
    if (!source || typeof Chart === "undefined") return;
    const charts = JSON.parse(source.textContent);
    const rtl = document.documentElement.dir === "rtl";
    const locale = document.documentElement.lang || "en";
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      const data = charts[canvas.dataset.chart];
      if (!data) return;
      new Chart(canvas, {
        type: data.type,
        data: {
          labels: data.labels,
          datasets: data.series.map(function (series, index) {
            const colour = COLOURS[index % COLOURS.length];
            return {label: series.label, data: series.data, borderColor: colour,
                    backgroundColor: colour, tension: 0.2};
          }),
        },
        options: {
          locale: locale,
          animation: false,
          maintainAspectRatio: false,
          layout: {padding: {left: 16, right: 16}},
          plugins: {
            legend: {rtl: rtl, textDirection: rtl ? "rtl" : "ltr"},
            tooltip: {rtl: rtl, textDirection: rtl ? "rtl" : "ltr"},
          },
          scales: {
            x: {reverse: rtl},
            y: {beginAtZero: true, position: rtl ? "right" : "left", ticks: {precision: 0}},
          },
        },
      });
    });
  }

  document.addEventListener("DOMContentLoaded", draw);
})();
