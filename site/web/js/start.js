// Starts the engine's worker at once, a classic async script: it runs as
// soon as it arrives, while the page is still parsed and its modules
// loaded, so the engine downloads and compiles meanwhile. engine.js adopts
// the worker, with what it said before the page was listening. Where a
// worker cannot start from a URL (a page opened from disk, a sandboxed
// frame's opaque origin), nothing happens here: engine.js starts it its
// own way and says why if it cannot. The single-file page does not carry
// this script.
(function () {
  'use strict';
  if (location.protocol === 'file:' || self.origin === 'null' || !window.Worker) return;
  try {
    var early = { worker: new Worker('worker.js'), messages: [], errors: [] };
    early.worker.onmessage = function (e) { early.messages.push(e); };
    early.worker.onerror = function (e) { e.preventDefault(); early.errors.push(e); };
    window.__ingestWorker = early;
    if (window.performance && performance.mark) performance.mark('worker-created');
  } catch (e) { /* engine.js tries again */ }
})();
