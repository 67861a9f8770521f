// Running a pattern: run, cancel, and what the page does when the engine
// restarts.
import { clear, fmtMs } from './dom.js';
import { PATTERNS, PIPELINES, engineConfig } from './state.js';
import { AUTO_RUN_LIMIT, engine, app, setStatus } from './page.js';
import { knobsOK, setRunnable, clearErrors, showError, showEngineError } from './form.js';
import { render } from './render.js';
import { firstResult } from './app.js';

// run runs pattern p with its settings; auto marks the runs the page starts
// by itself (on open, after a restart), which do not count as the
// learner's.
export async function run(p, auto = false) {
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
    const drawn = await render(p, res);
    if (p === app.state.pattern) firstResult();
    await drawn.rest;
    if (byLearner) learnerRan(p);
    s.elapsed.textContent = `done in ${fmtMs(performance.now() - t0)}`;
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
    // learner's had focus.) After the next frame: focus() lays the page
    // out at once, and the result just drawn would be laid out in this
    // task instead of the frame's — one long task instead of two short.
    if (!auto)
      requestAnimationFrame(() =>
        setTimeout(() => {
          if (!s.section.hidden && !s.runBtn.disabled && (document.activeElement === document.body || document.activeElement === null))
            s.runBtn.focus({ preventScroll: true });
        }, 0),
      );
    if (app.again[p]) run(p, true);
  }
}

// learnerRan notes that the learner ran p; once each pattern has run, a
// learning platform hears that the lesson is completed.
export function learnerRan(p) {
  app.learnerRan.add(p);
  if (app.lms && PIPELINES.every((q) => app.learnerRan.has(q))) app.lms.completed();
}

// cancel stops the engine (a run cannot be interrupted inside it) and
// starts a new one; onRestarted rebuilds or clears what the old one held.
export async function cancel(p) {
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
export function onRestarted(reason, ready) {
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
  app.data?.engineRestarted(reason);
  ready.then(
    () => {
      if (reason === 'crashed') setStatus('Engine ready again after a restart: it stopped while working, most likely out of memory.', 'bad');
      for (const q of PATTERNS) if (app.results[q] && !app.running[q]) run(q, true);
    },
    () => {},
  );
}
