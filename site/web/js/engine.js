// A client for the engine worker, in the style of a request/response RPC:
// call(method, args) posts {id, method, args} and resolves with the answer
// that carries the same id.
//
// Every call settles, whatever happens to its worker: with the answer, with
// the engine's error, as "cancelled" when restart() replaces the worker, or
// as "crashed" when the worker dies (it ran out of memory, say). After a
// crash the engine starts again by itself, and onRestart listeners hear
// why, so the page can rebuild or clear what lived in the old engine.
//
// Recorded answers. The engine is deterministic, and the built page
// carries its answers to the calls the page makes when it opens a tab with
// the default settings (a script element of type application/json, id
// "ingest-answers", written at build time by the same Go code: see
// site/prerender.go). call() answers such a call at once from the
// recording, even before the engine is ready, and still sends it to the
// worker, which queues it until the engine is up: the engine then holds
// the same tables as if it had answered (the rows paged, sorted and
// downloaded later are its own). Its answer is kept in prerenderChecks and
// compared with the recording, timing fields aside; a difference is a
// console error. A recording serves only while the page is on the build's
// path: in the first engine (never after a restart or a crash), at most
// once per call (a second identical call is the learner's: the engine
// answers it), the rows and replay of a pattern only after its default
// run, and only until the first call that changes the engine's state
// without a recording (a run with other settings, a file): from then on
// the engine answers everything. Downloads (csv) are never recorded.

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
// and is handed the engine's text (gzip, then base64), which it unpacks
// itself (unpack, below, runs before the worker's script): the page's own
// thread, busy drawing the first result, only copies the text. A page in
// an opaque origin (a sandboxed iframe) may not start a worker from a URL,
// only from a Blob of its own; the Blob loads the real script from the
// page's base.
function startWorker(url, helper = false) {
  const inline = document.getElementById('ingest-worker');
  if (inline) {
    const src = URL.createObjectURL(new Blob(['self.ENGINE_INLINE = true;\n(', unpack.toString(), ')();\n', inline.textContent], { type: 'text/javascript' }));
    const w = new Worker(src);
    setTimeout(() => URL.revokeObjectURL(src), 60000);
    if (engineText === null) engineText = document.getElementById('ingest-engine').textContent;
    w.postMessage({ engineText });
    return w;
  }
  // A helper (helper: true) runs the page's engine's compiled code and
  // needs no exports' templates: it downloads neither (see worker.js).
  if (self.origin !== 'null') return new Worker(helper ? `${url}#helper` : url);
  const base = new URL('.', new URL(url, location.href)).href;
  const src = `self.ENGINE_BASE = ${JSON.stringify(base)};${helper ? ' self.ENGINE_HELPER = true;' : ''} importScripts(${JSON.stringify(new URL(url, location.href).href)});`;
  const blob = URL.createObjectURL(new Blob([src], { type: 'text/javascript' }));
  const w = new Worker(blob);
  setTimeout(() => URL.revokeObjectURL(blob), 60000);
  return w;
}

// engineText is the single-file page's engine as text (gzip, then base64).
let engineText = null;

// unpack runs in the single file's worker, before worker.js: it takes the
// engine's text, decodes and decompresses it, and hands worker.js the
// bytes as the message it expects ({engine: bytes} or {engineError}).
function unpack() {
  self.addEventListener('message', function first(e) {
    if (!e.data || typeof e.data.engineText !== 'string') return;
    e.stopImmediatePropagation();
    self.removeEventListener('message', first);
    (async () => {
      const text = e.data.engineText.trim();
      const bin = Uint8Array.fromBase64 ? Uint8Array.fromBase64(text) : Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
      const stream = new Blob([bin]).stream().pipeThrough(new DecompressionStream('gzip'));
      return new Uint8Array(await new Response(stream).arrayBuffer());
    })().then(
      (bytes) => self.onmessage({ data: { engine: bytes } }),
      (err) => self.onmessage({ data: { engineError: err.message } }),
    );
  });
}

// canonical writes a call's arguments as the key of its recording: JSON
// with every object's keys sorted (what Go's encoding/json writes for the
// same values; numbers as JSON.stringify writes them).
export function canonical(v) {
  if (Array.isArray(v)) return '[' + v.map((x) => (x === undefined ? 'null' : canonical(x))).join(',') + ']';
  if (v !== null && typeof v === 'object') {
    if (ArrayBuffer.isView(v) || v instanceof ArrayBuffer || v instanceof Blob) return null; // bytes: never recorded
    const keys = Object.keys(v)
      .filter((k) => v[k] !== undefined && typeof v[k] !== 'function')
      .sort();
    const parts = [];
    for (const k of keys) {
      const x = canonical(v[k]);
      if (x === null) return null;
      parts.push(JSON.stringify(k) + ':' + x);
    }
    return '{' + parts.join(',') + '}';
  }
  return JSON.stringify(v) ?? 'null';
}

// Methods that read the engine's state without changing it: one without a
// recording does not end the recordings' use. Any other method (run,
// loadData, checkData, one added later) does.
const READS = new Set([
  'validate',
  'rows',
  'csv',
  'replay',
  'sweep',
  'queue',
  'parseRules',
  'memory',
  'defaults',
  'export',
  'exportZip',
  'exportInput',
  'exportTemplates',
  'warmup',
]);

// DRAWN_FIRST are the calls a tab's first result is drawn from (render.js
// render: its settings' check, its run, and the stream's and event time's
// replays): answered at once from a recording (see Engine.call).
const DRAWN_FIRST = new Set(['validate', 'run', 'replay']);

// loadRecordings reads the page's recorded answers: method + ' ' +
// canonical(args) → recording, and the timing fields to leave out of a
// comparison. None on a page without them.
function loadRecordings() {
  const el = typeof document !== 'undefined' && document.getElementById('ingest-answers');
  if (!el) return null;
  try {
    const data = JSON.parse(el.textContent);
    const byKey = new Map();
    const methods = new Set();
    for (const r of data.answers) {
      byKey.set(r.method + ' ' + canonical(r.args), r);
      methods.add(r.method);
    }
    return { byKey, methods, timing: data.timing || [] };
  } catch {
    return null; // a damaged element: the engine answers everything
  }
}

// sameAnswer compares a recorded answer with the engine's, leaving out the
// timing fields (paths such as "steps[].durationMs").
export function sameAnswer(a, b, timing = [], path = '') {
  if (timing.includes(path)) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((x, i) => sameAnswer(x, b[i], timing, path + '[]'));
  }
  if (a !== null && typeof a === 'object') {
    if (b === null || typeof b !== 'object' || Array.isArray(b)) return false;
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => sameAnswer(a[k], b[k], timing, path ? path + '.' + k : k));
  }
  return Object.is(a, b) || (a === 0 && b === 0);
}

// nextTask runs f in a task of its own, soon (a MessageChannel: setTimeout
// would wait 4 ms once nested).
const tasks = [];
let channel = null;
function nextTask(f) {
  if (typeof MessageChannel === 'undefined') {
    setTimeout(f, 0);
    return;
  }
  if (!channel) {
    channel = new MessageChannel();
    channel.port1.onmessage = () => tasks.shift()();
  }
  tasks.push(f);
  channel.port2.postMessage(0);
}

const copy = (v) => (typeof structuredClone === 'function' ? structuredClone(v) : JSON.parse(JSON.stringify(v)));

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
    // Recorded answers (see above): what is left of them to use, and what
    // happened to those used.
    this.recordings = url === 'worker.js' ? loadRecordings() : null;
    this.recordingsOpen = !!this.recordings; // the page is on the build's path
    this.answerNow = true; // until the frame after the first recorded answer
    this.recordingsUsed = new Set(); // keys answered from a recording
    this.defaultRuns = new Set(); // patterns whose default run was answered from a recording
    // prerenderChecks: {method, args, recorded, at, real | error, same,
    // realAt} for each call answered from a recording (at: when, on the
    // page's clock; real, same and realAt once the engine has answered);
    // prerenderMissed: {method, args, at} for the calls that found no
    // recording while the recordings were in use (the last one may have
    // ended their use).
    this.prerenderChecks = [];
    this.prerenderMissed = [];
    // The pool: the other engine workers a large file is read, checked and
    // written by at once (startPool; wasm/api's parts.go). poolSize, when
    // set, is how many (else helpersWanted()).
    this.pool = [];
    this.poolSize = null;
    this.poolBroken = false;
    this.poolHolds = false; // the last file loaded is held in parts by the pool
    this.poolWarm = Promise.resolve();
    this.poolCode = []; // each helper's code once it runs: 'leader' (the page's engine's, compiled) or 'own'
  }

  // helpersWanted is how many helper engines a large file gets: one for
  // each core but the page's own, at most 3. (On 2 cores, BenchmarkW1's
  // 1,000,000 rows reached the clean file 10-34 % sooner with one helper
  // in five runs on a quiet machine; under load the second core gives
  // less.)
  static helpersWanted() {
    const cores = (typeof navigator !== 'undefined' && navigator.hardwareConcurrency) || 2;
    return Math.max(0, Math.min(3, cores - 1));
  }

  // startPool starts the helper engines, once per engine, and gives the
  // engine a port to each (worker.js). Each compiles the engine and warms
  // it up in the background. A helper that fails or stops takes the pool
  // down with it, and no pool is started again on this page: if the
  // engine may need that helper (a call under way, a file held in parts)
  // it restarts as after a crash; otherwise it goes on alone.
  startPool() {
    if (this.pool.length || !this.worker || this.poolBroken) return;
    const n = this.poolSize ?? Engine.helpersWanted();
    if (n < 1) return;
    const gen = this.generation;
    const ports = [];
    const warm = [];
    for (let i = 0; i < n; i++) {
      let w;
      try {
        w = startWorker(this.url, true);
      } catch {
        break;
      }
      const channel = new MessageChannel();
      const fail = (message) => {
        if (gen !== this.generation || this.poolBroken) return;
        this.poolBroken = true;
        if (this.waiting.size > 0 || this.poolHolds) {
          // The engine may be waiting for that helper, or hold a file in
          // parts with it: it restarts, as after a crash.
          this.crashed({ message: 'a helper engine stopped: ' + message });
          return;
        }
        // Nothing of the page's is in the pool (it failed to start,
        // offline say): the engine works alone from now on.
        this.stopPool();
        try {
          this.worker.postMessage({ helpers: [] });
        } catch {
          /* the worker is gone: its error says so */
        }
      };
      let warmed = 0;
      let isWarm;
      warm.push(new Promise((resolve) => (isWarm = resolve)));
      w.onmessage = (e) => {
        if (e.data.id === 0 && e.data.error) fail(e.data.error.message || 'unknown error');
        if (e.data.id === 0 && e.data.result) this.poolCode.push(e.data.result.timeline.code);
        if (e.data.id === -1 && ++warmed === 2) isWarm();
      };
      w.onerror = (e) => {
        e.preventDefault();
        fail(e.message || 'it could not be loaded');
      };
      // (The port first: the helper then waits for the leader's compiled
      // engine instead of compiling its own; see worker.js.)
      w.postMessage({ port: channel.port2 }, [channel.port2]);
      w.postMessage({ start: true });
      for (const part of ['read', 'check']) w.postMessage({ id: -1, method: 'warmup', args: { part }, background: true });
      ports.push(channel.port1);
      this.pool.push(w);
    }
    if (ports.length) this.worker.postMessage({ helpers: ports }, ports);
    // poolWarm: settles once every helper has warmed up.
    this.poolWarm = Promise.all(warm);
  }

  // stopPool ends the helper engines.
  stopPool() {
    for (const w of this.pool) w.terminate();
    this.pool = [];
    this.poolCode = [];
    this.poolHolds = false;
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
      let worker = early?.worker;
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
      this.startSent = false;
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
        if (msg.module !== undefined) {
          // The engine's compiled code, for its helpers (see worker.js).
          for (const w of this.pool) {
            try {
              w.postMessage({ module: msg.module });
            } catch {
              w.postMessage({ module: null }); // it compiles its own
            }
          }
          return;
        }
        if (msg.id === 0) {
          if (msg.error) fail(msg.error);
          else {
            ready = true;
            // The worker's start-up moments, on this page's clock.
            const timeline = msg.result.timeline || {};
            for (const [name, t] of Object.entries(timeline))
              if (typeof t === 'number') performance.mark('worker-' + name, { startTime: t - performance.timeOrigin });
            this.startedBy = timeline.startedBy; // 'page', or 'timer' if the page never asked (see start)
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
        if (w.method === 'loadData' && msg.result) this.poolHolds = msg.result.parts > 1;
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
      // Without recorded answers to draw from (a restart, a page off the
      // build's path), the page needs the engine at once.
      if (!this.recordingsOpen || gen !== 1) this.start(gen === 1 ? 'no recordings' : 'restart');
    });
    return this.readyPromise;
  }

  // start lets the worker compile the engine, once per worker. The worker
  // downloads it at once but compiles it only when told (or 3 s after it
  // started, if never told: worker.js START_ANYWAY_MS), so that the page's
  // first result, drawn from the recorded answers, is painted without the
  // compilation taking the machine's cores. The page tells it once that
  // result is painted (app.js firstResult), and any call no recording
  // answers tells it too.
  start(why) {
    if (this.startSent || !this.worker) return;
    this.startSent = true;
    this.startReason = why;
    performance.mark('engine-start');
    try {
      this.worker.postMessage({ start: true });
    } catch {
      /* the worker is gone: its error says so */
    }
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
    const rec = background ? null : this.recorded(method, args);
    if (rec) {
      // Answered now; the engine answers too, for its state and the check.
      const check = { method, args: copy(args), recorded: rec.result, at: performance.now() };
      this.prerenderChecks.push(check);
      const id = this.nextId++;
      this.waiting.set(id, {
        method,
        t0: performance.now(),
        onProgress: null,
        resolve: (real) => {
          check.real = real;
          check.realAt = performance.now();
          check.same = sameAnswer(rec.result, real, this.recordings.timing);
          if (!check.same) console.error(`engine: the recorded answer to ${method} ${canonical(args)} differs from the engine's`);
        },
        reject: (err) => {
          check.error = { code: err.code, message: err.message };
          check.realAt = performance.now();
          if (!['cancelled', 'crashed', 'load'].includes(err.code))
            console.error(`engine: the engine refused ${method} ${canonical(args)}, answered from a recording: ${err.message}`);
        },
      });
      try {
        this.worker.postMessage({ id, method, args }, transfer);
      } catch (err) {
        this.waiting.delete(id);
        this.recordingsOpen = false;
        return Promise.reject(new EngineError({ code: 'request', message: 'the request cannot be sent to the engine: ' + err.message }));
      }
      // What the first result is drawn from (DRAWN_FIRST) is answered at
      // once (as a promise already settled): the first result is drawn in
      // the task that asked, and the browser's first frame after it paints
      // it. The rest (its table's rows, its sweep, the stream's queue card,
      // the other tabs') is answered each in a task of its own, as the
      // worker answers: the browser paints in between, so the first frame
      // does not wait for it (it came in that frame before: 30-70 ms of its
      // task here).
      const result = copy(rec.result);
      if (this.prerenderChecks.length === 1) {
        performance.mark('first-recorded-answer');
        if (typeof requestAnimationFrame === 'function')
          requestAnimationFrame(() => {
            this.answerNow = false;
          });
      }
      if (this.answerNow && DRAWN_FIRST.has(method)) return Promise.resolve(result);
      return new Promise((resolve) => nextTask(() => resolve(result)));
    }
    if (!background) this.start(method);
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

  // recorded returns the recording that answers method(args) now, or null;
  // a call that changes the engine's state without one ends their use.
  recorded(method, args) {
    if (!this.recordingsOpen) return null;
    if (this.generation !== 1) {
      this.recordingsOpen = false;
      return null;
    }
    let rec = null;
    let key = null;
    if (this.recordings.methods.has(method)) {
      const c = canonical(args);
      key = c === null ? null : method + ' ' + c;
      rec = key && this.recordings.byKey.get(key);
      if (rec && (this.recordingsUsed.has(key) || (rec.after && !this.defaultRuns.has(rec.after)))) rec = null;
      if (!rec) this.prerenderMissed.push({ method, args: c === null ? null : copy(args), at: performance.now() });
    }
    if (!rec) {
      if (!READS.has(method)) this.recordingsOpen = false;
      return null;
    }
    this.recordingsUsed.add(key);
    if (method === 'run') this.defaultRuns.add(args.pattern);
    return rec;
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
    this.stopPool();
    this.recordingsOpen = false; // a new engine holds nothing of the build's path
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
    this.stopPool();
    this.recordingsOpen = false;
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
