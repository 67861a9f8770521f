// Checked exercises: a question about a setup, a prediction, and the
// engine's own number to check it against, with why. A teacher writes their
// own as a link (see state.js: q, qf, qv, qt, qx, qc).
//
// This module owns everything a learner sees of the built-in exercises:
// - their order and numbers: tab by tab in the order of the page's tabs,
//   basic to advanced within a tab, numbered 1, 2, 3… in that order (the
//   list below is sorted so, whatever order it is written in);
// - the Exercises menu (exerciseMenu): one group per tab, each option its
//   number, a short name of its own and its level, the whole question as its
//   tooltip, and whether this learner solved or tried it;
// - the progress (which ones a learner solved, which they tried), kept in
//   the page's storage and in memory (storage may be off), shown at once
//   wherever it is shown when an answer is checked, here or in another tab
//   of the same page;
// - the card of an open exercise (exerciseCard), which keeps the answer out
//   of sight until the learner has checked a prediction or asked for the
//   answer: the tab's results below the card are hidden, and the overview
//   asks answerHidden(pattern) before it shows that pattern's figures.
import { h, fmt } from './dom.js';
import { storage } from './state.js';

const HOUR = 3600000;

// The page's tabs that hold exercises, in the order of its navigation
// (index.html .nav; the browser test checks they agree), and their names.
const TABS = [
  ['batch', 'Batch'],
  ['stream', 'Streaming'],
  ['etl', 'ETL'],
  ['compare', 'Batch vs streaming'],
  ['time', 'Event time'],
];
const LEVELS = ['basic', 'intermediate', 'advanced'];

// sortExercises orders exercises by tab, then by level; exercises of the
// same tab and level keep their written order (a stable sort), which is
// how a question can build on the one before it ("Now 23 events…").
function sortExercises(list) {
  const rank = (order, v) => {
    const i = order.indexOf(v);
    return i < 0 ? order.length : i;
  };
  const tabs = TABS.map(([p]) => p);
  return [...list].sort((a, b) => rank(tabs, a.pattern) - rank(tabs, b.pattern) || rank(LEVELS, a.level) - rank(LEVELS, b.level));
}

export const EXERCISES = sortExercises([
  {
    id: 'daily-wait',
    name: 'A daily job: how long does a record wait?',
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
    name: 'An hourly job: how many runs?',
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
    id: 'p95-hour',
    name: 'The longest interval for p95 under an hour',
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
    id: 'size-flushes',
    name: 'A full buffer: how many micro-batches?',
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
    name: 'Thin traffic: how many micro-batches?',
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
    name: 'A buffer of 10: the average latency',
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
    name: 'More null prices: which rule rejects more?',
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
    name: 'How many times fresher is streaming?',
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
    id: 'time-dropped-30s',
    name: 'A 30 s watermark: how many dropped?',
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
    name: 'A perfect watermark: how many late?',
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
    name: 'The late panes of one window',
    level: 'intermediate',
    pattern: 'time',
    settings: {},
    question: 'At the defaults (a late pane per late event), how many late panes does the window [6:00, 7:00) fire?',
    unit: 'late panes',
    tolerance: 0,
    value: (r) => r.paneList.timing.filter((tm, i) => tm === 'late' && r.paneList.startMs[i] === 360000 && r.paneList.key[i] === '').length,
    show: fmt,
    explain:
      'Each of the window’s events that arrives once the watermark has passed 7:00, while the watermark is still short of 8:00 (7:00 plus the minute of allowed lateness), fires a late pane that corrects the window (accumulating: each pane holds the whole count). Both times are the watermark’s, not the event’s arrival time: one that arrives after the watermark has passed 8:00 is dropped and fires nothing. The picture marks them as triangles at the window’s end.',
  },
  {
    id: 'time-by-arrival',
    name: 'One minute grouped by arrival',
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
    name: 'The watermark delay for 99 % on time',
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
]);

// The learner's progress on the built-in exercises: the ids they solved
// (right before the answer was shown) and those they tried (checked or
// revealed) without solving.
const SOLVED_KEY = 'ingest-exercises-done';
const TRIED_KEY = 'ingest-exercises-tried';
const BUILT_IN = new Set(EXERCISES.map((x) => x.id));

function readIds(key) {
  try {
    const v = JSON.parse(storage.get(key) || '[]');
    return new Set(Array.isArray(v) ? v.filter((id) => BUILT_IN.has(id)) : []);
  } catch {
    return new Set();
  }
}

const progress = { solved: readIds(SOLVED_KEY), tried: readIds(TRIED_KEY) };
const listeners = new Set();

// onExercises calls fn whenever the progress or the open exercises change
// (an answer checked or shown, a card opened or closed); it returns a
// function that stops the calls.
export function onExercises(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

function changed() {
  for (const fn of [...listeners]) fn();
}

// record keeps that the learner solved (or tried) a built-in exercise, in
// memory and in storage (with what another tab of the page stored since).
function record(id, solved) {
  if (!BUILT_IN.has(id)) return;
  for (const x of readIds(SOLVED_KEY)) progress.solved.add(x);
  for (const x of readIds(TRIED_KEY)) progress.tried.add(x);
  if (solved) progress.solved.add(id);
  else progress.tried.add(id);
  for (const x of progress.solved) progress.tried.delete(x);
  storage.set(SOLVED_KEY, JSON.stringify([...progress.solved]));
  storage.set(TRIED_KEY, JSON.stringify([...progress.tried]));
  changed();
}

// Another tab of the page checked an answer: show its progress here too.
window.addEventListener('storage', (e) => {
  if (e.key !== null && e.key !== SOLVED_KEY && e.key !== TRIED_KEY) return;
  progress.solved = readIds(SOLVED_KEY);
  progress.tried = readIds(TRIED_KEY);
  for (const x of progress.solved) progress.tried.delete(x);
  changed();
});

// doneSet is the set of built-in exercises the learner solved.
export function doneSet() {
  return new Set(progress.solved);
}

// exerciseStatus says how far the learner got with a built-in exercise:
// 'solved', 'tried' or ''.
export function exerciseStatus(id) {
  return progress.solved.has(id) ? 'solved' : progress.tried.has(id) ? 'tried' : '';
}

// progressText is the count the card shows.
function progressText() {
  const tried = progress.tried.size;
  return `${fmt(progress.solved.size)} of ${fmt(EXERCISES.length)} built-in exercises right so far` + (tried ? `, ${fmt(tried)} more tried` : '');
}

// exerciseNumber is a built-in exercise's number: its place in the menu.
export function exerciseNumber(id) {
  return EXERCISES.findIndex((x) => x.id === id) + 1;
}

// menuLabel is an exercise's option in the menu: its number, its own short
// name, its level and the learner's progress on it.
function menuLabel(ex) {
  const status = exerciseStatus(ex.id);
  return `${exerciseNumber(ex.id)}. ${ex.name} (${ex.level})` + (status === 'solved' ? ' — solved ✓' : status === 'tried' ? ' — tried' : '');
}

// The closed menu shows its prompt with the count solved (short: the menu
// is narrow); its tooltip says the rest.
function menuPrompt() {
  return `Try one… (${fmt(progress.solved.size)} solved)`;
}

function menuTitle() {
  const tried = progress.tried.size;
  return `${fmt(progress.solved.size)} of ${fmt(EXERCISES.length)} exercises solved` + (tried ? `, ${fmt(tried)} more tried` : '');
}

const MENU = 'exMenu'; // marks the menu's own options (data-ex-menu)
const menuWatches = new WeakMap(); // a filled menu → how to stop updating it

// exerciseMenu fills a <select> with the built-in exercises, one group per
// tab in the tabs' order, and keeps its marks up to date. Choosing one is
// the page's business (its change listener reads the option's value, the
// exercise's id).
export function exerciseMenu(select) {
  const prompt = h('option', { value: '', dataset: { [MENU]: '' } }, menuPrompt());
  const options = new Map();
  const groups = TABS.map(([p, name]) => {
    const list = EXERCISES.filter((x) => x.pattern === p);
    if (!list.length) return null;
    return h(
      'optgroup',
      { label: name, dataset: { [MENU]: '' } },
      list.map((x) => {
        const o = h('option', { value: x.id, title: x.question, dataset: { status: exerciseStatus(x.id) } }, menuLabel(x));
        options.set(x.id, o);
        return o;
      }),
    );
  });
  select.replaceChildren(prompt, ...groups.filter(Boolean));
  select.value = '';
  select.title = menuTitle();
  menuWatches.get(select)?.();
  const stop = onExercises(() => {
    prompt.textContent = menuPrompt();
    select.title = menuTitle();
    for (const [id, o] of options) {
      o.textContent = menuLabel(EXERCISES.find((x) => x.id === id));
      o.dataset.status = exerciseStatus(id);
    }
  });
  menuWatches.set(select, stop);
}

// The open exercise cards, each { pattern, shown() }: while a card is on
// the page and its answer not shown, its pattern's figures are not shown
// either.
const openCards = new Set();

// answerHidden says whether a figure of pattern p would give away the
// answer of an exercise on the page that the learner has not answered yet.
export function answerHidden(p) {
  for (const c of openCards) if (c.pattern === p && !c.shown()) return true;
  return false;
}

// A card learns that it was put on the page or taken off it (the page's
// script does both) from a small element inside it: a custom element's
// connected and disconnected callbacks run for its ancestors' moves.
class CardWatch extends HTMLElement {
  connectedCallback() {
    this.onConnect?.();
  }
  disconnectedCallback() {
    this.onDisconnect?.();
  }
}
if (!customElements.get('ingest-exercise-watch')) customElements.define('ingest-exercise-watch', CardWatch);

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
// question, the prediction, Check, and Show the answer. result() waits for
// the pattern's run and returns it; figureText(testid) reads a figure on
// the page; onRight(solved) is called with the solved set when a built-in
// exercise is solved. Once on the page, the card hides what of its section
// would give the answer away (the elements marked data-answer: the tab's
// results and outputs; its settings, the exercise's setup, stay) until
// the answer has been shown: by a check, by Show the answer, or when the
// card is taken off the page.
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
  // Enter in the prediction (or on a choice) checks it, as in a form.
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.isComposing) {
      e.preventDefault();
      check();
    }
  });
  const guess = () => (ex.choices ? input.querySelector('input:checked')?.value : input.value);

  // Until the answer is shown, the section's answers are hidden
  // (display: none, so that no one sees it and no screen reader
  // reads it; whatever else hides or shows those elements is left alone).
  let shown = false;
  let covered = [];
  const note = h(
    'p',
    { class: 'hint', testid: 'exercise-hidden-note' },
    'The tab’s results are hidden until you check a prediction or show the answer: they would give it away. Its settings are the exercise’s setup.',
  );
  const cover = () => {
    const section = card.parentElement;
    if (shown || covered.length || !section || section.tagName !== 'SECTION') return;
    for (const el of section.querySelectorAll('[data-answer]')) {
      if (el.style.display === 'none') continue;
      el.style.display = 'none';
      covered.push(el);
    }
  };
  const uncover = () => {
    for (const el of covered) el.style.removeProperty('display');
    covered = [];
  };
  const reveal = () => {
    if (shown) return;
    shown = true;
    uncover();
    note.remove();
    revealBtn.remove();
    changed();
  };
  const me = { pattern: ex.pattern, shown: () => shown };

  // answerNow runs the setup and returns the engine's answer and how to
  // show it.
  const answerNow = async () => {
    const r = await result();
    let truth;
    if (ex.answer) truth = await ex.answer(r, engine);
    else if (ex.value) truth = ex.value(r);
    else truth = ex.expected !== undefined && ex.expected !== '' ? (ex.choices ? ex.expected : Number(ex.expected)) : parseFigure(figureText(ex.figure));
    if (!ex.choices && !Number.isFinite(truth))
      throw new Error(ex.figure ? `the figure "${ex.figure}" shows no number yet` : 'the engine gave no number to check against');
    return { truth, text: ex.show ? ex.show(truth) : typeof truth === 'number' ? fmt(truth) : truth };
  };

  const check = async () => {
    const g = guess();
    if (g === undefined || g === '') {
      out.className = 'ex-result';
      out.textContent = 'Make a prediction first.';
      return;
    }
    out.className = 'ex-result';
    out.textContent = 'Running the setup…';
    let answer;
    try {
      answer = await answerNow();
    } catch (err) {
      out.textContent = 'Could not check: ' + err.message;
      return;
    }
    const right = ex.choices ? g === answer.truth : within(Number(g), answer.truth, ex.tolerance);
    // Right before the answer was shown is solved; after, it is tried.
    const solved = right && !shown;
    out.className = 'ex-result ' + (right ? 'right' : 'wrong');
    out.dataset.right = String(right);
    out.textContent =
      (right
        ? `Right — the engine says ${answer.text}. ` + (builtIn && !solved ? '(The answer had been shown, so this one counts as tried.) ' : '')
        : `Not quite: the engine says ${answer.text}, you said ${ex.choices ? g : fmt(Number(g))}. `) + (ex.explain || '');
    reveal();
    if (builtIn) {
      record(ex.id, solved);
      if (solved) onRight(doneSet());
    }
  };

  const showAnswer = async () => {
    out.className = 'ex-result';
    out.textContent = 'Running the setup…';
    let answer;
    try {
      answer = await answerNow();
    } catch (err) {
      // The tab's results are the learner's to see once they ask.
      out.textContent = 'Could not show the answer: ' + err.message;
      reveal();
      return;
    }
    out.dataset.revealed = 'true';
    out.textContent = `The engine says ${answer.text}. ` + (ex.explain || '');
    reveal();
    if (builtIn) record(ex.id, false);
  };
  const revealBtn = h('button', { type: 'button', class: 'secondary', testid: 'exercise-reveal', onclick: showAnswer }, 'Show the answer');

  const progressEl = builtIn ? h('span', { class: 'hint', testid: 'exercise-progress' }, progressText()) : null;
  let stop = null;
  const watch = h('ingest-exercise-watch', { hidden: true });
  watch.onConnect = () => {
    openCards.add(me);
    cover();
    if (progressEl) {
      progressEl.textContent = progressText();
      stop = onExercises(() => {
        progressEl.textContent = progressText();
      });
    }
    changed();
  };
  watch.onDisconnect = () => {
    openCards.delete(me);
    uncover();
    if (stop) stop();
    stop = null;
    changed();
  };

  const n = builtIn ? exerciseNumber(ex.id) : 0;
  const badge = n ? `exercise ${n} of ${EXERCISES.length} · ${ex.level}` : ex.level ? `exercise · ${ex.level}` : 'exercise';
  const card = h(
    'section',
    { class: 'exercise card', testid: 'exercise', 'aria-label': n ? `Exercise ${n}: ${ex.name}` : 'Exercise' },
    h(
      'div',
      { class: 'ex-head' },
      h('span', { class: 'badge ' + (ex.level || 'custom') }, badge),
      h('button', { type: 'button', class: 'secondary ex-close', testid: 'exercise-close', onclick: onClose }, 'Close'),
    ),
    h('p', { class: 'ex-question', testid: 'exercise-question' }, ex.question),
    h(
      'div',
      { class: 'ex-answer' },
      input,
      ex.unit ? h('span', { class: 'hint' }, ex.unit) : null,
      h('button', { type: 'button', class: 'primary', testid: 'exercise-check', onclick: check }, 'Check'),
      revealBtn,
    ),
    out,
    note,
    progressEl,
    watch,
  );
  return card;
}
