// Package api is the engine's message interface, in plain Go so it runs and
// tests natively: the GOOS=js adapter in the parent directory only converts
// values between JavaScript and Go and moves them to and from the page's Web
// Worker.
//
// Requests and answers are plain values — map[string]any, []any, string,
// float64, int, int64, bool and nil — which the adapter turns into
// JavaScript objects directly; there is no JSON step (encoding/json alone
// would add a tenth to the download). Results stay in Go memory: the page
// asks for pages of rows and for the CSV files it downloads. No pipeline
// logic lives here: every number comes from package core.
//
// Methods (arguments → result), as the method table in methods.go gives
// them — Call dispatches from that table, and a test holds this list equal
// to it:
//
//	defaults        {} → {batch, stream, etl, compare, time}: each pattern's default settings; columns: the sales data's columns; version: the build
//	run             {pattern, config} → the pattern's summary, with its tables (batch, stream, etl, compare, time: see patterns.go)
//	validate        {pattern, config} → {ok: true}, or the first problem (rules are checked against the data's columns; memory against what would be free)
//	rows            {table, offset, limit, sort, desc} → {table, columns, rows, total, offset}
//	csv             {table, formulaGuard} → {file, bytes}, and the CSV bytes (a loaded file's tables in its own dialect)
//	replay          {limit, pattern} → the last stream's steps (pattern stream, the default) or the last event-time run's (time), as columns
//	sweep           {pattern, config} → stream: latency and flushes against buffer size and linger; batch: freshness and job runs against the interval; time: result latency, completeness and drops against the watermark delay
//	queue           {config, capacity, batchSize, perBatchMs, perEventMs, policy} → the stream's arrivals through a bounded queue (backpressure): depth over time, blocked time, drops
//	parseRules      {text} → {rules}: the canonical text of each rule
//	memory          {} → {sysBytes, heapBytes, heapSysBytes, collections}: the Go runtime's memory from the system, live heap, heap from the system, and collections so far
//	loadData        {name, data, fileRef} | {sample: true} | {types, separator, encoding} → a new file, the built-in messy sample, or the loaded file read again: its columns, profile, rule suggestions, unreadable records and dialect (separator, encoding, number styles)
//	checkData       {config} → the quality gate over the loaded file, with its clean, rejected, rule report and aggregate tables (see DataCheckConfig)
//	export          {pattern, target, config} → the pipeline as a program for pandas, duckdb or beam: {program, main, helpers, helperFile, helperText, files, run, input, zip, untranslated, …} (see core/export.Bundle)
//	exportZip       {pattern, target, config} → {file, bytes} and the whole export as a .zip: program, README, input, expected outputs
//	exportInput     {pattern, config} → {file, bytes} and the pipeline's input as CSV
//	exportTemplates {pandas, duckdb, beam} → the exports' template files, which the page loads on demand (no arguments: which the engine has)
//	warmup          {part} → {ms}: runs a part of the engine (etl, batch, stream, time; read: a file read and profiled; check: that file checked and written) on a little data, keeping nothing, so the browser has compiled its code before the learner's first large run
//	partRead        {load, part, msg, data, fileRef, size, separator, encoding, types} → {msg}: engine to engine (see parts.go): reads its part of a file the leading engine cut (msg: the plan; data: the file, or fileRef and size: the file as the transport hands it over)
//	partRescan      {load, msg} → {msg}: engine to engine: reads its part again from where the one before it ended
//	partFinish      {load, msg} → {msg}: engine to engine: types its part's columns with the file's number style
//	partAccept      {load, msg} → {msg}: engine to engine: keeps its part, the parts having agreed
//	partProfile     {load, first, total} → {msg, samples}: engine to engine: its part's profile, and the values rule suggestions sample
//	partProfileFinish {load, msg} → {msg}: engine to engine: its part's share of the profile, given the merge
//	partCheck       {load, config} → {msg}: engine to engine: its part's rows checked
//	partCheckFinish {load, msg} → {msg}: engine to engine: its part's rows quarantined or transformed, given the verdict
//	partRows        {load, table, offset, limit, sort, desc} → engine to engine: a page of its part's rows, as rows answers (sort: in the order partSort sorted them)
//	partSort        {load, table, sort, desc} → {msg} or {whole: true}: engine to engine: sorts its part's rows by a column and answers their values in that order (whole: the sort is to be done whole)
//	partCSV         {load, table, rowsOnly, formulaGuard, hold} → {msg}: engine to engine: its part's rows as CSV (rowsOnly: without the header; hold: the leader's transport may keep the bytes where they arrive)
//	partDrop        {} → {}: engine to engine: drops its part
//	testCrash       {} → never answers: the worker exits as running out of memory does (a test hook for the page's recovery)
//
// The patterns (batch, stream, etl, compare, time) are a table too
// (patterns.go): their default settings, how settings become a run, its
// memory and its rules, and the run itself; their tables are kept under
// the pattern's name (batch_output…), a loaded file's under file_.
//
// Work that would take the engine's data past its memory budget (1 GiB; see
// Engine.Budget) is refused before it starts, with an error of code
// "memory" that says what is too big and what would fit.
//
// A config is a flat object of settings named like core's fields: records,
// seed, span, interval (batch); bufferSize, lingerMs, intervalMs, jitterMs,
// outOfOrder, lateMs (stream); rules; samples (etl); core's JSON names for
// event time (intervalMs, delay.typicalMs, window.kind, watermark.allowedDelayMs,
// trigger.allowedLatenessMs, backpressure.capacity…: see eventtime.go); and the fault rates
// faults.nullPrice, faults.badQuantity, faults.duplicates, faults.messyText,
// faults.mixedDates, faults.badDates and faults.outliers. Missing settings
// take their defaults; an unknown one is an error naming it.
package api

import (
	"errors"
	"strings"

	"github.com/ingestkit/playground/core"
	"github.com/ingestkit/playground/core/table"
)

// MemoryBudget is the most memory the engine's data may take: the tables it
// keeps, the loaded file, and the work of the next request.
const MemoryBudget = 1 << 30

// Engine holds the last results of each pattern between calls.
type Engine struct {
	// Progress, when set, is called with the name of each pipeline step as
	// a run finishes it.
	Progress func(step string)
	// Budget is the most memory the engine's data may take (MemoryBudget
	// unless a test sets less): work that would go past it is refused.
	Budget int64

	tables     map[string]*table.Table
	files      map[string]string // download file name of each table
	sorts      map[string][]int
	lastStream *core.StreamConfig
	lastTime   *core.EventTimeConfig
	file       *loadedFile
	warmFile   *table.CSVResult // the warm-up's file, read by its "read" part for its "check" part

	// Helpers, when set, are other engines this one hands parts of a
	// large file to (see parts.go).
	Helpers   Helpers
	loads     int                // files read in parts so far: each read's id
	parts     map[int]*partState // this engine's parts of files read in parts, by load
	localData []byte             // the file being read in parts, for this engine's own part
}

// loadedFile is the CSV file the page handed over, kept to re-read it with
// other column types and to check it.
type loadedFile struct {
	name   string
	data   []byte
	ref    int              // the transport's handle of the file (fileRef), 0 if none
	csv    *table.CSVResult // nil while parts hold it (parted)
	parted *partedFile
	opts   table.CSVOptions      // the separator and encoding the learner chose ("" detects)
	types  map[string]table.Type // the column types the learner chose
	write  table.CSVWriteOptions // how its last check's tables are written
}

// FileSharer is Helpers that can hand a helper the file itself by its
// handle (loadData's fileRef: in the browser, the File the learner chose,
// which each helper reads for itself), so that the leader does not copy
// the file to each.
type FileSharer interface {
	SharesFiles() bool
}

// New returns an empty engine.
func New() *Engine {
	return &Engine{Budget: MemoryBudget, tables: map[string]*table.Table{}, files: map[string]string{}, sorts: map[string][]int{}}
}

// retained is the memory the engine's kept data takes.
func (e *Engine) retained() int64 { return retainedOf(e.tables, e.file, e.parts) }

// retainedOf is retained for an engine holding tables, file and parts.
func retainedOf(tables map[string]*table.Table, file *loadedFile, parts map[int]*partState) int64 {
	seen := map[*table.Table]bool{}
	var n int64
	for _, t := range tables {
		if !seen[t] {
			seen[t] = true
			n += table.TableBytes(t)
		}
	}
	if file != nil {
		n += int64(len(file.data))
		if file.csv != nil {
			if t := file.csv.Table; !seen[t] {
				n += table.TableBytes(t)
			}
		}
	}
	leader := file != nil && file.parted != nil
	for _, p := range parts {
		if p.file != nil {
			n += table.TableBytes(p.file.Table)
		}
		if p.check != nil && p.check.Clean != nil {
			n += table.TableBytes(p.check.Clean) + table.TableBytes(p.check.Rejected)
		}
		if !leader || p.load != file.parted.load {
			n += int64(len(p.data)) // a helper's copy of the file
		}
	}
	if leader {
		// The helpers' parts, as if this engine held them: its memory
		// answers are one engine's.
		n += file.parted.remote
	}
	return n
}

// free is the memory left in the budget for the next piece of work.
func (e *Engine) free() int64 { return max(1, e.Budget-e.retained()) }

// freeUnloaded is what free would be once the loaded file and its results
// went: what unload drops (the data_ tables, the file, its parts) left
// out.
func (e *Engine) freeUnloaded() int64 {
	tables := map[string]*table.Table{}
	for name, t := range e.tables {
		if !strings.HasPrefix(name, "data_") {
			tables[name] = t
		}
	}
	parts := e.parts
	if e.file != nil && e.file.parted != nil {
		parts = nil
	}
	return max(1, e.Budget-retainedOf(tables, nil, parts))
}

// roomByUnloading reports whether err refuses a file for memory that
// unloading the loaded file would make room for: a file that needs more
// than even that is refused with the loaded file kept.
func (e *Engine) roomByUnloading(err error, size int) bool {
	if e.file == nil || !errors.Is(err, table.ErrTooLarge) || size > table.DefaultMaxBytes {
		return false
	}
	var ce *table.CSVError
	return !errors.As(err, &ce) || ce.Need == 0 || ce.Need <= e.freeUnloaded()
}

// fits refuses work that needs more memory than is free (with extra bytes
// that the work will free first).
func (e *Engine) fits(need, extra int64, what string, records int) error {
	return core.CheckRunMemory(what, records, need, e.free()+extra)
}

// Call runs one method with its arguments (nil means none). It never
// panics: a panic inside is recovered and returned as an internal error, so
// the Go instance in the page survives.
func (e *Engine) Call(method string, args map[string]any) (result map[string]any, bin []byte, err *Error) {
	defer func() {
		if p := recover(); p != nil {
			result, bin, err = nil, nil, recovered(p)
		}
	}()
	a := &reader{m: args}
	var e2 error
	m := methodIndex[method]
	switch {
	case m == nil:
		return nil, nil, reqErr("", "unknown method %q", method)
	case m.Worker:
		return nil, nil, reqErr("", "%s is answered by the worker, not the engine", method)
	}
	result, bin, e2 = m.run(e, a)
	if e2 != nil {
		return nil, nil, ErrorOf(e2)
	}
	return result, bin, nil
}

// buildVersion is set by the site's build (go build -ldflags -X): the
// commit the engine was built from and its date.
var buildVersion string

// Version names the engine's build: the commit and its date ("+changes"
// when the tree had uncommitted changes), or "development build".
func Version() string {
	if buildVersion == "" {
		return "development build"
	}
	return buildVersion
}
