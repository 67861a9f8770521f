package api

// Files: someone's own CSV.

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/ingestkit/playground/core/sales"
	"github.com/ingestkit/playground/core/table"

	"github.com/ingestkit/playground/core"
	"github.com/ingestkit/playground/core/profile"
)

type loadSummary struct {
	Name        string              `json:"name"`
	Bytes       int                 `json:"bytes"`
	Records     int                 `json:"records"`
	Rows        int                 `json:"rows"`
	Unreadable  int                 `json:"unreadable"`
	Problems    []table.RejectedRow `json:"problems"` // the first 50 unreadable records
	Warnings    []string            `json:"warnings"`
	Columns     []columnInfo        `json:"columns"`
	Profile     []profile.Column    `json:"profile"`
	Suggestions []string            `json:"suggestions"`
	Tables      []tableInfo         `json:"tables"`
	Steps       []loadStep          `json:"steps"` // how long reading and profiling took
	Dialect     dialect             `json:"dialect"`
	Parts       int                 `json:"parts"` // the engines that read it at once (1: this one alone)
}

// dialect is how the file is written, as read: what the page shows next to
// its name, and what its downloads are written back in.
type dialect struct {
	Separator     string `json:"separator"`     // "," ";" "\t" or "|"
	SeparatorName string `json:"separatorName"` // "semicolon (;)"
	// SeparatorFrom says where the separator came from: "detected",
	// "sep line" (Excel's sep=X first line) or "chosen".
	SeparatorFrom string `json:"separatorFrom"`
	// SeparatorAlso is another separator the file reads as well with, or
	// "" (a warning says so: the page offers the choice).
	SeparatorAlso string `json:"separatorAlso"`
	SepLine       string `json:"sepLine"`
	Encoding      string `json:"encoding"`     // "utf-8", "windows-1252", "utf-16le", "utf-16be"
	EncodingName  string `json:"encodingName"` // "Windows-1252"
	EncodingFrom  string `json:"encodingFrom"` // "detected" or "chosen"
	// EncodingSuggestion is "windows-1252" when lines that are not UTF-8
	// would read as Windows-1252.
	EncodingSuggestion string                        `json:"encodingSuggestion"`
	LineEnd            string                        `json:"lineEnd"` // "LF", "CRLF" or "CR"
	BOM                bool                          `json:"bom"`
	Numbers            map[string]table.NumberFormat `json:"numbers"` // number columns not written the engine's way
	DecimalComma       bool                          `json:"decimalComma"`
}

func dialectOf(r *table.CSVResult, opts table.CSVOptions) dialect {
	d := dialect{Separator: r.Separator, SeparatorName: r.SeparatorName, SeparatorFrom: "detected", SeparatorAlso: r.SeparatorAlso, SepLine: r.SepLine,
		Encoding: r.Encoding, EncodingName: r.EncodingName, EncodingFrom: "detected", EncodingSuggestion: r.EncodingSuggestion,
		LineEnd: map[string]string{"\n": "LF", "\r\n": "CRLF", "\r": "CR"}[r.LineEnd], BOM: r.BOM, Numbers: r.Numbers, DecimalComma: r.DecimalComma}
	switch {
	case r.SeparatorForced:
		d.SeparatorFrom = "chosen"
	case r.SepLine != "":
		d.SeparatorFrom = "sep line"
	}
	if opts.Encoding != "" {
		d.EncodingFrom = "chosen"
	}
	if d.Numbers == nil {
		d.Numbers = map[string]table.NumberFormat{}
	}
	return d
}

type loadStep struct {
	Name       string  `json:"name"`
	DurationMs float64 `json:"durationMs"`
}

// loadData reads a file ({name, data}), the sample ({sample: true}) or the
// loaded file again with other column types ({types}) or another
// separator or encoding ({separator: auto|comma|semicolon|tab|bar,
// encoding: auto|utf-8|windows-1252}: a new separator or encoding drops
// the types chosen, as the columns may change). A file that cannot
// be read changes nothing: the file loaded before stays loaded, with its
// last check's results, and the error (field "data") names the refused
// file and the one still loaded. The read is tried beside what the engine
// keeps; a file that does not fit beside it is read again once the loaded
// file and its results are dropped to make room, and if it does not fit
// then either, the error has field "unloaded": no file is loaded any more.
func (e *Engine) loadData(a *reader) (map[string]any, error) {
	name := a.str("name", "data.csv")
	data := a.bytes("data")
	ref := int(a.int("fileRef", 0))
	sample := a.boolean("sample", false)
	typeArgs := a.obj("types")
	_, sepGiven := a.m["separator"]
	_, encGiven := a.m["encoding"]
	sepArg, encArg := a.str("separator", "auto"), a.str("encoding", "auto")
	if err := a.done(); err != nil {
		return nil, err
	}
	sep, err := table.ParseSeparator(sepArg)
	if err != nil {
		return nil, err
	}
	enc, err := table.ParseEncoding(encArg)
	if err != nil {
		return nil, err
	}
	// The engine owns the bytes and never changes them: the table may share them.
	opts := table.CSVOptions{Types: map[string]table.Type{}, Shared: true, Separator: sep, Encoding: enc}
	for col, v := range typeArgs {
		s, _ := v.(string)
		typ, err := table.ParseType(s)
		if err != nil {
			return nil, &Error{Code: "config", Message: fmt.Sprintf("column %q: %v", col, err), Field: "types"}
		}
		opts.Types[col] = typ
	}
	fresh := sample || a.m["data"] != nil // a new file, not the loaded one read again
	switch {
	case sample:
		data, name, ref = core.SampleOrdersCSV, "orders_messy.csv", 0
	case data == nil:
		if e.file == nil {
			return nil, reqErr("data", "no file: choose a CSV file first")
		}
		data, name, ref = e.file.data, e.file.name, e.file.ref // re-read with other types, separator or encoding
		// What is not given stays as the learner chose it last.
		if !sepGiven {
			opts.Separator = e.file.opts.Separator
		}
		if !encGiven {
			opts.Encoding = e.file.opts.Encoding
		}
	}
	report := e.Progress
	prev := ""
	if e.file != nil {
		prev = e.file.name
	}
	madeRoom := false
	// A large file is read in parts by this engine and its helpers, at
	// once, when they agree on it (else whole, below).
	if k := e.partsOf(len(data)); k > 1 {
		opts.MaxMemory = e.free()
		s, pf, ok, err := e.loadParts(name, data, ref, opts, k)
		if err != nil && e.roomByUnloading(err, len(data)) {
			// Too large beside the loaded file and its results, as below:
			// they go, and the file is read in parts again.
			e.unload()
			madeRoom = true
			opts.MaxMemory = e.free()
			s, pf, ok, err = e.loadParts(name, data, ref, opts, k)
		}
		if err != nil {
			if madeRoom {
				e.dropParts(0)
			}
			return nil, refused(err, name, fresh, prev, madeRoom)
		}
		if ok {
			e.keep("data_")
			e.file = &loadedFile{name: name, data: data, ref: ref, parted: pf, opts: table.CSVOptions{Separator: opts.Separator, Encoding: opts.Encoding},
				types: opts.Types, write: pf.head.WriteOptions()}
			e.files["data_input"] = "data_input.csv"
			s.Tables = []tableInfo{{Name: "data_input", File: "data_input.csv", Rows: s.Rows, Columns: s.Columns}}
			if report != nil {
				report("parse")
				report("profile")
			}
			e.dropParts(pf.load) // the file before's parts
			return e.loadAnswer(s, pf.head), nil
		}
	}
	t0 := time.Now()
	// Every reason ReadCSV refuses a file is found before it allocates
	// anything: trying beside what is kept costs nothing when it fails.
	opts.MaxMemory = e.free()
	res, err := table.ReadCSV(data, opts)
	if err != nil && e.roomByUnloading(err, len(data)) {
		// Too large to read beside the loaded file and its results (which
		// a new file or a new read replaces): they go, and their memory
		// is free for this one. (Not when it would not fit even then.)
		e.unload()
		madeRoom = true
		opts.MaxMemory = e.free()
		res, err = table.ReadCSV(data, opts)
	}
	if err == nil {
		for col := range opts.Types {
			if res.Table.Col(col) == nil {
				err = &Error{Code: "config", Message: fmt.Sprintf("the file has no column %q", col), Field: "types"}
				break
			}
		}
	}
	if err != nil {
		return nil, refused(err, name, fresh, prev, madeRoom)
	}
	// The file's tables (its last check's) and the file before are replaced.
	e.keep("data_")
	if e.file != nil && e.file.parted != nil {
		e.dropParts(0)
	}
	if report != nil {
		report("parse")
	}
	e.file = &loadedFile{name: name, data: data, ref: ref, csv: res, opts: table.CSVOptions{Separator: opts.Separator, Encoding: opts.Encoding}, types: opts.Types, write: res.WriteOptions()}
	t1 := time.Now()
	prof := profile.Columns(res.Table, res.Formats)
	t2 := time.Now()
	if report != nil {
		report("profile")
	}
	res.Table.Name = "data_input"
	s := &loadSummary{Name: name, Bytes: len(data), Records: res.Records(), Rows: res.Table.Len(), Unreadable: len(res.Rejected),
		Problems: res.Rejected[:min(len(res.Rejected), 50)], Warnings: res.Warnings, Columns: columnsOf(res.Table), Profile: prof,
		Suggestions: profile.SuggestRules(res.Table, prof), Tables: e.keep("data_", res.Table),
		Steps:   []loadStep{{"parse", ms(t1.Sub(t0))}, {"profile", ms(t2.Sub(t1))}},
		Dialect: dialectOf(res, opts), Parts: 1}
	return e.loadAnswer(s, res), nil
}

// loadAnswer is loadData's answer.
func (e *Engine) loadAnswer(s *loadSummary, res *table.CSVResult) map[string]any {
	for i, c := range res.Table.Cols {
		if c.Type == table.TypeTimestamp {
			s.Columns[i].Type = "timestamp"
		}
	}
	if s.Warnings == nil {
		s.Warnings = []string{}
	}
	return plain(s).(map[string]any)
}

// unload drops the loaded file, its results and the parts that hold it.
func (e *Engine) unload() {
	e.keep("data_")
	if e.file != nil && e.file.parted != nil {
		e.dropParts(0)
	}
	e.file = nil
}

// refused is the error of a file that was not loaded: for a new file it
// names the file, and says which file is still loaded, or that the file
// before was unloaded to make room.
func refused(err error, name string, fresh bool, prev string, madeRoom bool) *Error {
	ae := *ErrorOf(err)
	msg := strings.TrimSuffix(ae.Message, ".")
	switch {
	case madeRoom:
		ae.Field = "unloaded"
		ae.Message = fmt.Sprintf("%s was not loaded: %s. %s was unloaded to make room for it: load it again if you need it.", name, msg, prev)
		if !fresh {
			ae.Message = fmt.Sprintf("%s could not be read again: %s. It was unloaded to make room: load it again.", name, msg)
		}
	case !fresh:
		return &ae // the loaded file, with other types: it stays as it was
	case prev != "":
		ae.Field = "data"
		ae.Message = fmt.Sprintf("%s was not loaded: %s; %s is still loaded.", name, msg, prev)
	default:
		ae.Field = "data"
		ae.Message = fmt.Sprintf("%s was not loaded: %s.", name, msg)
	}
	return &ae
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

type fileSummary struct {
	*core.DataCheckResult
	Tables []tableInfo `json:"tables"`
}

// DataCheckConfig reads file-check settings: rules, samples, trim,
// emptyNulls, case ({column: lower|upper|title}), timestamps, money,
// dateParts, product ({a, b, name}), groupBy, measure, decimalPoint and
// writeUtf8 (a Windows-1252 file's downloads in UTF-8). Every rewrite is
// off unless asked for: with no settings the clean file is the file.
func DataCheckConfig(settings map[string]any) (core.DataCheckConfig, error) {
	r := &reader{m: settings}
	c := core.DataCheckConfig{Samples: 20, Now: sales.DefaultStart + 3660*core.Day}
	c.Rules = r.str("rules", "")
	c.Samples = int(r.int("samples", 20))
	c.Standardize.Trim = r.boolean("trim", false)
	c.Standardize.EmptyNulls = r.boolean("emptyNulls", false)
	c.Standardize.DecimalPoint = r.boolean("decimalPoint", false)
	c.Standardize.NullTokens = table.DefaultNullTokens
	cases := r.obj("case")
	names := make([]string, 0, len(cases))
	for col := range cases {
		names = append(names, col)
	}
	sort.Sort(sort.StringSlice(names))
	for _, col := range names {
		mode, _ := cases[col].(string)
		if mode == "" || mode == "keep" {
			continue
		}
		c.Standardize.Case = append(c.Standardize.Case, table.ColumnCase{Column: col, Mode: mode})
	}
	c.Standardize.Timestamps = r.strs("timestamps")
	c.Standardize.Money = r.strs("money")
	c.DateParts = r.strs("dateParts")
	if p := r.obj("product"); p != nil {
		pr := &reader{m: p}
		c.Product = core.Product{A: pr.str("a", ""), B: pr.str("b", ""), Name: pr.str("name", "")}
		if err := pr.done(); err != nil {
			return c, err
		}
	}
	c.WriteUTF8 = r.boolean("writeUtf8", false)
	c.GroupBy = r.str("groupBy", "")
	c.Measure = r.str("measure", "")
	if now := r.int("now", 0); now != 0 {
		c.Now = now
	}
	return c, r.done()
}

func (e *Engine) checkData(a *reader) (map[string]any, error) {
	settings := a.obj("config")
	if err := a.done(); err != nil {
		return nil, err
	}
	if e.file == nil {
		return nil, reqErr("", "no file: choose a CSV file first")
	}
	cfg, err := DataCheckConfig(settings)
	if err != nil {
		return nil, err
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	// The last check's results are replaced: their memory is free for this one.
	for _, name := range []string{"data_clean", "data_rejected", "data_rule_report", "data_aggregate"} {
		e.drop(name)
	}
	cfg.Progress = e.Progress
	if e.file.parted != nil {
		res, ok, err := e.checkParts(cfg, settings)
		if err != nil {
			return nil, err
		}
		if ok {
			return e.checkAnswer(res, cfg, e.file.parted.head), nil
		}
		// A check the parts cannot run apart: the file is made whole here.
		if err := e.whole(); err != nil {
			return nil, err
		}
	}
	if err := core.CheckDataMemory(cfg, e.file.csv, e.free()); err != nil {
		return nil, err
	}
	res, err := core.RunDataCheck(cfg, e.file.csv)
	if err != nil {
		return nil, err
	}
	return e.checkAnswer(res, cfg, e.file.csv), nil
}

// checkAnswer keeps a check's tables and returns checkData's answer: the
// tables the parts hold (res.PartRows) are listed, not kept here.
func (e *Engine) checkAnswer(res *core.DataCheckResult, cfg core.DataCheckConfig, file *table.CSVResult) map[string]any {
	e.file.write = core.FileWriteOptions(file, cfg)
	var tabs []*table.Table
	var infos []tableInfo
	if res.PartRows != nil {
		clean, rejected := 0, 0
		for _, p := range res.PartRows {
			clean, rejected = clean+p.Clean, rejected+p.Rejected
		}
		cleanCols, rejectedCols := core.DataCheckColumns(cfg, file)
		infos = append(infos, tableInfo{Name: "data_clean", Rows: clean, Columns: columnsOf(cleanCols)},
			tableInfo{Name: "data_rejected", Rows: rejected, Columns: columnsOf(rejectedCols)})
	} else {
		res.Clean.Name, res.Rejected.Name = "data_clean", "data_rejected"
		tabs = append(tabs, res.Clean, res.Rejected)
	}
	res.Report.Name = "data_rule_report"
	tabs = append(tabs, res.Report)
	if res.Aggregate != nil {
		res.Aggregate.Name = "data_aggregate"
		tabs = append(tabs, res.Aggregate)
	}
	infos = append(infos, e.keep("\x00", tabs...)...) // nothing else to drop
	// Download names start with the file's safe name: a name that holds
	// separators, line breaks or shell symbols does not reach a file name.
	base := core.FileBase(e.file.name)
	for i := range infos {
		infos[i].File = base + strings.TrimPrefix(infos[i].Name, "data") + ".csv"
		e.files[infos[i].Name] = infos[i].File
	}
	return plain(&fileSummary{DataCheckResult: res, Tables: infos}).(map[string]any)
}
