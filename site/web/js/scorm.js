// SCORM 1.2: when the page runs inside a learning platform that offers the
// SCORM API (it imported the playground's SCORM package), the page tells
// it the learner's progress: "incomplete" on open, "completed" once the
// learner has run each pattern, and it finishes the session when the page
// goes away. Without the API nothing happens.

// findAPI looks for the platform's API object in the windows around the
// page: its parents, then the window that opened it (and theirs), as the
// SCORM 1.2 run-time environment describes. Windows of another origin
// cannot be looked into and are passed over.
function findAPI(win) {
  for (let w = win, hops = 0; w && hops < 12; hops++) {
    try {
      if (w.API && typeof w.API.LMSInitialize === 'function') return w.API;
    } catch {
      /* another origin */
    }
    let parent = null;
    try {
      parent = w.parent;
    } catch {
      parent = null;
    }
    if (!parent || parent === w) break;
    w = parent;
  }
  try {
    if (win.opener && win.opener !== win) return findAPI(win.opener);
  } catch {
    /* another origin */
  }
  return null;
}

// connectLMS starts a SCORM session if there is a platform, and returns an
// object whose completed() marks the lesson completed (once), or null.
export function connectLMS(win = window) {
  const api = findAPI(win);
  if (!api) return null;
  const call = (name, ...args) => {
    try {
      return String(api[name](...args));
    } catch {
      return 'false';
    }
  };
  if (call('LMSInitialize', '') !== 'true') return null;
  let done = false;
  let finished = false;
  const status = call('LMSGetValue', 'cmi.core.lesson_status');
  if (status !== 'completed' && status !== 'passed') {
    call('LMSSetValue', 'cmi.core.lesson_status', 'incomplete');
    call('LMSCommit', '');
  } else {
    done = true;
  }
  const finish = () => {
    if (finished) return;
    finished = true;
    call('LMSCommit', '');
    call('LMSFinish', '');
  };
  win.addEventListener('pagehide', finish);
  win.addEventListener('beforeunload', finish);
  return {
    // score reports the share of exercises done (0–100).
    score(raw) {
      call('LMSSetValue', 'cmi.core.score.min', '0');
      call('LMSSetValue', 'cmi.core.score.max', '100');
      call('LMSSetValue', 'cmi.core.score.raw', String(raw));
      call('LMSCommit', '');
    },
    completed() {
      if (done) return;
      done = true;
      call('LMSSetValue', 'cmi.core.lesson_status', 'completed');
      call('LMSCommit', '');
    },
  };
}
