// A client for the engine worker, in the style of a request/response RPC:
// call(method, args) posts {id, method, args} and resolves with the answer
// that carries the same id.

export class EngineError extends Error {
  constructor(e) {
    super(e.message || 'unknown error');
    this.code = e.code || 'internal';
    this.field = e.field || '';
    this.line = e.line || 0;
    this.column = e.column || 0;
  }
}

export class Engine {
  constructor(url = 'worker.js') {
    this.url = url;
    this.worker = null;
    this.nextId = 1;
    this.waiting = new Map();
    this.readyPromise = null;
    this.listeners = new Set();
    // timings holds the last 100 calls: {method, ms} measured on the page
    // (message round trip included) and workerMs measured in the worker.
    this.timings = [];
  }

  // init starts the worker once and resolves when the engine is ready.
  init() {
    if (this.readyPromise) return this.readyPromise;
    this.readyPromise = new Promise((resolve, reject) => {
      const worker = new Worker(this.url);
      this.worker = worker;
      worker.onmessage = (e) => {
        const msg = e.data;
        if (msg.id === 0) {
          if (msg.error) reject(new EngineError(msg.error));
          else resolve();
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
        reject(new EngineError({ code: 'load', message: 'the engine worker failed: ' + (e.message || 'unknown error') }));
      };
    });
    return this.readyPromise;
  }

  // call runs one engine method. It refuses to run before init. onProgress,
  // if given, hears the name of each step a run finishes; transfer lists
  // buffers handed over to the worker instead of copied (a file's bytes).
  call(method, args = {}, onProgress = null, transfer = []) {
    if (!this.readyPromise) {
      return Promise.reject(new EngineError({ code: 'internal', message: 'the engine is not started: call init() first' }));
    }
    return this.readyPromise.then(() => new Promise((resolve, reject) => {
      const id = this.nextId++;
      this.waiting.set(id, { resolve, reject, onProgress, method, t0: performance.now() });
      this.worker.postMessage({ id, method, args }, transfer);
    }));
  }

  // restart stops the worker (cancelling whatever it was doing) and starts a
  // fresh engine. Calls in flight are rejected as cancelled.
  restart() {
    if (this.worker) this.worker.terminate();
    for (const w of this.waiting.values()) w.reject(new EngineError({ code: 'cancelled', message: 'cancelled' }));
    this.waiting.clear();
    this.readyPromise = null;
    return this.init();
  }
}
