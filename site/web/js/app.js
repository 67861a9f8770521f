// The playground page: controls, runs, results. Every number shown comes
// from the engine (Go compiled to WebAssembly, in a Web Worker); this module
// only lays it out.
import { EngineApi } from './engineApi.js';
import { h, $, clear, fmt, fmtMoney, fmtMs, download } from './dom.js';
import { PATTERNS, PIPELINES, PAGE_SETTINGS, SHORT, encodeHash, decodeHash, engineConfig, storage } from './state.js';
import { CONTROLS, FAULT_CONTROLS, WHEN, RULE_NAMES, PRESETS, controlsOf } from './content.js';
import { TableView } from './table.js';
import { bars, columns, funnel } from './charts.js';
import { pipeline } from './diagram.js';
import { Replay } from './replay.js';
import { buildDataSection } from './yourdata.js';
import { connectLMS } from './scorm.js';
import { applyEmbed, reportHeight, hostScript } from './embed.js';
import { ExportPanel } from './export.js';
import { delayChart, compareTables, sweepChart } from './compare.js';
import { buildOverview } from './overview.js';
import { EXERCISES, exerciseCard } from './exercises.js';
import { knobProblem, learnerMessage } from './messages.js';
import { picture, TimeReplay, sweepChart as timeSweepChart, processingPanel, queueChart, queueFigures } from './eventtime.js';

const AUTO_RUN_LIMIT = 50000; // settings changes re-run at once up to this many records
const TITLES = { batch: 'Batch ingestion', stream: 'Streaming ingestion', etl: 'ETL pipeline', compare: 'Batch vs streaming', time: 'Event time' };
const LEDES = {
  batch:
    'A scheduled job extracts every record at once, transforms them in one pass (revenue, batch metadata, invalid rows filtered), aggregates and loads a CSV. Data waits for the next run.',
  stream:
    'Events arrive one by one and wait in a buffer; the buffer flushes as a micro-batch when it is full, when its oldest event has waited long enough, and when the stream ends. Each micro-batch is checked, enriched and added to running metrics.',
  etl: 'Extract records with quality problems, check them against rules (failing rows go to quarantine with the reason), enrich them (revenue, date parts), standardize formats and load clean and rejected files.',
  time: 'Orders happen at one time and reach the pipeline at another — most within seconds, stragglers later, a phone that was offline minutes later. Windows group them by when they happened; a watermark guesses how far event time has got; panes fire early, on time and late; events later than the allowed lateness are dropped. Slide the watermark delay and watch latency trade against completeness.',
  compare:
    'The same events — one seed, one arrival clock — sent two ways: a scheduled batch job that loads what arrived since its last run, and a micro-batch stream. See how long each event waits before it is downstream, what each way costs in runs, and that both load the same totals.',
};

// TRY_NEXT is the first visit's hint, for the tab the page opened on.
const TRY_NEXT = {
  batch: 'change the job runs or the records, and watch how late the data lands.',
  stream: 'change the buffer size or the time trigger, and press Replay to watch the micro-batches form.',
  etl: 'raise the fault rates or edit a rule, and watch the counts change.',
  compare: 'change how often the batch job runs, and watch the waits of both ways.',
  time: 'slide the watermark delay, and watch latency trade against completeness.',
  data: 'load the sample file or your own CSV, and check it with the same rules.',
};

const engine = new EngineApi('worker.js');
window.__engine = engine; // for the browser benchmarks and curious learners in the console
const app = {
  defaults: null,
  state: null,
  results: {},
  views: {},
  sections: {},
  running: {},
  again: {}, // a run asked for while one was running: run once more after it
  timers: {},
  firstResult: false,
  linkRead: false, // start-up has read the link and shown its settings: from now on the page writes it
  link: null, // the link (location.hash) as the page last read or wrote it
  linkGen: 0, // counts the links the page has read: a write begun before one is dropped
  pendingHash: null, // a link that changed before start-up had read the first one
  learnerRan: new Set(), // patterns the learner has run (not the runs on open)
  byLearner: {}, // the next run of a pattern was asked for by the learner
  lms: null, // the SCORM session, inside a learning platform
  sweepSeq: {}, // the newest sweep asked for, per pattern
  sweepLater: {}, // a sweep waiting for its tab to be shown
};

// ---------- page skeleton ----------

const status = $('[data-testid="status"]');
function setStatus(text, kind = '') {
  status.textContent = text;
  status.className = 'status ' + kind;
}

function buildSection(p) {
  const form = h('form', {
    class: 'controls card',
    novalidate: true,
    onsubmit: (e) => {
      e.preventDefault();
      run(p);
    },
  });
  const fields = h('div', { class: 'fields' });
  form.append(h('h3', {}, 'Settings'), fields);
  if (p === 'time') {
    // Event time's knobs, in groups; the backpressure queue folded away.
    const groups = new Map();
    for (const c of CONTROLS[p]) {
      if (!groups.has(c.group)) groups.set(c.group, []);
      groups.get(c.group).push(field(p, c));
    }
    for (const [name, els] of groups) {
      const box =
        name === 'Backpressure'
          ? h(
              'details',
              { class: 'knob-group', testid: 'time-group-backpressure' },
              h('summary', {}, 'Backpressure: a slow consumer behind a bounded queue'),
              h('div', { class: 'fields' }, els),
            )
          : h('fieldset', { class: 'knob-group' }, h('legend', {}, name), h('div', { class: 'fields' }, els));
      fields.append(box);
    }
  } else {
    for (const c of CONTROLS[p]) fields.append(field(p, c));
  }
  const faults = h(
    'details',
    { class: 'faults' },
    h('summary', {}, 'Data-quality problems to inject'),
    h('p', { class: 'hint' }, 'Each rate is a share of the records; exactly that many rows get the problem, one problem per row.'),
    h(
      'div',
      { class: 'fields' },
      FAULT_CONTROLS.map((c) => field(p, c)),
    ),
  );
  if (p === 'etl') faults.open = true;
  if (p !== 'time') form.append(faults);
  if (p === 'stream' || p === 'etl') form.append(rulesEditor(p));
  const runBtn = h('button', { type: 'submit', class: 'primary', testid: 'run-' + p, disabled: true }, 'Run');
  const cancelBtn = h('button', { type: 'button', class: 'secondary', testid: 'cancel-' + p, hidden: true, onclick: () => cancel(p) }, 'Cancel');
  const progress = h('div', { class: 'progress', hidden: true, role: 'progressbar', 'aria-label': 'Running' }, h('span'));
  const elapsed = h('span', { class: 'elapsed' });
  const error = h('div', { class: 'error', role: 'alert', testid: 'error-' + p, hidden: true });
  form.append(h('div', { class: 'actions' }, runBtn, cancelBtn, progress, elapsed), error);

  const diagram = h('div', { class: 'diagram-slot', testid: 'diagram-' + p });
  const summary = h('div', { class: 'summary', testid: 'summary-' + p, 'aria-live': 'polite' });
  const charts = h('div', { class: 'charts' });
  const log = h('ol', { class: 'log', testid: 'log-' + p });
  const extra = h('div', { class: 'extra' });
  const outputs = h('div', { class: 'outputs card', testid: 'outputs-' + p });
  const w = WHEN[p];
  const when = h(
    'aside',
    { class: 'when card', testid: 'when-' + p },
    h('h3', {}, w.title),
    h(
      'dl',
      { class: 'facts' },
      w.facts.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]),
    ),
    h('p', {}, h('strong', {}, 'Use it for: '), w.uses),
    h('p', {}, h('strong', {}, 'Pros: '), w.pros),
    h('p', {}, h('strong', {}, 'Cons: '), w.cons),
  );

  const section = h(
    'section',
    { id: p, class: 'pattern', testid: 'section-' + p, 'aria-labelledby': p + '-title' },
    h(
      'header',
      { class: 'pattern-head' },
      h(
        'div',
        { class: 'head-row' },
        h('h2', { id: p + '-title' }, TITLES[p]),
        h('button', { type: 'button', class: 'secondary print-btn', testid: 'print-' + p, onclick: () => printReport(p) }, 'Print report'),
      ),
      h('p', { class: 'lede' }, LEDES[p]),
      h('div', { class: 'print-only print-head', testid: 'print-head-' + p }),
    ),
    h(
      'div',
      { class: 'layout' },
      h('div', { class: 'left' }, form, when),
      h(
        'div',
        { class: 'right' },
        diagram,
        summary,
        extra,
        charts,
        h('details', { class: 'log-box card', open: true }, h('summary', {}, 'What happened, step by step'), log),
      ),
    ),
    outputs,
  );
  let exporter = null;
  if (PIPELINES.includes(p)) {
    exporter = new ExportPanel(
      engine,
      p,
      () => engineConfig(p, app.state.settings[p]),
      (msg) => showError(p, null, msg),
    );
    section.append(exporter.el);
  }
  app.sections[p] = { section, form, runBtn, cancelBtn, progress, elapsed, error, diagram, summary, charts, log, extra, outputs, exporter };
  if (p === 'stream') {
    app.replay = new Replay();
    extra.append(app.replay.el);
  }
  if (p === 'time') {
    app.timeReplay = new TimeReplay();
    app.timePicture = h('div', { class: 'et-picture-slot' });
    extra.append(app.timePicture, app.timeReplay.el);
  }
  return section;
}

function field(p, c) {
  const id = `${p}-${c.key}`;
  const scale = c.scale || 1;
  let input;
  if (c.type === 'select' || c.type === 'choice' || c.type === 'bool') {
    input = h(
      'select',
      { id, dataset: { key: c.key } },
      c.options.map(([v, l]) => h('option', { value: String(v) }, l)),
    );
  } else {
    input = h('input', { id, type: 'number', inputmode: 'decimal', step: c.step || 1, min: c.min, max: c.max, dataset: { key: c.key } });
  }
  input.addEventListener('input', () => onSetting(p, c, input, scale));
  input.addEventListener('change', () => onSetting(p, c, input, scale));
  const msg = h('div', { class: 'field-error', testid: `field-error-${p}-${c.key}`, hidden: true, role: 'alert' });
  return h(
    'div',
    { class: 'field', dataset: { key: c.key } },
    h('label', { for: id }, c.label, c.unit ? h('span', { class: 'unit' }, ` (${c.unit})`) : null),
    input,
    msg,
    c.real ? h('p', { class: 'real' }, h('span', { class: 'real-tag' }, 'In real systems'), ' ', c.real) : null,
  );
}

function rulesEditor(p) {
  const id = `${p}-rules`;
  const area = h('textarea', {
    id,
    rows: 6,
    spellcheck: 'false',
    maxlength: 65536,
    dataset: { key: 'rules' },
    testid: 'rules-' + p,
    'aria-describedby': id + '-help',
  });
  const gutter = h('div', { class: 'gutter', 'aria-hidden': 'true' });
  const msg = h('div', { class: 'field-error', testid: `field-error-${p}-rules`, hidden: true, role: 'alert' });
  area.addEventListener('input', () => {
    app.state.settings[p].rules = area.value;
    drawGutter(gutter, area.value, 0);
    settingsChanged(p);
  });
  area.addEventListener('scroll', () => {
    gutter.scrollTop = area.scrollTop;
  });
  const names = h(
    'details',
    { class: 'rule-names' },
    h('summary', {}, 'The rule language, and what real tools call each rule'),
    h(
      'table',
      {},
      h(
        'tbody',
        {},
        RULE_NAMES.map(([rule, real]) => h('tr', {}, h('td', {}, h('code', {}, rule)), h('td', {}, real))),
      ),
    ),
    h(
      'p',
      { class: 'hint' },
      'One rule per line; # starts a comment. Column names with spaces go in double quotes. Rules skip null values, except not null. "warn:" keeps failing rows; "mostly 0.95" passes when 95 % of the non-null rows pass.',
    ),
  );
  const help =
    p === 'stream'
      ? 'Each event is checked as it is processed; failing events are counted as rejected in their micro-batch.'
      : 'Rows that fail a rule go to quarantine (etl_rejected.csv) with the reason.';
  const chips = h('div', { class: 'chips', testid: 'column-chips-' + p });
  return h(
    'div',
    { class: 'field rules', dataset: { key: 'rules' } },
    h('label', { for: id }, p === 'stream' ? 'Event checks' : 'Quality rules'),
    chips,
    h('div', { class: 'editor' }, gutter, area),
    msg,
    h('p', { class: 'hint', id: id + '-help' }, help),
    names,
  );
}

// drawGutter numbers the editor's lines in at most three elements (the
// lines before a marked error line, that line, the lines after), however
// long the text.
function drawGutter(gutter, text, errorLine) {
  clear(gutter);
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  const block = (a, b) => {
    if (a > b) return null;
    const nums = [];
    for (let i = a; i <= b; i++) nums.push(i);
    return h('div', { class: 'nums' }, nums.join('\n'));
  };
  if (errorLine >= 1 && errorLine <= n)
    gutter.append(...[block(1, errorLine - 1), h('div', { class: 'bad' }, String(errorLine)), block(errorLine + 1, n)].filter(Boolean));
  else gutter.append(block(1, n));
}

// ---------- settings ----------

function showSettings(p) {
  const s = app.state.settings[p];
  for (const input of app.sections[p].form.querySelectorAll('[data-key]')) {
    if (input.tagName === 'DIV') continue;
    const key = input.dataset.key;
    if (key === 'rules') {
      input.value = s.rules;
      drawGutter(input.parentElement.querySelector('.gutter'), s.rules, 0);
      continue;
    }
    const c = controlsOf(p).find((x) => x.key === key);
    if (c.type === 'choice' || c.type === 'bool') {
      input.value = String(s[key]);
      continue;
    }
    const v = s[key] * (c.scale || 1);
    input.value = String(Math.round(v * 1e6) / 1e6);
  }
  if (p === 'time') timeKnobs();
}

// notApplicable maps the keys of pattern p's knobs that do not apply to
// settings st to true: the engine ignores them, the page greys them out
// and the printed report leaves them out.
function notApplicable(p, st) {
  if (p !== 'time') return {};
  return {
    'window.sizeMs': st['window.kind'] === 'session',
    'window.periodMs': st['window.kind'] !== 'sliding',
    'window.gapMs': st['window.kind'] !== 'session',
    'watermark.allowedDelayMs': st['watermark.kind'] === 'perfect',
    'watermark.idleMs': st['watermark.kind'] === 'perfect',
    'trigger.lateEveryMs': st['trigger.allowedLatenessMs'] === 0,
    'backpressure.batchSize': !st['backpressure.capacity'],
    'backpressure.perBatchMs': !st['backpressure.capacity'],
    'backpressure.perEventMs': !st['backpressure.capacity'],
    'backpressure.policy': !st['backpressure.capacity'],
  };
}

// knobsOK checks pattern p's settings against the ranges its form shows
// (the engine's ranges, in the form's units), marking each knob out of
// range with what is allowed, before the engine sees them.
function knobsOK(p) {
  const st = app.state.settings[p];
  const na = notApplicable(p, st);
  let ok = true;
  for (const c of controlsOf(p)) {
    if (na[c.key] || !(c.key in st)) continue;
    const msg = knobProblem(c, st[c.key]);
    if (msg) {
      fieldError(p, c.key, msg);
      if (ok) showError(p, c.key, 'Fix the setting marked above: ' + msg);
      ok = false;
    }
  }
  return ok;
}

// timeKnobs shows the event-time knobs that apply to the chosen windows
// and watermark (a session has a gap, not a size; a perfect watermark no
// delay).
function timeKnobs() {
  for (const [key, off] of Object.entries(notApplicable('time', app.state.settings.time))) {
    const f = app.sections.time.form.querySelector(`.field[data-key="${key}"]`);
    if (f) f.classList.toggle('na', off);
  }
}

function onSetting(p, c, input, scale) {
  if (c.type === 'choice' || c.type === 'bool') {
    app.state.settings[p][c.key] = c.type === 'bool' ? input.value === 'true' : input.value;
    if (p === 'time') timeKnobs();
    settingsChanged(p);
    return;
  }
  const raw = input.value.trim();
  const n = raw === '' ? Number.NaN : Number(raw);
  const v = (c.type === 'int' && scale !== 1) || c.type === 'select' ? Math.round(n / scale) : n / scale;
  const msg = knobProblem(c, v);
  if (msg) {
    // Not kept: the link and the runs keep the last good value.
    clearErrors(p);
    fieldError(p, c.key, msg);
    showError(p, c.key, 'Fix the setting marked above: ' + msg);
    setRunnable(p, false);
    clearTimeout(app.timers[p]);
    return;
  }
  app.state.settings[p][c.key] = v;
  settingsChanged(p);
}

function settingsChanged(p) {
  saveHash();
  clearTimeout(app.timers[p]);
  app.timers[p] = setTimeout(async () => {
    if (!(await validate(p))) return;
    if (app.state.settings[p].records <= AUTO_RUN_LIMIT) run(p);
    else showError(p, null, `Press Run to process ${fmt(app.state.settings[p].records)} records.`, 'info');
  }, 350);
}

async function validate(p) {
  clearErrors(p);
  if (!knobsOK(p)) {
    setRunnable(p, false);
    return false;
  }
  try {
    await engine.validate({ pattern: p, config: engineConfig(p, app.state.settings[p]) });
    setRunnable(p, true);
    return true;
  } catch (err) {
    showEngineError(p, err);
    setRunnable(p, err.code === 'cancelled');
    return false;
  }
}

function setRunnable(p, ok) {
  app.sections[p].runBtn.disabled = !ok || !!app.running[p];
}

function fieldError(p, key, message) {
  const el = app.sections[p].form.querySelector(`[data-testid="field-error-${p}-${CSS.escape(key)}"]`);
  if (!el) return false;
  el.textContent = message;
  el.hidden = false;
  el.closest('.field').classList.add('invalid');
  const det = el.closest('details');
  if (det) det.open = true;
  return true;
}

function clearErrors(p) {
  const s = app.sections[p];
  for (const el of s.form.querySelectorAll('.field-error')) {
    el.hidden = true;
    el.textContent = '';
  }
  for (const el of s.form.querySelectorAll('.invalid')) el.classList.remove('invalid');
  s.error.hidden = true;
  s.error.textContent = '';
  s.error.className = 'error';
  const gutter = s.form.querySelector('.gutter');
  if (gutter) drawGutter(gutter, app.state.settings[p].rules || '', 0);
}

function showError(p, _field, message, kind = '') {
  const s = app.sections[p];
  s.error.textContent = message;
  s.error.className = 'error ' + kind;
  s.error.hidden = false;
}

function showEngineError(p, err) {
  if (err.code === 'cancelled') return;
  if (err.code === 'crashed') {
    showError(p, null, 'The engine stopped during this run — most likely it ran out of memory — and has been restarted. Try fewer records.');
    return;
  }
  const key = err.field;
  const knobs = controlsOf(p);
  const message = err.code === 'config' ? learnerMessage(knobs, key, err.message) : err.message;
  // A limit on several knobs together (shares that add up to more than
  // 100 %, two triggers both off) is marked on each knob it names.
  const st = app.state.settings[p];
  let marks = [key];
  if (key === 'faults' || key === 'delay') marks = knobs.filter((c) => c.key.startsWith(key + '.') && c.unit === '%' && st[c.key] > 0).map((c) => c.key);
  else if (key === 'bufferSize' && err.message.includes('lingerMs')) marks = ['bufferSize', 'lingerMs'];
  let placed = false;
  for (const k of marks) if (k && fieldError(p, k, message)) placed = true;
  if (err.line && key === 'rules') {
    const gutter = app.sections[p].form.querySelector('.gutter');
    if (gutter) drawGutter(gutter, app.state.settings[p].rules, err.line);
  }
  showError(p, key, placed ? 'Fix the setting marked above: ' + message : message);
}

let hashTimer = 0;
function saveHash() {
  if (!app.linkRead) return; // start-up writes the link once it has read it
  clearTimeout(hashTimer);
  hashTimer = setTimeout(async () => {
    const gen = app.linkGen;
    const hash = await encodeHash({ ...app.state, run: false, embed: app.state.embed }, app.defaults);
    // A link that changed since the page last read or wrote it is newer
    // than these settings (its hashchange applies it): never overwrite it.
    if (gen !== app.linkGen || location.hash !== app.link) return;
    history.replaceState(null, '', hash || location.pathname + location.search);
    app.link = location.hash;
  }, 200);
}

// ---------- running ----------

// run runs pattern p with its settings; auto marks the runs the page starts
// by itself (on open, after a restart), which do not count as the
// learner's.
async function run(p, auto = false) {
  const s = app.sections[p];
  if (!auto) app.byLearner[p] = true;
  if (app.running[p]) {
    app.again[p] = true; // the newest settings run when this run ends
    return;
  }
  app.again[p] = false;
  const byLearner = app.byLearner[p];
  app.byLearner[p] = false;
  clearTimeout(app.timers[p]);
  clearErrors(p);
  if (!knobsOK(p)) {
    setRunnable(p, false);
    return;
  }
  app.running[p] = true;
  s.runBtn.disabled = true;
  s.cancelBtn.hidden = false;
  s.progress.hidden = false;
  s.section.classList.add('busy');
  const t0 = performance.now();
  const done = [];
  const tick = setInterval(() => {
    s.elapsed.textContent = `${fmtMs(performance.now() - t0)}${done.length ? ' · done: ' + done.join(', ') : ''}`;
  }, 100);
  try {
    const res = await engine.run({ pattern: p, config: engineConfig(p, app.state.settings[p]) }, (step) => done.push(step));
    app.results[p] = res;
    await render(p, res);
    if (byLearner) learnerRan(p);
    s.elapsed.textContent = `done in ${fmtMs(performance.now() - t0)}`;
    if (p === app.state.pattern) firstResult();
  } catch (err) {
    s.elapsed.textContent = '';
    showEngineError(p, err);
  } finally {
    clearInterval(tick);
    app.running[p] = false;
    s.cancelBtn.hidden = true;
    s.progress.hidden = true;
    s.section.classList.remove('busy');
    // A setting marked wrong while this run went on keeps Run off.
    s.runBtn.disabled = !!s.form.querySelector('.field.invalid');
    // Run was disabled while it ran, so the keyboard's focus fell to the
    // page: give it back. (Not after the page's own runs: nothing of the
    // learner's had focus, and focus() lays the page out at once.)
    if (!auto && !s.section.hidden && (document.activeElement === document.body || document.activeElement === null)) s.runBtn.focus({ preventScroll: true });
    if (app.again[p]) run(p, true);
  }
}

// learnerRan notes that the learner ran p; once each pattern has run, a
// learning platform hears that the lesson is completed.
function learnerRan(p) {
  app.learnerRan.add(p);
  if (app.lms && PIPELINES.every((q) => app.learnerRan.has(q))) app.lms.completed();
}

// cancel stops the engine (a run cannot be interrupted inside it) and
// starts a new one; onRestarted rebuilds or clears what the old one held.
async function cancel(p) {
  app.cancelled = p;
  for (const q of PATTERNS) app.again[q] = false;
  setStatus('Cancelled. Restarting the engine…', 'busy');
  try {
    await engine.restart('cancelled');
  } catch (err) {
    if (err.code !== 'cancelled') setStatus('The engine could not restart: ' + err.message + ' Reload the page.', 'bad');
    return; // a newer restart has taken over
  }
  setStatus('Engine ready.', 'ok');
}

// clearResults removes a pattern's results from the page, with a note: the
// engine that held its tables is gone.
function clearResults(p, note) {
  const s = app.sections[p];
  app.results[p] = null;
  delete app.views[p];
  for (const el of [s.summary, s.charts, s.diagram, s.log, s.outputs]) clear(el);
  if (p === 'stream') app.replay.clear();
  if (p === 'time') {
    app.timeReplay.clear();
    clear(app.timePicture);
  }
  s.elapsed.textContent = '';
  showError(p, null, note, 'info');
}

// onRestarted: a new engine holds nothing. Results of small runs are
// rebuilt; the cancelled run, the run that was going when the engine
// crashed, and large runs are cleared with a note; a loaded file must be
// loaded again.
function onRestarted(reason, ready) {
  if (!app.state) return; // still starting: nothing shown yet
  const culprit = reason === 'cancelled' ? app.cancelled : null;
  const wasRunning = PATTERNS.filter((q) => app.running[q]);
  if (reason === 'crashed')
    setStatus(
      'The engine stopped while working — most likely it ran out of memory — and has been restarted. Results it held are being rebuilt or were cleared.',
      'bad',
    );
  for (const q of PATTERNS) {
    if (q === culprit || (reason === 'crashed' && wasRunning.includes(q))) {
      clearResults(
        q,
        reason === 'cancelled'
          ? 'Cancelled. Its results were cleared; press Run to run it again.'
          : 'The engine stopped during this run and was restarted. Try fewer records, then press Run.',
      );
    } else if (app.results[q] && app.state.settings[q].records > AUTO_RUN_LIMIT) {
      clearResults(q, 'The engine restarted, so these results were cleared: press Run to run them again.');
    }
  }
  app.data.engineRestarted(reason);
  ready.then(
    () => {
      if (reason === 'crashed') setStatus('Engine ready again after a restart: it stopped while working, most likely out of memory.', 'bad');
      for (const q of PATTERNS) if (app.results[q] && !app.running[q]) run(q, true);
    },
    () => {},
  );
}

// ---------- results ----------

function metric(label, value, testid, note) {
  return h(
    'div',
    { class: 'metric' },
    h('div', { class: 'metric-value', testid }, value),
    h('div', { class: 'metric-label' }, label),
    note ? h('div', { class: 'metric-note' }, note) : null,
  );
}

function drawLog(p, steps) {
  const log = app.sections[p].log;
  clear(log);
  for (const st of steps) {
    log.append(
      h(
        'li',
        {},
        h('strong', {}, st.name),
        ` — ${fmt(st.in)} in, ${fmt(st.out)} out`,
        st.rejected ? `, ${fmt(st.rejected)} ${p === 'batch' ? 'filtered' : 'rejected'}` : '',
        ` (${st.durationMs.toFixed(1)} ms)`,
        st.notes.length
          ? h(
              'ul',
              {},
              st.notes.map((n) => h('li', {}, n)),
            )
          : null,
      ),
    );
  }
}

function drawOutputs(out, tables, p) {
  clear(out);
  const tabs = h('div', { class: 'tabs', role: 'tablist', 'aria-label': 'Output tables' });
  tabKeys(tabs, (tab) => tab.click());
  const holder = h('div', { class: 'table-holder' });
  const downloads = h('div', { class: 'downloads' }, h('span', { class: 'downloads-label' }, 'Download:'));
  const guard = h('input', { type: 'checkbox', id: p + '-guard' });
  const show = (info, btn) => {
    for (const b of tabs.children) {
      b.setAttribute('aria-selected', String(b === btn));
      b.tabIndex = b === btn ? 0 : -1;
    }
    clear(holder);
    const view = new TableView(engine, info, { onError: (err) => (p === 'data' ? app.data.showError(err.message) : showError(p, null, err.message)) });
    app.views[p] = view;
    holder.append(
      h(
        'p',
        { class: 'table-caption' },
        `${info.file} — ${fmt(info.rows)} rows × ${info.columns.length} columns. Scroll to page through; click a header to sort.`,
      ),
      view.el,
    );
    view.render();
  };
  tables.forEach((info, i) => {
    const btn = h(
      'button',
      { type: 'button', role: 'tab', class: 'tab', testid: 'tab-' + info.name, onclick: () => show(info, btn) },
      info.file,
      h('span', { class: 'count' }, fmt(info.rows)),
    );
    tabs.append(btn);
    downloads.append(
      h('button', { type: 'button', class: 'download', testid: 'download-' + info.name, onclick: () => saveCSV(p, info, guard.checked) }, '⬇ ', info.file),
    );
    if (i === 0) queueMicrotask(() => show(info, btn));
  });
  downloads.append(
    h(
      'label',
      { class: 'guard', title: 'Prefix text cells and column names that start with = + - @ with an apostrophe, so spreadsheets do not run them as formulas' },
      guard,
      ' spreadsheet-safe',
    ),
  );
  if (p === 'data')
    downloads.append(
      h(
        'span',
        { class: 'hint guard-note' },
        'Off: the clean file keeps your cells as they are. Turn it on before opening a file from an unknown source in a spreadsheet (cells such as =HYPERLINK(…) then stay text).',
      ),
    );
  out.append(h('h3', {}, 'Outputs'), downloads, tabs, holder);
}

async function saveCSV(p, info, guard) {
  try {
    const res = await engine.csv({ table: info.name, formulaGuard: guard });
    download(res.parts, res.file);
  } catch (err) {
    if (err.code === 'cancelled') return;
    if (p === 'data') app.data.showError('Download failed: ' + err.message);
    else showError(p, null, 'Download failed: ' + err.message);
  }
}

async function render(p, r) {
  const s = app.sections[p];
  clear(s.summary);
  clear(s.charts);
  if (p === 'batch') renderBatch(s, r);
  if (p === 'stream') await renderStream(s, r);
  if (p === 'etl') renderETL(s, r);
  if (p === 'compare') renderCompare(s, r);
  if (p === 'time') await renderTime(s, r);
  if (p === 'stream' || p === 'batch' || p === 'time') drawSweeps(p, r);
  app.overview.update(p, r);
  drawLog(p, r.steps || []);
  drawOutputs(s.outputs, r.tables, p);
  if (s.exporter) s.exporter.update();
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
function windowText(st) {
  const per = st.keyBy ? ` per ${st.keyBy}` : ', global';
  if (st['window.kind'] === 'sliding') return `sliding ${fmtMs(st['window.sizeMs'])} every ${fmtMs(st['window.periodMs'])}${per}`;
  if (st['window.kind'] === 'session') return `sessions, gap ${fmtMs(st['window.gapMs'])}${per}`;
  return `tumbling ${fmtMs(st['window.sizeMs'])}${per}`;
}

async function renderTime(s, r) {
  const st = r.settings;
  const dropWord = st['trigger.deadLetter'] ? 'dead letter' : 'dropped';
  const nodes = [
    {
      id: 'time-source',
      title: 'Orders',
      count: fmt(r.events),
      detail: `one every ${fmtMs(st.intervalMs)}; ${r.maxDelayMs ? `up to ${fmtMs(r.maxDelayMs)} late` : 'no delay'}`,
      kind: 'source',
    },
  ];
  if (r.queue)
    nodes.push({
      id: 'time-queue',
      title: 'Bounded queue',
      count: `${fmt(r.queueBatches)} batches`,
      detail: `capacity ${fmt(st['backpressure.capacity'])}, ${st['backpressure.policy'].replace('_', ' ')}`,
      kind: 'buffer',
    });
  nodes.push(
    { id: 'time-windows', title: 'Windows', count: `${fmt(r.windows)} windows`, detail: windowText(st) },
    {
      id: 'time-watermark',
      title: 'Watermark',
      count: st['watermark.kind'] === 'perfect' ? 'perfect' : `${fmtMs(st['watermark.allowedDelayMs'])} behind`,
      detail: `lateness allowed: ${fmtMs(st['trigger.allowedLatenessMs'])}`,
      kind: 'quality',
    },
    {
      id: 'time-panes',
      title: 'Panes',
      count: fmt(r.panes),
      detail: `${fmt(r.earlyPanes)} early · ${fmt(r.onTimePanes)} on time · ${fmt(r.latePanes)} late`,
      kind: 'target',
    },
  );
  clear(s.diagram).append(
    pipeline(nodes, {
      reject: {
        id: 'time-drop',
        title: st['trigger.deadLetter'] ? 'Dead letter' : 'Dropped',
        count: fmt(r.droppedRows),
        detail: `later than the allowed lateness; event_time_${st['trigger.deadLetter'] ? 'dead_letter' : 'dropped'}.csv`,
        offset: 40,
      },
      testid: 'pipeline-time',
    }),
  );
  s.summary.append(
    metric('events', fmt(r.events), 'time-events'),
    metric('on time', fmt(r.onTime), 'time-on-time', 'arrived before the watermark passed their window'),
    metric('late but counted', fmt(r.late), 'time-late', 'within the allowed lateness: a late pane corrected the window'),
    metric(
      dropWord,
      fmt(r.dropped),
      'time-dropped',
      r.partlyDropped ? `${fmt(r.partlyDropped)} more dropped from some of their windows` : 'later than the allowed lateness',
    ),
    metric('panes fired', fmt(r.panes), 'time-panes', `${fmt(r.earlyPanes)} early · ${fmt(r.onTimePanes)} on time · ${fmt(r.latePanes)} late`),
    metric(
      'complete on time',
      `${(Math.round(r.completeness * 1000) / 10).toFixed(1)} %`,
      'time-completeness',
      `of the events were in their window’s on-time pane; ${fmt(r.completeWindows)} of ${fmt(r.windows)} windows complete`,
    ),
    metric('result latency, p95', fmtMs(r.onTimeLatency.p95Ms), 'time-latency', `on-time pane after its window’s end: p50 ${fmtMs(r.onTimeLatency.p50Ms)}`),
    metric('windows corrected late', fmt(r.corrections), 'time-corrections'),
  );
  if (r.queueDropped || r.queue)
    s.summary.append(metric('lost by the queue', fmt(r.queueDropped), 'time-queue-lost', `blocked ${fmtMs(r.blockedMs)}, deepest ${fmt(r.maxQueueDepth)}`));
  clear(app.timePicture);
  app.timeReplay.clear();
  if (r.picture) {
    const pic = picture(r);
    app.timePicture.append(pic.el);
    app.timeReplay.attach(pic);
    app.timeReplay.panes = r.paneList;
    app.timeReplay.el.hidden = false;
    try {
      const rep = await engine.replay({ pattern: 'time', limit: 20000 });
      app.timeReplay.load(rep);
      app.timeReplay.finish();
    } catch (err) {
      if (err.code !== 'cancelled') showError('time', null, 'Replay unavailable: ' + err.message);
    }
  } else {
    app.timeReplay.el.hidden = true;
    app.timePicture.append(
      h(
        'p',
        { class: 'hint card', testid: 'time-picture-none' },
        `${fmt(r.events)} events are too many to draw one by one (the picture shows up to 3,000): the tables below have every event and pane.`,
      ),
    );
  }
  s.charts.append(processingPanel(r));
  if (r.queue) {
    s.charts.append(
      queueChart(r.queue, {
        title: 'The queue in front of the consumer: events waiting over processing time',
        testid: 'time-queue-chart',
        figures: queueFigures(
          { blocked: r.blocked, blockedMs: r.blockedMs, dropped: r.queueDropped, maxDepth: r.maxQueueDepth, batches: r.queueBatches },
          'time',
        ),
      }),
    );
  }
}

// drawStreamQueue adds the Streaming tab's backpressure card: the
// stream's arrivals through a bounded queue in front of a slow consumer
// (the engine's queue method), with its own knobs.
function drawStreamQueue(s, r) {
  const st = r.settings;
  // The knobs live in the stream's settings (the page's own: see
  // PAGE_SETTINGS), so that a link carries them: s.qc, s.qpb, s.qpe, s.qp.
  // (Read at each use: a link or a preset replaces the settings object.)
  const knob = (name) => app.state.settings.stream['backpressure.' + name];
  const setKnob = (name, v) => {
    app.state.settings.stream['backpressure.' + name] = v;
    saveHash();
    go();
  };
  const out = h('div', { class: 'queue-out' });
  // The ranges are the engine's (core.BackpressureConfig); a value out of
  // range is said, never changed behind the learner's back.
  const num = (key, label, unit, min, max) => {
    const id = 'stream-q-' + key;
    const c = { key, label, unit, type: 'int', min, max };
    const msg = h('div', { class: 'field-error', testid: 'stream-queue-error-' + key, hidden: true, role: 'alert' });
    const input = h('input', {
      id,
      type: 'number',
      min,
      max,
      step: 1,
      value: knob(key),
      testid: 'stream-queue-' + key,
      onchange: () => {
        const raw = input.value.trim();
        const v = raw === '' ? Number.NaN : Number(raw);
        const problem = knobProblem(c, v);
        msg.textContent = problem;
        msg.hidden = !problem;
        input.closest('.field').classList.toggle('invalid', !!problem);
        if (!problem) setKnob(key, v);
      },
    });
    return h('div', { class: 'field' }, h('label', { for: id }, label, h('span', { class: 'unit' }, ` (${unit})`)), input, msg);
  };
  const policy = h(
    'select',
    { id: 'stream-q-policy', testid: 'stream-queue-policy', onchange: () => setKnob('policy', policy.value) },
    [
      ['block', 'the producer blocks'],
      ['drop_oldest', 'drop the oldest'],
      ['drop_newest', 'drop the arriving event'],
    ].map(([v, l]) => h('option', { value: v, selected: v === knob('policy') }, l)),
  );
  let seq = 0; // the newest answer asked for: an older one never replaces it
  const go = async () => {
    const mine = ++seq;
    try {
      const q = await engine.queue({
        config: st,
        capacity: knob('capacity'),
        batchSize: st.bufferSize || 10,
        perBatchMs: knob('perBatchMs'),
        perEventMs: knob('perEventMs'),
        policy: knob('policy'),
      });
      if (mine !== seq) return;
      const w = q.wait;
      clear(out).append(
        queueChart(q.chart, {
          title: `Queue depth while ${fmt(q.events)} events arrive`,
          testid: 'stream-queue-chart',
          start: null,
          figures: [
            ...queueFigures(q, 'stream'),
            ['ms from arrival to processed, median (the wait in the queue and the batch’s own time)', fmt(w.p50Ms), 'stream-queue-wait-p50'],
            ['ms from arrival to processed, 95th percentile', fmt(w.p95Ms), 'stream-queue-wait-p95'],
            ['ms from arrival to processed, at most', fmt(w.maxMs), 'stream-queue-wait-max'],
          ],
        }),
        h(
          'p',
          { class: 'downloads' },
          q.tables.map((info) =>
            h(
              'button',
              { type: 'button', class: 'secondary', testid: 'download-' + info.name, onclick: () => saveCSV('stream', info, false) },
              `Download ${info.name === 'stream_queue_dropped' ? `the ${fmt(info.rows)} lost events` : 'the queue depth'} (${info.file})`,
            ),
          ),
        ),
      );
    } catch (err) {
      if (mine === seq && err.code !== 'cancelled')
        clear(out).append(h('p', { class: 'field-error', role: 'alert', testid: 'stream-queue-error' }, err.message));
    }
  };
  s.charts.append(
    h(
      'section',
      { class: 'card stream-queue', testid: 'stream-queue', 'aria-label': 'Backpressure' },
      h('h3', {}, 'Backpressure: when the consumer cannot keep up'),
      h(
        'p',
        { class: 'hint' },
        `The consumer takes up to ${fmt(st.bufferSize || 10)} waiting events at a time (the buffer size) and needs time per batch and per event; the queue between holds a limited number. Full queue: the producer waits, or events are lost.`,
      ),
      h(
        'div',
        { class: 'fields queue-knobs' },
        num('capacity', 'Queue capacity', 'events', 1, 1000000),
        num('perBatchMs', 'Time per batch', 'ms', 0, 3600000),
        num('perEventMs', 'Time per event', 'ms', 0, 60000),
        h('div', { class: 'field' }, h('label', { for: 'stream-q-policy' }, 'When full'), policy),
      ),
      h(
        'p',
        { class: 'real' },
        h('span', { class: 'real-tag' }, 'In real systems'),
        ' Kafka’s producer buffers up to buffer.memory bytes and blocks send() up to max.block.ms when it is full; Flink slows its sources through credit-based flow control; Reactor and RxJava choose onBackpressureBuffer, Drop or Latest.',
      ),
      out,
    ),
  );
  go();
}

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

// ---------- the printed report ----------

// settingText writes a setting as its control shows it.
function settingText(c, v) {
  if (c.type === 'select') {
    const opt = c.options.find(([x]) => x === Math.round(v * (c.scale || 1)));
    return opt ? opt[1] : String(v);
  }
  if (c.type === 'choice' || c.type === 'bool') {
    const opt = c.options.find(([x]) => x === v);
    return opt ? opt[1] : String(v);
  }
  const shown = Math.round(v * (c.scale || 1) * 1e6) / 1e6;
  return `${fmt(shown)}${c.unit ? ' ' + c.unit : ''}`;
}

// printReport lays the pattern out as a report a learner can hand in —
// title, date, version, every setting and the link that restores them, the
// summary, the diagram, rule results with samples, the first rows of each
// output — and prints it. The print style sheet hides the controls.
async function printReport(p) {
  const s = app.sections[p];
  const head = s.section.querySelector('.print-head');
  const settings = app.state.settings[p];
  const na = notApplicable(p, settings);
  const rows = controlsOf(p)
    .filter((c) => !na[c.key])
    .map((c) => h('tr', {}, h('th', { scope: 'row' }, c.label), h('td', {}, settingText(c, settings[c.key]))));
  if (settings.rules !== undefined)
    rows.push(h('tr', {}, h('th', { scope: 'row' }, p === 'stream' ? 'Event checks' : 'Quality rules'), h('td', {}, h('pre', {}, settings.rules || '(none)'))));
  const link = await shareURL({ run: true, embed: false });
  clear(head).append(
    h(
      'p',
      { class: 'print-meta' },
      `Ingestion Playground report — ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC — engine ${app.defaults.version}`,
    ),
    h('table', { class: 'print-settings' }, h('tbody', {}, rows)),
    h('p', { class: 'print-link' }, 'Reproduce this run: ', h('code', {}, link)),
  );
  const tables = h('div', { class: 'print-only print-tables', testid: 'print-tables-' + p });
  if (app.results[p]) {
    for (const info of app.results[p].tables) {
      try {
        const res = await engine.rows({ table: info.name, limit: 8 });
        const cols = Math.min(info.columns.length, 9); // what fits across a page
        tables.append(
          h(
            'h4',
            {},
            `${info.file} — first ${res.rows.length} of ${fmt(info.rows)} rows${cols < info.columns.length ? `, ${cols} of ${info.columns.length} columns` : ''}`,
          ),
          h(
            'table',
            { class: 'print-rows' },
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                h('th', {}, '#'),
                info.columns.slice(0, cols).map((c) => h('th', {}, c.name)),
              ),
            ),
            h(
              'tbody',
              {},
              res.rows.map((r) =>
                h(
                  'tr',
                  {},
                  r.slice(0, cols + 1).map((v) => h('td', {}, v === null ? 'null' : String(v))),
                ),
              ),
            ),
          ),
        );
      } catch (err) {
        tables.append(h('p', {}, `${info.file}: ${err.message}`));
      }
    }
  }
  s.section.querySelector('.print-tables')?.remove();
  s.outputs.before(tables);
  const closed = [...s.section.querySelectorAll('details:not([open])')];
  for (const d of closed) d.open = true; // samples and the step log print open
  window.addEventListener(
    'afterprint',
    () => {
      for (const d of closed) d.open = false;
    },
    { once: true },
  );
  window.print();
}

// ---------- links, embed, presets ----------

// copyText copies text, or shows it to copy by hand; it says which.
async function copyText(text, what) {
  try {
    await navigator.clipboard.writeText(text);
    setStatus(`${what} copied.`, 'ok');
    return true;
  } catch {
    // Clipboard refused (e.g. an iframe without permission): show it to copy by hand.
    const box = $('[data-testid="share-text"]');
    box.value = text;
    box.hidden = false;
    box.select();
    setStatus(`Select and copy the ${what.toLowerCase()} below.`, 'ok');
    return false;
  }
}

// LONG_LINK is the length past which many learning platforms, chat apps
// and mail programs cut a link (or refuse it).
const LONG_LINK = 2000;
const SETTINGS_FILE = 'playground-settings.txt';
const SETTINGS_MAX = 1 << 20; // a settings file is a link's hash: far below this

// copyLink copies the link to this setup; a link too long to travel
// safely is copied all the same, with a warning and the way that fits.
async function copyLink() {
  const url = await shareURL({ run: true, embed: false });
  const copied = await copyText(url, 'Link');
  if (url.length <= LONG_LINK) return;
  setStatus(
    `${copied ? 'Link copied, but it' : 'The link below'} is ${fmt(url.length)} characters long: many learning platforms and chat apps cut links longer than ${fmt(LONG_LINK)} characters, and a cut link loses settings. To share this setup, press Download settings and send the file (${SETTINGS_FILE}); Open settings… applies it.`,
    'warn',
  );
}

// downloadSettings saves the setup as a small text file: the link's hash,
// which Open settings… reads back the way a link is read.
async function downloadSettings() {
  const hash = await encodeHash({ ...app.state, run: true, embed: false }, app.defaults);
  download([hash + '\n'], SETTINGS_FILE, 'text/plain;charset=utf-8');
  setStatus(`Settings saved as ${SETTINGS_FILE}: open it here with Open settings… to get this setup back.`, 'ok');
}

// openSettings applies a settings file (or a text file holding a link):
// the same reader and the same checks as a link, the same messages.
async function openSettings(file) {
  if (!file) return;
  if (file.size > SETTINGS_MAX) {
    setStatus(`${file.name} is ${fmt(file.size)} bytes: too big for a settings file (the text of a link). Nothing was changed.`, 'bad');
    return;
  }
  let text;
  try {
    text = (await file.text()).trim();
  } catch (err) {
    setStatus(`${file.name} cannot be read (${err.message}). Nothing was changed.`, 'bad');
    return;
  }
  const at = text.indexOf('#');
  const hash = at >= 0 ? text.slice(at) : text;
  if (!hash.replace(/^#/, '')) {
    setStatus(`${file.name} holds no settings (a settings file holds a link's part after #). Nothing was changed.`, 'bad');
    return;
  }
  const state = await decodeHash(hash, app.defaults);
  app.linkGen++;
  useState(state, 'settings file', `Settings opened from ${file.name}.`);
  saveHash(); // the address follows the settings, as it does for any change
}

async function shareURL(extra) {
  const hash = await encodeHash({ ...app.state, ...extra }, app.defaults);
  return location.href.split('#')[0] + hash; // (a page opened from disk has no origin to build on)
}

// openEmbedDialog lets a teacher choose what an embed shows — the pattern,
// its knobs, autorun, theme, and whether it sizes itself — and gives the
// code to paste into a course page.
function openEmbedDialog() {
  const pattern = h(
    'select',
    { testid: 'embed-pattern', 'aria-label': 'Pattern' },
    [...PATTERNS, 'data'].map((p) => h('option', { value: p, selected: p === app.state.pattern }, p === 'data' ? 'Your data' : TITLES[p])),
  );
  const knobs = h('fieldset', { class: 'embed-knobs' });
  const autorun = h('input', { type: 'checkbox', checked: true, testid: 'embed-autorun' });
  const theme = h(
    'select',
    { testid: 'embed-theme', 'aria-label': 'Theme' },
    [
      ['', 'as the visitor’s system'],
      ['light', 'light'],
      ['dark', 'dark'],
    ].map(([v, l]) => h('option', { value: v }, l)),
  );
  const fit = h(
    'select',
    { testid: 'embed-height', 'aria-label': 'Height' },
    [
      ['fit', 'fits its content (Canvas, or the script below)'],
      ['fixed', 'fixed at 760 px'],
    ].map(([v, l]) => h('option', { value: v }, l)),
  );
  const code = h('textarea', { rows: 8, readonly: true, testid: 'embed-code', 'aria-label': 'Embed code' });
  const drawKnobs = () => {
    clear(knobs).append(h('legend', {}, 'Settings the learner sees'));
    const p = pattern.value;
    if (p === 'data') return;
    const all = [...controlsOf(p), ...(p !== 'stream' && p !== 'etl' ? [] : [{ key: 'rules', label: p === 'stream' ? 'Event checks' : 'Quality rules' }])];
    for (const c of all) {
      const box = h('input', { type: 'checkbox', checked: true, dataset: { short: SHORT[c.key] || c.key }, testid: 'embed-knob-' + (SHORT[c.key] || c.key) });
      box.addEventListener('change', render);
      knobs.append(h('label', { class: 'check' }, box, ' ', c.label));
    }
  };
  async function render() {
    const boxes = [...knobs.querySelectorAll('input[type=checkbox]')];
    const show = boxes.every((b) => b.checked) ? null : boxes.filter((b) => b.checked).map((b) => b.dataset.short);
    const url = await shareURL({ pattern: pattern.value, run: autorun.checked, embed: true, show, theme: theme.value });
    const title = pattern.value === 'data' ? 'Your data' : TITLES[pattern.value];
    const frame = `<iframe src="${url.replace(/"/g, '&quot;')}" title="Ingestion playground: ${title}" width="100%" height="760" style="border:0" loading="lazy"${fit.value === 'fit' ? ' data-ingestion-playground' : ''}></iframe>`;
    code.value = fit.value === 'fit' ? frame + '\n' + hostScript : frame;
  }
  pattern.addEventListener('change', () => {
    drawKnobs();
    render();
  });
  for (const el of [autorun, theme, fit]) el.addEventListener('change', render);
  const dialog = h(
    'dialog',
    { class: 'embed-dialog', testid: 'embed-dialog', 'aria-labelledby': 'embed-title' },
    h('h2', { id: 'embed-title' }, 'Embed in a course page'),
    h(
      'div',
      { class: 'embed-form' },
      h('label', {}, 'Pattern ', pattern),
      knobs,
      h('label', { class: 'check' }, autorun, ' run on open'),
      h('label', {}, 'Theme ', theme),
      h('label', {}, 'Height ', fit),
    ),
    h(
      'p',
      { class: 'hint' },
      'Paste this into the page. With “fits its content” the frame grows and shrinks with the playground: Canvas does it by itself; other sites need the script below the frame (once per page).',
    ),
    code,
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'button', class: 'primary', testid: 'embed-copy', onclick: () => copyText(code.value, 'Embed code') }, 'Copy'),
      h('button', { type: 'button', class: 'secondary', onclick: () => dialog.close() }, 'Close'),
    ),
  );
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  drawKnobs();
  render();
  dialog.showModal();
}

// ---------- exercises ----------

// startExercise opens a built-in exercise: its setup (as a preset), its
// tab, and its card; the link carries it (ex=<id>).
function startExercise(id) {
  const ex = EXERCISES.find((x) => x.id === id);
  if (!ex) return;
  app.state.exercise = { id };
  applySetup(ex.settings, ex.pattern);
  showExercise();
}

// exerciseSetup puts a built-in exercise's setup and tab into a state read
// from a link (ex=<id> alone is enough).
function exerciseSetup(state) {
  const ex = state.exercise?.id && EXERCISES.find((x) => x.id === state.exercise.id);
  if (!ex) return;
  for (const p of PATTERNS) state.settings[p] = { ...state.settings[p], ...(ex.settings[p] || {}) };
  state.pattern = ex.pattern;
}

// showExercise shows the link's exercise, if any, at the top of its tab.
function showExercise() {
  if (app.exerciseEl) app.exerciseEl.remove();
  app.exerciseEl = null;
  const st = app.state.exercise;
  if (!st) return;
  let ex = st.id ? EXERCISES.find((x) => x.id === st.id) : null;
  if (st.id && !ex) {
    app.state.problems.push(`unknown exercise "${st.id}" in the link`);
    return;
  }
  if (ex) ex = { ...ex, builtIn: true };
  else {
    if (!st.question || !(st.figure || (st.choices && st.expected !== undefined))) {
      app.state.problems.push('the exercise in the link needs a question (q) and the figure that answers it (qf), or choices (qc) and the answer (qv)');
      return;
    }
    ex = { ...st, pattern: app.state.pattern };
  }
  const p = ex.pattern;
  const card = exerciseCard(ex, {
    engine,
    result: async () => {
      for (let i = 0; i < 1200 && (app.running[p] || !app.results[p]); i++) await new Promise((r) => setTimeout(r, 50));
      if (!app.results[p]) throw new Error('the setup has not run: press Run');
      return app.results[p];
    },
    figureText: (testid) => {
      const el = document.querySelector(`[data-testid="${CSS.escape(testid)}"]`);
      if (!el) throw new Error(`this page shows no figure "${testid}"`);
      return el.textContent;
    },
    onClose: () => {
      app.state.exercise = null;
      showExercise();
      saveHash();
    },
    onRight: (done) => {
      if (app.lms) app.lms.score(Math.round((100 * [...done].filter((id) => EXERCISES.some((e) => e.id === id)).length) / EXERCISES.length));
    },
  });
  app.exerciseEl = card;
  const section = app.sections[p] ? app.sections[p].section : app.data.section;
  section.querySelector('.pattern-head').after(card);
}

function applyPreset(id) {
  const preset = PRESETS.find((x) => x.id === id);
  if (!preset) return;
  setStatus(`Preset: ${preset.name}. ${preset.text}`, 'ok');
  applySetup(preset.settings, preset.pattern);
}

// applySetup sets every pattern to its defaults plus settings, opens
// pattern's tab, keeps the setup in the link and runs what is small enough
// (and the open pattern).
function applySetup(settings, pattern) {
  for (const p of PATTERNS) app.state.settings[p] = { ...app.defaults[p], ...(settings[p] || {}) };
  showTab(pattern);
  for (const p of PATTERNS) {
    showSettings(p);
    clearErrors(p);
  }
  saveHash();
  for (const p of PATTERNS) {
    if (app.state.settings[p].records <= AUTO_RUN_LIMIT || p === pattern) run(p);
  }
}

const TABS = [...PATTERNS, 'data'];

function showTab(p) {
  app.state.pattern = p;
  for (const q of TABS) {
    const section = q === 'data' ? app.data.section : app.sections[q].section;
    section.hidden = q !== p;
    if (q === p && app.sweepLater[q]) {
      const go = app.sweepLater[q];
      delete app.sweepLater[q];
      go();
    }
    if (q === 'stream' && app.replay) {
      if (q === p) app.replay.shown();
      else app.replay.hidden();
    }
    if (q === 'time' && app.timeReplay) {
      if (q === p) app.timeReplay.shown();
      else app.timeReplay.hidden();
    }
    const tab = $(`[data-testid="nav-${q}"]`);
    tab.setAttribute('aria-selected', String(q === p));
    tab.tabIndex = q === p ? 0 : -1;
  }
  saveHash();
}

// tabKeys gives a tab strip the keys of the WAI-ARIA tabs pattern: arrow
// keys move to the previous or next tab, Home and End to the first and
// last; the tab is chosen as it gets focus.
function tabKeys(list, choose) {
  list.addEventListener('keydown', (e) => {
    const tabs = [...list.querySelectorAll('[role="tab"]')];
    const at = tabs.indexOf(document.activeElement);
    if (at < 0) return;
    const next = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: tabs.length - 1 }[e.key];
    if (next === undefined) return;
    e.preventDefault();
    const tab = tabs[(next + tabs.length) % tabs.length];
    tab.focus();
    choose(tab);
  });
}

// ---------- start ----------

// applyLook applies the link's theme and, in embed mode, the embed layout
// (only the chosen pattern's knobs that show= names) and height reports.
function applyLook() {
  document.documentElement.dataset.theme = app.state.theme || '';
  if (!app.state.embed) return;
  document.body.classList.add('embed');
  app.overview.el.hidden = true;
  checkShow(app.state);
  for (const p of PATTERNS) applyEmbed(app.sections[p].section, p === app.state.pattern ? app.state.show : null);
  if (!app.heightReported) {
    app.heightReported = true;
    reportHeight();
  }
}

// checkShow drops from state.show the settings that are not the shown
// tab's (show=bs on the Event time tab), saying so: with none of the
// tab's own left, the embed shows every setting rather than none.
function checkShow(state) {
  const p = state.pattern;
  if (!state.show || !PATTERNS.includes(p) || state.showChecked) return;
  state.showChecked = true;
  const own = new Set(controlsOf(p).map((c) => SHORT[c.key] || c.key));
  if (p === 'stream' || p === 'etl') own.add(SHORT.rules);
  const other = state.show.filter((k) => !own.has(k));
  if (!other.length) return;
  const mine = state.show.filter((k) => own.has(k));
  const list = other
    .slice(0, 3)
    .map((k) => `“${k}”`)
    .join(', ');
  state.problems.push(
    `${list}${other.length > 3 ? '…' : ''} in "show" ${other.length > 1 ? 'are not settings' : 'is not a setting'} of the ${TITLES[p]} tab` +
      (mine.length ? '' : ', so the embed shows every setting'),
  );
  state.show = mine.length ? mine : null;
}

// applyHash makes the page follow a link that changed (a learner edited the
// address, or a course page moved its iframe to another setup).
async function applyHash() {
  const hash = location.hash;
  if (hash === app.link) return; // the link the page last read or wrote
  app.linkGen++;
  const expected = await encodeHash({ ...app.state, run: false }, app.defaults);
  // Each await may see a newer link arrive: its own hashchange applies it.
  if (location.hash !== hash) return;
  if (hash === expected) {
    app.link = hash; // the page's settings are the link's already
    return;
  }
  const state = await decodeHash(hash, app.defaults);
  if (location.hash !== hash) return;
  app.link = hash;
  useState(state, 'link');
}

// useState puts a state read from a link (or a settings file) on the page
// and runs it; what could not be read is said.
async function useState(state, from, done = '') {
  app.state = state;
  exerciseSetup(app.state);
  applyLook();
  for (const p of PATTERNS) showSettings(p);
  showTab(app.state.pattern);
  showExercise();
  if (app.state.problems.length) setStatus(`Part of the ${from} was ignored: ` + app.state.problems.join('; ') + '.', 'bad');
  else if (done) setStatus(done, 'ok');
  for (const p of PATTERNS) if (await validate(p)) run(p, true);
}

// firstResult marks the moment the tab on screen first shows what it is
// for (its result; the page ready, for a tab with nothing to run at
// start): the browser benchmark measures start-up to it. A second mark
// follows once the browser has laid that out and painted it (a task after
// the next frame): the moment the learner sees it.
function firstResult() {
  if (app.firstResult) return;
  app.firstResult = true;
  performance.mark('first-result');
  requestAnimationFrame(() => setTimeout(() => performance.mark('first-result-painted'), 0));
}

async function main() {
  window.__ingestStarted = true; // the modules loaded: boot.js need not explain why not
  app.lms = connectLMS();
  // Listen from the first moment: a link changed before start-up has read
  // the first one is applied as soon as it has; later ones at once, even
  // while start-up is still running the other tabs.
  window.addEventListener('hashchange', () => {
    if (app.linkRead) applyHash();
    else app.pendingHash = location.hash;
  });
  const main = $('main');
  app.overview = buildOverview((p) => {
    if (app.state) {
      showTab(p);
      $(`[data-testid="nav-${p}"]`).focus();
    }
  });
  main.append(app.overview.el);
  for (const p of PATTERNS) main.append(buildSection(p));
  app.data = buildDataSection({ engine, drawOutputs, drawGutter, metric, cancel, cancelledWhat: () => app.cancelled });
  engine.onRestart(onRestarted);
  main.append(app.data.section);
  for (const p of TABS) {
    const tab = $(`[data-testid="nav-${p}"]`);
    tab.id = 'tab-' + p;
    tab.setAttribute('aria-controls', p);
    tab.addEventListener('click', () => {
      if (app.state) showTab(p);
    });
    const section = p === 'data' ? app.data.section : app.sections[p].section;
    section.setAttribute('role', 'tabpanel');
    section.setAttribute('aria-labelledby', 'tab-' + p);
  }
  tabKeys($('.nav'), (tab) => tab.click());
  for (const p of PATTERNS.slice(1)) app.sections[p].section.hidden = true;
  const presetSel = $('[data-testid="presets"]');
  for (const level of ['basic', 'intermediate', 'advanced']) {
    presetSel.append(
      h(
        'optgroup',
        { label: level },
        PRESETS.filter((x) => x.level === level).map((x) => h('option', { value: x.id, title: x.text }, x.name)),
      ),
    );
  }
  presetSel.addEventListener('change', () => {
    if (presetSel.value) applyPreset(presetSel.value);
    presetSel.value = '';
  });
  const exSel = $('[data-testid="exercises"]');
  for (const level of ['basic', 'intermediate', 'advanced']) {
    exSel.append(
      h(
        'optgroup',
        { label: level },
        EXERCISES.filter((x) => x.level === level).map((x) =>
          h('option', { value: x.id, title: x.question }, `${EXERCISES.indexOf(x) + 1}. ${x.question.split(/[.:?]/)[0]}`),
        ),
      ),
    );
  }
  exSel.addEventListener('change', () => {
    if (exSel.value) startExercise(exSel.value);
    exSel.value = '';
  });
  $('[data-testid="copy-link"]').addEventListener('click', copyLink);
  $('[data-testid="download-settings"]').addEventListener('click', downloadSettings);
  const settingsInput = $('[data-testid="open-settings"]');
  $('[data-testid="open-settings-button"]').addEventListener('click', () => settingsInput.click());
  settingsInput.addEventListener('change', () => {
    const file = settingsInput.files[0];
    settingsInput.value = ''; // the same file can be opened again
    openSettings(file);
  });
  $('[data-testid="copy-embed"]').addEventListener('click', () => openEmbedDialog());

  setStatus('Loading engine…', 'busy');
  // The built page carries the engine's defaults (the engine's own answer,
  // written at build time): the settings a link asks for are shown, and
  // the tab on screen sends its run, while the engine is still starting.
  const ready = engine.init();
  const inline = document.getElementById('ingest-defaults');
  try {
    app.defaults = inline ? JSON.parse(inline.textContent) : null;
  } catch {
    app.defaults = null;
  }
  if (!app.defaults) {
    try {
      const defaults = engine.defaults();
      await ready;
      app.defaults = (await defaults).valueOf();
    } catch (err) {
      setStatus('The engine could not start: ' + err.message + ' Reload the page to try again.', 'bad');
      return;
    }
  }
  // The page's own settings (the Streaming tab's queue) sit beside the
  // engine's, so that the link carries them the same way.
  for (const [p, own] of Object.entries(PAGE_SETTINGS)) app.defaults[p] = { ...app.defaults[p], ...own };
  // Column chips in the rule editors insert a column's name at the cursor.
  for (const p of ['stream', 'etl']) {
    const chips = app.sections[p].form.querySelector('.chips');
    const area = app.sections[p].form.querySelector('textarea');
    chips.append(
      h('span', { class: 'hint' }, 'Columns: '),
      ...app.defaults.columns.map((c) =>
        h(
          'button',
          {
            type: 'button',
            class: 'chip',
            title: `insert ${c.name} (${c.type})`,
            onclick: () => {
              const at = area.selectionStart ?? area.value.length;
              area.value = area.value.slice(0, at) + c.name + ' ' + area.value.slice(area.selectionEnd ?? at);
              area.focus();
              area.selectionStart = area.selectionEnd = at + c.name.length + 1;
              area.dispatchEvent(new Event('input'));
            },
          },
          c.name,
        ),
      ),
    );
  }
  const opened = location.hash;
  app.state = await decodeHash(opened, app.defaults);
  exerciseSetup(app.state);
  applyLook();
  for (const p of PATTERNS) showSettings(p);
  showTab(app.state.pattern);
  showExercise();
  app.link = opened;
  app.linkRead = true;
  // The link's controls work from here on (they read the settings).
  for (const id of ['copy-link', 'copy-embed', 'download-settings', 'open-settings-button']) $(`[data-testid="${id}"]`).disabled = false;
  if (app.pendingHash !== null && location.hash !== opened) applyHash();
  else saveHash(); // the link as the page writes it (run=1 dropped, and so on)
  // The tab on screen runs first (the engine checks its settings as it
  // runs), and the others once its result is drawn: their runs and tables
  // would otherwise queue ahead of its own.
  const shown = app.state.pattern;
  const autoRun = (p) => app.state.settings[p].records <= AUTO_RUN_LIMIT * 4 || app.state.run;
  const shownRun = PATTERNS.includes(shown) && autoRun(shown) ? run(shown, true) : null;
  try {
    await ready;
  } catch (err) {
    setStatus('The engine could not start: ' + err.message + ' Reload the page to try again.', 'bad');
    return;
  }
  const seen = storage.get('ingest-playground-seen');
  storage.set('ingest-playground-seen', '1');
  setStatus(
    app.state.problems.length
      ? 'Engine ready. Part of the link was ignored: ' + app.state.problems.join('; ') + '.'
      : seen
        ? 'Engine ready.'
        : 'Engine ready. Try next: ' + (TRY_NEXT[shown] || TRY_NEXT.etl),
    app.state.problems.length ? 'bad' : 'ok',
  );
  if (!PATTERNS.includes(shown)) firstResult(); // Your data: ready for a file
  if (shownRun) await shownRun;
  for (const p of [shown, ...PATTERNS.filter((x) => x !== shown)]) {
    if (!PATTERNS.includes(p) || (p === shown && shownRun)) continue;
    if (!(await validate(p))) continue;
    if (autoRun(p)) run(p, true);
    else showError(p, null, `Press Run to process ${fmt(app.state.settings[p].records)} records.`, 'info');
  }
  firstResult(); // the tab on screen had nothing to run, or failed: it is ready all the same
  // With the page drawn, the engine runs its paths once on a little data,
  // so that the browser has compiled and optimized them before the
  // learner's first large run (see the engine's warmup method).
  // One part at a time, each when the engine is otherwise idle: a
  // learner's request waits for one part at most.
  (async () => {
    try {
      for (const part of ['etl', 'batch', 'stream', 'read', 'check', 'time']) await engine.warmup({ part }, null, [], true);
      performance.mark('engine-warm');
    } catch {
      /* cancelled by a restart: the engine warms up as it works */
    }
  })();
}

main();
