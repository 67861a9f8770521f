package core

import (
	"fmt"
	"strings"
	"time"

	"github.com/ingestkit/playground/core/quality"
	"github.com/ingestkit/playground/core/sales"
	"github.com/ingestkit/playground/core/table"

	"github.com/ingestkit/playground/core/internal/say"
)

// ETLConfig configures [RunETL]. Get one from [DefaultETLConfig].
type ETLConfig struct {
	// Source generates the extracted records when RunETL gets no input table.
	Source sales.Config `json:"source"`
	// Rules is the quality gate, in the rule language of quality.Parse.
	Rules string `json:"rules"`
	// Now is the reference time for "not in future" and freshness rules,
	// Unix ms UTC.
	Now         int64             `json:"now"`
	Enrich      table.Enrich      `json:"enrich"`
	Standardize table.Standardize `json:"standardize"`
	// Samples is the number of failing rows kept per rule (1..1000).
	Samples int `json:"samples"`
	// Progress, when set, is called with each step's name as it finishes.
	Progress func(step string) `json:"-"`
}

// DefaultETLConfig reproduces the original demo: 150 records, 6 with a null
// price and 6 with a bad quantity, checked by "price not null" and
// "quantity > 0", so 138 pass. Some categories and dates are messy too;
// standardization cleans them without rejecting rows.
func DefaultETLConfig() ETLConfig {
	return ETLConfig{
		Source: sales.Config{Records: 150, Seed: 42, Start: sales.DefaultStart, Span: 90 * Day,
			Faults: sales.Faults{NullPrice: 0.04, BadQuantity: 0.04, MessyText: 0.1, MixedDates: 0.1}},
		Rules:  DefaultRules,
		Now:    sales.DefaultStart + 90*Day,
		Enrich: table.Enrich{Revenue: true, Price: sales.ColPrice, Quantity: sales.ColQuantity, DateColumn: sales.ColOrderTS},
		Standardize: table.Standardize{Trim: true,
			Case:       []table.ColumnCase{{Column: sales.ColCategory, Mode: table.CaseTitle}, {Column: sales.ColRegion, Mode: table.CaseTitle}, {Column: sales.ColEmail, Mode: table.CaseLower}},
			Timestamps: []string{sales.ColOrderTS}, Money: []string{sales.ColPrice, "revenue"}},
		Samples: 20,
	}
}

// Validate reports the first invalid field as a *table.FieldError, or a rule
// syntax error as a *quality.Error.
func (c ETLConfig) Validate() error {
	if err := c.Source.Validate(); err != nil {
		return err
	}
	if c.Samples < 1 || c.Samples > 1000 {
		return fieldErr("samples", "must be between 1 and 1,000, got %s", say.Count(int64(c.Samples)))
	}
	if err := c.Standardize.Validate(); err != nil {
		return err
	}
	_, err := quality.Parse(c.Rules)
	return err
}

// StepReport is one step of a pipeline: rows in and out, and how long it took.
type StepReport struct {
	Name       string   `json:"name"`
	In         int      `json:"in"`
	Out        int      `json:"out"`
	Rejected   int      `json:"rejected"`
	DurationMs float64  `json:"durationMs"` // wall time; informative only, never in an output table
	Notes      []string `json:"notes"`
}

// ETLResult is what [RunETL] produced.
type ETLResult struct {
	Clean    *table.Table       `json:"-"` // etl_output.csv: valid rows, enriched and standardized
	Rejected *table.Table       `json:"-"` // etl_rejected.csv: quarantined rows as extracted, with line and reasons
	Quality  *quality.Report    `json:"quality"`
	Steps    []StepReport       `json:"steps"`
	Faults   []sales.FaultCount `json:"-"` // what the generator injected (none for an input table)
	// Extracted = Valid + RejectedRows, always.
	Extracted    int `json:"extracted"`
	Valid        int `json:"valid"`
	RejectedRows int `json:"rejected"`
	Warned       int `json:"warned"`
}

// Quarantine column names added to the rejected table.
const (
	ColSourceLine  = "source_line"
	ColFailedRules = "failed_rules"
	ColRejectWhy   = "reject_reason"
)

// RunETL runs Extract → Quality → Enrich → Standardize → Load. With a nil
// input it extracts records generated from cfg.Source; otherwise it uses
// input (which it does not modify). Rows failing a quarantining rule go to
// Rejected with the rules they failed and why; the others are enriched,
// standardized and returned in Clean. Rule errors (syntax, unknown column,
// type mismatch) are returned before any row is checked.
func RunETL(cfg ETLConfig, input *table.Table) (*ETLResult, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	rules, err := quality.Parse(cfg.Rules)
	if err != nil {
		return nil, err
	}
	res := &ETLResult{}
	sw := newStopwatch(cfg.Progress)

	// Extract.
	src := input
	if src == nil {
		src, res.Faults, err = sales.Generate(cfg.Source)
		if err != nil {
			return nil, err
		}
	}
	if err := quality.Bind(src, rules); err != nil {
		return nil, err
	}
	n := src.Len()
	res.Extracted = n
	extractNote := fmt.Sprintf("%s records from %s", say.Count(int64(n)), sourceName(input))
	res.Steps = append(res.Steps, sw.finish(StepReport{Name: "extract", In: n, Out: n, Notes: append([]string{extractNote}, faultNotes(res.Faults)...)}))

	// Quality.
	rep, err := quality.Check(src, rules, quality.Options{Now: cfg.Now, Samples: cfg.Samples})
	if err != nil {
		return nil, err
	}
	res.Quality = rep
	keep, rejRows := splitRows(n, rep)
	res.Valid, res.RejectedRows, res.Warned = len(keep), len(rejRows), rep.Warned
	rejected := src.Take(rejRows)
	lines, codes, reasons := quarantineInfo(src, rep)
	rejected.AddColumn(table.NewIntColumn(rejected.FreshName(ColSourceLine, "etl"), lines, nil))
	rejected.AddColumn(table.NewStringColumn(rejected.FreshName(ColFailedRules, "etl"), codes, nil))
	rejected.AddColumn(table.NewStringColumn(rejected.FreshName(ColRejectWhy, "etl"), reasons, nil))
	rejected.Name = "etl_rejected"
	res.Rejected = rejected
	var qnotes []string
	for _, r := range rep.Results {
		qnotes = append(qnotes, fmt.Sprintf("%s: %s (%d failed)", r.Rule, r.Status, r.Failures))
	}
	res.Steps = append(res.Steps, sw.finish(StepReport{Name: "quality", In: n, Out: len(keep), Rejected: len(rejRows), Notes: qnotes}))

	// Enrich.
	var clean *table.Table
	if input == nil {
		// The generated source is ours: keep the valid rows in place
		// instead of copying a million strings.
		clean = src.TakeInPlace(keep)
	} else {
		clean = src.Take(keep)
	}
	clean.Name = "etl_output"
	// Dates are parsed once, for enrichment and standardization alike.
	parsed := map[string]*table.Column{}
	if c := clean.Col(cfg.Enrich.DateColumn); c != nil && c.Type == table.TypeString {
		parsed[c.Name], _, _ = table.ParseTimestampColumn(c)
	}
	added, err := table.EnrichParsed(clean, cfg.Enrich, parsed)
	if err != nil {
		return nil, err
	}
	var enotes []string
	if len(added) > 0 {
		enotes = []string{"added " + strings.Join(added, ", ")}
	}
	res.Steps = append(res.Steps, sw.finish(StepReport{Name: "enrich", In: len(keep), Out: len(keep), Notes: enotes}))

	// Standardize.
	snotes, err := table.StandardizeParsed(clean, cfg.Standardize, parsed)
	if err != nil {
		return nil, err
	}
	res.Steps = append(res.Steps, sw.finish(StepReport{Name: "standardize", In: len(keep), Out: len(keep), Notes: snotes}))

	// Load: the tables are the loaded outputs; CSV bytes are written on
	// demand by AppendCSV, so a page only pays for the files it downloads.
	res.Clean = clean
	res.Steps = append(res.Steps, sw.finish(StepReport{Name: "load", In: len(keep), Out: len(keep), Rejected: len(rejRows),
		Notes: []string{fmt.Sprintf("%s rows to etl_output.csv, %s to etl_rejected.csv", say.Count(int64(len(keep))), say.Count(int64(len(rejRows))))}}))
	return res, nil
}

// splitRows returns the rows a quality report keeps and those it
// quarantines, both ascending.
func splitRows(n int, rep *quality.Report) (keep, rejected []int) {
	keep = make([]int, 0, n-len(rep.Rejected))
	rejected = make([]int, len(rep.Rejected))
	k := 0
	for i := 0; i < n; i++ {
		if k < len(rep.Rejected) && rep.Rejected[k].Row == i {
			rejected[k] = i
			k++
			continue
		}
		keep = append(keep, i)
	}
	return keep, rejected
}

// quarantineInfo returns, per quarantined row, its source line, the rules it
// failed and why.
func quarantineInfo(src *table.Table, rep *quality.Report) (lines []int64, codes, reasons []string) {
	lines = make([]int64, len(rep.Rejected))
	codes = make([]string, len(rep.Rejected))
	reasons = make([]string, len(rep.Rejected))
	for j, rf := range rep.Rejected {
		lines[j] = int64(src.Line(rf.Row))
		codes[j] = strings.Join(rf.Codes, "; ")
		reasons[j] = strings.Join(rf.Reasons, "; ")
	}
	return lines, codes, reasons
}

func sourceName(input *table.Table) string {
	if input == nil {
		return "the sales generator"
	}
	return "the input table"
}

func faultNotes(faults []sales.FaultCount) []string {
	var out []string
	for _, f := range faults {
		if len(f.Rows) > 0 {
			out = append(out, fmt.Sprintf("injected %s into %s", f.Kind, say.Counted(len(f.Rows), "row")))
		}
	}
	return out
}

// stopwatch measures step durations for reports. It is the only use of the
// wall clock in this package, and what it measures never reaches a table.
type stopwatch struct {
	last     time.Time
	progress func(step string)
}

func newStopwatch(progress func(step string)) *stopwatch {
	return &stopwatch{last: time.Now(), progress: progress}
}

// finish stamps a step with its duration and reports it as done.
func (s *stopwatch) finish(r StepReport) StepReport {
	r.DurationMs = s.lap()
	if s.progress != nil {
		s.progress(r.Name)
	}
	return r
}

func (s *stopwatch) lap() float64 {
	now := time.Now()
	d := now.Sub(s.last)
	s.last = now
	return float64(d.Microseconds()) / 1000
}
