/*
 * iuran-ledger console: small enhancements over server-rendered pages. Every page works without this
 * file; it draws charts from the JSON block beside each canvas, moves the focus to an error summary, and
 * shows upload progress. No inline script exists anywhere, so the Content-Security-Policy stays
 * `script-src 'self'`.
 */
(function () {
  'use strict';

  var COLOURS = ['#1f5f8b', '#d27d00', '#2e7d5b', '#7a4f9a', '#b3261e', '#00838f', '#6d5c00', '#c2185b'];

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

  /* Percentages as the page prints them: one decimal, a comma in Indonesian. */
  function percent(value) {
    var text = (Math.round(Number(value) * 10) / 10).toFixed(1);
    return (document.documentElement.lang !== 'en' ? text.replace('.', ',') : text) + '%';
  }

  /* One series as a Chart.js dataset: bars filled, lines drawn (dashed after `dashedFrom`), gaps for null. */
  function dataset(data, s, i) {
    var colour = COLOURS[i % COLOURS.length];
    var line = (s.kind || data.kind) === 'line';
    var set = {
      type: s.kind || data.kind,
      label: s.label,
      data: s.values.map(function (v) {
        return v === null ? null : Number(v);
      }),
      backgroundColor: colour,
      borderColor: colour,
    };
    if (!line) set.maxBarThickness = 40;
    if (line) {
      set.fill = false;
      set.borderWidth = 3;
      set.pointRadius = 3;
      set.spanGaps = false;
      if (typeof data.dashedFrom === 'number') {
        set.segment = {
          borderDash: function (ctx) {
            return ctx.p0DataIndex >= data.dashedFrom ? [6, 5] : undefined;
          },
        };
      }
    }
    return set;
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
      var format = data.unit === 'percent' ? percent : rupiah;
      var valueAxis = data.horizontal ? 'x' : 'y';
      var scales = {};
      scales[valueAxis] = {
        beginAtZero: true,
        ticks: { callback: data.unit === 'percent' ? percent : compact },
      };
      canvas.setAttribute('data-drawn', 'true');
      new window.Chart(canvas, {
        type: data.kind,
        data: {
          labels: data.labels,
          datasets: data.series.map(function (s, i) {
            return dataset(data, s, i);
          }),
        },
        options: {
          animation: false,
          maintainAspectRatio: false,
          indexAxis: data.horizontal ? 'y' : 'x',
          plugins: {
            legend: { position: 'bottom' },
            tooltip: {
              callbacks: {
                label: function (item) {
                  var value = data.series[item.datasetIndex].values[item.dataIndex];
                  return item.dataset.label + ': ' + (value === null ? '–' : format(value));
                },
              },
            },
          },
          scales: scales,
        },
      });
    });
  }

  function focusErrorSummary(root) {
    var summary = root.querySelector('[data-focus-on-load]');
    if (summary) summary.focus();
  }

  /*
   * A button with data-copy-from copies the value of the field it names (a new user's token) and says so
   * in the status line beside it. It stays hidden where the clipboard cannot be written.
   */
  function enableCopyButtons(root) {
    if (!window.navigator.clipboard) return;
    root.querySelectorAll('button[data-copy-from]').forEach(function (button) {
      var field = document.getElementById(button.getAttribute('data-copy-from'));
      if (!field) return;
      var status = button.parentNode.parentNode.querySelector('[role="status"]');
      button.hidden = false;
      button.addEventListener('click', function () {
        window.navigator.clipboard.writeText(field.value).then(function () {
          if (status) status.textContent = button.getAttribute('data-copied-text');
        });
      });
    });
  }

  function enhance(root) {
    drawCharts(root);
    focusErrorSummary(root);
    enableCopyButtons(root);
  }

  /* A form sent by htmx with a <progress data-upload-progress> inside shows how much has been sent. */
  document.addEventListener('htmx:xhr:progress', function (event) {
    var bar = event.target.querySelector && event.target.querySelector('progress[data-upload-progress]');
    if (bar && event.detail.lengthComputable) {
      bar.value = Math.round((event.detail.loaded / event.detail.total) * 100);
    }
  });

  /*
   * A form marked data-swap-refusals shows the API's refusal (a 4xx page) in place as well, as a plain post
   * would; htmx leaves error answers unswapped otherwise.
   */
  document.addEventListener('htmx:beforeSwap', function (event) {
    var status = event.detail.xhr.status;
    var form = event.detail.requestConfig && event.detail.requestConfig.elt;
    if (status >= 400 && status < 500 && form && form.closest && form.closest('[data-swap-refusals]')) {
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
