// The engine's methods as functions: engine.run({ pattern, config })
// instead of engine.call('run', …), in the shape of DuckDB-WASM's
// AsyncDuckDB over its worker protocol. METHODS is wasm/api's method table
// — each method's request fields → what it answers — and a test
// (TestEngineApiIsTheMethodTable) holds the two equal, so a method added
// in Go without its function here, or the reverse, fails.
import { Engine } from './engine.js';

export const METHODS = {
  defaults: `{} → {batch, stream, etl, compare, time}: each pattern's default settings; columns: the sales data's columns; version: the build`,
  run: `{pattern, config} → the pattern's summary, with its tables (batch, stream, etl, compare, time: see patterns.go)`,
  validate: `{pattern, config} → {ok: true}, or the first problem (rules are checked against the data's columns; memory against what would be free)`,
  rows: `{table, offset, limit, sort, desc} → {table, columns, rows, total, offset}`,
  csv: `{table, formulaGuard} → {file, bytes}, and the CSV bytes (a loaded file's tables in its own dialect)`,
  replay: `{limit, pattern} → the last stream's steps (pattern stream, the default) or the last event-time run's (time), as columns`,
  sweep: `{pattern, config} → stream: latency and flushes against buffer size and linger; batch: freshness and job runs against the interval; time: result latency, completeness and drops against the watermark delay`,
  queue: `{config, capacity, batchSize, perBatchMs, perEventMs, policy} → the stream's arrivals through a bounded queue (backpressure): depth over time, blocked time, drops`,
  parseRules: `{text} → {rules}: the canonical text of each rule`,
  memory: `{} → {sysBytes, heapBytes, heapSysBytes, collections}: the Go runtime's memory from the system, live heap, heap from the system, and collections so far`,
  loadData: `{name, data, fileRef} | {sample: true} | {types, separator, encoding} → a new file, the built-in messy sample, or the loaded file read again: its columns, profile, rule suggestions, unreadable records and dialect (separator, encoding, number styles)`,
  checkData: `{config} → the quality gate over the loaded file, with its clean, rejected, rule report and aggregate tables (see DataCheckConfig)`,
  export: `{pattern, target, config} → the pipeline as a program for pandas, duckdb or beam: {program, main, helpers, helperFile, helperText, files, run, input, zip, untranslated, …} (see core/export.Bundle)`,
  exportZip: `{pattern, target, config} → {file, bytes} and the whole export as a .zip: program, README, input, expected outputs`,
  exportInput: `{pattern, config} → {file, bytes} and the pipeline's input as CSV`,
  exportTemplates: `{pandas, duckdb, beam} → the exports' template files, which the page loads on demand (no arguments: which the engine has)`,
  warmup: `{part} → {ms}: runs a part of the engine (etl, batch, stream, time; read: a file read and profiled; check: that file checked and written) on a little data, keeping nothing, so the browser has compiled its code before the learner's first large run`,
  partRead: `{load, part, msg, data, fileRef, size, separator, encoding, types} → {msg}: engine to engine (see parts.go): reads its part of a file the leading engine cut (msg: the plan; data: the file, or fileRef and size: the file as the transport hands it over)`,
  partRescan: `{load, msg} → {msg}: engine to engine: reads its part again from where the one before it ended`,
  partFinish: `{load, msg} → {msg}: engine to engine: types its part's columns with the file's number style`,
  partAccept: `{load, msg} → {msg}: engine to engine: keeps its part, the parts having agreed`,
  partProfile: `{load, first, total} → {msg, samples}: engine to engine: its part's profile, and the values rule suggestions sample`,
  partProfileFinish: `{load, msg} → {msg}: engine to engine: its part's share of the profile, given the merge`,
  partCheck: `{load, config} → {msg}: engine to engine: its part's rows checked`,
  partCheckFinish: `{load, msg} → {msg}: engine to engine: its part's rows quarantined or transformed, given the verdict`,
  partRows: `{load, table, offset, limit, sort, desc} → engine to engine: a page of its part's rows, as rows answers (sort: in the order partSort sorted them)`,
  partSort: `{load, table, sort, desc} → {msg} or {whole: true}: engine to engine: sorts its part's rows by a column and answers their values in that order (whole: the sort is to be done whole)`,
  partCSV: `{load, table, rowsOnly, formulaGuard, hold} → {msg}: engine to engine: its part's rows as CSV (rowsOnly: without the header; hold: the leader's transport may keep the bytes where they arrive)`,
  partDrop: `{} → {}: engine to engine: drops its part`,
  testCrash: `{} → never answers: the worker exits as running out of memory does (a test hook for the page's recovery)`,
};

// EngineApi is the Engine client (engine.js: start, restart, crash
// recovery, recorded answers) with one function per method. Each takes the
// request's fields as one object, and optionally onProgress (hears each
// step a run finishes), transfer (buffers handed to the worker) and
// background (run only when the engine is otherwise idle).
export class EngineApi extends Engine {}

for (const name of Object.keys(METHODS)) {
  EngineApi.prototype[name] = function (args = {}, onProgress = null, transfer = [], background = false) {
    return this.call(name, args, onProgress, transfer, background);
  };
}
