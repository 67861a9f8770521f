// Checked exercises: a question about a setup, a prediction, and the
// engine's own number to check it against, with why. Built-in ones go from
// basic to advanced; a teacher writes their own as a link (see state.js:
// q, qf, qv, qt, qx, qc). Which built-in ones a learner got right is kept
// in the page's storage.
import { h, fmt } from './dom.js';
import { storage } from './state.js';

const HOUR = 3600000;

export const EXERCISES = [
  {
    id: 'daily-wait',
    level: 'basic',
    pattern: 'batch',
    settings: {},
    question: 'A daily job loads records created at random times over 24 hours. On average, how many hours does a record wait for the job?',
    unit: 'hours',
    tolerance: 1,
    value: (r) => r.freshness.avgMs / HOUR,
    show: (v) => `${v.toFixed(1)} h`,
    explain:
      'A record waits until the next run: anywhere from a moment to a whole interval, half of it on average — 12 hours for a daily job. Freshness is set by the schedule, not by the data.',
  },
  {
    id: 'hourly-runs',
    level: 'basic',
    pattern: 'batch',
    settings: { batch: { interval: HOUR } },
    question: 'The same 100 records, created over 24 hours, now loaded by an hourly job. How many job runs load them?',
    unit: 'runs',
    tolerance: 0,
    value: (r) => r.freshness.jobs,
    show: fmt,
    explain:
      'Each hour that saw at least one new record has a run that loads it: 24 hours, 24 runs. Shorter intervals mean fresher data and more runs — the cost side of batch.',
  },
  {
    id: 'size-flushes',
    level: 'basic',
    pattern: 'stream',
    settings: {},
    question: '50 events arrive 100 ms apart into a buffer that flushes at 10 events (or after 2 s). How many micro-batches?',
    unit: 'micro-batches',
    tolerance: 0,
    value: (r) => r.batches,
    show: fmt,
    explain: 'The buffer fills in 1 s, well before the 2 s linger, so the size trigger fires every 10 events: 50 ÷ 10 = 5 flushes, none by time or at the end.',
  },
  {
    id: 'time-flushes',
    level: 'intermediate',
    pattern: 'stream',
    settings: { stream: { records: 23, intervalMs: 1500, lingerMs: 1000, bufferSize: 10 } },
    question: 'Now 23 events arrive 1.5 s apart, and the buffer flushes at 10 events or after 1 s. How many micro-batches?',
    unit: 'micro-batches',
    tolerance: 0,
    value: (r) => r.batches,
    show: fmt,
    explain:
      'Each event waits alone: 1 s after it arrives the time trigger flushes it, half a second before the next one comes. 23 events, 23 flushes — the linger bounds latency when traffic is thin.',
  },
  {
    id: 'avg-latency',
    level: 'intermediate',
    pattern: 'stream',
    settings: {},
    question: 'Back to 50 events 100 ms apart and a buffer of 10: what is the average latency, in ms, from an event to its flush?',
    unit: 'ms',
    tolerance: 25,
    value: (r) => r.latency.avgMs,
    show: (v) => `${Math.round(v)} ms`,
    explain:
      'In each batch of 10, the first event waits 900 ms for the tenth, the last one 0 ms: 450 ms on average. A bigger buffer means fewer, larger flushes and longer waits.',
  },
  {
    id: 'null-prices',
    level: 'intermediate',
    pattern: 'etl',
    settings: { etl: { 'faults.nullPrice': 0.1 } },
    question: 'Raise null prices to 10 % of the 150 ETL records (bad quantities stay at 4 %). Which rule rejects more rows?',
    choices: ['price not null', 'quantity > 0', 'both reject the same number'],
    answer: (r) => {
      const f = (rule) => (r.quality.results.find((x) => x.rule === rule) || { failures: 0 }).failures;
      const a = f('price not null'),
        b = f('quantity > 0');
      return a > b ? 'price not null' : b > a ? 'quantity > 0' : 'both reject the same number';
    },
    show: (v) => v,
    explain:
      'Injected faults are exact shares: 10 % of 150 is 15 null prices against 6 bad quantities (4 %). Every row fails at most one of the two, so the gate passes 150 − 15 − 6 = 129.',
  },
  {
    id: 'fresher',
    level: 'advanced',
    pattern: 'compare',
    settings: {},
    question:
      'The same 1,000 orders by an hourly batch job and by a stream that flushes within 5 s: how many times fresher is streaming at the 95th percentile?',
    unit: '×',
    tolerance: '10%',
    value: (r) => r.faster,
    show: (v) => `${Math.round(v)}×`,
    explain:
      'Batch: 95 % of the orders wait up to 57 minutes (95 % of the hour). Streaming: every order is flushed 5 s after it arrives. 57 min ÷ 5 s ≈ 680 — for exactly the same totals.',
  },
  {
    id: 'p95-hour',
    level: 'advanced',
    pattern: 'batch',
    settings: { batch: { records: 1000 } },
    question: 'Which is the longest job interval that keeps p95 freshness under one hour for 1,000 records created over a day?',
    choices: ['every 15 minutes', 'hourly', 'every 6 hours', 'daily'],
    answer: async (r, engine) => {
      const sw = await engine.sweep({ pattern: 'batch', config: r.settings });
      const opts = [
        [15 * 60000, 'every 15 minutes'],
        [HOUR, 'hourly'],
        [6 * HOUR, 'every 6 hours'],
        [24 * HOUR, 'daily'],
      ];
      let best = opts[0][1];
      for (const [iv, label] of opts) {
        const pt = sw.byInterval.find((x) => x.x === iv);
        if (pt && pt.p95Ms < HOUR) best = label;
      }
      return best;
    },
    show: (v) => v,
    explain:
      'A record waits at most one interval, and 95 % of them wait up to about 95 % of it: an hourly job keeps p95 at about 56 minutes; every 6 hours puts it near 5.7 h. The Batch tab’s sweep shows the whole curve.',
  },
  {
    id: 'time-dropped-30s',
    level: 'basic',
    pattern: 'time',
    settings: { time: { 'watermark.allowedDelayMs': 30000 } },
    question:
      'Event time: 200 orders, 1-minute windows, a minute of allowed lateness. Make the watermark wait 30 s instead of 5 s. How many events are still dropped?',
    unit: 'events',
    tolerance: 0,
    value: (r) => r.dropped,
    show: fmt,
    explain:
      'A patient watermark turns stragglers (15–30 s late) into on-time events, but the phones that were offline for 5–10 minutes arrive long after their window’s end plus the minute of lateness: no reasonable watermark waits for them. Only a longer allowed lateness (or a dead-letter output) keeps them.',
  },
  {
    id: 'time-perfect',
    level: 'basic',
    pattern: 'time',
    settings: { time: { 'watermark.kind': 'perfect' } },
    question: 'Switch to a perfect watermark — one that knows every event time still to come. How many events are late or dropped?',
    unit: 'events',
    tolerance: 0,
    value: (r) => r.late + r.dropped,
    show: fmt,
    explain:
      'A perfect watermark never passes an event that has not arrived, so nothing is ever late: every window waits for its slowest event. The price is latency — the window with an offline phone’s order fires minutes after its end. Real watermarks are guesses; this one is the ideal they approximate.',
  },
  {
    id: 'time-late-panes',
    level: 'intermediate',
    pattern: 'time',
    settings: {},
    question: 'At the defaults (a late pane per late event), how many late panes does the window [6:00, 7:00) fire?',
    unit: 'late panes',
    tolerance: 0,
    value: (r) => r.paneList.timing.filter((tm, i) => tm === 'late' && r.paneList.startMs[i] === 360000 && r.paneList.key[i] === '').length,
    show: fmt,
    explain:
      'Each event that arrives after the watermark passed 7:00, but before 7:00 plus the minute of allowed lateness, fires a late pane that corrects the window (accumulating: each pane holds the whole count). Later ones are dropped and fire nothing. The picture marks them as triangles at the window’s end.',
  },
  {
    id: 'time-by-arrival',
    level: 'intermediate',
    pattern: 'time',
    settings: {},
    question: '20 orders happened in the minute [6:00, 7:00). Grouped by arrival instead (processing-time windows), how many does that minute count?',
    unit: 'events',
    tolerance: 0,
    value: (r) => {
      const c = r.processing;
      const i = c.startMs.findIndex((t, j) => t === 360000 && c.key[j] === '');
      return i < 0 ? NaN : c.processingTime[i];
    },
    show: fmt,
    explain:
      'Grouping by arrival puts every straggler in the minute it arrived: the minute loses the orders that arrived after 7:00 and gains the late ones from before. Counts per minute go wrong even though no event is lost — the error the event-time panel shows for every window.',
  },
  {
    id: 'time-99',
    level: 'advanced',
    pattern: 'time',
    settings: {},
    question: 'Which is the smallest watermark delay whose on-time panes hold at least 99 % of the events?',
    choices: ['30 s', '1 min', '2 min', '5 min', '10 min'],
    answer: async (r, engine) => {
      const sw = await engine.sweep({ pattern: 'time', config: r.settings });
      const opts = [
        [30000, '30 s'],
        [60000, '1 min'],
        [120000, '2 min'],
        [300000, '5 min'],
        [600000, '10 min'],
      ];
      for (const [d, label] of opts) {
        const pt = sw.byDelay.find((x) => x.x === d);
        if (pt && pt.completeness >= 0.99) return label;
      }
      return 'none of these';
    },
    show: (v) => v,
    explain:
      'The last percent is the offline phones: to count them on time the watermark must wait about as long as they were offline — minutes — and every window’s result waits that long too (see the p95 latency in the sweep). That is why engines pair a short watermark with allowed lateness and late panes instead.',
  },
];

const DONE_KEY = 'ingest-exercises-done';

export function doneSet() {
  try {
    return new Set(JSON.parse(storage.get(DONE_KEY) || '[]'));
  } catch {
    return new Set();
  }
}

function markDone(id) {
  const s = doneSet();
  s.add(id);
  storage.set(DONE_KEY, JSON.stringify([...s]));
  return s;
}

// parseFigure reads a number from a figure as the page shows it
// ("1,234", "12.0 h", "682×").
export function parseFigure(text) {
  const m = String(text)
    .replace(/,/g, '')
    .match(/-?\d+(\.\d+)?/);
  return m ? Number(m[0]) : NaN;
}

// within says whether a guess is right: only finite numbers can be (the
// link's reader refuses a tolerance such as Infinity; this holds anyway).
function within(guess, value, tolerance) {
  const t = String(tolerance ?? 0).trim();
  const pct = t.endsWith('%');
  const tol = Number(pct ? t.slice(0, -1) : t || 0);
  if (![guess, value, tol].every(Number.isFinite) || tol < 0) return false;
  if (pct) return Math.abs(guess - value) <= (Math.abs(value) * tol) / 100;
  return Math.abs(guess - value) <= tol + 1e-9;
}

// exerciseCard builds the card for ex (built-in or a teacher's): the
// question, the prediction, and Check. result() waits for the pattern's
// run and returns it; figureText(testid) reads a figure on the page.
export function exerciseCard(ex, { result, figureText, engine, onClose, onRight }) {
  const builtIn = Boolean(ex.builtIn);
  const out = h('p', { class: 'ex-result', testid: 'exercise-result', role: 'status', 'aria-live': 'polite' });
  let input;
  if (ex.choices) {
    input = h(
      'div',
      { class: 'ex-choices', role: 'radiogroup', 'aria-label': 'Your answer' },
      ex.choices.map((c, i) =>
        h('label', { class: 'check' }, h('input', { type: 'radio', name: 'exercise-choice', value: c, testid: 'exercise-choice-' + i }), ' ', c),
      ),
    );
  } else {
    input = h('input', { type: 'number', step: 'any', class: 'ex-guess', testid: 'exercise-guess', 'aria-label': 'Your prediction' });
  }
  const guess = () => (ex.choices ? input.querySelector('input:checked')?.value : input.value);
  const check = async () => {
    const g = guess();
    if (g === undefined || g === '') {
      out.className = 'ex-result';
      out.textContent = 'Make a prediction first.';
      return;
    }
    out.className = 'ex-result';
    out.textContent = 'Running the setup…';
    let truth, shown;
    try {
      const r = await result();
      if (ex.answer) truth = await ex.answer(r, engine);
      else if (ex.value) truth = ex.value(r);
      else truth = ex.expected !== undefined && ex.expected !== '' ? (ex.choices ? ex.expected : Number(ex.expected)) : parseFigure(figureText(ex.figure));
      if (!ex.choices && !Number.isFinite(truth))
        throw new Error(ex.figure ? `the figure "${ex.figure}" shows no number yet` : 'the engine gave no number to check against');
      shown = ex.show ? ex.show(truth) : typeof truth === 'number' ? fmt(truth) : truth;
    } catch (err) {
      out.textContent = 'Could not check: ' + err.message;
      return;
    }
    const right = ex.choices ? g === truth : within(Number(g), truth, ex.tolerance);
    out.className = 'ex-result ' + (right ? 'right' : 'wrong');
    out.dataset.right = String(right);
    out.textContent =
      (right ? `Right — the engine says ${shown}. ` : `Not quite: the engine says ${shown}, you said ${ex.choices ? g : fmt(Number(g))}. `) +
      (ex.explain || '');
    if (right && builtIn) onRight(markDone(ex.id));
  };
  const done = doneSet();
  const progress = builtIn
    ? h(
        'span',
        { class: 'hint', testid: 'exercise-progress' },
        `${fmt([...done].filter((id) => EXERCISES.some((e) => e.id === id)).length)} of ${EXERCISES.length} built-in exercises right so far`,
      )
    : null;
  return h(
    'section',
    { class: 'exercise card', testid: 'exercise', 'aria-label': 'Exercise' },
    h(
      'div',
      { class: 'ex-head' },
      h('span', { class: 'badge ' + (ex.level || 'custom') }, ex.level ? `exercise · ${ex.level}` : 'exercise'),
      h('button', { type: 'button', class: 'secondary ex-close', testid: 'exercise-close', onclick: onClose }, 'Close'),
    ),
    h('p', { class: 'ex-question', testid: 'exercise-question' }, ex.question),
    h(
      'div',
      { class: 'ex-answer' },
      input,
      ex.unit ? h('span', { class: 'hint' }, ex.unit) : null,
      h('button', { type: 'button', class: 'primary', testid: 'exercise-check', onclick: check }, 'Check'),
    ),
    out,
    progress,
  );
}
