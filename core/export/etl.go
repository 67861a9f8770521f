package export

import (
	"fmt"
	"strconv"

	"github.com/ingestkit/playground/core/internal/say"
	"github.com/ingestkit/playground/core/quality"
	"github.com/ingestkit/playground/core/sales"
	"github.com/ingestkit/playground/core/table"

	"github.com/ingestkit/playground/core"
)

// etlSpec is an ETL pipeline as the programs need it: the input's columns
// and types, the rules with the engine's messages, and what enrich and
// standardize add or rewrite, with the output names the engine chose.
type etlSpec struct {
	title       string
	input       string // input file name
	cleanName   string // output file names
	rejectName  string
	qualityName string
	columns     []column
	nullTokens  []string
	rules       []quality.Rule
	now         int64

	lineCol, codesCol, reasonsCol string // quarantine columns

	revenue    string // derived revenue column, or ""
	price, qty string
	dates      []dateSpec // date columns whose parts are added, in order
	trim       bool
	cases      map[string]string // column → lower, upper, title
	timestamps []string
	money      []string
	outColumns []string

	// A loaded file's check (Your data): its rejected table leads with the
	// line and reasons and ends with the raw text of unreadable records;
	// outputs keep the file's line end and byte order mark.
	file, emptyNulls       bool
	rawCol                 string
	rejColumns             []string
	lineEnd                string
	bom                    bool
	aggName                string
	groupBy, measure       string   // the aggregate's key and measure ("" counts rows)
	aggColumns             []string // its output columns
	helpers                [2]int   // where the program's helpers are
	expectClean, expectRej []byte
	expectQuality          []byte
}

// dateSpec is a date column and the names of the parts added from it:
// year, quarter, month, day_of_week, is_weekend.
type dateSpec struct {
	col   string
	parts []string
}

type column struct {
	name string
	typ  table.Type
}

// ETLFiles are the files every ETL export carries besides the program.
const (
	ETLInput    = "etl_input.csv"
	ETLClean    = "etl_output.csv"
	ETLRejected = "etl_rejected.csv"
	ETLQuality  = "etl_quality.csv"
)

// ETL exports an ETL run of cfg (records generated from cfg.Source, with
// their injected faults) to target: the program, its README, the input as
// CSV and the engine's outputs under expected/.
func ETL(cfg core.ETLConfig, target Target) (*Bundle, error) {
	return etlBundle(cfg, target, true)
}

// ETLProgram is ETL without the data: the program and its README, cheap
// at any record count (the page shows it as the settings change).
func ETLProgram(cfg core.ETLConfig, target Target) (*Bundle, error) {
	return etlBundle(cfg, target, false)
}

func etlBundle(cfg core.ETLConfig, target Target, data bool) (*Bundle, error) {
	if err := ready(target); err != nil {
		return nil, err
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	run := cfg
	if !data {
		// The program depends on the columns, not on the rows: one record
		// gives the names the engine chooses for what it adds.
		run.Source.Records = 1
	}
	src, _, err := sales.Generate(run.Source)
	if err != nil {
		return nil, err
	}
	res, err := core.RunETL(run, src)
	if err != nil {
		return nil, err
	}
	spec, err := newETLSpec(cfg, src, res)
	if err != nil {
		return nil, err
	}
	spec.title = fmt.Sprintf("ETL pipeline: %s generated sales records, seed %d", say.Count(int64(cfg.Source.Records)), cfg.Source.Seed)
	var input []byte
	if data {
		input = csvBytes(src)
	}
	return spec.bundle(target, input)
}

func newETLSpec(cfg core.ETLConfig, src *table.Table, res *core.ETLResult) (*etlSpec, error) {
	rules, err := quality.Parse(cfg.Rules)
	if err != nil {
		return nil, err
	}
	s := &etlSpec{input: ETLInput, cleanName: ETLClean, rejectName: ETLRejected, qualityName: ETLQuality, rules: rules, now: cfg.Now,
		nullTokens: cfg.Standardize.NullTokens, cases: map[string]string{}}
	if s.nullTokens == nil {
		s.nullTokens = table.DefaultNullTokens
	}
	for _, c := range src.Cols {
		s.columns = append(s.columns, column{c.Name, c.Type})
	}
	rej := res.Rejected.Names()
	s.lineCol, s.codesCol, s.reasonsCol = rej[len(rej)-3], rej[len(rej)-2], rej[len(rej)-1]
	// What enrich added, by name, in the engine's order.
	added := res.Clean.Names()[len(src.Cols):]
	k := 0
	if cfg.Enrich.Revenue {
		s.revenue, s.price, s.qty = added[k], cfg.Enrich.Price, cfg.Enrich.Quantity
		k++
	}
	if cfg.Enrich.DateColumn != "" {
		s.dates = []dateSpec{{cfg.Enrich.DateColumn, added[k : k+5]}}
	}
	s.standardize(cfg.Standardize)
	s.outColumns = res.Clean.Names()
	s.expectClean = csvBytes(res.Clean)
	s.expectRej = csvBytes(res.Rejected)
	s.expectQuality = csvBytes(QualityTable(res.Quality))
	return s, nil
}

// standardize takes the options that rewrite cells: trim, nulls as empty
// cells, case, dates and money (the derived revenue is written with 2
// decimals already, so money leaves it out).
func (s *etlSpec) standardize(st table.Standardize) {
	s.trim, s.emptyNulls, s.timestamps = st.Trim, st.EmptyNulls, st.Timestamps
	for _, c := range st.Case {
		s.cases[c.Column] = c.Mode
	}
	for _, m := range st.Money {
		if m != s.revenue {
			s.money = append(s.money, m)
		}
	}
}

// textVariant names the block that writes a text column: its case, trimmed
// or not (text:none when neither).
func (s *etlSpec) textVariant(name string) string {
	mode := s.cases[name]
	switch {
	case mode != "" && s.trim:
		return "text:trim_" + mode
	case mode == "" && s.trim:
		return "text:trim"
	case mode == "":
		return "text:none"
	}
	return "text:" + mode
}

func (s *etlSpec) col(name string) column {
	for _, c := range s.columns {
		if c.name == name {
			return c
		}
	}
	return column{name: name}
}

func (s *etlSpec) bundle(target Target, input []byte) (*Bundle, error) {
	b := &Bundle{Target: target, Pattern: "etl", Main: mainFile[target], Run: runCommand[target], Input: s.input}
	program, err := generate(func() string { return s.program(target) })
	if err != nil {
		return nil, err
	}
	b.Helpers = s.helpers
	what := fill("README", "It reads {{input}} (the records the page extracted, with their injected faults) and writes\n"+
		"{{clean}} (rows that passed the quality rules, enriched and standardized) and\n"+
		"{{rejected}} (the quarantine: rejected rows as extracted, with their line and reasons)\n"+
		"and {{quality}} (each rule's status and counts).", vars{"input", mdCode(s.input), "clean", mdCode(s.cleanName),
		"rejected", mdCode(s.rejectName), "quality", mdCode(s.qualityName)}, "")
	b.Files = programFiles(b, program, readme(s.title, b.Run, s.cleanName, what, b.Untranslated, differences[target]), "etlpipeline")
	if input != nil {
		b.Files = append(b.Files,
			File{s.input, input},
			File{"expected/" + s.cleanName, s.expectClean},
			File{"expected/" + s.rejectName, s.expectRej},
			File{"expected/" + s.qualityName, s.expectQuality})
	}
	return b, nil
}

// differences lists, per target, where its output may differ from the
// engine's; the bundle's README repeats them.
var differences = map[Target][]string{
	Pandas: {"`(?i)` in a `matches` pattern folds a few more letters in Python than in Go: `i` and `I` also match `İ` and `ı`, " +
		"and some ligatures and Greek letters with two accents fold together (`ﬅ` and `ﬆ`, `ΐ` and `ΐ`); the page, DuckDB and Beam follow Go."},
	DuckDB: {hashQuoted, "DuckDB 1.5 rewrites a few patterns before it matches them: `$$` becomes a test for empty text and `a^` matches `a`; " +
		"the page follows Go's regexp.", "A decimal of more than 17 significant digits (such as 1e100) is written with other last digits than the page's exact decimal."},
}

// hashQuoted is DuckDB's CSV writer's one difference in quoting.
const hashQuoted = "DuckDB 1.5 quotes every text cell that holds `#` (`1,Doe #80` is written `1,\"Doe #80\"`): the same values with more quotes " +
	"than the page writes (DuckDB issue 20095; the fix, an option of COPY, is newer than DuckDB 1.5.6)."

// operand returns a rule's numeric operands as the engine compares them:
// numbers, or dates as Unix milliseconds.
func operand(v quality.Literal, typ table.Type) float64 {
	if typ == table.TypeTimestamp {
		ms, _, _ := table.ParseTimestamp(v.Str)
		return float64(ms)
	}
	return v.Num
}

func fnum(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// QualityTable is a quality report as a table: one row per rule with its
// status and counts (rule, status, checked, nulls, failures).
func QualityTable(rep *quality.Report) *table.Table {
	n := len(rep.Results)
	rule, status := make([]string, n), make([]string, n)
	checked, nulls, failures := make([]int64, n), make([]int64, n), make([]int64, n)
	for i, r := range rep.Results {
		rule[i], status[i] = r.Rule, r.Status
		checked[i], nulls[i], failures[i] = int64(r.Checked), int64(r.Nulls), int64(r.Failures)
	}
	t, _ := table.NewTable("quality", table.NewStringColumn("rule", rule, nil), table.NewStringColumn("status", status, nil),
		table.NewIntColumn("checked", checked, nil), table.NewIntColumn("nulls", nulls, nil), table.NewIntColumn("failures", failures, nil))
	return t
}
