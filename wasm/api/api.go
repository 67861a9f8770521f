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
// Methods (arguments → result):
//
//	defaults   {}                                  → {batch, stream, etl, compare, time}: each pattern's default settings; columns: the sales data's columns
//	run        {pattern, config}                   → the pattern's summary (batch, stream, etl, compare; time: event time, see timeSummary)
//	validate   {pattern, config}                   → {ok: true}, or the first problem (rules are checked against the data's columns)
//	rows       {table, offset, limit, sort, desc}  → {table, columns, rows, total, offset}
//	csv        {table, formulaGuard}               → {file, bytes}, and the CSV bytes
//	replay     {limit, pattern}                    → the last stream's steps (pattern "stream", the default) or the last event-time run's (pattern "time"), as columns
//	sweep      {pattern, config}                   → stream: latency and flushes against buffer size and linger; batch: freshness and job runs against the interval; time: result latency, completeness and drops against the watermark delay
//	queue      {config, capacity, batchSize, perBatchMs, perEventMs, policy} → the stream's arrivals through a bounded queue (backpressure): depth over time, blocked time, drops
//	parseRules {text}                              → {rules}: the canonical text of each rule
//	memory     {}                                  → {sysBytes, heapBytes, heapPeakBytes}: the engine's memory (Go runtime figures)
//	loadFile   {name, data, types, separator, encoding} → the file's columns, profile, rule suggestions, unreadable records and dialect (separator, encoding, number styles)
//	           {sample: true}                      → the same for core.SampleOrdersCSV, a small messy file
//	checkFile  {config}                            → the quality gate over the loaded file (see FileCheckConfig)
//	export     {pattern, target, config}           → the pipeline as a program for pandas, duckdb or beam (see core/export)
//	exportZip  {pattern, target, config}           → {file, bytes} and the whole export as a .zip: program, README, input, expected outputs
//	exportInput {pattern, config}                  → {file, bytes} and the pipeline's input as CSV
//	exportTemplates {pandas, duckdb, beam}         → the exports' template files, which the page loads on demand
//	warmup     {part}                              → {ms}: runs a part of the engine (etl, batch, stream; read: a file read and profiled; check: that file checked and written) on a little data, keeping nothing, so the browser has compiled and optimized its code before the learner's first large run
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
	"fmt"
	"io"
	"math"
	"runtime"
	"sort"
	"strings"

	"github.com/ingestkit/playground/core"
	"github.com/ingestkit/playground/core/export"
)

// Error is an error as the page shows it: a stable code, a message a
// learner can act on, and where it applies (a setting, or a line and column
// in rule text or a CSV file).
type Error struct {
	Code    string // config, rule_syntax, rule_bind, csv, memory, request, internal
	Message string
	Field   string
	Line    int
	Column  int
}

func (e *Error) Error() string { return e.Message }

// Value returns the error as a plain object for the page.
func (e *Error) Value() map[string]any {
	return map[string]any{"code": e.Code, "message": e.Message, "field": e.Field, "line": e.Line, "column": e.Column}
}

// ErrorOf maps an error from core to an *Error.
func ErrorOf(err error) *Error {
	var fe *core.FieldError
	var re *core.RuleError
	var ce *core.CSVError
	var ae *Error
	var me *core.MemoryError
	switch {
	case errors.As(err, &ae):
		return ae
	case errors.As(err, &me):
		return &Error{Code: "memory", Message: me.Msg, Field: me.Field}
	case errors.As(err, &fe):
		return &Error{Code: "config", Message: fe.Error(), Field: fe.Field}
	case errors.As(err, &re):
		code := "rule_syntax"
		if errors.Is(err, core.ErrRuleBind) {
			code = "rule_bind"
		}
		return &Error{Code: code, Message: re.Error(), Field: "rules", Line: re.Line, Column: re.Column}
	case errors.As(err, &ce):
		code := "csv"
		if errors.Is(err, core.ErrTooLarge) {
			code = "memory"
		}
		return &Error{Code: code, Message: ce.Error(), Line: ce.Line, Column: ce.Column}
	case errors.Is(err, export.ErrNoTemplate):
		return &Error{Code: "templates", Message: err.Error() + "; the page sends them with exportTemplates"}
	case errors.Is(err, export.ErrTarget):
		return &Error{Code: "request", Message: err.Error(), Field: "target"}
	case errors.Is(err, export.ErrNotExportable):
		return &Error{Code: "export", Message: strings.TrimPrefix(err.Error(), "export: "), Field: "target"}
	}
	return &Error{Code: "internal", Message: err.Error()}
}

func reqErr(field, format string, a ...any) *Error {
	return &Error{Code: "request", Message: fmt.Sprintf(format, a...), Field: field}
}

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

	tables     map[string]*core.Table
	files      map[string]string // download file name of each table
	sorts      map[string][]int
	lastStream *core.StreamConfig
	lastTime   *core.EventTimeConfig
	file       *loadedFile
	warmFile   *core.CSVResult // the warm-up's file, read by its "read" part for its "check" part
}

// loadedFile is the CSV file the page handed over, kept to re-read it with
// other column types and to check it.
type loadedFile struct {
	name  string
	data  []byte
	csv   *core.CSVResult
	opts  core.CSVOptions      // the separator and encoding the learner chose ("" detects)
	write core.CSVWriteOptions // how its last check's tables are written
}

// New returns an empty engine.
func New() *Engine {
	return &Engine{Budget: MemoryBudget, tables: map[string]*core.Table{}, files: map[string]string{}, sorts: map[string][]int{}}
}

// retained is the memory the engine's kept data takes.
func (e *Engine) retained() int64 {
	seen := map[*core.Table]bool{}
	var n int64
	for _, t := range e.tables {
		if !seen[t] {
			seen[t] = true
			n += core.TableBytes(t)
		}
	}
	if e.file != nil {
		n += int64(len(e.file.data))
		if t := e.file.csv.Table; !seen[t] {
			n += core.TableBytes(t)
		}
	}
	return n
}

// free is the memory left in the budget for the next piece of work.
func (e *Engine) free() int64 { return max(1, e.Budget-e.retained()) }

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
	switch method {
	case "defaults":
		result = map[string]any{"batch": batchSettings(core.DefaultBatchConfig()), "stream": streamSettings(core.DefaultStreamConfig()), "etl": etlSettings(core.DefaultETLConfig()),
			"compare": compareSettings(core.DefaultCompareConfig()), "time": timeSettings(defaultTimeConfig())}
		// The generated sales columns, for the rule editors.
		sample, _, err := core.GenerateSales(core.GenConfig{Records: 1, Start: core.DefaultStart, Span: core.Day})
		if err != nil {
			return nil, nil, ErrorOf(err)
		}
		result["columns"] = plain(columnsOf(sample))
		result["version"] = Version()
	case "run":
		result, e2 = e.run(a)
	case "validate":
		result, e2 = e.validate(a)
	case "rows":
		result, e2 = e.rows(a)
	case "csv":
		result, bin, e2 = e.csv(a)
	case "replay":
		result, e2 = e.replay(a)
	case "sweep":
		result, e2 = e.sweep(a)
	case "queue":
		result, e2 = e.queue(a)
	case "parseRules":
		result, e2 = parseRules(a)
	case "memory":
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		result = map[string]any{"sysBytes": int(m.Sys), "heapBytes": int(m.HeapAlloc), "heapPeakBytes": int(m.HeapSys), "collections": int(m.NumGC)}
	case "loadFile":
		result, e2 = e.loadFile(a)
	case "checkFile":
		result, e2 = e.checkFile(a)
	case "export":
		result, e2 = e.export(a)
	case "exportZip":
		result, bin, e2 = e.exportZip(a)
	case "exportInput":
		result, bin, e2 = e.exportInput(a)
	case "exportTemplates":
		result, e2 = e.exportTemplates(a)
	case "warmup":
		part := a.str("part", "")
		if e2 = a.done(); e2 == nil {
			result, e2 = e.warmup(part)
		}
	default:
		return nil, nil, reqErr("", "unknown method %q", method)
	}
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

// recovered is the error answer for a panic the engine survived.
func recovered(p any) *Error {
	return &Error{Code: "internal", Message: fmt.Sprintf("the engine hit a bug and recovered (%v); please report it with the link to this setup", p)}
}

// reader takes typed values out of a request object, remembering the first
// problem.
type reader struct {
	m    map[string]any
	err  error
	used map[string]bool
}

func (r *reader) get(key string) (any, bool) {
	if r.used == nil {
		r.used = map[string]bool{}
	}
	r.used[key] = true
	v, ok := r.m[key]
	return v, ok && v != nil
}

func (r *reader) fail(err error) {
	if r.err == nil {
		r.err = err
	}
}

func (r *reader) str(key, def string) string {
	v, ok := r.get(key)
	if !ok {
		return def
	}
	s, isStr := v.(string)
	if !isStr {
		r.fail(&Error{Code: "config", Message: fmt.Sprintf("%s must be text", key), Field: key})
	}
	return s
}

func (r *reader) num(key string, def float64) float64 {
	v, ok := r.get(key)
	if !ok {
		return def
	}
	switch x := v.(type) {
	case float64:
		return x
	case int:
		return float64(x)
	case int64:
		return float64(x)
	}
	r.fail(&Error{Code: "config", Message: fmt.Sprintf("%s must be a number", key), Field: key})
	return def
}

func (r *reader) int(key string, def int64) int64 {
	f := r.num(key, float64(def))
	if f != math.Trunc(f) || math.Abs(f) > 1<<53 {
		r.fail(&Error{Code: "config", Message: fmt.Sprintf("%s must be a whole number, got %v", key, f), Field: key})
		return def
	}
	return int64(f)
}

func (r *reader) boolean(key string, def bool) bool {
	v, ok := r.get(key)
	if !ok {
		return def
	}
	b, isBool := v.(bool)
	if !isBool {
		r.fail(&Error{Code: "config", Message: fmt.Sprintf("%s must be true or false", key), Field: key})
	}
	return b
}

func (r *reader) bytes(key string) []byte {
	v, ok := r.get(key)
	if !ok {
		return nil
	}
	b, isBytes := v.([]byte)
	if !isBytes {
		r.fail(reqErr(key, "%s must be the bytes of a file", key))
	}
	return b
}

func (r *reader) strs(key string) []string {
	v, ok := r.get(key)
	if !ok {
		return nil
	}
	list, isList := v.([]any)
	out := make([]string, 0, len(list))
	for _, x := range list {
		s, isStr := x.(string)
		if !isStr {
			isList = false
			break
		}
		out = append(out, s)
	}
	if !isList {
		r.fail(&Error{Code: "config", Message: fmt.Sprintf("%s must be a list of column names", key), Field: key})
	}
	return out
}

func (r *reader) obj(key string) map[string]any {
	v, ok := r.get(key)
	if !ok {
		return nil
	}
	m, isMap := v.(map[string]any)
	if !isMap {
		r.fail(reqErr(key, "%s must be an object", key))
	}
	return m
}

// done reports the first problem, or the first setting nobody asked for.
func (r *reader) done() error {
	if r.err != nil {
		return r.err
	}
	keys := make([]string, 0, len(r.m))
	for k := range r.m {
		keys = append(keys, k)
	}
	sort.Sort(sort.StringSlice(keys))
	for _, k := range keys {
		if !r.used[k] {
			return &Error{Code: "config", Message: fmt.Sprintf("unknown setting %q", k), Field: k}
		}
	}
	return nil
}

// list converts a slice to []any, the only list the JavaScript bridge takes.
func list[T any](xs []T) []any {
	out := make([]any, len(xs))
	for i, x := range xs {
		out[i] = x
	}
	return out
}

// Settings: core configs as flat objects and back.

var faultKeys = []string{"faults.nullPrice", "faults.badQuantity", "faults.duplicates", "faults.messyText", "faults.mixedDates", "faults.badDates", "faults.outliers"}

func faultPtrs(f *core.Faults) []*float64 {
	return []*float64{&f.NullPrice, &f.BadQuantity, &f.Duplicates, &f.MessyText, &f.MixedDates, &f.BadDates, &f.Outliers}
}

func sourceSettings(m map[string]any, g core.GenConfig) {
	m["records"], m["seed"] = g.Records, int64(g.Seed)
	for i, p := range faultPtrs(&g.Faults) {
		m[faultKeys[i]] = *p
	}
}

func readSource(r *reader, g *core.GenConfig) {
	g.Records = int(r.int("records", int64(g.Records)))
	seed := r.int("seed", int64(g.Seed))
	if seed < 0 {
		r.fail(&Error{Code: "config", Message: fmt.Sprintf("seed must be 0 or more, got %d", seed), Field: "seed"})
	}
	g.Seed = uint64(seed)
	for i, p := range faultPtrs(&g.Faults) {
		*p = r.num(faultKeys[i], *p)
	}
}

func batchSettings(c core.BatchConfig) map[string]any {
	m := map[string]any{"span": c.Source.Span, "interval": c.Interval}
	sourceSettings(m, c.Source)
	return m
}

func streamSettings(c core.StreamConfig) map[string]any {
	m := map[string]any{"bufferSize": c.BufferSize, "lingerMs": c.LingerMs, "intervalMs": c.IntervalMs, "jitterMs": c.JitterMs,
		"outOfOrder": c.OutOfOrder, "lateMs": c.LateMs, "rules": c.Rules}
	sourceSettings(m, c.Source)
	return m
}

func etlSettings(c core.ETLConfig) map[string]any {
	m := map[string]any{"rules": c.Rules, "samples": c.Samples}
	sourceSettings(m, c.Source)
	return m
}

// BatchConfig reads batch settings over the defaults.
func BatchConfig(settings map[string]any) (core.BatchConfig, error) {
	c := core.DefaultBatchConfig()
	r := &reader{m: settings}
	readSource(r, &c.Source)
	c.Source.Span = r.int("span", c.Source.Span)
	c.Interval = r.int("interval", c.Interval)
	return c, r.done()
}

// StreamConfig reads stream settings over the defaults.
func StreamConfig(settings map[string]any) (core.StreamConfig, error) {
	c := core.DefaultStreamConfig()
	r := &reader{m: settings}
	readStream(r, &c)
	return c, r.done()
}

// valid passes on a config read from settings, or the first problem with
// it: the read's, else the config's own Validate.
func valid[C interface{ Validate() error }](cfg C, err error) (C, error) {
	if err == nil {
		err = cfg.Validate()
	}
	return cfg, err
}

// CompareConfig reads the comparison's settings over its defaults: the
// stream's, and batchInterval (ms between batch jobs).
func CompareConfig(settings map[string]any) (core.CompareConfig, error) {
	c := core.DefaultCompareConfig()
	r := &reader{m: settings}
	readStream(r, &c.Stream)
	c.BatchInterval = r.int("batchInterval", c.BatchInterval)
	return c, r.done()
}

func compareSettings(c core.CompareConfig) map[string]any {
	m := streamSettings(c.Stream)
	m["batchInterval"] = c.BatchInterval
	return m
}

func readStream(r *reader, c *core.StreamConfig) {
	readSource(r, &c.Source)
	c.BufferSize = int(r.int("bufferSize", int64(c.BufferSize)))
	c.LingerMs = r.int("lingerMs", c.LingerMs)
	c.IntervalMs = r.int("intervalMs", c.IntervalMs)
	c.JitterMs = r.int("jitterMs", c.JitterMs)
	c.OutOfOrder = r.num("outOfOrder", c.OutOfOrder)
	c.LateMs = r.int("lateMs", c.LateMs)
	c.Rules = r.str("rules", c.Rules)
}

// ETLConfig reads ETL settings over the defaults.
func ETLConfig(settings map[string]any) (core.ETLConfig, error) {
	c := core.DefaultETLConfig()
	r := &reader{m: settings}
	readSource(r, &c.Source)
	c.Rules = r.str("rules", c.Rules)
	c.Samples = int(r.int("samples", int64(c.Samples)))
	return c, r.done()
}

// Summaries: core's result structs, converted to plain values by plain().

type tableInfo struct {
	Name    string       `json:"name"` // id for rows and csv
	File    string       `json:"file"` // download file name
	Rows    int          `json:"rows"`
	Columns []columnInfo `json:"columns"`
}

type columnInfo struct {
	Name string `json:"name"`
	Type string `json:"type"`
}

type faultInfo struct {
	Kind  string `json:"kind"`
	Count int    `json:"count"`
}

// keep replaces the tables whose names start with prefix by tabs.
func (e *Engine) keep(prefix string, tabs ...*core.Table) []tableInfo {
	for name := range e.tables {
		if strings.HasPrefix(name, prefix) {
			e.drop(name)
		}
	}
	var infos []tableInfo
	for _, t := range tabs {
		e.tables[t.Name] = t
		e.files[t.Name] = t.Name + ".csv"
		infos = append(infos, tableInfo{Name: t.Name, File: t.Name + ".csv", Rows: t.Len(), Columns: columnsOf(t)})
	}
	return infos
}

// drop forgets a table and its sort orders.
func (e *Engine) drop(name string) {
	delete(e.tables, name)
	delete(e.files, name)
	for key := range e.sorts {
		if strings.HasPrefix(key, name+"\x00") {
			delete(e.sorts, key)
		}
	}
}

func columnsOf(t *core.Table) []columnInfo {
	out := make([]columnInfo, len(t.Cols))
	for i, c := range t.Cols {
		out[i] = columnInfo{c.Name, c.Type.String()}
	}
	return out
}

func faults(fs []core.FaultCount) []faultInfo {
	out := []faultInfo{}
	for _, f := range fs {
		out = append(out, faultInfo{f.Kind, len(f.Rows)})
	}
	return out
}

type batchSummary struct {
	Pattern  string         `json:"pattern"`
	Settings map[string]any `json:"settings"`
	*core.BatchResult
	ByCategory struct {
		Category []string  `json:"category"`
		Revenue  []float64 `json:"revenue"`
		Orders   []int64   `json:"orders"`
	} `json:"byCategory"`
	Faults []faultInfo `json:"faults"`
	Tables []tableInfo `json:"tables"`
}

type streamSummary struct {
	Pattern  string         `json:"pattern"`
	Settings map[string]any `json:"settings"`
	*core.StreamResult
	Batches int `json:"batches"`
	// Chart: the first 120 micro-batches as columns.
	Chart struct {
		Size       []int     `json:"size"`
		AvgLatency []float64 `json:"avgLatencyMs"`
		Trigger    []string  `json:"trigger"`
	} `json:"chart"`
	Faults []faultInfo `json:"faults"`
	Tables []tableInfo `json:"tables"`
}

type etlSummary struct {
	Pattern  string         `json:"pattern"`
	Settings map[string]any `json:"settings"`
	*core.ETLResult
	Faults []faultInfo `json:"faults"`
	Tables []tableInfo `json:"tables"`
}

func (e *Engine) run(a *reader) (map[string]any, error) {
	pattern := a.str("pattern", "")
	settings := a.obj("config")
	if err := a.done(); err != nil {
		return nil, err
	}
	var out any
	switch pattern {
	case "batch":
		cfg, err := BatchConfig(settings)
		if err == nil {
			err = e.room("batch_", cfg.Validate(), cfg.MemoryBytes(), "a batch run", cfg.Source.Records)
		}
		if err != nil {
			return nil, err
		}
		cfg.Progress = e.Progress
		res, err := core.RunBatch(cfg, nil)
		if err != nil {
			return nil, err
		}
		res.Output.Name, res.ByCategory.Name, res.ByRegion.Name, res.Jobs.Name = "batch_output", "batch_by_category", "batch_by_region", "batch_jobs"
		s := &batchSummary{Pattern: pattern, Settings: batchSettings(cfg), BatchResult: res, Faults: faults(res.Faults),
			Tables: e.keep("batch_", res.Output, res.ByCategory, res.ByRegion, res.Jobs)}
		s.ByCategory.Category = res.ByCategory.Col("category").Str
		s.ByCategory.Revenue = res.ByCategory.Col("total_revenue").Dec
		s.ByCategory.Orders = res.ByCategory.Col("orders").Int
		out = s
	case "stream":
		cfg, err := StreamConfig(settings)
		if err == nil {
			err = e.room("stream_", cfg.Validate(), cfg.MemoryBytes(), "a stream", cfg.Source.Records)
		}
		if err != nil {
			return nil, err
		}
		cfg.Progress = e.Progress
		res, err := core.RunStream(cfg, nil)
		if err != nil {
			return nil, err
		}
		res.Events.Name, res.Batches.Name, res.ByCategory.Name = "stream_events", "stream_batches", "stream_by_category"
		cfg.Progress = nil
		e.lastStream = &cfg
		ss := &streamSummary{Pattern: pattern, Settings: streamSettings(cfg), StreamResult: res, Batches: len(res.Micro), Faults: faults(res.Faults),
			Tables: e.keep("stream_", res.Events, res.Batches, res.ByCategory)}
		for _, mb := range res.Micro[:min(len(res.Micro), 120)] {
			ss.Chart.Size = append(ss.Chart.Size, mb.Size)
			ss.Chart.AvgLatency = append(ss.Chart.AvgLatency, mb.AvgLatencyMs)
			ss.Chart.Trigger = append(ss.Chart.Trigger, mb.Trigger)
		}
		out = ss
	case "etl":
		cfg, err := ETLConfig(settings)
		if err == nil {
			err = e.room("etl_", cfg.Validate(), cfg.MemoryBytes(), "an ETL run", cfg.Source.Records)
		}
		if err != nil {
			return nil, err
		}
		cfg.Progress = e.Progress
		res, err := core.RunETL(cfg, nil)
		if err != nil {
			return nil, err
		}
		out = &etlSummary{Pattern: pattern, Settings: etlSettings(cfg), ETLResult: res, Faults: faults(res.Faults),
			Tables: e.keep("etl_", res.Clean, res.Rejected)}
	case "compare":
		cfg, err := CompareConfig(settings)
		if err == nil {
			err = e.room("compare_", cfg.Validate(), cfg.Stream.MemoryBytes(), "a comparison", cfg.Stream.Source.Records)
		}
		if err != nil {
			return nil, err
		}
		res, err := core.RunCompare(cfg)
		if err != nil {
			return nil, err
		}
		out = &compareSummary{Pattern: pattern, Settings: compareSettings(cfg), CompareResult: res, Tables: []tableInfo{}}
	case "time":
		var err error
		if out, err = e.runTime(settings); err != nil {
			return nil, err
		}
	default:
		return nil, reqErr("pattern", "unknown pattern %q: use batch, stream, etl, compare or time", pattern)
	}
	return plain(out).(map[string]any), nil
}

type compareSummary struct {
	Pattern  string         `json:"pattern"`
	Settings map[string]any `json:"settings"`
	*core.CompareResult
	Tables []tableInfo `json:"tables"`
}

// room makes room for a run that replaces the tables named prefix…: a valid
// config whose run fits in memory once they are dropped.
func (e *Engine) room(prefix string, invalid error, need int64, what string, records int) error {
	if invalid != nil {
		return invalid
	}
	for name := range e.tables {
		if strings.HasPrefix(name, prefix) {
			e.drop(name)
		}
	}
	return e.fits(need, 0, what, records)
}

// validate checks a pattern's settings as run would, without running: the
// config, its rules against the data's columns, and its memory against
// what would be free once the pattern's last results are replaced.
func (e *Engine) validate(a *reader) (map[string]any, error) {
	pattern := a.str("pattern", "")
	settings := a.obj("config")
	if err := a.done(); err != nil {
		return nil, err
	}
	var src core.GenConfig
	var rules string
	var need int64
	var what string
	switch pattern {
	case "batch":
		cfg, err := valid(BatchConfig(settings))
		if err != nil {
			return nil, err
		}
		src, need, what = cfg.Source, cfg.MemoryBytes(), "a batch run"
	case "stream":
		cfg, err := valid(StreamConfig(settings))
		if err != nil {
			return nil, err
		}
		src, rules, need, what = cfg.Source, cfg.Rules, cfg.MemoryBytes(), "a stream"
	case "etl":
		cfg, err := valid(ETLConfig(settings))
		if err != nil {
			return nil, err
		}
		src, rules, need, what = cfg.Source, cfg.Rules, cfg.MemoryBytes(), "an ETL run"
	case "compare":
		cfg, err := valid(CompareConfig(settings))
		if err != nil {
			return nil, err
		}
		src, rules, need, what = cfg.Stream.Source, cfg.Stream.Rules, cfg.Stream.MemoryBytes(), "a comparison"
	case "time":
		cfg, err := valid(EventTimeConfig(settings))
		if err != nil {
			return nil, err
		}
		src, need, what = cfg.Source, cfg.MemoryBytes(), "an event-time run"
	default:
		return nil, reqErr("pattern", "unknown pattern %q: use batch, stream, etl, compare or time", pattern)
	}
	var replaced int64
	for name, t := range e.tables {
		if strings.HasPrefix(name, pattern+"_") {
			replaced += core.TableBytes(t)
		}
	}
	if err := e.fits(need, replaced, what, src.Records); err != nil {
		return nil, err
	}
	if pattern == "time" {
		return map[string]any{"ok": true}, nil // no rules
	}
	// Rules must fit the data's columns: bind them to a one-row sample.
	src.Records = 1
	sample, _, err := core.GenerateSales(src)
	if err != nil {
		return nil, err
	}
	parsed, err := core.ParseRules(rules)
	if err != nil {
		return nil, err
	}
	if err := core.BindRules(sample, parsed); err != nil {
		return nil, err
	}
	return map[string]any{"ok": true}, nil
}

func (e *Engine) table(name string) (*core.Table, error) {
	t := e.tables[name]
	if t == nil {
		return nil, reqErr("table", "no table %q: run its pattern first", name)
	}
	return t, nil
}

func (e *Engine) rows(a *reader) (map[string]any, error) {
	name := a.str("table", "")
	offset := int(a.int("offset", 0))
	limit := int(a.int("limit", 50))
	sortCol := a.str("sort", "")
	desc := a.boolean("desc", false)
	if err := a.done(); err != nil {
		return nil, err
	}
	t, err := e.table(name)
	if err != nil {
		return nil, err
	}
	if limit < 1 || limit > 1000 {
		return nil, reqErr("limit", "limit must be between 1 and 1,000, got %d", limit)
	}
	if offset < 0 {
		return nil, reqErr("offset", "offset must be 0 or more, got %d", offset)
	}
	var order []int
	if sortCol != "" {
		key := fmt.Sprintf("%s\x00%s\x00%v", name, sortCol, desc)
		if order = e.sorts[key]; order == nil {
			if order = core.SortIndex(t, sortCol, desc); order == nil {
				return nil, reqErr("sort", "table %s has no column %q", name, sortCol)
			}
			e.sorts[key] = order
		}
	}
	rows := []any{}
	var buf []byte
	for k := offset; k < min(t.Len(), offset+limit); k++ {
		i := k
		if order != nil {
			i = order[k]
		}
		row := make([]any, len(t.Cols)+1)
		row[0] = t.Line(i)
		for j, c := range t.Cols {
			if c.IsNull(i) {
				continue
			}
			buf = c.AppendValue(buf[:0], i)
			row[j+1] = string(buf)
		}
		rows = append(rows, row)
	}
	return map[string]any{"table": name, "columns": plain(columnsOf(t)), "rows": rows, "total": t.Len(), "offset": offset}, nil
}

func (e *Engine) csv(a *reader) (map[string]any, []byte, error) {
	name, t, opts, err := e.csvArgs(a)
	if err != nil {
		return nil, nil, err
	}
	b := core.AppendCSV(nil, t, opts)
	return map[string]any{"file": e.files[name], "bytes": len(b)}, b, nil
}

// csvArgs reads a csv request: the table and how to write it. The tables
// of a loaded file are written with its line end and byte order mark.
func (e *Engine) csvArgs(a *reader) (string, *core.Table, core.CSVWriteOptions, error) {
	name := a.str("table", "")
	guard := a.boolean("formulaGuard", false)
	if err := a.done(); err != nil {
		return "", nil, core.CSVWriteOptions{}, err
	}
	t, err := e.table(name)
	opts := core.CSVWriteOptions{}
	if strings.HasPrefix(name, "file_") && e.file != nil {
		opts = e.file.write // the file's dialect, or UTF-8 when its check chose it
		if name == "file_input" {
			opts = e.file.csv.WriteOptions()
		}
	}
	opts.FormulaGuard = guard
	return name, t, opts, err
}

// WriteCSV is the csv method for a caller that can take the file in pieces
// (the browser adapter hands each piece to JavaScript as it is written, so
// the engine never holds the whole file): it writes the table's CSV to w
// and returns the result csv would.
func (e *Engine) WriteCSV(args map[string]any, w io.Writer) (result map[string]any, err *Error) {
	defer func() {
		if p := recover(); p != nil {
			result, err = nil, recovered(p)
		}
	}()
	name, t, opts, e2 := e.csvArgs(&reader{m: args})
	if e2 != nil {
		return nil, ErrorOf(e2)
	}
	cw := &countingWriter{w: w}
	if e2 := core.WriteCSV(cw, t, opts); e2 != nil {
		return nil, &Error{Code: "internal", Message: "could not write the file: " + e2.Error()}
	}
	return map[string]any{"file": e.files[name], "bytes": cw.n}, nil
}

type countingWriter struct {
	w io.Writer
	n int
}

func (c *countingWriter) Write(b []byte) (int, error) {
	n, err := c.w.Write(b)
	c.n += n
	return n, err
}

func (e *Engine) replay(a *reader) (map[string]any, error) {
	limit := int(a.int("limit", 5000))
	pattern := a.str("pattern", "stream")
	if err := a.done(); err != nil {
		return nil, err
	}
	switch pattern {
	case "stream":
	case "time":
		if limit < 1 || limit > 20000 {
			return nil, reqErr("limit", "limit must be between 1 and 20,000, got %d", limit)
		}
		return e.replayTime(limit)
	default:
		return nil, reqErr("pattern", "no replay for %q: use stream or time", pattern)
	}
	if e.lastStream == nil {
		return nil, reqErr("", "run the stream first")
	}
	if limit < 1 || limit > 20000 {
		return nil, reqErr("limit", "limit must be between 1 and 20,000, got %d", limit)
	}
	sim, err := core.NewStreamSim(*e.lastStream, nil)
	if err != nil {
		return nil, err
	}
	var kind, trig []any
	var at, ev, buffered, batch, size []any
	complete := true
	start := e.lastStream.Source.Start
	for {
		st, ok := sim.Next()
		if !ok {
			break
		}
		if len(kind) == limit {
			complete = false
			break
		}
		b, tr, sz := 0, "", 0
		if st.Batch != nil {
			b, tr, sz = st.Batch.Index, st.Batch.Trigger, st.Batch.Size
		}
		kind, at, ev, buffered = append(kind, st.Kind), append(at, st.TimeMs-start), append(ev, st.Event), append(buffered, st.Buffered)
		batch, trig, size = append(batch, b), append(trig, tr), append(size, sz)
	}
	return map[string]any{"kind": kind, "timeMs": at, "event": ev, "buffered": buffered, "batch": batch, "trigger": trig, "size": size,
		"complete": complete, "bufferSize": e.lastStream.BufferSize, "lingerMs": e.lastStream.LingerMs}, nil
}

func parseRules(a *reader) (map[string]any, error) {
	text := a.str("text", "")
	if err := a.done(); err != nil {
		return nil, err
	}
	rules, err := core.ParseRules(text)
	if err != nil {
		return nil, err
	}
	out := make([]any, len(rules))
	for i, r := range rules {
		out[i] = r.String()
	}
	return map[string]any{"rules": out}, nil
}

// sweep answers {pattern, config}: for stream, latency and flushes against
// the buffer size and against the linger; for batch, freshness and job
// runs against the job interval (core's SweepStream and SweepBatch).
func (e *Engine) sweep(a *reader) (map[string]any, error) {
	pattern := a.str("pattern", "")
	settings := a.obj("config")
	if err := a.done(); err != nil {
		return nil, err
	}
	switch pattern {
	case "stream":
		cfg, err := valid(StreamConfig(settings))
		if err == nil {
			err = e.fits(int64(cfg.Source.Records)*48, 0, "a sweep", cfg.Source.Records)
		}
		if err != nil {
			return nil, err
		}
		sw, err := core.SweepStream(cfg, core.SweepSizes, core.SweepLingers)
		if err != nil {
			return nil, err
		}
		return plain(sw).(map[string]any), nil
	case "batch":
		cfg, err := valid(BatchConfig(settings))
		if err == nil {
			err = e.fits(cfg.MemoryBytes(), 0, "a sweep", cfg.Source.Records)
		}
		if err != nil {
			return nil, err
		}
		pts, err := core.SweepBatch(cfg, core.SweepIntervals)
		if err != nil {
			return nil, err
		}
		return plain(map[string]any{"byInterval": pts}).(map[string]any), nil
	case "time":
		return e.sweepTime(settings)
	}
	return nil, reqErr("pattern", "no sweep for %q: use stream, batch or time", pattern)
}
