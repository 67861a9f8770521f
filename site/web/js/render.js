// Drawing a run's result on its tab: batch, stream, ETL and the
// comparison (event time is in renderTime.js).
import { h, clear, fmt, fmtMoney, fmtMs } from './dom.js';
import { bars, columns, funnel } from './charts.js';
import { pipeline } from './diagram.js';
import { delayChart, compareTables, sweepChart } from './compare.js';
import { sweepChart as timeSweepChart } from './eventtime.js';
import { engine, app } from './page.js';
import { showError } from './form.js';
import { metric, drawLog, drawOutputs } from './outputs.js';
import { renderTime, drawStreamQueue } from './renderTime.js';
import { keepTables, keepLink } from './print.js';

// render draws r on p's tab in three frames: first what a learner reads on
// arrival (the summary, the pipeline picture), then, once the browser has
// painted that, the charts, then the step log, the output tables and the
// exports. One frame with all of it is a long task at a million rows (the
// browser lays out thousands of new boxes at once); three are short. It
// resolves once the first is drawn, with rest, which resolves once the
// last is; the charts, the log and the tables of the run before are gone
// at once.
export async function render(p, r) {
  const s = app.sections[p];
  clear(s.summary);
  clear(s.charts);
  clear(s.log);
  clear(s.outputs);
  // Built now, laid out in the next frame.
  s.charts.hidden = true;
  if (p === 'batch') renderBatch(s, r);
  if (p === 'stream') await renderStream(s, r);
  if (p === 'etl') renderETL(s, r);
  if (p === 'compare') renderCompare(s, r);
  if (p === 'time') await renderTime(s, r);
  if (p === 'stream' || p === 'batch' || p === 'time') drawSweeps(p, r);
  app.overview.update(p, r);
  const rest = (async () => {
    await nextFrame();
    s.charts.hidden = false;
    await nextFrame();
    drawLog(p, r.steps || []);
    drawOutputs(s.outputs, r.tables, p);
    if (s.exporter) s.exporter.update();
    // Ready for the browser's own print (see print.js).
    keepTables(p, r);
    keepLink();
  })();
  return { rest };
}

// nextFrame resolves in the task after the browser's next frame (or in
// 100 ms: a tab in the background draws no frames).
function nextFrame() {
  return new Promise((resolve) => {
    requestAnimationFrame(() => setTimeout(resolve, 0));
    setTimeout(resolve, 100);
  });
}

function faultText(faults) {
  const parts = faults.filter((f) => f.count > 0).map((f) => `${fmt(f.count)} ${f.kind.replace('_', ' ')}`);
  return parts.length ? 'injected: ' + parts.join(', ') : 'no faults injected';
}

function renderBatch(s, r) {
  const interval = r.settings.interval;
  clear(s.diagram).append(
    pipeline(
      [
        { id: 'batch-source', title: 'Sales source', count: fmt(r.extracted), detail: faultText(r.faults), kind: 'source' },
        {
          id: 'batch-schedule',
          title: 'Scheduler',
          count: fmt(r.freshness.jobs) + ' run' + (r.freshness.jobs === 1 ? '' : 's'),
          detail: 'every ' + fmtMs(interval),
          kind: 'buffer',
        },
        { id: 'batch-extract', title: 'Extract', count: fmt(r.extracted), detail: 'all records at once' },
        { id: 'batch-transform', title: 'Transform', count: fmt(r.valid), detail: `revenue, metadata; ${fmt(r.filtered)} invalid filtered` },
        { id: 'batch-aggregate', title: 'Aggregate', count: `${r.byCategory.category.length} categories`, detail: 'count, sum, avg, min, max' },
        { id: 'batch-load', title: 'Load', count: fmt(r.valid), detail: 'batch_output.csv', kind: 'target' },
      ],
      { testid: 'pipeline-batch' },
    ),
  );
  s.summary.append(
    metric('records extracted', fmt(r.extracted), 'batch-extracted'),
    metric('loaded', fmt(r.valid), 'batch-valid'),
    metric(
      'filtered as invalid',
      fmt(r.filtered),
      'batch-filtered',
      r.filterReasons
        .filter((x) => x.count)
        .map((x) => `${x.count} ${x.reason}`)
        .join('; '),
    ),
    metric('total revenue', fmtMoney(r.totals.revenue), 'batch-revenue'),
    metric('average wait for data', fmtMs(r.freshness.avgMs), 'batch-avg-delay', `p95 ${fmtMs(r.freshness.p95Ms)}, max ${fmtMs(r.freshness.maxMs)}`),
    metric('job runs', fmt(r.freshness.jobs), 'batch-jobs'),
  );
  const b = r.freshness.bucketMs;
  s.charts.append(
    bars(r.byCategory.category, r.byCategory.revenue, { format: fmtMoney, title: 'Revenue by category', testid: 'chart-batch-category' }),
    columns(
      r.freshness.histogram.map((_, i) => fmtMs((i + 1) * b, { short: true })),
      r.freshness.histogram,
      {
        title: 'How long records waited for the job (freshness delay)',
        testid: 'chart-batch-freshness',
        note: `Each bar counts records whose wait was up to the time below it. A job every ${fmtMs(interval)} makes data wait ${fmtMs(r.freshness.avgMs)} on average: streaming cuts this to the flush time.`,
      },
    ),
  );
}

const allEqual = (xs) => xs.every((x) => Math.abs(x - xs[0]) < 1e-9);

// sameReason says why a stream's batches all look alike.
function sameReason(r) {
  const st = r.settings;
  if (r.triggers.size === r.batches)
    return `events arrive on a steady clock (${fmtMs(st.intervalMs)} apart, no jitter${st.outOfOrder ? '' : ', none late'}), so every batch fills to ${fmt(st.bufferSize)} in the same time, before the ${fmtMs(st.lingerMs)} linger. Add jitter, lower the linger, or pick the preset “All three flush triggers” to see them differ.`;
  if (r.triggers.time === r.batches) return `every batch is flushed by the linger after the same wait, on a steady clock. Add jitter to see them differ.`;
  return 'the arrivals are regular, so each batch sees the same pattern.';
}

async function renderStream(s, r) {
  const st = r.settings;
  clear(s.diagram).append(
    pipeline(
      [
        {
          id: 'stream-source',
          title: 'Event source',
          count: fmt(r.events),
          detail: `one every ${fmtMs(st.intervalMs)}${st.jitterMs ? ` ± ${fmtMs(st.jitterMs)}` : ''}`,
          kind: 'source',
        },
        {
          id: 'stream-buffer',
          title: 'Micro-batch buffer',
          count: `${fmt(r.batches)} flushes`,
          detail: `${st.bufferSize ? `size ${fmt(st.bufferSize)}` : 'no size trigger'} · ${st.lingerMs ? `linger ${fmtMs(st.lingerMs)}` : 'no time trigger'}`,
          kind: 'buffer',
        },
        { id: 'stream-process', title: 'Process', count: fmt(r.valid) + ' valid', detail: `${fmt(r.rejected)} rejected by the checks` },
        { id: 'stream-metrics', title: 'Running metrics', count: fmtMoney(r.revenue), detail: `avg latency ${fmtMs(r.latency.avgMs)}` },
        { id: 'stream-sink', title: 'Sink', count: fmt(r.events), detail: 'stream_events.csv', kind: 'target' },
      ],
      { testid: 'pipeline-stream' },
    ),
  );
  s.summary.append(
    metric('events', fmt(r.events), 'stream-events'),
    metric(
      'micro-batches',
      fmt(r.batches),
      'stream-batches',
      `${fmt(r.triggers.size)} by size · ${fmt(r.triggers.time)} by time · ${fmt(r.triggers.end)} at end`,
    ),
    metric('flushed by size', fmt(r.triggers.size), 'stream-size-flushes'),
    metric('flushed by time', fmt(r.triggers.time), 'stream-time-flushes'),
    metric('flushed at end of stream', fmt(r.triggers.end), 'stream-end-flushes'),
    metric('valid events', fmt(r.valid), 'stream-valid', `${fmt(r.rejected)} rejected`),
    metric('revenue', fmtMoney(r.revenue), 'stream-revenue'),
    metric(
      'average latency',
      fmtMs(r.latency.avgMs),
      'stream-avg-latency',
      `min ${fmtMs(r.latency.minMs)}, p95 ${fmtMs(r.latency.p95Ms)}, max ${fmtMs(r.latency.maxMs)}`,
    ),
  );
  const c = r.chart;
  const first = c.size.length < r.batches ? ` (the first ${c.size.length} of ${fmt(r.batches)})` : '';
  s.charts.append(
    columns(
      c.size.map((_, i) => String(i + 1)),
      c.size,
      {
        title: `Events per micro-batch${first}`,
        testid: 'chart-stream-sizes',
        highlight: c.trigger,
        note:
          'Colour shows why each batch flushed: green by size, blue by time, purple at the end of the stream.' +
          (allEqual(c.size) && c.size.length > 1 ? ` Every bar is the same: ${sameReason(r)}` : ''),
      },
    ),
    columns(
      c.size.map((_, i) => String(i + 1)),
      c.avgLatencyMs,
      {
        title: 'Average latency per micro-batch',
        testid: 'chart-stream-latency',
        format: fmtMs,
        highlight: c.trigger,
        note:
          `Latency is processing time minus event time: the first event of a batch waits longest. Average over all events: ${fmtMs(r.latency.avgMs)}.` +
          (allEqual(c.avgLatencyMs) && c.size.length > 1 ? ` Every bar is the same: ${sameReason(r)}` : ''),
      },
    ),
  );
  drawStreamQueue(s, r);
  try {
    const replay = await engine.replay({ limit: 20000 });
    app.replay.load(replay);
    if (r.events <= 200) app.replay.autoplay(!app.sections.stream.section.hidden);
    else app.replay.finish();
  } catch (err) {
    showError('stream', null, 'Replay unavailable: ' + err.message);
  }
}

// drawSweeps asks the engine how the run's delay and runs change with one
// setting — buffer size and linger for a stream, the job interval for a
// batch — and draws them with the current setting marked. Up to 200,000
// records it sweeps at once; above, on request.
const SWEEP_AUTO = 200000;
function drawSweeps(p, r) {
  const s = app.sections[p];
  const box = h('div', { class: 'sweeps', testid: 'sweeps-' + p });
  s.charts.append(box);
  app.sweepSeq[p] = (app.sweepSeq[p] || 0) + 1;
  const seq = app.sweepSeq[p];
  const st = r.settings;
  const go = async () => {
    clear(box).append(h('p', { class: 'hint' }, 'Sweeping…'));
    let res;
    try {
      res = await engine.sweep({ pattern: p, config: st });
    } catch (err) {
      if (seq === app.sweepSeq[p] && err.code !== 'cancelled') clear(box).append(h('p', { class: 'hint' }, 'Sweep unavailable: ' + err.message));
      return;
    }
    if (seq !== app.sweepSeq[p]) return;
    clear(box);
    if (p === 'time') {
      box.append(timeSweepChart(res));
    } else if (p === 'stream') {
      box.append(
        sweepChart(res.bySize, {
          title: `Latency and flushes against the buffer size (linger ${st.lingerMs ? fmtMs(st.lingerMs) : 'off'})`,
          xName: 'buffer size',
          xFmt: (x) => fmt(x),
          current: st.bufferSize,
          testid: 'sweep-size',
        }),
        sweepChart(res.byLinger, {
          title: `Latency and flushes against the linger (buffer ${st.bufferSize ? fmt(st.bufferSize) : 'off'})`,
          xName: 'linger',
          xFmt: (x) => (x ? fmtMs(x) : 'off'),
          current: st.lingerMs,
          testid: 'sweep-linger',
        }),
      );
    } else {
      box.append(
        sweepChart(res.byInterval, {
          title: 'Freshness and job runs against the job interval',
          xName: 'job interval',
          xFmt: fmtMs,
          current: st.interval,
          testid: 'sweep-interval',
          delayName: 'wait for data',
          runsName: 'job runs',
        }),
      );
    }
  };
  if (st.records > SWEEP_AUTO)
    box.append(
      h('button', { type: 'button', class: 'secondary', testid: 'sweep-' + p, onclick: go }, `Sweep the settings (${fmt(st.records)} records, many runs)`),
    );
  else if (s.section.hidden)
    app.sweepLater[p] = go; // swept when its tab is shown
  else go();
}

// windowText names the windows as the settings set them.
function renderCompare(s, r) {
  const st = r.settings;
  const sides = [
    { key: 'batch', name: 'batch', ...r.batch },
    { key: 'stream', name: 'streaming', ...r.stream },
  ];
  clear(s.diagram);
  s.summary.append(
    metric('events, sent both ways', fmt(r.events), 'compare-events'),
    metric('batch: 95 % downstream within', fmtMs(r.batch.delay.p95Ms), 'compare-batch-p95', `${fmt(r.batch.runs)} job runs`),
    metric('streaming: 95 % downstream within', fmtMs(r.stream.delay.p95Ms), 'compare-stream-p95', `${fmt(r.stream.runs)} flushes`),
    metric('streaming is fresher by', r.faster ? `${fmt(Math.round(r.faster))}×` : '—', 'compare-faster', 'p95 batch ÷ p95 streaming'),
    metric('totals', r.equal ? 'equal' : 'differ', 'compare-verdict'),
  );
  s.charts.append(delayChart(sides, { testid: 'compare-chart' }), compareTables(r, st));
}

function renderETL(s, r) {
  const q = r.quality;
  const std = r.steps.find((x) => x.name === 'standardize');
  const enr = r.steps.find((x) => x.name === 'enrich');
  clear(s.diagram).append(
    pipeline(
      [
        { id: 'etl-source', title: 'Extract', count: fmt(r.extracted), detail: faultText(r.faults), kind: 'source' },
        {
          id: 'etl-quality',
          title: 'Quality checks',
          count: `${fmt(r.valid)} pass`,
          detail: `${q.results.length} rule${q.results.length === 1 ? '' : 's'}`,
          kind: 'quality',
        },
        { id: 'etl-enrich', title: 'Enrich', count: fmt(r.valid), detail: enr?.notes.length ? enr.notes[0] : 'nothing added' },
        {
          id: 'etl-standardize',
          title: 'Standardize',
          count: fmt(r.valid),
          detail: std?.notes.length ? `${std.notes.length} fix${std.notes.length === 1 ? '' : 'es'}: ${std.notes[0]}` : 'already clean',
        },
        { id: 'etl-load', title: 'Load', count: fmt(r.valid), detail: 'etl_output.csv', kind: 'target' },
      ],
      {
        reject: { id: 'etl-reject', title: 'Quarantine', count: fmt(r.rejected), detail: 'etl_rejected.csv, with reasons', offset: 14 },
        testid: 'pipeline-etl',
      },
    ),
  );
  s.summary.append(
    metric('records extracted', fmt(r.extracted), 'etl-extracted'),
    metric('passed the gate', fmt(r.valid), 'etl-valid'),
    metric('rejected to quarantine', fmt(r.rejected), 'etl-rejected'),
    metric('kept with warnings', fmt(r.warned), 'etl-warned'),
  );
  const rows = q.results.map((res) => {
    const badge = h('span', { class: 'badge ' + res.status }, res.status);
    const samples = res.samples.length
      ? h(
          'details',
          { class: 'samples' },
          h('summary', {}, `${res.samples.length} sample${res.samples.length === 1 ? '' : 's'}`),
          h(
            'table',
            { class: 'mini' },
            h('thead', {}, h('tr', {}, h('th', {}, 'line'), h('th', {}, 'value'), h('th', {}, 'reason'))),
            h(
              'tbody',
              {},
              res.samples.map((x) => h('tr', {}, h('td', {}, String(x.line)), h('td', {}, x.value === '' ? '(null)' : x.value), h('td', {}, x.reason))),
            ),
          ),
        )
      : '';
    return h(
      'tr',
      { testid: 'rule-result', dataset: { status: res.status, failures: res.failures } },
      h(
        'td',
        {},
        h('code', {}, res.rule),
        res.dataset && res.observed ? h('div', { class: 'observed' }, res.observed) : null,
        res.message ? h('div', { class: 'observed' }, res.message) : null,
      ),
      h('td', {}, badge, res.severity === 'warn' ? h('span', { class: 'sev' }, ' warn') : ''),
      h('td', { class: 'num hide-narrow' }, res.dataset ? '—' : fmt(res.checked)),
      h('td', { class: 'num hide-narrow' }, res.dataset ? '—' : fmt(res.nulls)),
      h('td', { class: 'num' }, fmt(res.failures)),
      h('td', { class: 'num' }, res.dataset ? '—' : res.failurePct + ' %'),
      h('td', {}, samples),
    );
  });
  s.charts.append(funnel(q, r.extracted, { testid: 'funnel-etl' }));
  s.charts.append(
    h(
      'div',
      { class: 'card rules-report', testid: 'rules-report' },
      h('h3', {}, 'Rule results'),
      h(
        'table',
        { class: 'report' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ['rule', 'status', 'checked', 'nulls', 'failed', 'failed %', 'failing rows'].map((x, i) =>
              h('th', { class: (i >= 2 && i <= 5 ? 'num' : '') + (i === 2 || i === 3 ? ' hide-narrow' : '') }, x),
            ),
          ),
        ),
        h('tbody', {}, rows),
      ),
    ),
  );
}
