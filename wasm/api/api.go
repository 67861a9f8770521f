// Package api is the engine's message interface, in plain Go so it runs and
// tests natively: the GOOS=js adapter in the parent directory only moves
// requests and answers between it and the page's Web Worker.
//
// A request is a method name and JSON arguments; the answer is JSON, plus
// raw bytes for CSV downloads. Results stay in Go memory: the page asks for
// pages of rows and for the CSV files it downloads. No pipeline logic lives
// here: every number comes from package core.
//
// Methods (arguments → result):
//
//	defaults   {}                                    → {batch, stream, etl}: core's default configs
//	run        {pattern, config}                     → the pattern's summary (see BatchSummary, StreamSummary, ETLSummary)
//	rows       {table, offset, limit, sort, desc}     → {columns, rows, total, offset}
//	csv        {table, formulaGuard}                 → {file, bytes} and the CSV bytes
//	replay     {limit}                               → the last stream's steps, as columns
//	parseRules {text}                                → {rules}: the canonical text of each rule
package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/ingestkit/playground/core"
)

// Error is an error as the page shows it: a stable code, a message a
// learner can act on, and where it applies (a config field, or a line and
// column in rule text or CSV).
type Error struct {
	Code    string `json:"code"` // config, rule_syntax, rule_bind, csv, request, internal
	Message string `json:"message"`
	Field   string `json:"field,omitempty"`
	Line    int    `json:"line,omitempty"`
	Column  int    `json:"column,omitempty"`
}

func (e *Error) Error() string { return e.Message }

// ErrorOf maps an error from core (or from decoding a request) to an *Error.
func ErrorOf(err error) *Error {
	var fe *core.FieldError
	var re *core.RuleError
	var ce *core.CSVError
	var ae *Error
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &ae):
		return ae
	case errors.As(err, &fe):
		return &Error{Code: "config", Message: fe.Error(), Field: fe.Field}
	case errors.As(err, &re):
		code := "rule_syntax"
		if errors.Is(err, core.ErrRuleBind) {
			code = "rule_bind"
		}
		return &Error{Code: code, Message: re.Error(), Field: "rules", Line: re.Line, Column: re.Column}
	case errors.As(err, &ce):
		return &Error{Code: "csv", Message: ce.Error(), Line: ce.Line, Column: ce.Column}
	case errors.As(err, &te):
		return &Error{Code: "config", Message: fmt.Sprintf("%s must be a %s, not a %s", te.Field, te.Type, te.Value), Field: te.Field}
	case errors.As(err, &se):
		return &Error{Code: "request", Message: "the request is not valid JSON: " + se.Error()}
	}
	return &Error{Code: "internal", Message: err.Error()}
}

// Engine holds the last results of each pattern between calls.
type Engine struct {
	tables     map[string]*core.Table
	sorts      map[string][]int
	lastStream *core.StreamConfig
}

// New returns an empty engine.
func New() *Engine {
	return &Engine{tables: map[string]*core.Table{}, sorts: map[string][]int{}}
}

// Call runs one method. It never panics: a panic inside is recovered and
// returned as an internal error, so the Go instance in the page survives.
func (e *Engine) Call(method string, args []byte) (result []byte, bin []byte, err *Error) {
	defer func() {
		if p := recover(); p != nil {
			result, bin = nil, nil
			err = &Error{Code: "internal", Message: fmt.Sprintf("the engine hit a bug and recovered (%v); please report it with the link to this setup", p)}
		}
	}()
	if len(args) == 0 {
		args = []byte("{}")
	}
	var out any
	var e2 error
	switch method {
	case "defaults":
		out = map[string]any{"batch": core.DefaultBatchConfig(), "stream": core.DefaultStreamConfig(), "etl": core.DefaultETLConfig()}
	case "run":
		out, e2 = e.run(args)
	case "rows":
		out, e2 = e.rows(args)
	case "csv":
		out, bin, e2 = e.csv(args)
	case "replay":
		out, e2 = e.replay(args)
	case "parseRules":
		out, e2 = parseRules(args)
	default:
		return nil, nil, &Error{Code: "request", Message: fmt.Sprintf("unknown method %q", method)}
	}
	if e2 != nil {
		return nil, nil, ErrorOf(e2)
	}
	b, e3 := json.Marshal(out)
	if e3 != nil {
		return nil, nil, ErrorOf(e3)
	}
	return b, bin, nil
}

// decode reads JSON strictly: an unknown field is an error naming it.
func decode(args []byte, v any) error {
	d := json.NewDecoder(strings.NewReader(string(args)))
	d.DisallowUnknownFields()
	if err := d.Decode(v); err != nil {
		if strings.HasPrefix(err.Error(), "json: unknown field ") {
			f := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
			return &Error{Code: "config", Message: fmt.Sprintf("unknown setting %q", f), Field: f}
		}
		return err
	}
	return nil
}

// TableInfo describes one output table.
type TableInfo struct {
	Name    string       `json:"name"` // id for rows and csv
	File    string       `json:"file"` // download file name
	Rows    int          `json:"rows"`
	Columns []ColumnInfo `json:"columns"`
}

// ColumnInfo is a column's name and type.
type ColumnInfo struct {
	Name string `json:"name"`
	Type string `json:"type"`
}

func columnsOf(t *core.Table) []ColumnInfo {
	out := make([]ColumnInfo, len(t.Cols))
	for i, c := range t.Cols {
		out[i] = ColumnInfo{c.Name, c.Type.String()}
	}
	return out
}

func (e *Engine) keep(prefix string, tabs ...*core.Table) []TableInfo {
	for name := range e.tables {
		if strings.HasPrefix(name, prefix) {
			delete(e.tables, name)
		}
	}
	for name := range e.sorts {
		if strings.HasPrefix(name, prefix) {
			delete(e.sorts, name)
		}
	}
	var infos []TableInfo
	for _, t := range tabs {
		e.tables[t.Name] = t
		infos = append(infos, TableInfo{Name: t.Name, File: t.Name + ".csv", Rows: t.Len(), Columns: columnsOf(t)})
	}
	return infos
}

type runArgs struct {
	Pattern string          `json:"pattern"`
	Config  json.RawMessage `json:"config"`
}

// FaultInfo is how many rows received one kind of fault.
type FaultInfo struct {
	Kind  string `json:"kind"`
	Count int    `json:"count"`
}

func faultInfo(fs []core.FaultCount) []FaultInfo {
	out := []FaultInfo{}
	for _, f := range fs {
		out = append(out, FaultInfo{f.Kind, len(f.Rows)})
	}
	return out
}

// BatchSummary is the answer to run for the batch pattern.
type BatchSummary struct {
	*core.BatchResult
	Faults []FaultInfo  `json:"faults"`
	Tables []TableInfo  `json:"tables"`
	Charts BatchCharts  `json:"charts"`
	Config core.BatchConfig `json:"config"`
}

// BatchCharts holds chart data as columns.
type BatchCharts struct {
	Categories []string  `json:"categories"`
	Revenue    []float64 `json:"revenue"`
}

// StreamSummary is the answer to run for the streaming pattern. Batches
// lists the first 500 micro-batches (all of them are in the batches table).
type StreamSummary struct {
	*core.StreamResult
	Faults  []FaultInfo         `json:"faults"`
	Tables  []TableInfo         `json:"tables"`
	Batches []*core.MicroBatch  `json:"batches"`
	Config  core.StreamConfig   `json:"config"`
}

// ETLSummary is the answer to run for the ETL pattern.
type ETLSummary struct {
	*core.ETLResult
	Faults []FaultInfo    `json:"faults"`
	Tables []TableInfo    `json:"tables"`
	Config core.ETLConfig `json:"config"`
}

func (e *Engine) run(args []byte) (any, error) {
	var a runArgs
	if err := decode(args, &a); err != nil {
		return nil, err
	}
	switch a.Pattern {
	case "batch":
		cfg := core.DefaultBatchConfig()
		if err := decodeConfig(a.Config, &cfg); err != nil {
			return nil, err
		}
		res, err := core.RunBatch(cfg, nil)
		if err != nil {
			return nil, err
		}
		res.Output.Name, res.ByCategory.Name, res.ByRegion.Name, res.Jobs.Name = "batch_output", "batch_by_category", "batch_by_region", "batch_jobs"
		s := &BatchSummary{BatchResult: res, Faults: faultInfo(res.Faults), Config: cfg,
			Tables: e.keep("batch_", res.Output, res.ByCategory, res.ByRegion, res.Jobs)}
		s.Charts.Categories = res.ByCategory.Col("category").Str
		s.Charts.Revenue = res.ByCategory.Col("total_revenue").Dec
		return s, nil
	case "stream":
		cfg := core.DefaultStreamConfig()
		if err := decodeConfig(a.Config, &cfg); err != nil {
			return nil, err
		}
		res, err := core.RunStream(cfg, nil)
		if err != nil {
			return nil, err
		}
		res.Events.Name, res.Batches.Name, res.ByCategory.Name = "stream_events", "stream_batches", "stream_by_category"
		e.lastStream = &cfg
		s := &StreamSummary{StreamResult: res, Faults: faultInfo(res.Faults), Config: cfg,
			Tables: e.keep("stream_", res.Events, res.Batches, res.ByCategory)}
		s.Batches = res.Micro[:min(len(res.Micro), 500)]
		return s, nil
	case "etl":
		cfg := core.DefaultETLConfig()
		if err := decodeConfig(a.Config, &cfg); err != nil {
			return nil, err
		}
		res, err := core.RunETL(cfg, nil)
		if err != nil {
			return nil, err
		}
		return &ETLSummary{ETLResult: res, Faults: faultInfo(res.Faults), Config: cfg,
			Tables: e.keep("etl_", res.Clean, res.Rejected)}, nil
	}
	return nil, &Error{Code: "request", Message: fmt.Sprintf("unknown pattern %q: use batch, stream or etl", a.Pattern), Field: "pattern"}
}

// decodeConfig overlays the given JSON on a default config.
func decodeConfig(raw json.RawMessage, cfg any) error {
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	return decode(raw, cfg)
}

type rowsArgs struct {
	Table  string `json:"table"`
	Offset int    `json:"offset"`
	Limit  int    `json:"limit"`
	Sort   string `json:"sort"`
	Desc   bool   `json:"desc"`
}

// Rows is a page of a table's rows as text (null for nulls).
type Rows struct {
	Table   string       `json:"table"`
	Columns []ColumnInfo `json:"columns"`
	Rows    [][]*string  `json:"rows"`
	Total   int          `json:"total"`
	Offset  int          `json:"offset"`
}

func (e *Engine) table(name string) (*core.Table, error) {
	t := e.tables[name]
	if t == nil {
		return nil, &Error{Code: "request", Message: fmt.Sprintf("no table %q: run the pattern first", name), Field: "table"}
	}
	return t, nil
}

func (e *Engine) rows(args []byte) (any, error) {
	var a rowsArgs
	if err := decode(args, &a); err != nil {
		return nil, err
	}
	t, err := e.table(a.Table)
	if err != nil {
		return nil, err
	}
	if a.Limit <= 0 || a.Limit > 1000 {
		return nil, &Error{Code: "request", Message: fmt.Sprintf("limit must be between 1 and 1,000, got %d", a.Limit), Field: "limit"}
	}
	if a.Offset < 0 {
		return nil, &Error{Code: "request", Message: "offset must be 0 or more", Field: "offset"}
	}
	var order []int
	if a.Sort != "" {
		key := a.Table + "\x00" + a.Sort + fmt.Sprint(a.Desc)
		order = e.sorts[key]
		if order == nil {
			if order = core.SortIndex(t, a.Sort, a.Desc); order == nil {
				return nil, &Error{Code: "request", Message: fmt.Sprintf("table %s has no column %q", a.Table, a.Sort), Field: "sort"}
			}
			e.sorts[key] = order
		}
	}
	out := &Rows{Table: a.Table, Columns: columnsOf(t), Total: t.Len(), Offset: a.Offset, Rows: [][]*string{}}
	var buf []byte
	for k := a.Offset; k < min(t.Len(), a.Offset+a.Limit); k++ {
		i := k
		if order != nil {
			i = order[k]
		}
		row := make([]*string, len(t.Cols))
		for j, c := range t.Cols {
			if c.IsNull(i) {
				continue
			}
			buf = c.AppendValue(buf[:0], i)
			s := string(buf)
			row[j] = &s
		}
		out.Rows = append(out.Rows, row)
	}
	return out, nil
}

type csvArgs struct {
	Table        string `json:"table"`
	FormulaGuard bool   `json:"formulaGuard"`
}

func (e *Engine) csv(args []byte) (any, []byte, error) {
	var a csvArgs
	if err := decode(args, &a); err != nil {
		return nil, nil, err
	}
	t, err := e.table(a.Table)
	if err != nil {
		return nil, nil, err
	}
	b := core.AppendCSV(nil, t, core.CSVWriteOptions{FormulaGuard: a.FormulaGuard})
	return map[string]any{"file": a.Table + ".csv", "bytes": len(b)}, b, nil
}

type replayArgs struct {
	Limit int `json:"limit"`
}

// Replay is the last stream's timeline as columns, one entry per step.
type Replay struct {
	Kind     []string `json:"kind"`     // arrive or flush
	TimeMs   []int64  `json:"timeMs"`   // virtual time since the first event
	Event    []int    `json:"event"`    // arrive: event row
	Buffered []int    `json:"buffered"` // buffer length after the step
	Batch    []int    `json:"batch"`    // flush: batch index
	Trigger  []string `json:"trigger"`  // flush: size, time or end
	Size     []int    `json:"size"`     // flush: batch size
	Complete bool     `json:"complete"` // all steps fit in the limit
}

func (e *Engine) replay(args []byte) (any, error) {
	var a replayArgs
	if err := decode(args, &a); err != nil {
		return nil, err
	}
	if e.lastStream == nil {
		return nil, &Error{Code: "request", Message: "run the stream first"}
	}
	if a.Limit <= 0 || a.Limit > 20000 {
		return nil, &Error{Code: "request", Message: fmt.Sprintf("limit must be between 1 and 20,000, got %d", a.Limit), Field: "limit"}
	}
	sim, err := core.NewStreamSim(*e.lastStream, nil)
	if err != nil {
		return nil, err
	}
	r := &Replay{Complete: true}
	start := e.lastStream.Source.Start
	for {
		st, ok := sim.Next()
		if !ok {
			break
		}
		if len(r.Kind) == a.Limit {
			r.Complete = false
			break
		}
		r.Kind = append(r.Kind, st.Kind)
		r.TimeMs = append(r.TimeMs, st.TimeMs-start)
		r.Event = append(r.Event, st.Event)
		r.Buffered = append(r.Buffered, st.Buffered)
		b, trig, size := 0, "", 0
		if st.Batch != nil {
			b, trig, size = st.Batch.Index, st.Batch.Trigger, st.Batch.Size
		}
		r.Batch, r.Trigger, r.Size = append(r.Batch, b), append(r.Trigger, trig), append(r.Size, size)
	}
	return r, nil
}

type parseArgs struct {
	Text string `json:"text"`
}

func parseRules(args []byte) (any, error) {
	var a parseArgs
	if err := decode(args, &a); err != nil {
		return nil, err
	}
	rules, err := core.ParseRules(a.Text)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(rules))
	for i, r := range rules {
		out[i] = r.String()
	}
	return map[string]any{"rules": out}, nil
}
