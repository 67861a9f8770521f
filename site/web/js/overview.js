// The overview above the tabs: how the patterns fit together — sources,
// the two ways in (batch, streaming), the ETL gate, the stores — each part
// a link to its tab carrying this page's latest counts, and the "when to
// use" table with the textbook range beside what this page measured.
// A pattern's figures stay hidden while an exercise on it waits for the
// learner's answer (they would give the answer away), and come back as
// soon as the answer is shown or the exercise closed.
import { h, fmt, fmtMs } from './dom.js';
import { answerHidden, onExercises } from './exercises.js';

const ROWS = [
  { p: 'batch', name: 'Batch', latency: 'hours to days', complexity: 'low', cost: 'low', use: 'daily reports, history, heavy transformations' },
  { p: 'stream', name: 'Streaming', latency: 'seconds or less', complexity: 'high', cost: 'high', use: 'live dashboards, fraud checks, alerts' },
  {
    p: 'time',
    name: 'Event time',
    latency: 'the watermark delay (seconds to minutes)',
    complexity: 'high',
    cost: 'state per open window',
    use: 'per-minute results that must be right however late events arrive',
  },
  { p: 'etl', name: 'ETL', latency: 'varies', complexity: 'medium', cost: 'medium', use: 'warehouse loads, data that must pass rules first' },
];

export function buildOverview(go) {
  const count = {};
  const measured = {};
  const part = (p, title, detail) => {
    count[p] = h('span', { class: 'ov-count', testid: 'overview-count-' + p }, '…');
    return h(
      'button',
      { type: 'button', class: 'ov-part ov-' + p, testid: 'overview-' + p, onclick: () => go(p) },
      h('strong', {}, title),
      h('span', { class: 'ov-detail' }, detail),
      count[p],
    );
  };
  const store = (label) => h('span', { class: 'ov-store' }, label);
  const diagram = h(
    'div',
    { class: 'ov-diagram', role: 'group', 'aria-label': 'How the patterns fit together' },
    h(
      'div',
      { class: 'ov-col' },
      h('div', { class: 'ov-head' }, 'Sources'),
      store('databases'),
      store('APIs'),
      store('files and logs'),
      store('sensors, clicks'),
    ),
    h('div', { class: 'ov-arrow', 'aria-hidden': 'true' }, '→'),
    h(
      'div',
      { class: 'ov-col' },
      h('div', { class: 'ov-head' }, 'Ingestion'),
      part('batch', 'Batch', 'on a schedule'),
      part('stream', 'Streaming', 'event by event'),
      h('button', { type: 'button', class: 'ov-link', testid: 'overview-compare', onclick: () => go('compare') }, 'batch vs streaming, same events ›'),
      part('time', 'Event time', 'windows, watermarks, late data'),
    ),
    h('div', { class: 'ov-arrow', 'aria-hidden': 'true' }, '→'),
    h(
      'div',
      { class: 'ov-col' },
      h('div', { class: 'ov-head' }, 'Processing'),
      part('etl', 'ETL', 'extract → check → enrich → load'),
      h('button', { type: 'button', class: 'ov-link', testid: 'overview-data', onclick: () => go('data') }, 'your own file through the same gate ›'),
    ),
    h('div', { class: 'ov-arrow', 'aria-hidden': 'true' }, '→'),
    h('div', { class: 'ov-col' }, h('div', { class: 'ov-head' }, 'Storage'), store('data warehouse'), store('data lake'), store('CSV files (the downloads)')),
  );
  const body = h(
    'tbody',
    {},
    ROWS.map((r) => {
      measured[r.p] = h('td', { testid: 'when-measured-' + r.p }, 'not run yet');
      return h(
        'tr',
        {},
        h('th', { scope: 'row' }, r.name),
        h('td', {}, r.latency),
        measured[r.p],
        h('td', {}, r.complexity),
        h('td', {}, r.cost),
        h('td', {}, r.use),
      );
    }),
  );
  const table = h(
    'table',
    { class: 'report when-table', testid: 'when-table' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ['pattern', 'latency (textbook)', 'measured on this page', 'complexity', 'cost', 'use it for'].map((x) => h('th', {}, x)),
      ),
    ),
    body,
  );
  const el = h(
    'details',
    { class: 'overview card', testid: 'overview', open: true },
    h('summary', {}, h('h2', { class: 'ov-title' }, 'Overview: how the patterns fit together')),
    diagram,
    h('h3', {}, 'When to use which'),
    table,
  );

  // update shows a pattern's latest run (show shows it again, or hides
  // it while an exercise on the pattern is not answered yet).
  const last = {};
  function update(p, r) {
    last[p] = r;
    show(p);
  }
  function show(p) {
    const r = last[p];
    if (!r || !count[p]) return;
    if (answerHidden(p)) {
      count[p].textContent = 'hidden until you answer the exercise';
      measured[p].textContent = 'hidden until you answer the exercise on its tab';
      count[p].dataset.hidden = measured[p].dataset.hidden = 'exercise';
      return;
    }
    delete count[p].dataset.hidden;
    delete measured[p].dataset.hidden;
    if (p === 'batch') {
      count.batch.textContent = `${fmt(r.valid)} records · ${fmt(r.freshness.jobs)} job run${r.freshness.jobs === 1 ? '' : 's'}`;
      measured.batch.textContent = `${fmtMs(r.freshness.avgMs)} average wait for data in your last batch run`;
    } else if (p === 'stream') {
      count.stream.textContent = `${fmt(r.events)} events · ${fmt(r.batches)} micro-batches`;
      measured.stream.textContent = `${fmtMs(r.latency.avgMs)} average latency in your last stream`;
    } else if (p === 'time') {
      count.time.textContent = `${fmt(r.onTime)} on time · ${fmt(r.late)} late · ${fmt(r.dropped)} ${r.settings?.['trigger.deadLetter'] ? 'to the dead letter' : 'dropped'}`;
      measured.time.textContent = `${fmtMs(r.onTimeLatency.p95Ms)} result latency (p95) for ${(Math.round(r.completeness * 1000) / 10).toFixed(1)} % complete on-time panes in your last event-time run`;
    } else if (p === 'etl') {
      count.etl.textContent = `${fmt(r.valid)} of ${fmt(r.extracted)} passed`;
      const pct = r.extracted ? Math.round((r.valid / r.extracted) * 1000) / 10 : 0;
      measured.etl.textContent = `${pct} % of the records passed the gate in your last ETL run (${fmt(r.rejected)} quarantined)`;
    }
  }
  onExercises(() => {
    for (const p of Object.keys(last)) show(p);
  });
  return { el, update };
}
