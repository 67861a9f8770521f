package api

// Methods: the table Call dispatches from, and the package doc's list.

import (
	"runtime"

	"github.com/ingestkit/playground/core"
	"github.com/ingestkit/playground/core/quality"
	"github.com/ingestkit/playground/core/sales"
)

// Method is one request the engine answers: its name, the fields of its
// request, what it answers, and its handler. The package doc's list of
// methods is this table (TestMethodsAreDocumented holds them equal), and
// the page's engineApi.js has one function per method.
type Method struct {
	Name   string
	Args   string // the request's fields, as {a, b}
	Result string // what it answers
	// Worker: handled by the worker's loop (wasm/main.go), not by Call.
	Worker bool
	run    func(e *Engine, a *reader) (map[string]any, []byte, error)
}

// Methods lists every method, in the order the package doc gives them.
func Methods() []Method { return append([]Method(nil), methodTable...) }

// noBin adapts a handler that answers no bytes.
func noBin(f func(e *Engine, a *reader) (map[string]any, error)) func(*Engine, *reader) (map[string]any, []byte, error) {
	return func(e *Engine, a *reader) (map[string]any, []byte, error) {
		r, err := f(e, a)
		return r, nil, err
	}
}

var methodTable = []Method{
	{Name: "defaults", Args: "{}", Result: "{batch, stream, etl, compare, time}: each pattern's default settings; columns: the sales data's columns; version: the build", run: noBin((*Engine).defaults)},
	{Name: "run", Args: "{pattern, config}", Result: "the pattern's summary, with its tables (batch, stream, etl, compare, time: see patterns.go)", run: noBin((*Engine).run)},
	{Name: "validate", Args: "{pattern, config}", Result: "{ok: true}, or the first problem (rules are checked against the data's columns; memory against what would be free)", run: noBin((*Engine).validate)},
	{Name: "rows", Args: "{table, offset, limit, sort, desc}", Result: "{table, columns, rows, total, offset}", run: noBin((*Engine).rows)},
	{Name: "csv", Args: "{table, formulaGuard}", Result: "{file, bytes}, and the CSV bytes (a loaded file's tables in its own dialect)", run: (*Engine).csv},
	{Name: "replay", Args: "{limit, pattern}", Result: "the last stream's steps (pattern stream, the default) or the last event-time run's (time), as columns", run: noBin((*Engine).replay)},
	{Name: "sweep", Args: "{pattern, config}", Result: "stream: latency and flushes against buffer size and linger; batch: freshness and job runs against the interval; time: result latency, completeness and drops against the watermark delay", run: noBin((*Engine).sweep)},
	{Name: "queue", Args: "{config, capacity, batchSize, perBatchMs, perEventMs, policy}", Result: "the stream's arrivals through a bounded queue (backpressure): depth over time, blocked time, drops", run: noBin((*Engine).queue)},
	{Name: "parseRules", Args: "{text}", Result: "{rules}: the canonical text of each rule", run: noBin(func(_ *Engine, a *reader) (map[string]any, error) { return parseRules(a) })},
	{Name: "memory", Args: "{}", Result: "{sysBytes, heapBytes, heapSysBytes, collections}: the Go runtime's memory from the system, live heap, heap from the system, and collections so far", run: noBin((*Engine).memory)},
	{Name: "loadData", Args: "{name, data, fileRef} | {sample: true} | {types, separator, encoding}", Result: "a new file, the built-in messy sample, or the loaded file read again: its columns, profile, rule suggestions, unreadable records and dialect (separator, encoding, number styles)", run: noBin((*Engine).loadData)},
	{Name: "checkData", Args: "{config}", Result: "the quality gate over the loaded file, with its clean, rejected, rule report and aggregate tables (see DataCheckConfig)", run: noBin((*Engine).checkData)},
	{Name: "export", Args: "{pattern, target, config}", Result: "the pipeline as a program for pandas, duckdb or beam: {program, main, helpers, helperFile, helperText, files, run, input, zip, untranslated, …} (see core/export.Bundle)", run: noBin((*Engine).export)},
	{Name: "exportZip", Args: "{pattern, target, config}", Result: "{file, bytes} and the whole export as a .zip: program, README, input, expected outputs", run: (*Engine).exportZip},
	{Name: "exportInput", Args: "{pattern, config}", Result: "{file, bytes} and the pipeline's input as CSV", run: (*Engine).exportInput},
	{Name: "exportTemplates", Args: "{pandas, duckdb, beam}", Result: "the exports' template files, which the page loads on demand (no arguments: which the engine has)", run: noBin((*Engine).exportTemplates)},
	{Name: "warmup", Args: "{part}", Result: "{ms}: runs a part of the engine (etl, batch, stream, time; read: a file read and profiled; check: that file checked and written) on a little data, keeping nothing, so the browser has compiled its code before the learner's first large run", run: noBin(func(e *Engine, a *reader) (map[string]any, error) {
		part := a.str("part", "")
		if err := a.done(); err != nil {
			return nil, err
		}
		return e.warmup(part)
	})},
	{Name: "partRead", Args: "{load, part, msg, data, fileRef, size, separator, encoding, types}", Result: "{msg}: engine to engine (see parts.go): reads its part of a file the leading engine cut (msg: the plan; data: the file, or fileRef and size: the file as the transport hands it over)", run: noBin((*Engine).partRead)},
	{Name: "partRescan", Args: "{load, msg}", Result: "{msg}: engine to engine: reads its part again from where the one before it ended", run: noBin((*Engine).partRescan)},
	{Name: "partFinish", Args: "{load, msg}", Result: "{msg}: engine to engine: types its part's columns with the file's number style", run: noBin((*Engine).partFinish)},
	{Name: "partAccept", Args: "{load, msg}", Result: "{msg}: engine to engine: keeps its part, the parts having agreed", run: noBin((*Engine).partAccept)},
	{Name: "partProfile", Args: "{load, first, total}", Result: "{msg, samples}: engine to engine: its part's profile, and the values rule suggestions sample", run: noBin((*Engine).partProfile)},
	{Name: "partProfileFinish", Args: "{load, msg}", Result: "{msg}: engine to engine: its part's share of the profile, given the merge", run: noBin((*Engine).partProfileFinish)},
	{Name: "partCheck", Args: "{load, config}", Result: "{msg}: engine to engine: its part's rows checked", run: noBin((*Engine).partCheck)},
	{Name: "partCheckFinish", Args: "{load, msg}", Result: "{msg}: engine to engine: its part's rows quarantined or transformed, given the verdict", run: noBin((*Engine).partCheckFinish)},
	{Name: "partRows", Args: "{load, table, offset, limit, sort, desc}", Result: "engine to engine: a page of its part's rows, as rows answers (sort: in the order partSort sorted them)", run: noBin((*Engine).partRows)},
	{Name: "partSort", Args: "{load, table, sort, desc}", Result: "{msg} or {whole: true}: engine to engine: sorts its part's rows by a column and answers their values in that order (whole: the sort is to be done whole)", run: noBin((*Engine).partSort)},
	{Name: "partCSV", Args: "{load, table, rowsOnly, formulaGuard, hold}", Result: "{msg}: engine to engine: its part's rows as CSV (rowsOnly: without the header; hold: the leader's transport may keep the bytes where they arrive)", run: (*Engine).partCSV},
	{Name: "partDrop", Args: "{}", Result: "{}: engine to engine: drops its part", run: noBin((*Engine).partDrop)},
	{Name: "testCrash", Args: "{}", Result: "never answers: the worker exits as running out of memory does (a test hook for the page's recovery)", Worker: true},
}

// methodIndex finds a method by name.
var methodIndex = func() map[string]*Method {
	m := make(map[string]*Method, len(methodTable))
	for i := range methodTable {
		m[methodTable[i].Name] = &methodTable[i]
	}
	return m
}()

func (e *Engine) defaults(a *reader) (map[string]any, error) {
	result := map[string]any{}
	for _, p := range patternTable {
		result[p.name] = p.defaults()
	}
	// The generated sales columns, for the rule editors.
	sample, _, err := sales.Generate(sales.Config{Records: 1, Start: sales.DefaultStart, Span: core.Day})
	if err != nil {
		return nil, err
	}
	result["columns"] = plain(columnsOf(sample))
	result["version"] = Version()
	return result, nil
}

func (e *Engine) memory(a *reader) (map[string]any, error) {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return map[string]any{"sysBytes": int(m.Sys), "heapBytes": int(m.HeapAlloc), "heapSysBytes": int(m.HeapSys), "collections": int(m.NumGC)}, nil
}

func parseRules(a *reader) (map[string]any, error) {
	text := a.str("text", "")
	if err := a.done(); err != nil {
		return nil, err
	}
	rules, err := quality.Parse(text)
	if err != nil {
		return nil, err
	}
	out := make([]any, len(rules))
	for i, r := range rules {
		out[i] = r.String()
	}
	return map[string]any{"rules": out}, nil
}
