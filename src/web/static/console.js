/*
 * iuran-ledger console: small enhancements over server-rendered pages. Every page works without this
 * file; it draws charts from the JSON block beside each canvas, moves the focus to an error summary, and
 * shows upload progress. No inline script exists anywhere, so the Content-Security-Policy stays
 * `script-src 'self'`.
 */
(function () {
  'use strict';

  var COLOURS = ['#1f5f8b', '#d27d00', '#2e7d5b', '#7a4f9a'];

  /* Whole rupiah strings grouped with dots, exactly as the server prints them, without a float. */
  function rupiah(text) {
    var negative = text.charAt(0) === '-';
    var digits = negative ? text.slice(1) : text;
    return (negative ? '-' : '') + 'Rp ' + digits.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  }

  /* Axis labels only: a rough size is enough there, the exact figures are in the table and tooltips. */
  function compact(value) {
    var id = document.documentElement.lang !== 'en';
    var steps = id
      ? [
          [1e12, ' T'],
          [1e9, ' M'],
          [1e6, ' jt'],
          [1e3, ' rb'],
        ]
      : [
          [1e12, ' tn'],
          [1e9, ' bn'],
          [1e6, ' m'],
          [1e3, ' k'],
        ];
    for (var i = 0; i < steps.length; i++) {
      if (Math.abs(value) >= steps[i][0]) {
        var n = value / steps[i][0];
        return 'Rp ' + String(Math.round(n * 10) / 10).replace('.', id ? ',' : '.') + steps[i][1];
      }
    }
    return 'Rp ' + value;
  }

  /* A percentage string (`41.25`) with the page's decimal mark. */
  function percent(text) {
    return String(text).replace('.', document.documentElement.lang !== 'en' ? ',' : '.') + '%';
  }

  function drawCharts(root) {
    if (typeof window.Chart === 'undefined') return;
    var style = getComputedStyle(document.body);
    window.Chart.defaults.font.family = style.fontFamily;
    window.Chart.defaults.font.size = 14;
    window.Chart.defaults.color = style.color;
    root.querySelectorAll('script[type="application/json"][data-chart-for]').forEach(function (block) {
      var canvas = document.getElementById(block.getAttribute('data-chart-for'));
      if (!canvas || canvas.getAttribute('data-drawn')) return;
      var data = JSON.parse(block.textContent);
      var exact = data.unit === 'percent' ? percent : rupiah;
      canvas.setAttribute('data-drawn', 'true');
      new window.Chart(canvas, {
        type: data.kind,
        data: {
          labels: data.labels,
          datasets: data.series.map(function (s, i) {
            return {
              label: s.label,
              data: s.values.map(Number),
              backgroundColor: COLOURS[i % COLOURS.length],
            };
          }),
        },
        options: {
          animation: false,
          maintainAspectRatio: false,
          plugins: {
            legend: { position: 'bottom' },
            tooltip: {
              callbacks: {
                label: function (item) {
                  return (
                    item.dataset.label + ': ' + exact(data.series[item.datasetIndex].values[item.dataIndex])
                  );
                },
              },
            },
          },
          scales: {
            y: { beginAtZero: true, ticks: { callback: data.unit === 'percent' ? percent : compact } },
          },
        },
      });
    });
  }

  function focusErrorSummary(root) {
    var summary = root.querySelector('[data-focus-on-load]');
    if (summary) summary.focus();
  }

  function enhance(root) {
    drawCharts(root);
    focusErrorSummary(root);
  }

  /* A form sent by htmx with a <progress data-upload-progress> inside shows how much has been sent. */
  document.addEventListener('htmx:xhr:progress', function (event) {
    var bar = event.target.querySelector && event.target.querySelector('progress[data-upload-progress]');
    if (bar && event.detail.lengthComputable) {
      bar.value = Math.round((event.detail.loaded / event.detail.total) * 100);
    }
  });

  /* An upload form's refusal is a page with its reasons (a 4xx): shown in place, as a success would be. */
  document.addEventListener('htmx:beforeSwap', function (event) {
    var status = event.detail.xhr.status;
    var form = event.detail.requestConfig.elt;
    if (status >= 400 && status < 500 && form.hasAttribute('data-upload-form')) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  if (window.htmx) window.htmx.onLoad(enhance);
  else
    document.addEventListener('DOMContentLoaded', function () {
      enhance(document);
    });
})();
