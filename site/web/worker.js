// The engine's Web Worker: it loads the Go engine (engine.wasm, built with
// GOOS=js GOARCH=wasm) and passes messages between the page and it. Every
// computation happens in Go; this file only relays.
//
// Page → worker: {id, method, args}, with background: true for work that
// waits until the engine is otherwise idle. Worker → page: {id, result} or
// {id, error}, plus {id, result, parts} for CSV files (an array of
// Uint8Array pieces whose buffers are transferred). Each answer carries ms,
// the time the engine took. The first message is {id: 0, result: {ready:
// true}} once the engine is running, {id: 0, error} if it could not start,
// and {id: 0, error: {code: 'crashed'}} if it stops later (out of memory, a
// fatal error): the page then fails its calls in flight and starts a new
// worker.
//
// For a large file the page starts more of these workers, a pool (see
// helperPorts below): each engine holds a part of the file, and the
// engine the page asks talks to the others through MessagePorts.
//
// Started from a Blob (a page in a sandboxed, opaque-origin frame must),
// the worker finds its files at self.ENGINE_BASE. In the single-file page
// (self.ENGINE_INLINE) the Blob holds wasm_exec.js too, and the first
// message brings the engine's bytes: {engine: Uint8Array}.
//
// The exports' template files (export/templates.json, 36 KB gzipped; not
// part of the engine, so that they weigh on no compilation) are downloaded
// beside the engine, and the ready message waits for them (2 s at most): a page that
// is ready works offline. (Asked for once the engine was compiled instead,
// they kept the ready message waiting 7–26 ms on this machine, for the
// worker's thread is busy starting Go meanwhile.) The worker keeps them and
// gives them to the engine when the page asks for exportTemplates with no
// texts; the answer's loaded list is empty if it has none.
'use strict';

const BASE = self.ENGINE_BASE || '';
// Start-up moments, as times since the page's navigation started (the page
// draws its own timeline from them: worker started, engine compiled, ready).
const since = () => performance.timeOrigin + performance.now();
const timeline = { script: since() };
let templates = null; // the exports' templates, {pandas, duckdb, beam}
let templatesLoaded = Promise.resolve();

// loadTemplates downloads the exports' templates; a failure leaves none
// (the page then tries itself when an export is opened, and says why not).
function loadTemplates() {
  const load = fetch(BASE + 'export/templates.json')
    .then((res) => (res.ok ? res.json() : null))
    .then(
      (t) => {
        if (t) {
          templates = t;
          timeline.templates = since();
        }
      },
      () => {},
    );
  templatesLoaded = Promise.race([load, new Promise((resolve) => setTimeout(resolve, 2000))]);
}

// The engine's download starts before anything else.
// A helper engine (started as worker.js#helper, or with ENGINE_HELPER)
// runs the page's engine's compiled code (see leaderModule) and is never
// asked for an export: it downloads the engine only if that code does not
// come, and the templates never.
const HELPER = self.ENGINE_HELPER || self.location.hash === '#helper';
const engineResponse = self.ENGINE_INLINE || HELPER ? null : fetch(BASE + 'engine.wasm');
// (A helper whose leader's code did not come downloads it after all.)
const engineDownload = () => engineResponse || fetch(BASE + 'engine.wasm');
if (!self.ENGINE_INLINE) {
  if (!HELPER) loadTemplates();
  importScripts(BASE + 'wasm_exec.js');
}

// The engine's compilation waits for the page's word ({start: true}). The
// page sends it once its first result is painted, or at its first call that
// no recorded answer covers: compiling takes both cores of a small machine,
// and the page's first result is drawn from the recorded answers without
// the engine. (Started in the page's head, as it is, the compilation made
// that first paint ~100 ms later on a 2-core machine.) The download
// starts at once all the same, and a page that never says starts it after
// START_ANYWAY_MS. timeline.start: when it was asked; startedBy: 'page' or
// 'timer'.
const START_ANYWAY_MS = 3000;
let allowStart;
const mayStart = new Promise((resolve) => {
  allowStart = (by) => {
    if (timeline.start) return;
    timeline.start = since();
    timeline.startedBy = by;
    resolve();
  };
});
setTimeout(() => allowStart('timer'), START_ANYWAY_MS);

const pending = [];
const startedAt = new Map(); // id → performance.now() when handed to the engine
let started = false;
// Background calls ({background: true}, the engine's warm-up) go to the
// engine only when it has nothing else to do: a learner's call never
// waits behind more than the one part under way.
const background = [];
function pump() {
  if (started && startedAt.size === 0 && background.length) deliver(background.shift());
}

// A pool of engines (a large file read by several at once: wasm/api's
// parts.go). The page gives the engine that leads {helpers: [MessagePort]},
// one port to each other engine, and each of those {port}, the other end.
// The leader's engine calls ingestHelperCall(h, id, method, args,
// transfer) to ask helper h, and hears each answer through
// ingestHelperAnswer(id, {result} | {error}); a helper's worker takes the
// requests on its port as it takes the page's, under ids of its own
// (from PORT_IDS up), and answers on the port.
let helperPorts = [];
// A helper's engine is the leader's, compiled: the leader hands the page
// its WebAssembly.Module ({module}), the page hands it to each helper
// (a worker's postMessage; a MessagePort between workers does not carry
// one in Chromium) and the helper instantiates it instead of compiling
// its own: it starts in ~5 ms, and does not take a core from the leader
// to compile. {module: null}, if the module could not be posted: the
// helper compiles its own.
let engineModule = null; // this engine's compiled module, once it runs
let leaderModule = null; // a helper's: the promise of the leader's
let gotModule = () => {};
// A module this worker could not take (messageerror): it compiles its own.
self.onmessageerror = () => gotModule(null);
function shareModule() {
  if (!engineModule || !helperPorts.length) return;
  try {
    self.postMessage({ module: engineModule });
  } catch {
    self.postMessage({ module: null });
  }
}
self.ingestHelperCount = () => helperPorts.length;
self.ingestHelperCall = (h, id, method, args, transfer) => {
  const port = helperPorts[h];
  if (!port) return false;
  if (args && args.fileRef !== undefined && files.has(args.fileRef)) args.file = files.get(args.fileRef);
  port.postMessage({ id, method, args }, transfer || []);
  return true;
};
// The leader's engine, idle after large work, collects its garbage and
// calls ingestHelperCollect for its helpers to collect theirs at once
// ({collect: true} on each port; a helper collects on its own only when
// its garbage is large: see wasm/main.go).
self.ingestHelperCollect = () => {
  for (const port of helperPorts) port.postMessage({ collect: true });
};
const PORT_IDS = 1e9;
let nextPortId = PORT_IDS;
const portCalls = new Map(); // local id → {port, id}
function serve(port) {
  // A request that brings the file ({file}: a Blob, see files) waits for
  // its bytes ({data}); those after it wait their turn, in order. (A file
  // that cannot be read comes without data: the engine says so, and the
  // leader reads the file alone.)
  let inOrder = Promise.resolve();
  port.onmessage = (e) => {
    const m = e.data;
    if (m.collect) {
      if (started) self.ingestCollect();
      return;
    }
    if (m.args && m.args.file instanceof Blob) {
      const file = m.args.file;
      delete m.args.file;
      inOrder = inOrder.then(async () => {
        try {
          m.args.data = new Uint8Array(await file.arrayBuffer());
        } catch {
          /* no data: the engine refuses the part */
        }
      });
    }
    inOrder = inOrder.then(() => {
      const id = nextPortId++;
      portCalls.set(id, { port, id: m.id });
      self.onmessage({ data: { id, method: m.method, args: m.args } });
    });
  };
}

// The engine calls this to answer.
self.ingestPost = (msg, transfer) => {
  if (msg.id === 0 && msg.result && msg.result.ready) {
    timeline.running = since(); // ready but for the templates (timeline.templates: when they came)
    templatesLoaded.then(() => ready(msg));
    return;
  }
  if (msg.progress === undefined && startedAt.has(msg.id)) {
    msg.ms = performance.now() - startedAt.get(msg.id);
    startedAt.delete(msg.id);
  }
  const call = portCalls.get(msg.id);
  if (call) {
    if (msg.progress === undefined) {
      portCalls.delete(msg.id);
      call.port.postMessage({ ...msg, id: call.id }, transfer || []);
    }
  } else self.postMessage(msg, transfer || []);
  pump();
};

// ready tells the page the engine is running, and hands it what waited.
function ready(msg) {
  started = true;
  timeline.ready = since();
  msg.result.timeline = timeline;
  self.postMessage(msg);
  for (const m of pending.splice(0)) deliver(m);
  pump();
}

// The files the page loaded, by handle: loadData's {file} (the learner's
// File) becomes {fileRef} for the engine, which hands the handle to its
// helpers, and ingestHelperCall hands them the File itself: each helper
// reads it for itself, at once with the others, and the leader copies
// nothing. The last few are kept (a file read again with other types
// uses its handle again).
const files = new Map();
let nextFile = 1;
const FILES_KEPT = 3;

function deliver(m) {
  if (m.method === 'exportTemplates' && templates && !Object.keys(m.args || {}).length) m.args = templates;
  if (m.method === 'loadData' && m.args && m.args.file instanceof Blob) {
    const ref = nextFile++;
    files.set(ref, m.args.file);
    if (files.size > FILES_KEPT) files.delete(files.keys().next().value);
    m.args.fileRef = ref;
    delete m.args.file;
  }
  startedAt.set(m.id, performance.now());
  try {
    self.ingestEngine(m.id, m.method, m.args || {});
  } catch (err) {
    self.postMessage({ id: m.id, error: { code: 'internal', message: 'the engine is not running: ' + err.message } });
  }
}

self.onmessage = (e) => {
  const m = e.data;
  if (m.module !== undefined) {
    gotModule(m.module);
    return;
  }
  if (m.start) {
    allowStart('page');
    return;
  }
  if (m.helpers) {
    helperPorts = m.helpers;
    for (const port of helperPorts) port.onmessage = (a) => self.ingestHelperAnswer(a.data.id, a.data);
    shareModule();
    return;
  }
  if (m.port) {
    leaderModule = new Promise((resolve) => (gotModule = resolve));
    serve(m.port);
    return;
  }
  if (m.engine) {
    boot(m.engine);
    return;
  }
  if (m.engineError) {
    self.postMessage({ id: 0, error: { code: 'load', message: 'could not unpack the engine: ' + m.engineError } });
    return;
  }
  if (m.background) {
    background.push(m);
    pump();
    return;
  }
  if (!started) {
    pending.push(m);
    return;
  }
  deliver(m);
};

// boot starts the engine: from bytes when given, else from engine.wasm.
async function boot(bytes) {
  try {
    await mayStart;
    const go = new Go();
    let exitCode = 0;
    go.exit = (code) => {
      exitCode = code;
    };
    let result;
    const module = leaderModule && (await leaderModule);
    timeline.code = module ? 'leader' : 'own'; // a helper's code: the leader's, or compiled here
    if (module) {
      result = { module, instance: await WebAssembly.instantiate(module, go.importObject) };
    } else if (bytes) {
      result = await WebAssembly.instantiate(bytes, go.importObject);
    } else if (WebAssembly.instantiateStreaming) {
      result = await WebAssembly.instantiateStreaming(engineDownload(), go.importObject);
    } else {
      const data = await (await engineDownload()).arrayBuffer();
      result = await WebAssembly.instantiate(data, go.importObject);
    }
    timeline.compiled = since();
    engineModule = result.module;
    shareModule();
    go.run(result.instance).then(() => {
      started = false;
      const why = exitCode === 2 ? 'it ran out of memory or hit a fatal error, exit code 2' : `exit code ${exitCode}`;
      self.postMessage({ id: 0, error: { code: 'crashed', message: `the engine stopped (${why})` } });
    });
  } catch (err) {
    self.postMessage({ id: 0, error: { code: 'load', message: 'could not load the engine: ' + err.message } });
  }
}

if (!self.ENGINE_INLINE) boot();
