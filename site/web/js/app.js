// The playground page: every number shown comes from the engine (Go
// compiled to WebAssembly, in a Web Worker); the page only lays it out.
// This module builds the tabs, holds the exercises, presets and tab
// switching, and starts the page. The rest, by concern: page.js (the state
// every module shares), form.js (settings and their messages), runner.js
// (run, cancel, restart), outputs.js, render.js and renderTime.js (results),
// print.js (the printed report), share.js (links, settings files, embeds).
import { h, $, fmt, holdsText } from './dom.js';
import { warmFonts } from './fonts.js';
import { PATTERNS, PIPELINES, PAGE_SETTINGS, SHORT, encodeHash, decodeHash, engineConfig, storage } from './state.js';
import { CONTROLS, FAULT_CONTROLS, WHEN, PRESETS, controlsOf } from './content.js';
import { Replay } from './replay.js';
import { buildDataSection } from './yourdata.js';
import { connectLMS } from './scorm.js';
import { applyEmbed, reportHeight } from './embed.js';
import { ExportPanel } from './export.js';
import { buildOverview } from './overview.js';
import { EXERCISES, exerciseCard, exerciseMenu } from './exercises.js';
import { TimeReplay } from './eventtime.js';
import { AUTO_RUN_LIMIT, TITLES, LEDES, TRY_NEXT, engine, app, setStatus } from './page.js';
import { field, rulesEditor, showSettings, validate, clearErrors, showError, saveHash, notApplicable } from './form.js';
import { run, cancel, onRestarted } from './runner.js';
import { metric, drawOutputs } from './outputs.js';
import { printReport } from './print.js';
import {
  below as snapshotBelow,
  copy as copySnapshot,
  drop as dropSnapshot,
  forget as forgetSnapshot,
  keep as keepSnapshot,
  presentedAt as snapshotPresentedAt,
  putAway as putAwaySnapshot,
  restored as restoredSnapshot,
  shape as snapshotShape,
  write as writeSnapshot,
} from './snapshot.js';
import { copyLink, downloadSettings, openSettings, openEmbedDialog } from './share.js';

// ---------- page skeleton ----------

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
  const outputs = h('div', { class: 'outputs card', testid: 'outputs-' + p, dataset: { answer: '' } });
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
        // data-answer: what an open exercise hides until it is answered
        { class: 'right', dataset: { answer: '' } },
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
    // Its bundle holds the page's outputs (expected/): an open exercise
    // hides it with the results.
    exporter.el.dataset.answer = '';
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
  if (!built(p)) ensureSections();
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
  ensureSections();
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
  if (!built(p)) ensureSections();
  for (const q of TABS) {
    const section = q === 'data' ? app.data?.section : app.sections[q]?.section;
    if (section) section.hidden = q !== p;
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
  // On a narrow screen the tab strip scrolls sideways: the chosen tab is
  // brought into it (in the next frame, whose layout it would need anyway).
  const chosen = $(`[data-testid="nav-${p}"]`);
  requestAnimationFrame(() => {
    const nav = chosen.parentElement;
    if (nav.scrollWidth > nav.clientWidth + 1) {
      const left = chosen.offsetLeft - nav.offsetLeft;
      if (left < nav.scrollLeft || left + chosen.offsetWidth > nav.scrollLeft + nav.clientWidth) nav.scrollLeft = left - 8;
    }
  });
  saveHash();
}

// tabKeys gives a tab strip the keys of the WAI-ARIA tabs pattern: arrow
// keys move to the previous or next tab, Home and End to the first and
// last; the tab is chosen as it gets focus.
export function tabKeys(list, choose) {
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
  for (const p of PATTERNS) {
    if (app.sections[p]) applyEmbed(app.sections[p].section, p === app.state.pattern ? app.state.show : null, notApplicable(p, app.state.settings[p] || {}));
  }
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
  for (const key of Object.keys(PAGE_SETTINGS[p] || {})) own.add(SHORT[key] || key); // the Streaming tab's queue card
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
export async function useState(state, from, done = '') {
  putAwaySnapshot();
  ensureSections();
  // An edit's pending re-check (form.js settingsChanged) belongs to the
  // settings this state replaces: it would clear the new state's messages.
  for (const p of PATTERNS) clearTimeout(app.timers[p]);
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
// start): the browser benchmark measures start-up to it. A second mark,
// 'first-result-painted', is the moment the learner sees it: when the
// browser presented the frame that holds it (Element Timing's render
// time; detail 'presented'), or, where the browser does not say (no
// Element Timing), a task after the next frame ('next frame'); 'timeout'
// when no word came within 3 s. On a return visit that painted the
// link's snapshot (snapshot.js), the same as the result, the mark is when
// the snapshot was presented ('snapshot'), and the snapshot gives way to
// the result then. The engine compiles, and the other tabs are built,
// once the result is presented, or at the latest 150 ms after that frame:
// started at once, they took the two cores of a small machine from
// drawing the result.
export function firstResult() {
  if (app.firstResult) return;
  app.firstResult = true;
  performance.mark('first-result');
  const drawn = snapshotCopy();
  const snapshot = checkSnapshot(drawn);
  // Where the copy is on screen (no snapshot in front of it), what of it
  // lies below the window, for the next visit's first frame: measured as
  // the frame that shows it is laid out (render changes nothing before).
  if (drawn && !snapshot) {
    const copyShape = snapshotShape($('main'));
    requestAnimationFrame(() => {
      drawn.below = snapshotBelow($('main'), copyShape);
    });
  }
  // A page in a hidden tab paints nothing, so the engine need not wait;
  // the mark waits until the page is shown and drawn. (Both steps of go
  // do nothing the second time.)
  const hidden = document.visibilityState === 'hidden';
  if (hidden) engine.start('hidden');
  const go = () => {
    keepDrawn(drawn);
    engine.start('painted');
    ensureSections();
  };
  let seen = false;
  let stopWatching = null;
  const painted = (how, at) => {
    if (seen) return;
    seen = true;
    stopWatching?.();
    putAwaySnapshot();
    performance.mark('first-result-painted', at === undefined ? { detail: how } : { startTime: at, detail: how });
    go();
  };
  stopWatching = watchPresented(document.querySelector('[role="tabpanel"]:not([hidden])'), snapshot, painted);
  // The snapshot stays until the browser has said when it presented it
  // (removed before, its elements would never be reported), for 300 ms at
  // most: the page's own result, the same, is built behind it.
  if (snapshot) setTimeout(putAwaySnapshot, 300);
  requestAnimationFrame(() =>
    setTimeout(() => {
      if (!stopWatching) painted('next frame');
      else setTimeout(go, 150);
    }, 0),
  );
  if (!hidden) setTimeout(() => painted('timeout'), 3000);
}

// snapshotCopy copies the page's first result as drawn (snapshot.js
// copy), with the link it was opened at and its look, when it can be kept
// as that link's snapshot for the next visit: when it was drawn from the
// engine's recorded answers alone, the same on every visit of this build.
// (Not Your data's: a file dropped on a snapshot of its drop zone would
// find no page to take it.) Else null.
function snapshotCopy() {
  const p = app.state?.pattern;
  const keepable = app.state && PATTERNS.includes(p) && !app.state.problems.length && !app.state.exercise && engine.recordingsOpen && engine.defaultRuns.has(p);
  if (!keepable) return null;
  return { copy: copySnapshot($('main')), link: app.opened, look: { tab: p, theme: app.state.theme || '', embed: !!app.state.embed }, html: null, below: null };
}

// checkSnapshot compares the snapshot on screen, if any, with what the
// page drew (mark 'snapshot-checked': 'same', 'different', or 'not kept':
// the page keeps none for this link now) and tells whether it showed the
// page's first result: else it is put away at once (and forgotten), and
// the first result counts as painted when the page's own is.
function checkSnapshot(drawn) {
  const shown = restoredSnapshot();
  if (!shown) return false;
  const t0 = performance.now();
  if (drawn) drawn.html = writeSnapshot(drawn.copy);
  if (drawn) performance.measure('snapshot-capture', { start: t0 });
  const detail = !drawn ? 'not kept' : drawn.html === shown.html ? 'same' : 'different';
  performance.mark('snapshot-checked', { detail });
  if (detail === 'same') return true;
  putAwaySnapshot();
  forgetSnapshot();
  if (detail === 'not kept') dropSnapshot(shown.link);
  return false;
}

// keepDrawn keeps the first result's copy as its link's snapshot, unless
// the snapshot on screen was already the same. Once, when the result has
// been presented: the time it takes (performance measure
// 'snapshot-capture', 5-20 ms here) does not delay that frame.
function keepDrawn(drawn) {
  if (!drawn || app.snapshotKept) return;
  app.snapshotKept = true;
  const t0 = performance.now();
  const shown = window.__ingestSnapshot?.html;
  if (drawn.html === null) {
    drawn.html = writeSnapshot(drawn.copy);
    performance.measure('snapshot-capture', { start: t0 });
  }
  drawn.copy = null;
  if (drawn.html === shown) return;
  setTimeout(() => keepSnapshot(drawn.link, drawn.html, drawn.look, drawn.below), 500);
}

// watchPresented calls done('presented', render time) for the first text
// in panel that the browser reports presented (Element Timing): what was
// painted before (a tab's settings, while the engine ran) reports
// nothing, what a result drew reports its first presentation. After a
// snapshot (snapshot.js), whose frames come before the panel's, it calls
// done('snapshot', render time) once the snapshot was presented. It
// returns a function that stops watching (and removes the attributes it
// added), or null where the browser cannot say.
function watchPresented(panel, snapshot, done) {
  if (!panel || !window.PerformanceObserver || !PerformanceObserver.supportedEntryTypes?.includes('element')) return null;
  const marked = [];
  for (const el of panel.querySelectorAll('*')) {
    if (el.hasAttribute('elementtiming') || !holdsText(el)) continue;
    el.setAttribute('elementtiming', 'first-result');
    marked.push(el);
  }
  if (!marked.length && !snapshot) return null;
  let over = false;
  const stop = () => {
    if (over) return;
    over = true;
    observer.disconnect();
    forgetSnapshot();
    for (const el of marked) el.removeAttribute('elementtiming');
  };
  const check = (entries) => {
    if (over) return;
    const early = snapshot && snapshotPresentedAt();
    if (early) {
      stop();
      putAwaySnapshot();
      done('snapshot', early);
      return;
    }
    for (const e of entries) {
      if (over || e.identifier !== 'first-result' || !e.renderTime) continue;
      stop();
      done('presented', e.renderTime);
    }
  };
  const observer = new PerformanceObserver((list) => check(list.getEntries()));
  observer.observe({ type: 'element' });
  // The observer hears of the presentation in a task of low priority, up
  // to 100 ms later: each frame asks it first.
  const poll = () => {
    check(observer.takeRecords());
    if (!over) requestAnimationFrame(poll);
  };
  poll();
  return stop;
}

// placeSection builds pattern p's tab in its place, with the settings, the
// look (an embed's) and the rule editor's columns it would have had if it
// had been built with the page.
function placeSection(p) {
  if (app.sections[p]) return;
  const section = buildSection(p);
  section.setAttribute('role', 'tabpanel');
  section.setAttribute('aria-labelledby', 'tab-' + p);
  section.hidden = p !== app.state.pattern;
  app.slots[p].replaceWith(section);
  // Column chips in the rule editors insert a column's name at the cursor.
  if (app.rulesEditors[p]) app.rulesEditors[p].setColumns(app.defaults.columns);
  showSettings(p);
  if (app.state.embed) {
    checkShow(app.state); // (show= names the tab's own settings only)
    applyEmbed(section, p === app.state.pattern ? app.state.show : null, notApplicable(p, app.state.settings[p] || {}));
  }
}

// built tells whether tab p (a pattern's, or data) is built yet.
const built = (p) => (PATTERNS.includes(p) ? !!app.sections[p] : !!app.data);

// placeData builds the Your data tab in its place.
function placeData() {
  if (app.data) return;
  app.data = buildDataSection({ engine, drawOutputs, metric, cancel, cancelledWhat: () => app.cancelled });
  const section = app.data.section;
  section.setAttribute('role', 'tabpanel');
  section.setAttribute('aria-labelledby', 'tab-data');
  section.hidden = app.state.pattern !== 'data';
  app.slots.data.replaceWith(section);
}

// ensureSections builds every tab not built yet, and fills the presets'
// and exercises' menus. Start-up builds the tab on screen only, and the
// rest once its first result is painted (the engine compiling meanwhile)
// or, at the latest, when the engine is ready: so "Engine ready" finds
// every tab built. A tab, preset, exercise or link that needs them builds
// them at once.
export function ensureSections() {
  if (!app.state) return;
  for (const p of PATTERNS) placeSection(p);
  placeData();
  fillMenus();
}

// fillMenus fills the presets' and exercises' menus, once.
function fillMenus() {
  const presetSel = $('[data-testid="presets"]');
  if (presetSel.options.length > 1) return;
  for (const level of ['basic', 'intermediate', 'advanced']) {
    presetSel.append(
      h(
        'optgroup',
        { label: level },
        PRESETS.filter((x) => x.level === level).map((x) => h('option', { value: x.id, title: x.text }, x.name)),
      ),
    );
  }
  exerciseMenu($('[data-testid="exercises"]'));
}

async function main() {
  window.__ingestStarted = true; // the modules loaded: boot.js need not explain why not
  // Listen from the first moment: a link changed before start-up has read
  // the first one is applied as soon as it has; later ones at once, even
  // while start-up is still running the other tabs.
  window.addEventListener('hashchange', () => {
    putAwaySnapshot(); // the snapshot was the old link's
    if (app.linkRead) applyHash();
    else app.pendingHash = location.hash;
  });
  // A return visit's snapshot (snapshot.js) is the link's it was painted
  // for, or none (the link changed before this module ran). It gives way
  // to the page's first result (firstResult), or to the page as it is
  // after 5 s, whatever happened. It is painted first: the page's
  // start-up, when its modules come from the cache at once, would
  // otherwise take the frame and draw its own.
  if (restoredSnapshot()?.link !== location.hash) putAwaySnapshot();
  if (restoredSnapshot()) {
    setTimeout(putAwaySnapshot, 5000);
    await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  }
  app.lms = connectLMS();
  const main = $('main');
  app.overview = buildOverview((p) => {
    if (app.state) {
      showTab(p);
      $(`[data-testid="nav-${p}"]`).focus();
    }
  });
  main.append(app.overview.el);
  // Each tab is built when first needed (placeSection, placeData,
  // ensureSections); a placeholder keeps its place until then.
  for (const p of TABS) {
    app.slots[p] = document.createComment(p);
    main.append(app.slots[p]);
  }
  engine.onRestart(onRestarted);
  for (const p of TABS) {
    const tab = $(`[data-testid="nav-${p}"]`);
    tab.id = 'tab-' + p;
    tab.setAttribute('aria-controls', p);
    tab.addEventListener('click', () => {
      putAwaySnapshot(); // a learner's choice: the page's own tabs, at once
      if (app.state) showTab(p);
      else app.earlyTab = p; // shown once the link is read
    });
  }
  tabKeys($('.nav'), (tab) => tab.click());
  window.__ingestTabsLive = true; // boot.js's early listener steps aside
  const presetSel = $('[data-testid="presets"]');
  presetSel.addEventListener('change', () => {
    if (presetSel.value) applyPreset(presetSel.value);
    presetSel.value = '';
  });
  const exSel = $('[data-testid="exercises"]');
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
      putAwaySnapshot();
      setStatus('The engine could not start: ' + err.message + ' Reload the page to try again.', 'bad');
      return;
    }
  }
  // The page's own settings (the Streaming tab's queue) sit beside the
  // engine's, so that the link carries them the same way.
  for (const [p, own] of Object.entries(PAGE_SETTINGS)) app.defaults[p] = { ...app.defaults[p], ...own };
  const opened = location.hash;
  app.state = await decodeHash(opened, app.defaults);
  exerciseSetup(app.state);
  // A tab the learner chose while the page was starting (here, or in
  // boot.js before this module ran) is the one shown.
  const early = app.earlyTab || window.__ingestEarlyTab;
  if (TABS.includes(early)) app.state.pattern = early;
  if (PATTERNS.includes(app.state.pattern)) placeSection(app.state.pattern);
  else placeData();
  applyLook();
  showTab(app.state.pattern);
  showExercise();
  app.link = opened;
  app.opened = opened;
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
  // Your data is ready for a file once it is drawn: a file chosen before the
  // engine is up waits for it, with the status saying so.
  if (!PATTERNS.includes(shown)) firstResult();
  try {
    await ready;
  } catch (err) {
    ensureSections();
    putAwaySnapshot();
    setStatus('The engine could not start: ' + err.message + ' Reload the page to try again.', 'bad');
    return;
  }
  ensureSections();
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
  if (shownRun) await shownRun;
  for (const p of [shown, ...PATTERNS.filter((x) => x !== shown)]) {
    if (!PATTERNS.includes(p) || (p === shown && shownRun)) continue;
    if (!(await validate(p))) continue;
    if (autoRun(p)) run(p, true);
    else showError(p, null, `Press Run to process ${fmt(app.state.settings[p].records)} records.`, 'info');
  }
  firstResult(); // the tab on screen had nothing to run, or failed: it is ready all the same
  warmFonts(); // the sizes a first large result lays out, ready before it comes
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
