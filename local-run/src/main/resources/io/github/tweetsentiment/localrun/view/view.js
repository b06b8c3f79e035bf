// The local run's page: renders a ViewState (see ViewState.java) live from GET api/state, or once
// from the JSON inlined in report.html. Every text from the run (tweets, queries, errors, payloads)
// goes into the page with textContent, never as HTML.
(function () {
  'use strict';

  const LABELS = ['negative', 'neutral', 'positive'];
  const COLORS = { negative: [214, 69, 69], neutral: [154, 163, 173], positive: [47, 158, 91] };
  const POLL_MILLIS = 1000;
  const charts = new Map(); // query -> Chart

  function byId(id) {
    return document.getElementById(id);
  }

  function element(tag, className, text) {
    const e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function integer(n) {
    return Number(n || 0).toLocaleString('en-US');
  }

  function rgba(label, alpha) {
    const c = COLORS[label];
    return 'rgba(' + c[0] + ',' + c[1] + ',' + c[2] + ',' + alpha + ')';
  }

  /** "2026-11-24T18:05:00.000Z" -> "18:05" (UTC, as the windows are). */
  function minute(timestamp) {
    return String(timestamp).substring(11, 16);
  }

  function renderJob(job) {
    const status = byId('status');
    status.textContent = job.status;
    status.dataset.status = job.status;
    byId('model').textContent = job.model + (job.modelVersion ? ' (' + job.modelVersion + ')' : '');
    byId('input').textContent = job.input;
    byId('output').textContent = job.output;
    byId('elapsed').textContent = Number(job.elapsedSeconds).toFixed(1) + ' s';
    const error = byId('error');
    error.hidden = !job.error;
    error.textContent = job.error ? 'The run failed: ' + job.error : '';
  }

  function renderTotals(t, running) {
    const items = [
      ['read', 'messages read', t.read],
      ['parsed', 'tweets parsed', t.parsed],
      ['duplicates', 'duplicates dropped', t.duplicates],
      ['filtered', 'filtered out', t.filtered],
      ['scored', 'tweets scored', t.scored],
      ['negative', 'negative', t.negative, 'negative'],
      ['neutral', 'neutral', t.neutral, 'neutral'],
      ['positive', 'positive', t.positive, 'positive'],
      ['deadLetters', 'dead letters', t.deadLetters],
    ];
    Object.keys(t.deadLettersByStage || {}).forEach(function (stage) {
      items.push(['deadLetters.' + stage, 'dead letters: ' + stage, t.deadLettersByStage[stage]]);
    });
    items.push(['inferenceFailures', 'inference failures', t.inferenceFailures]);
    // Scored but not counted in a window: while the run goes on, most are only on their way.
    items.push(['tooLateForWindows', running ? 'not (yet) in a window' : 'too late for windows',
      t.tooLateForWindows]);
    items.push(['windowRows', 'window rows written', t.windowRows]);
    const box = byId('totals');
    box.replaceChildren();
    items.forEach(function (item) {
      const card = element('div', 'total' + (item[3] ? ' ' + item[3] : ''));
      card.dataset.total = item[0];
      card.append(element('div', 'value', integer(item[2])), element('div', 'name', item[1]));
      box.append(card);
    });
    const rate = element('div', 'total');
    rate.dataset.total = 'tweetsPerSecond';
    rate.append(
      element('div', 'value', Number(t.tweetsPerSecond).toFixed(1)),
      element('div', 'name', 'tweets scored per s (now ' + Number(t.tweetsPerSecondNow).toFixed(1) + ')'));
    box.append(rate);
  }

  function paneName(point) {
    const timing = { EARLY: 'early', ON_TIME: 'on time', LATE: 'late' }[point.paneTiming] || point.paneTiming;
    return timing + ' pane #' + point.paneIndex + (point.isFinal ? ', final' : '');
  }

  function datasets(points) {
    const sets = LABELS.map(function (label) {
      return {
        type: 'bar',
        label: label,
        stack: 'share',
        yAxisID: 'y',
        data: points.map(function (p) {
          return p && p.tweets > 0 ? (100 * p[label]) / p.tweets : null;
        }),
        backgroundColor: points.map(function (p) {
          return rgba(label, p && p.paneTiming === 'EARLY' ? 0.35 : 0.9);
        }),
        borderColor: points.map(function (p) {
          return p && p.paneTiming === 'LATE' ? '#111' : 'rgba(0,0,0,0)';
        }),
        borderWidth: points.map(function (p) {
          return p && p.paneTiming === 'LATE' ? 2 : 0;
        }),
      };
    });
    sets.push({
      type: 'line',
      label: 'tweets',
      yAxisID: 'y2',
      data: points.map(function (p) {
        return p ? p.tweets : null;
      }),
      borderColor: '#39424d',
      backgroundColor: '#39424d',
      borderWidth: 1.5,
      pointRadius: 2,
      spanGaps: true,
    });
    return sets;
  }

  // The estimated true shares (corrected for the model's errors) and their 95 % intervals, as
  // whiskers on each bar: negative measured from the bottom, positive from the top, where their
  // bars' segments are. A move inside a whisker is what the window's size explains.
  const WHISKERS = [
    { label: 'negative', at: function (v) { return 100 * v; } },
    { label: 'positive', at: function (v) { return 100 - 100 * v; } },
  ];

  const estimateWhiskers = {
    id: 'estimateWhiskers',
    afterDatasetsDraw: function (chart) {
      const drawn = [];
      const bars = chart.getDatasetMeta(0).data;
      const y = chart.scales.y;
      const ctx = chart.ctx;
      ctx.save();
      ctx.lineWidth = 1.5;
      (chart.$points || []).forEach(function (p, i) {
        if (!p || !p.estimated || !bars[i]) return;
        const x = bars[i].x;
        const half = Math.max(3, bars[i].width / 4);
        WHISKERS.forEach(function (w) {
          const e = p.estimated[w.label];
          const mid = y.getPixelForValue(w.at(e.share));
          ctx.strokeStyle = '#111';
          ctx.beginPath();
          ctx.moveTo(x, y.getPixelForValue(w.at(e.low)));
          ctx.lineTo(x, y.getPixelForValue(w.at(e.high)));
          ctx.moveTo(x - half, mid);
          ctx.lineTo(x + half, mid);
          ctx.stroke();
          drawn.push({ index: i, label: w.label, share: 100 * e.share, low: 100 * e.low, high: 100 * e.high });
        });
      });
      ctx.restore();
      chart.$whiskers = drawn;
    },
  };

  function percent(v) {
    return (100 * v).toFixed(0) + '%';
  }

  function newChart(canvas, labels, points) {
    return new Chart(canvas, {
      plugins: [estimateWhiskers],
      data: { labels: labels, datasets: datasets(points) },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        interaction: { mode: 'index', intersect: false },
        scales: {
          x: { stacked: true, title: { display: true, text: 'window start (UTC)' } },
          y: {
            stacked: true,
            min: 0,
            max: 100,
            ticks: { callback: function (v) { return v + '%'; } },
          },
          y2: {
            position: 'right',
            beginAtZero: true,
            grid: { drawOnChartArea: false },
            title: { display: true, text: 'tweets' },
            ticks: { precision: 0 },
          },
        },
        plugins: {
          legend: { labels: { boxWidth: 12 } },
          tooltip: {
            callbacks: {
              label: function (ctx) {
                const p = ctx.chart.$points[ctx.dataIndex];
                if (!p) return '';
                if (ctx.dataset.type === 'line') return 'tweets: ' + p.tweets;
                const label = ctx.dataset.label;
                const e = p.estimated ? p.estimated[label] : null;
                return label + ': ' + p[label] + ' (' + ctx.parsed.y.toFixed(0) + '%)' +
                  (e ? ', estimated ' + percent(e.share) + ' (95%: ' + percent(e.low) + '–' + percent(e.high) + ')' : '');
              },
              footer: function (items) {
                const p = items.length ? items[0].chart.$points[items[0].dataIndex] : null;
                return p ? paneName(p) + ', polarity ' + p.meanPolarity.toFixed(2) : '';
              },
            },
          },
        },
      },
    });
  }

  function renderQueries(queries) {
    byId('no-windows').hidden = queries.length > 0;
    const starts = Array.from(
      new Set([].concat.apply([], queries.map(function (q) {
        return q.windows.map(function (w) { return w.windowStart; });
      })))).sort();
    const labels = starts.map(minute);
    const box = byId('queries');
    queries.forEach(function (q) {
      const byStart = new Map(q.windows.map(function (w) { return [w.windowStart, w]; }));
      const points = starts.map(function (s) { return byStart.get(s) || null; });
      let chart = charts.get(q.query);
      if (!chart) {
        const section = element('section', 'query');
        section.dataset.query = q.query;
        const canvasBox = element('div', 'chart');
        const canvas = element('canvas');
        canvasBox.append(canvas);
        section.append(element('h3', null, q.query), element('div', 'meta'), canvasBox);
        box.append(section);
        chart = newChart(canvas, labels, points);
        charts.set(q.query, chart);
      } else {
        chart.data.labels = labels;
        const fresh = datasets(points);
        chart.data.datasets.forEach(function (set, i) {
          Object.assign(set, fresh[i]);
        });
      }
      chart.$points = points;
      chart.$query = q.query;
      chart.update('none');
      const tweets = q.windows.reduce(function (n, w) { return n + w.tweets; }, 0);
      const panes = { EARLY: 0, ON_TIME: 0, LATE: 0 };
      q.windows.forEach(function (w) { panes[w.paneTiming] = (panes[w.paneTiming] || 0) + 1; });
      chart.canvas.closest('section').querySelector('.meta').textContent =
        integer(tweets) + ' tweets in ' + q.windows.length + ' windows; latest panes: ' +
        panes.ON_TIME + ' on time, ' + panes.EARLY + ' early, ' + panes.LATE + ' late';
    });
    // In the state's order (by query), wherever a query's first tweets came in.
    const order = queries.map(function (q) { return charts.get(q.query).canvas.closest('section'); });
    if (order.some(function (section, i) { return box.children[i] !== section; })) {
      box.append.apply(box, order);
    }
  }

  function renderTweets(tweets) {
    const body = byId('tweets').querySelector('tbody');
    body.replaceChildren();
    byId('no-tweets').hidden = tweets.length > 0;
    tweets.forEach(function (t) {
      const row = element('tr');
      const p = t.probabilities || {};
      row.append(
        element('td', null, String(t.createdAt).substring(11, 19)),
        element('td', null, t.query),
        element('td', null, t.author),
        element('td', 'text', t.text),
        element('td', 'label ' + t.label, t.label),
        element('td', 'probabilities', LABELS.map(function (l) {
          return l in p ? p[l].toFixed(2) : '–';
        }).join(' / ')));
      body.append(row);
    });
  }

  /** "io.github.tweetsentiment.core.TweetFormatException" -> "TweetFormatException". */
  function shortName(type) {
    return type ? String(type).split('.').pop() : type;
  }

  function renderDeadLetters(letters) {
    const body = byId('dead-letters').querySelector('tbody');
    body.replaceChildren();
    byId('no-dead-letters').hidden = letters.length > 0;
    letters.forEach(function (d) {
      const row = element('tr');
      row.append(
        element('td', null, String(d.failedAt).substring(11, 19)),
        element('td', null, d.stage),
        element('td', 'text', [shortName(d.errorType), d.errorMessage].filter(Boolean).join(': ')),
        element('td', 'payload', d.payload));
      body.append(row);
    });
  }

  function render(state) {
    renderJob(state.job);
    renderTotals(state.totals, state.job.status === 'running');
    renderQueries(state.queries);
    renderTweets(state.latestTweets);
    renderDeadLetters(state.latestDeadLetters);
    if (!state.windowsShown) {
      notice('The output goes to BigQuery: windows and tweets are there (sentiment_windows_latest).');
    }
    document.body.dataset.renders = String(Number(document.body.dataset.renders || 0) + 1);
  }

  function notice(text) {
    const n = byId('notice');
    n.hidden = false;
    n.textContent = text;
  }

  function live() {
    let last = null;
    function poll() {
      fetch('api/state', { cache: 'no-store' })
        .then(function (response) {
          if (!response.ok) throw new Error('HTTP ' + response.status);
          return response.json();
        })
        .then(function (state) {
          last = state;
          render(state);
          if (state.job.status === 'running') {
            setTimeout(poll, POLL_MILLIS);
          } else if (state.job.report) {
            notice('The run is over. Its report, to open any time: ' + state.job.report);
          }
        })
        .catch(function () {
          if (last) notice('The local run stopped serving this page; it shows the last state read.');
          setTimeout(poll, POLL_MILLIS * 3);
        });
    }
    poll();
  }

  document.addEventListener('DOMContentLoaded', function () {
    const inline = byId('run-data');
    if (inline) {
      byId('mode').textContent = 'local run, report';
      render(JSON.parse(inline.textContent));
    } else {
      live();
    }
  });
})();
