// A client for the engine worker, in the style of a request/response RPC:
// call(method, args) posts {id, method, args} and resolves with the answer
// that carries the same id.
//
// Every call settles, whatever happens to its worker: with the answer, with
// the engine's error, as "cancelled" when restart() replaces the worker, or
// as "crashed" when the worker dies (it ran out of memory, say). After a
// crash the engine starts again by itself, and onRestart listeners hear
// why, so the page can rebuild or clear what lived in the old engine.

export class EngineError extends Error {
  constructor(e) {
    super(e.message || 'unknown error');
    this.code = e.code || 'internal';
    this.field = e.field || '';
    this.line = e.line || 0;
    this.column = e.column || 0;
  }
}

// startWorker starts the engine's worker. The single-file page carries the
// worker's script and the engine inside it: the worker starts from a Blob
// and is handed the engine's bytes. A page in an opaque origin (a
// sandboxed iframe) may not start a worker from a URL, only from a Blob of
// its own; the Blob loads the real script from the page's base.
function startWorker(url) {
  const inline = document.getElementById('ingest-worker');
  if (inline) {
    const src = URL.createObjectURL(new Blob(['self.ENGINE_INLINE = true;\n', inline.textContent], { type: 'text/javascript' }));
    const w = new Worker(src);
    setTimeout(() => URL.revokeObjectURL(src), 60000);
    inlineEngine().then((bytes) => w.postMessage({ engine: bytes }), (err) => w.postMessage({ engineError: err.message }));
    return w;
  }
  if (self.origin !== 'null') return new Worker(url);
  const base = new URL('.', new URL(url, location.href)).href;
  const src = `self.ENGINE_BASE = ${JSON.stringify(base)}; importScripts(${JSON.stringify(new URL(url, location.href).href)});`;
  const blob = URL.createObjectURL(new Blob([src], { type: 'text/javascript' }));
  const w = new Worker(blob);
  setTimeout(() => URL.revokeObjectURL(blob), 60000);
  return w;
}

// inlineEngine unpacks the engine inside the single-file page (gzip, then
// base64) once; each new worker gets a copy of the bytes.
let engineBytes = null;
function inlineEngine() {
  if (!engineBytes) {
    engineBytes = (async () => {
      const b64 = document.getElementById('ingest-engine').textContent.trim();
      const bin = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const stream = new Blob([bin]).stream().pipeThrough(new DecompressionStream('gzip'));
      return new Uint8Array(await new Response(stream).arrayBuffer());
    })();
  }
  return engineBytes;
}

export class Engine {
  constructor(url = 'worker.js') {
    this.url = url;
    this.worker = null;
    this.nextId = 1;
    this.waiting = new Map(); // id → {resolve, reject, onProgress, method, t0}
    this.readyPromise = null;
    this.generation = 0;
    this.restartListeners = new Set();
    // timings holds the last 100 calls: {method, ms} measured on the page
    // (message round trip included) and workerMs measured in the worker.
    this.timings = [];
  }

  // init starts the worker once and resolves when the engine is ready.
  init() {
    if (this.readyPromise) return this.readyPromise;
    const gen = ++this.generation;
    let ready = false;
    this.readyPromise = new Promise((resolve, reject) => {
      // The page's inline starter may have started the first worker
      // already: it is adopted, and what it said meanwhile replayed below.
      // A restart starts a new one.
      const early = window.__ingestWorker && this.url === 'worker.js' ? window.__ingestWorker : null;
      window.__ingestWorker = null;
      let worker = early && early.worker;
      if (!worker) {
        try {
          worker = startWorker(this.url);
        } catch (err) {
          reject(new EngineError({ code: 'load', message: 'the engine worker cannot start here: ' + err.message }));
          return;
        }
        performance.mark('worker-created');
      }
      this.worker = worker;
      this.rejectReady = reject;
      const fail = (error) => {
        if (gen !== this.generation) return; // an old worker, already replaced
        if (!ready) {
          reject(new EngineError(error));
          this.settleAll(error);
          this.readyPromise = null; // a later init() tries again
          return;
        }
        this.crashed(error);
      };
      worker.onmessage = (e) => {
        if (gen !== this.generation) return;
        const msg = e.data;
        if (msg.id === 0) {
          if (msg.error) fail(msg.error);
          else {
            ready = true;
            // The worker's start-up moments, on this page's clock.
            for (const [name, t] of Object.entries(msg.result.timeline || {})) performance.mark('worker-' + name, { startTime: t - performance.timeOrigin });
            performance.mark('engine-ready');
            resolve();
          }
          return;
        }
        const w = this.waiting.get(msg.id);
        if (!w) return;
        if (msg.progress !== undefined) {
          if (w.onProgress) w.onProgress(msg.progress);
          return;
        }
        this.waiting.delete(msg.id);
        this.timings.push({ method: w.method, ms: performance.now() - w.t0, workerMs: msg.ms });
        if (this.timings.length > 100) this.timings.shift();
        if (msg.error) w.reject(new EngineError(msg.error));
        else w.resolve(msg.parts ? { ...msg.result, parts: msg.parts } : msg.result);
      };
      worker.onerror = (e) => {
        e.preventDefault();
        fail({ code: ready ? 'crashed' : 'load', message: 'the engine worker failed: ' + (e.message || 'it could not be loaded') });
      };
      worker.onmessageerror = () => fail({ code: 'crashed', message: 'the engine sent a message the page cannot read' });
      if (early) {
        for (const e of early.errors) worker.onerror(e);
        for (const e of early.messages) worker.onmessage(e);
      }
    });
    return this.readyPromise;
  }

  // call runs one engine method. It refuses to run before init. onProgress,
  // if given, hears the name of each step a run finishes; transfer lists
  // buffers handed over to the worker instead of copied (a file's bytes).
  // The worker queues calls that arrive before the engine is ready, and
  // runs a background call only when no other call is under way.
  call(method, args = {}, onProgress = null, transfer = [], background = false) {
    if (!this.readyPromise) {
      return Promise.reject(new EngineError({ code: 'internal', message: 'the engine is not started: call init() first' }));
    }
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      this.waiting.set(id, { resolve, reject, onProgress, method, t0: performance.now() });
      try {
        this.worker.postMessage(background ? { id, method, args, background } : { id, method, args }, transfer);
      } catch (err) {
        this.waiting.delete(id);
        reject(new EngineError({ code: 'request', message: 'the request cannot be sent to the engine: ' + err.message }));
      }
    });
  }

  // settleAll rejects every call in flight with error.
  settleAll(error) {
    const calls = [...this.waiting.values()];
    this.waiting.clear();
    for (const w of calls) w.reject(new EngineError(error));
  }

  // restart stops the worker (cancelling whatever it was doing) and starts a
  // fresh engine. Calls in flight, and calls still waiting for the old
  // engine to be ready, are rejected as cancelled.
  restart(reason = 'cancelled') {
    if (this.worker) this.worker.terminate();
    this.generation++;
    if (this.rejectReady) this.rejectReady(new EngineError({ code: 'cancelled', message: 'cancelled' }));
    this.settleAll({ code: 'cancelled', message: 'cancelled' });
    this.readyPromise = null;
    const ready = this.init();
    for (const f of this.restartListeners) f(reason, ready);
    return ready;
  }

  // crashed handles a worker that died after it was ready: every call in
  // flight fails with the reason, and a fresh engine starts.
  crashed(error) {
    if (this.worker) this.worker.terminate();
    this.settleAll({ code: 'crashed', message: 'the engine stopped while working (' + (error.message || 'unknown error') + '); it has been restarted' });
    this.generation++;
    this.readyPromise = null;
    const ready = this.init();
    for (const f of this.restartListeners) f('crashed', ready);
  }

  // onRestart registers f(reason, ready) to hear of every new engine:
  // reason is "cancelled" or "crashed", ready its init promise.
  onRestart(f) {
    this.restartListeners.add(f);
  }
}
