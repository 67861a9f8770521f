package core

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ingestkit/playground/core/quality"
	"github.com/ingestkit/playground/core/table"

	"github.com/ingestkit/playground/core/internal/par"
	"github.com/ingestkit/playground/core/internal/say"
)

// DataCheckConfig configures [RunDataCheck]: the ETL quality gate applied to
// a table read from someone's own CSV file.
type DataCheckConfig struct {
	Rules       string            `json:"rules"`
	Now         int64             `json:"now"`     // reference time for "not in future" and freshness, Unix ms UTC
	Samples     int               `json:"samples"` // failing rows kept per rule, 1..1000
	Standardize table.Standardize `json:"standardize"`
	// DateParts lists date columns to derive <column>_year, _quarter,
	// _month, _day_of_week and _is_weekend from (in UTC).
	DateParts []string `json:"dateParts"`
	// Product, when its columns are set, adds Name = A × B (e.g. revenue =
	// price × quantity).
	Product Product `json:"product"`
	// GroupBy, when set, aggregates the clean rows by that column: row count,
	// and sum, average, minimum and maximum of Measure (a number column,
	// possibly the product).
	GroupBy string `json:"groupBy"`
	Measure string `json:"measure"`
	// WriteUTF8: the clean and rejected files of a Windows-1252 file are
	// written in UTF-8 with a byte order mark (see [FileWriteOptions]), which keeps
	// every character a step makes; otherwise they are written in the
	// file's own encoding.
	WriteUTF8 bool `json:"writeUtf8"`
	// Progress, when set, is called with each step's name as it finishes.
	Progress func(step string) `json:"-"`
}

// Product is a derived column: the product of two number columns.
type Product struct {
	A    string `json:"a"`
	B    string `json:"b"`
	Name string `json:"name"`
}

// DataCheckResult is what [RunDataCheck] produced. Every record of the file
// is accounted for: Records = Valid + RejectedRows + Unreadable.
type DataCheckResult struct {
	Clean     *table.Table `json:"-"` // rows that passed, standardized and enriched
	Rejected  *table.Table `json:"-"` // rows that failed a rule or could not be read, with line and reason
	Report    *table.Table `json:"-"` // one row per rule
	Aggregate *table.Table `json:"-"` // the aggregate, when GroupBy is set
	// CleanParts and RejectedParts, from [RunDataCheckParts], hold the
	// clean and rejected rows of each part of the file, in order (of a
	// file in more than one part, Clean and Rejected are nil): written one
	// after the other (see table.CSVWriteOptions.RowsOnly) they are the
	// whole file's tables.
	CleanParts    []*table.Table `json:"-"`
	RejectedParts []*table.Table `json:"-"`
	// PartRows, from [RunDataCheckRemote], says how many clean and
	// rejected rows each part's engine holds.
	PartRows []PartRows      `json:"-"`
	Quality  *quality.Report `json:"quality"`
	Steps    []StepReport    `json:"steps"`

	Records      int `json:"records"`    // data records in the file
	Unreadable   int `json:"unreadable"` // records the CSV reader could not read
	Valid        int `json:"valid"`
	RejectedRows int `json:"rejected"` // records that failed a quarantining rule
	Warned       int `json:"warned"`
}

// PartRows are the clean and rejected rows one part of a file holds.
type PartRows struct{ Clean, Rejected int }

// Validate checks the parts of the config that do not need the data.
func (c DataCheckConfig) Validate() error {
	if c.Samples < 1 || c.Samples > 1000 {
		return fieldErr("samples", "must be between 1 and 1,000, got %s", say.Count(int64(c.Samples)))
	}
	if err := c.Standardize.Validate(); err != nil {
		return err
	}
	if (c.Product.A == "") != (c.Product.B == "") {
		return fieldErr("product", "needs two columns to multiply, got %q and %q", c.Product.A, c.Product.B)
	}
	if n := c.Product.Name; utf8.RuneCountInString(n) > 200 || !utf8.ValidString(n) || strings.ContainsFunc(n, unicode.IsControl) {
		return fieldErr("product", "the new column's name must be text on one line of at most 200 characters, without control characters; got %q", say.Clip(n))
	}
	_, err := quality.Parse(c.Rules)
	return err
}

// checkNote is the check step's note: every record of the file accounted for.
func (res *DataCheckResult) checkNote() string {
	return fmt.Sprintf("%s records in the file: %s passed, %s failed a rule, %s could not be read",
		say.Count(int64(res.Records)), say.Count(int64(res.Valid)), say.Count(int64(res.RejectedRows)), say.Count(int64(res.Unreadable)))
}

// rulesFor checks the config against a file's columns before any row is
// touched, and returns its rules bound to them.
func (c DataCheckConfig) rulesFor(src *table.Table) ([]quality.Rule, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	rules, err := quality.Parse(c.Rules)
	if err != nil {
		return nil, err
	}
	if err := quality.Bind(src, rules); err != nil {
		return nil, err
	}
	for _, name := range append(slices.Clone(c.DateParts), c.Product.A, c.Product.B, c.GroupBy) {
		if name != "" && src.Col(name) == nil {
			return nil, fieldErr("columns", "names unknown column %q; the file has %s", name, strings.Join(src.Names(), ", "))
		}
	}
	return rules, nil
}

// Rejected-table column names for file checks.
const (
	ColRawRecord = "raw_record"
)

// RunDataCheck runs the quality gate over a CSV file that [table.ReadCSV] read:
// check the rules (failing rows and unreadable records go to Rejected with
// their line and reason), then, on the rows that pass, derive the product
// and date parts, standardize, and aggregate. Rule and column errors are
// returned before any row is touched. The input table is not modified.
func RunDataCheck(cfg DataCheckConfig, file *table.CSVResult) (*DataCheckResult, error) {
	src := file.Table
	rules, err := cfg.rulesFor(src)
	if err != nil {
		return nil, err
	}
	sw := newStopwatch(cfg.Progress)
	n := src.Len()
	res := &DataCheckResult{Records: file.Records(), Unreadable: len(file.Rejected)}

	// Quality.
	rep, err := quality.Check(src, rules, quality.Options{Now: cfg.Now, Samples: cfg.Samples})
	if err != nil {
		return nil, err
	}
	res.Quality = rep
	keep, rejRows := splitRows(n, rep)
	res.Valid, res.RejectedRows, res.Warned = len(keep), len(rejRows), rep.Warned
	res.Rejected = fileRejected(src, rep, rejRows, file.Rejected)
	res.Report = ruleReport(rep)
	res.Steps = append(res.Steps, sw.finish(StepReport{Name: "check", In: n, Out: len(keep), Rejected: len(rejRows),
		Notes: []string{res.checkNote()}}))

	// Transform: derive, then standardize.
	clean, notes, std, err := transformRows(cfg, src, keep)
	if err != nil {
		return nil, err
	}
	res.Clean = clean
	res.Steps = append(res.Steps, sw.finish(StepReport{Name: "transform", In: len(keep), Out: len(keep), Notes: append(notes, table.NoteTexts(std)...)}))

	// Aggregate.
	if cfg.GroupBy != "" {
		measure := measureOf(cfg, clean, src)
		groups, err := groupsBy(clean, cfg.GroupBy, measure)
		if err != nil {
			return nil, err
		}
		agg := aggregateTable(groups, cfg.GroupBy, measure)
		res.Aggregate = agg
		res.Steps = append(res.Steps, sw.finish(StepReport{Name: "aggregate", In: res.Valid, Out: agg.Len(),
			Notes: []string{say.Count(int64(agg.Len())) + " groups of " + cfg.GroupBy}}))
	}
	res.Steps = append(res.Steps, sw.finish(StepReport{Name: "load", In: len(keep), Out: len(keep), Rejected: res.Rejected.Len(),
		Notes: loadNotes(cfg, file, []*table.Table{res.Clean}, []*table.Table{res.Rejected})}))
	return res, nil
}

// transformRows takes the rows keep of src and derives the product and
// date parts, then standardizes: the clean rows, the derivations' notes
// and standardizing's.
func transformRows(cfg DataCheckConfig, src *table.Table, keep []int) (*table.Table, []string, []table.Note, error) {
	clean := src.Take(keep)
	clean.Name = "data_clean"
	var notes []string
	if cfg.Product.A != "" {
		name := cfg.Product.Name
		if name == "" {
			name = cfg.Product.A + "_x_" + cfg.Product.B
		}
		if clean.Col(name) != nil {
			return nil, nil, nil, fieldErr("product", "would add column %q, which the file already has; choose another name", name)
		}
		added, err := table.EnrichTable(clean, table.Enrich{Revenue: true, Price: cfg.Product.A, Quantity: cfg.Product.B})
		if err != nil {
			return nil, nil, nil, err
		}
		prod := clean.Col(added[0])
		prod.Name = name
		// Written as its factors' numbers are: "14.388,00" beside "1.199,00".
		table.WriteNumbersLike(prod, src.Col(cfg.Product.A), src.Col(cfg.Product.B))
		notes = append(notes, "added "+name+" = "+cfg.Product.A+" × "+cfg.Product.B)
	}
	for _, d := range cfg.DateParts {
		added, err := table.AddDateParts(clean, d, d+"_")
		if err != nil {
			return nil, nil, nil, err
		}
		notes = append(notes, "added "+strings.Join(added, ", "))
	}
	std, err := table.StandardizeNotes(clean, cfg.Standardize, nil)
	if err != nil {
		return nil, nil, nil, err
	}
	return clean, notes, std, nil
}

// measureOf is the column the aggregate sums: the one chosen, else the
// product when there is one.
func measureOf(cfg DataCheckConfig, clean, src *table.Table) string {
	if cfg.Measure == "" && cfg.Product.A != "" {
		return clean.Cols[len(src.Cols)].Name
	}
	return cfg.Measure
}

// loadNotes are the load step's notes on the clean and rejected tables
// (in parts, in order) of a check of file.
func loadNotes(cfg DataCheckConfig, file *table.CSVResult, clean, rejected []*table.Table) []string {
	rows, rej := 0, 0
	for _, t := range clean {
		rows += t.Len()
	}
	for _, t := range rejected {
		rej += t.Len()
	}
	notes, _ := loadNotesOf(cfg, file.Encoding, rows, rej, func() (int, string, error) {
		n, first := table.UnencodableParts(clean, file.Encoding)
		m, f := table.UnencodableParts(rejected, file.Encoding)
		if first == "" {
			first = f
		}
		return n + m, first, nil
	})
	return notes
}

// loadNotesOf are the load step's notes of rows clean and rej rejected
// rows of a file in encoding; unencodable counts the cells of both tables
// that encoding cannot write, and the first such character.
func loadNotesOf(cfg DataCheckConfig, encoding string, rows, rej int, unencodable func() (int, string, error)) ([]string, error) {
	load := []string{fmt.Sprintf("%s rows to the clean file, %s to the rejected file", say.Count(int64(rows)), say.Count(int64(rej)))}
	if encoding == table.EncodingWindows1252 && cfg.WriteUTF8 {
		return append(load, "written in UTF-8 with a byte order mark, as chosen (the file is Windows-1252)"), nil
	}
	if encoding == table.EncodingWindows1252 {
		// A step may make a character the file's encoding lacks.
		n, first, err := unencodable()
		if err != nil {
			return nil, err
		}
		if n > 0 {
			cells := strconv.Itoa(n) + " cells hold"
			if n == 1 {
				cells = "1 cell holds"
			}
			load = append(load, cells+" characters Windows-1252 cannot write (the first: "+first+`): written in Windows-1252 they become "?"; download as UTF-8 to keep them`)
		}
	}
	return load, nil
}

// RunDataCheckParts is RunDataCheck over a file read in parts
// (table.ReadCSVParts), the parts at once: the same figures, notes,
// report and aggregate, and clean and rejected rows in parts (CleanParts,
// RejectedParts) that write the whole file's tables. A file in one part
// is RunDataCheck's, its tables also given as parts of one.
func RunDataCheckParts(cfg DataCheckConfig, files []*table.CSVResult) (*DataCheckResult, error) {
	if len(files) == 1 {
		res, err := RunDataCheck(cfg, files[0])
		if err != nil {
			return nil, err
		}
		res.CleanParts, res.RejectedParts = []*table.Table{res.Clean}, []*table.Table{res.Rejected}
		return res, nil
	}
	file := files[0]
	rules, err := cfg.rulesFor(file.Table)
	if err != nil {
		return nil, err
	}
	sw := newStopwatch(cfg.Progress)
	srcs := make([]*table.Table, len(files))
	first := make([]int, len(files)+1)
	res := &DataCheckResult{}
	for k, f := range files {
		srcs[k] = f.Table
		first[k+1] = first[k] + f.Table.Len()
		res.Records += f.Records()
		res.Unreadable += len(f.Rejected)
	}
	n := first[len(files)]

	// Quality.
	rep, err := quality.CheckParts(srcs, rules, quality.Options{Now: cfg.Now, Samples: cfg.Samples})
	if err != nil {
		return nil, err
	}
	res.Quality = rep
	res.Valid, res.RejectedRows, res.Warned = n-len(rep.Rejected), len(rep.Rejected), rep.Warned
	res.Report = ruleReport(rep)
	// Each part's share of the report: its quarantined rows, numbered in
	// the part.
	reps := make([]*quality.Report, len(files))
	for k := range files {
		lo := sort.Search(len(rep.Rejected), func(i int) bool { return rep.Rejected[i].Row >= first[k] })
		hi := sort.Search(len(rep.Rejected), func(i int) bool { return rep.Rejected[i].Row >= first[k+1] })
		part := &quality.Report{Rows: first[k+1] - first[k], Rejected: slices.Clone(rep.Rejected[lo:hi])}
		for i := range part.Rejected {
			part.Rejected[i].Row -= first[k]
		}
		reps[k] = part
	}
	res.Steps = append(res.Steps, sw.finish(StepReport{Name: "check", In: n, Out: res.Valid, Rejected: res.RejectedRows,
		Notes: []string{res.checkNote()}}))

	// Each part: its rejected rows, then its clean rows transformed, and
	// its groups.
	type partOut struct {
		rejected, clean *table.Table
		notes           []string
		std             []table.Note
		groups          rowGroups
		measure         string
		err             error
	}
	outs := make([]partOut, len(files))
	par.Each(len(files), func(k int) {
		f := files[k]
		o := &outs[k]
		keep, rej := splitRows(f.Table.Len(), reps[k])
		o.rejected = fileRejected(f.Table, reps[k], rej, f.Rejected)
		o.rejected.Name = "data_rejected"
		if o.clean, o.notes, o.std, o.err = transformRows(cfg, f.Table, keep); o.err != nil {
			return
		}
		if cfg.GroupBy != "" {
			o.measure = measureOf(cfg, o.clean, f.Table)
			vals, include, err := measureValues(o.clean, o.measure)
			if o.err = err; err == nil {
				o.groups = rowGroupsOf(o.clean, cfg.GroupBy, vals, include)
			}
		}
	})
	stds := make([][]table.Note, len(outs))
	for k, o := range outs {
		if o.err != nil {
			return nil, o.err
		}
		res.CleanParts, res.RejectedParts = append(res.CleanParts, o.clean), append(res.RejectedParts, o.rejected)
		stds[k] = o.std
	}
	res.Steps = append(res.Steps, sw.finish(StepReport{Name: "transform", In: res.Valid, Out: res.Valid, Notes: append(outs[0].notes, table.NoteTexts(table.MergeNotes(stds...))...)}))

	// Aggregate.
	if cfg.GroupBy != "" {
		// The parts' rows summed in order, as the whole table's are.
		rgs := make([]rowGroups, len(outs))
		for k, o := range outs {
			rgs[k] = o.groups
		}
		agg := aggregateTable(groupsOfParts(rgs), cfg.GroupBy, outs[0].measure)
		res.Aggregate = agg
		res.Steps = append(res.Steps, sw.finish(StepReport{Name: "aggregate", In: res.Valid, Out: agg.Len(),
			Notes: []string{say.Count(int64(agg.Len())) + " groups of " + cfg.GroupBy}}))
	}
	rejected := 0
	for _, t := range res.RejectedParts {
		rejected += t.Len()
	}
	res.Steps = append(res.Steps, sw.finish(StepReport{Name: "load", In: res.Valid, Out: res.Valid, Rejected: rejected,
		Notes: loadNotes(cfg, file, res.CleanParts, res.RejectedParts)}))
	return res, nil
}

// FileWriteOptions are the options that write a file check's tables: the
// file's own dialect ([table.CSVResult.WriteOptions]), in UTF-8 with a byte
// order mark when the check asks for it (WriteUTF8) of a Windows-1252
// file.
func FileWriteOptions(file *table.CSVResult, cfg DataCheckConfig) table.CSVWriteOptions {
	o := file.WriteOptions()
	if cfg.WriteUTF8 && o.Encoding == table.EncodingWindows1252 {
		// With a byte order mark: Excel, which wrote the file, reads a CSV
		// file as UTF-8 only with one.
		o.Encoding, o.BOM = "", true
	}
	return o
}

// fileRejected builds the rejected table: line, failed rules and reason,
// then the original fields as text, then the raw text of records that could
// not be read. Rows are in line order.
func fileRejected(src *table.Table, rep *quality.Report, rows []int, unreadable []table.RejectedRow) *table.Table {
	total := len(rows) + len(unreadable)
	lines := make([]int64, 0, total)
	codes := make([]string, 0, total)
	reasons := make([]string, 0, total)
	raw := make([]string, 0, total)
	rawNull := make([]bool, 0, total)
	// The rows that failed a rule keep their columns' types; an unreadable
	// record has no values (its text is in raw_record): it takes row 0's
	// place in idx and is made null after.
	idx := make([]int, 0, total)
	var blank []int // positions of unreadable records
	rlines, rcodes, rreasons := quarantineInfo(src, rep)
	i, j := 0, 0
	for i < len(rows) || j < len(unreadable) {
		if j >= len(unreadable) || i < len(rows) && int(rlines[i]) < unreadable[j].Line {
			lines, codes, reasons = append(lines, rlines[i]), append(codes, rcodes[i]), append(reasons, rreasons[i])
			idx = append(idx, rows[i])
			raw, rawNull = append(raw, ""), append(rawNull, true)
			i++
			continue
		}
		u := unreadable[j]
		lines, codes, reasons = append(lines, int64(u.Line)), append(codes, "unreadable"), append(reasons, "line "+strconv.Itoa(u.Line)+" "+u.Reason)
		blank = append(blank, len(idx))
		idx = append(idx, 0)
		raw, rawNull = append(raw, u.Raw), append(rawNull, false)
		j++
	}
	t := &table.Table{Name: "data_rejected"}
	t.AddColumn(table.NewIntColumn(ColSourceLine, lines, nil))
	t.AddColumn(table.NewStringColumn(ColFailedRules, codes, nil))
	t.AddColumn(table.NewStringColumn(ColRejectWhy, reasons, nil))
	for _, col := range src.Cols {
		var c *table.Column
		if src.Len() == 0 && total > 0 { // nothing to take from: every record was unreadable
			c = table.NewStringColumn(col.Name, make([]string, total), nil)
		} else {
			c = col.Take(idx)
		}
		for _, k := range blank {
			c.SetNull(k)
		}
		c.Name = t.FreshName(col.Name, "file")
		t.AddColumn(c)
	}
	t.AddColumn(table.NewRawColumn(t.FreshName(ColRawRecord, "file"), raw, nullOrNil(rawNull)))
	l := make([]int, total)
	for k := range l {
		l[k] = int(lines[k])
	}
	t.Lines = l
	return t
}

func nullOrNil(b []bool) []bool {
	for _, x := range b {
		if x {
			return b
		}
	}
	return nil
}

// ruleReport is the quality report as a table, one row per rule.
func ruleReport(rep *quality.Report) *table.Table {
	n := len(rep.Results)
	rule, sev, status, observed := make([]string, n), make([]string, n), make([]string, n), make([]string, n)
	checked, nulls, fails := make([]int64, n), make([]int64, n), make([]int64, n)
	pctv := make([]float64, n)
	for i, r := range rep.Results {
		rule[i], sev[i], status[i] = r.Rule, r.Severity, r.Status
		checked[i], nulls[i], fails[i], pctv[i] = int64(r.Checked), int64(r.Nulls), int64(r.Failures), r.FailurePct
		observed[i] = r.Observed
		if r.Message != "" {
			observed[i] = strings.TrimPrefix(observed[i]+"; "+r.Message, "; ")
		}
	}
	return mustTable("data_rule_report",
		table.NewStringColumn("rule", rule, nil), table.NewStringColumn("severity", sev, nil), table.NewStringColumn("status", status, nil),
		table.NewIntColumn("checked", checked, nil), table.NewIntColumn("nulls", nulls, nil), table.NewIntColumn("failures", fails, nil),
		table.NewDecimalColumn("failure_pct", pctv, nil, 2), table.NewStringColumn("observed", observed, nil))
}

// groupsBy groups t by a column: rows per group and, with a measure
// column, its sum, minimum and maximum (nulls skipped).
func groupsBy(t *table.Table, key, measure string) (map[string]*group, error) {
	vals, include, err := measureValues(t, measure)
	if err != nil {
		return nil, err
	}
	return groupsOf(t, key, vals, include), nil
}

// measureValues returns a number column's values as floats, and which rows
// hold one (nil: all); no column, zeros.
func measureValues(t *table.Table, measure string) ([]float64, []bool, error) {
	if measure == "" {
		return make([]float64, t.Len()), nil, nil
	}
	m := t.Col(measure)
	if m == nil {
		return nil, nil, fieldErr("measure", "names unknown column %q", measure)
	}
	if !m.Type.IsNumeric() {
		return nil, nil, fieldErr("measure", "column %q is %s column; choose a number column to sum", measure, say.A(m.Type.String()))
	}
	vals := make([]float64, t.Len())
	include := make([]bool, t.Len())
	num := numAt(m)
	for i := range vals {
		if !m.IsNull(i) {
			vals[i], include[i] = num(i), true
		}
	}
	return vals, include, nil
}

// aggregateTable is the aggregate of groups by key: rows per group and,
// with a measure, its sum, average, minimum and maximum.
func aggregateTable(groups map[string]*group, key, measure string) *table.Table {
	agg := groupTable(key, groups)
	if measure == "" {
		return distinctNames(mustTable("data_aggregate", agg.Cols[0], agg.Cols[1]))
	}
	agg.Name = "data_aggregate"
	for _, c := range agg.Cols[2:] {
		c.Name = strings.Replace(c.Name, "revenue", measure, 1)
	}
	agg.Cols[1].Name = "rows"
	return distinctNames(agg)
}

// distinctNames renames the columns of t after its first whose names
// repeat an earlier one's, ignoring case (a key column called rows, or
// Total_x), with _2, _3…: a header whose names repeat is one a reader,
// this one included, reports as broken, and SQL engines do not tell
// names apart by case.
func distinctNames(t *table.Table) *table.Table {
	seen := map[string]bool{}
	for _, c := range t.Cols {
		name := c.Name
		for k := 2; seen[strings.ToLower(name)]; k++ {
			name = c.Name + "_" + strconv.Itoa(k)
		}
		c.Name = name
		seen[strings.ToLower(name)] = true
	}
	return t
}
