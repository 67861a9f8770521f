// The settings form: its fields and rules editors, the checks of each
// setting (on the page, then by the engine) and the messages they give.
import { h, fmt } from './dom.js';
import { encodeHash, engineConfig } from './state.js';
import { CONDITIONAL, controlsOf } from './content.js';
import { RulesEditor } from './rulesEditor.js';
import { knobProblem, learnerMessage, memoryMessage } from './messages.js';
import { AUTO_RUN_LIMIT, engine, app } from './page.js';
import { run } from './runner.js';
import { keepLink } from './print.js';

export function field(p, c) {
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
    // The browser's own check agrees with the page's: a whole number for a
    // count, and for a setting in s, min or % any value the page takes
    // (a link's 1.5 s window, a typed 0.001 s), not only the arrows'
    // steps. The page's check (knobProblem) says what is wrong.
    const step = c.type === 'int' && !c.scale ? 1 : 'any';
    const min = c.min;
    input = h('input', { id, type: 'number', inputmode: 'decimal', step, min, max: c.max, dataset: { key: c.key } });
  }
  input.addEventListener('input', () => onSetting(p, c, input, scale));
  input.addEventListener('change', () => onSetting(p, c, input, scale));
  const msg = h('div', { id: id + '-error', class: 'field-error', testid: `field-error-${p}-${c.key}`, hidden: true, role: 'alert' });
  return h(
    'div',
    { class: 'field', dataset: { key: c.key } },
    h('label', { for: id }, c.label, c.unit ? h('span', { class: 'unit' }, ` (${c.unit})`) : null),
    input,
    msg,
    c.real ? h('p', { class: 'real' }, h('span', { class: 'real-tag' }, 'In real systems'), ' ', c.real) : null,
  );
}

export function rulesEditor(p) {
  const id = `${p}-rules`;
  const ed = new RulesEditor({
    id,
    testid: 'rules-' + p,
    errorTestid: `field-error-${p}-rules`,
    chipsTestid: 'column-chips-' + p,
    describedBy: id + '-help',
    onInput: (text) => {
      app.state.settings[p].rules = text;
      settingsChanged(p);
    },
  });
  app.rulesEditors[p] = ed;
  const help =
    p === 'stream'
      ? 'Each event is checked as it is processed; failing events are counted as rejected in their micro-batch.'
      : 'Rows that fail a rule go to quarantine (etl_rejected.csv) with the reason.';
  return h(
    'div',
    { class: 'field rules', dataset: { key: 'rules' } },
    h('label', { for: id }, p === 'stream' ? 'Event checks' : 'Quality rules'),
    ed.chips,
    ed.editor,
    ed.error,
    h('p', { class: 'hint', id: id + '-help' }, help),
    ed.names,
  );
}

export function showSettings(p) {
  const s = app.state.settings[p];
  app.refused[p] = {}; // the fields show the settings again
  for (const input of app.sections[p].form.querySelectorAll('[data-key]')) {
    if (input.tagName === 'DIV') continue;
    const key = input.dataset.key;
    if (key === 'rules') {
      input.value = s.rules;
      app.rulesEditors[p].mark(0);
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
export function notApplicable(p, st) {
  if (p !== 'time') return {};
  return Object.fromEntries(Object.entries(CONDITIONAL).map(([key, c]) => [key, c.off(st)]));
}

// knobsOK checks pattern p's settings against the ranges its form shows
// (the engine's ranges, in the form's units), marking each knob out of
// range with what is allowed, before the engine sees them.
// QUEUE_REFUSED opens the message of a run the Backpressure card refused
// (the card takes it away once it is fixed).
export const QUEUE_REFUSED = 'Fix the Backpressure setting marked below: ';

export function knobsOK(p) {
  const st = app.state.settings[p];
  const na = notApplicable(p, st);
  let ok = true;
  // A value typed and refused is not in the settings, but it is what the
  // field shows: until it is fixed, its message stays and nothing runs
  // (a validation or a run of the last good settings still under way
  // would otherwise wipe the message).
  for (const [key, msg] of Object.entries(app.refused[p] || {})) {
    if (na[key]) continue;
    fieldError(p, key, msg);
    if (ok) showError(p, key, 'Fix the setting marked above: ' + msg);
    ok = false;
  }
  for (const c of controlsOf(p)) {
    if (na[c.key] || !(c.key in st) || app.refused[p]?.[c.key]) continue;
    const msg = knobProblem(c, st[c.key]);
    if (msg) {
      fieldError(p, c.key, msg);
      if (ok) showError(p, c.key, 'Fix the setting marked above: ' + msg);
      ok = false;
    }
  }
  // The Streaming tab's Backpressure card: a value refused there is not in
  // the settings, and a run would draw the card anew without it.
  const bad = ok && p === 'stream' ? app.sections.stream.charts.querySelector('.stream-queue .field.invalid') : null;
  if (bad) {
    showError(p, null, QUEUE_REFUSED + bad.querySelector('.field-error').textContent);
    ok = false;
  }
  return ok;
}

// timeKnobs shows the event-time knobs that apply to the chosen windows
// and watermark (a session has a gap, not a size; a perfect watermark no
// delay).
function timeKnobs() {
  const st = app.state.settings.time;
  for (const [key, off] of Object.entries(notApplicable('time', st))) {
    const f = app.sections.time.form.querySelector(`.field[data-key="${key}"]`);
    if (f) f.classList.toggle('na', off);
  }
  // An idle advance set (say by a link) and a perfect watermark: the
  // idle advance's field is hidden, so the watermark's says it is off.
  const wf = app.sections.time.form.querySelector('.field[data-key="watermark.kind"]');
  if (!wf) return;
  let note = wf.querySelector('.ignored-note');
  if (!note) {
    note = h('p', { class: 'hint ignored-note', testid: 'time-ignored-watermark.idleMs', hidden: true });
    wf.querySelector('select').after(note);
  }
  const ignored = st['watermark.kind'] === 'perfect' && st['watermark.idleMs'] > 0;
  note.textContent = ignored
    ? `The idle advance after ${fmt(st['watermark.idleMs'] / 1000)} s is ignored: a perfect watermark knows every event’s time, so it never waits for a quiet source.`
    : '';
  note.hidden = !ignored;
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
  // The value as typed is checked (0.0005 s is below 0.001 s, whatever it
  // rounds to); what is kept is rounded to the engine's unit (whole ms, a
  // share to 1e-9).
  const exact = n / scale;
  const v = (c.type === 'int' && scale !== 1) || c.type === 'select' ? Math.round(exact) : scale !== 1 ? Math.round(exact * 1e9) / 1e9 : exact;
  const msg = knobProblem(c, exact, raw);
  if (msg) {
    // Not kept: the link and the runs keep the last good value.
    app.refused[p] = { ...app.refused[p], [c.key]: msg };
    clearErrors(p);
    knobsOK(p);
    setRunnable(p, false);
    clearTimeout(app.timers[p]);
    return;
  }
  if (app.refused[p]) delete app.refused[p][c.key];
  app.state.settings[p][c.key] = v;
  if (p === 'time') timeKnobs(); // a gap of 0, a lateness of 0 change what applies
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

export async function validate(p) {
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

export function setRunnable(p, ok) {
  app.sections[p].runBtn.disabled = !ok || !!app.running[p];
}

function fieldError(p, key, message) {
  const el = app.sections[p].form.querySelector(`[data-testid="field-error-${p}-${CSS.escape(key)}"]`);
  if (!el) return false;
  el.textContent = message;
  el.hidden = false;
  const f = el.closest('.field');
  f.classList.add('invalid');
  markInvalid(f, el, true);
  const det = el.closest('details');
  if (det) det.open = true;
  return true;
}

// markInvalid tells assistive technology that field f's input is wrong
// (aria-invalid) and why (its message joins the input's description).
export function markInvalid(f, msg, bad) {
  const input = f.querySelector('input, select, textarea');
  if (!input || !msg) return;
  if (!msg.id) msg.id = (input.id || 'field') + '-error';
  const ids = (input.getAttribute('aria-describedby') || '').split(' ').filter((x) => x && x !== msg.id);
  if (bad) {
    input.setAttribute('aria-invalid', 'true');
    ids.push(msg.id);
  } else input.removeAttribute('aria-invalid');
  if (ids.length) input.setAttribute('aria-describedby', ids.join(' '));
  else input.removeAttribute('aria-describedby');
}

export function clearErrors(p) {
  const s = app.sections[p];
  for (const el of s.form.querySelectorAll('.field-error')) {
    el.hidden = true;
    el.textContent = '';
  }
  for (const el of s.form.querySelectorAll('.invalid')) {
    el.classList.remove('invalid');
    markInvalid(el, el.querySelector('.field-error'), false);
  }
  s.error.hidden = true;
  s.error.textContent = '';
  s.error.className = 'error';
  app.rulesEditors[p]?.mark(0);
}

export function showError(p, _field, message, kind = '') {
  const s = app.sections[p];
  s.error.textContent = message;
  s.error.className = 'error ' + kind;
  s.error.hidden = false;
}

export function showEngineError(p, err) {
  if (err.code === 'cancelled') return;
  if (err.code === 'crashed') {
    showError(p, null, 'The engine stopped during this run — most likely it ran out of memory — and has been restarted. Try fewer records.');
    return;
  }
  const key = err.field;
  const knobs = controlsOf(p);
  const message = err.code === 'config' ? learnerMessage(knobs, key, err.message) : err.code === 'memory' ? memoryMessage(knobs, err.message) : err.message;
  // A limit on several knobs together (shares that add up to more than
  // 100 %, two triggers both off) is marked on each knob it names.
  const st = app.state.settings[p];
  let marks = [key];
  if (key === 'faults' || key === 'delay') marks = knobs.filter((c) => c.key.startsWith(key + '.') && c.unit === '%' && st[c.key] > 0).map((c) => c.key);
  else if (key === 'bufferSize' && err.message.includes('lingerMs')) marks = ['bufferSize', 'lingerMs'];
  let placed = false;
  for (const k of marks) if (k && fieldError(p, k, message)) placed = true;
  if (err.line && key === 'rules') {
    app.rulesEditors[p]?.mark(err.line);
  }
  showError(p, key, placed ? 'Fix the setting marked above: ' + message : message);
}

let hashTimer = 0;
export function saveHash() {
  if (!app.linkRead) return; // start-up writes the link once it has read it
  clearTimeout(hashTimer);
  hashTimer = setTimeout(async () => {
    keepLink(); // the printed report's (see print.js)
    const gen = app.linkGen;
    const hash = await encodeHash({ ...app.state, run: false, embed: app.state.embed }, app.defaults);
    // A link that changed since the page last read or wrote it is newer
    // than these settings (its hashchange applies it): never overwrite it.
    if (gen !== app.linkGen || location.hash !== app.link) return;
    history.replaceState(null, '', hash || location.pathname + location.search);
    app.link = location.hash;
  }, 200);
}
