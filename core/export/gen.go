package export

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/ingestkit/playground/core/quality"
	"github.com/ingestkit/playground/core/table"
)

// dialect is what the generator needs to know of a target's language: how
// to write a literal, a column and an operator. Everything else a program
// holds comes from the target's template file.
type dialect struct {
	blocks  blocks
	str     func(string) string // a text literal
	id      func(string) string // a column, as the program names it
	boolean func(bool) string
	ops     map[string]string // rule operators: =, !=, <, <=, >, >=
	pattern func(string) string
	comment string // what starts a comment that ends with its line
}

var dialects = map[Target]*dialect{
	Pandas: {str: py, id: py, boolean: pyBool, ops: pyOps, pattern: func(p string) string { return py(pyPattern(p)) }, comment: "#"},
	DuckDB: {str: sqlStr, id: sqlID, boolean: strconv.FormatBool, ops: sqlOps, pattern: sqlStr, comment: "--"},
	Beam:   {str: strconv.Quote, id: strconv.Quote, boolean: strconv.FormatBool, ops: pyOps, pattern: strconv.Quote, comment: "//"},
}

// TemplateFiles names each target's template file (in templates/).
var TemplateFiles = map[Target]string{Pandas: "pandas.py.tmpl", DuckDB: "duckdb.sql.tmpl", Beam: "beam.go.tmpl"}

// ErrNoTemplate is returned for an export to a target whose template has
// not been given (see SetTemplate).
var ErrNoTemplate = errors.New("export: the target's template is not loaded")

var templateMu sync.Mutex

// SetTemplate gives the generator a target's template file. Native builds
// carry the files; the page's WebAssembly does not (they would add about
// 27 KB gzip to every visit) and is given them when a learner first opens
// an export.
func SetTemplate(t Target, text string) error {
	if err := checkTarget(t); err != nil {
		return err
	}
	templateMu.Lock()
	defer templateMu.Unlock()
	dialects[t].blocks = parseBlocks(text)
	return nil
}

// dialectFor returns a target's dialect with its template.
func dialectFor(t Target) (*dialect, error) {
	if err := checkTarget(t); err != nil {
		return nil, err
	}
	templateMu.Lock()
	defer templateMu.Unlock()
	d := dialects[t]
	if d.blocks == nil {
		return nil, fmt.Errorf("%w: %s", ErrNoTemplate, t)
	}
	return d, nil
}

// gen expands blocks with the program's global values plus local ones.
type gen struct {
	d      *dialect
	global vars
}

func (g *gen) has(name string) bool {
	if askedFor != nil {
		askedFor(name, true)
	}
	_, ok := g.d.blocks[name]
	return ok
}

func (g *gen) expand(name string, local vars) string {
	v := make(vars, 0, len(g.global)+len(local))
	return g.d.blocks.expand(name, append(append(v, g.global...), local...), g.d.comment)
}

// add appends key/value pairs to the program's values, each value written
// by q (d.id, d.str), or as it is when q is nil. (One call with a list
// costs the page's WebAssembly far less than a call per value.)
func (g *gen) add(q func(string) string, kv ...string) {
	g.global = append(g.global, quoted(q, kv...)...)
}

// quoted returns key/value pairs with each value written by q (as it is
// when q is nil).
func quoted(q func(string) string, kv ...string) vars {
	for i := 1; i < len(kv) && q != nil; i += 2 {
		kv[i] = q(kv[i])
	}
	return kv
}

// lits writes each item with q, joined by ", ".
func lits(q func(string) string, items []string) string {
	return strings.Join(quoteAll(q, items), ", ")
}

// inline expands a block used inside a line: without its final line break.
func (g *gen) inline(name string, local vars) string {
	return strings.TrimSuffix(g.expand(name, local), "\n")
}

// list expands each item's block (items whose block the target lacks are
// left out), joined by the text of the block named like the item's block
// up to its colon, plus "_sep" (all of it, line breaks included).
func (g *gen) list(items []listItem) string {
	var out []string
	sep := ""
	for _, it := range items {
		if !g.has(it.block) {
			continue
		}
		if s := it.block[:strings.IndexByte(it.block+":", ':')] + "_sep"; g.has(s) {
			sep = g.expand(s, nil)
		}
		out = append(out, g.inline(it.block, it.v))
	}
	return strings.Join(out, sep)
}

type listItem struct {
	block string
	v     vars
}

// typeNames names the column types in block names, by core.Type.
var typeNames = typeNameList{table.TypeString: "text", table.TypeInt: "int", table.TypeDecimal: "decimal", table.TypeBool: "bool", table.TypeTimestamp: "timestamp"}

type typeNameList [8]string

// newGen prepares a program's generator: the values every block may use
// — the input's columns, their types and null tokens, the dates parsed
// once — for a pattern that reads input and writes outputs.
func newGen(target Target, title, input string, columns []column, nullTokens []string, dateCols []string, outputs string) *gen {
	return newGenNum(target, title, input, columns, nullTokens, dateCols, outputs, nil)
}

// newGenNum is newGen for a file whose number columns may be written in
// a style of their own (a decimal comma, grouped thousands): num, when
// not nil, gives the expression that reads a column's cell as the
// engine's number text (the placeholder {{num}} of the typed blocks;
// the column itself otherwise).
func newGenNum(target Target, title, input string, columns []column, nullTokens []string, dateCols []string, outputs string,
	num func(name string) string) *gen {
	d := dialects[target] // (checked by the pattern's export: see ready)
	g := &gen{d: d}
	lits := func(items []string) string {
		q := make([]string, len(items))
		for i, it := range items {
			q[i] = d.str(it)
		}
		return strings.Join(q, ", ")
	}
	typeOf := func(name string) table.Type {
		for _, c := range columns {
			if c.name == name {
				return c.typ
			}
		}
		return table.TypeString
	}
	var text []string
	var cols []listItem
	// pad aligns a column's values in a table of the program (key: value, a
	// line each) as gofmt does: each key is padded to the widest key of its
	// section, in characters. A key starts a new section when it or the key
	// before it is longer than 40 bytes and its length is 2.5 times the
	// geometric mean of the lengths of its section's keys, or less than
	// 1/2.5 of it (go/printer's exprList).
	section, widths := make([]int, len(columns)), []int{0}
	lnsum, count := 0.0, 0
	for i, c := range columns {
		size := len(d.id(c.name))
		if prev := len(d.id(columns[max(i-1, 0)].name)); i > 0 && (prev > 40 || size > 40) {
			if ratio := float64(size) / math.Exp(lnsum/float64(count)); 2.5*ratio <= 1 || 2.5 <= ratio {
				widths, lnsum, count = append(widths, 0), 0, 0
			}
		}
		section[i] = len(widths) - 1
		widths[section[i]] = max(widths[section[i]], utf8.RuneCountInString(d.id(c.name)))
		lnsum, count = lnsum+math.Log(float64(size)), count+1
	}
	for i, c := range columns {
		if c.typ == table.TypeString {
			text = append(text, c.name)
		}
		pad := strings.Repeat(" ", widths[section[i]]-utf8.RuneCountInString(d.id(c.name)))
		numExpr := d.id(c.name)
		if num != nil {
			numExpr = num(c.name)
		}
		cols = append(cols, listItem{"", vars{"col", d.id(c.name), "name", d.str(c.name), "pad", pad, "num", numExpr}})
	}
	each := func(block func(c column) string) []listItem {
		out := make([]listItem, len(cols))
		for i, c := range columns {
			out[i] = listItem{block(c), cols[i].v}
		}
		return out
	}
	// Text dates are parsed once, for every step that needs them.
	var dates []listItem
	seen := map[string]bool{}
	for _, name := range dateCols {
		if name != "" && !seen[name] {
			seen[name] = true
			dates = append(dates, listItem{"parsed:" + typeNames[typeOf(name)], vars{"col", d.id(name)}})
		}
	}
	g.global = vars{
		"title", title, "input", d.str(input), "input_name", input, "outputs", outputs, "extra_imports", "", "extra_beam_imports", "", "simple_case", "",
		"null_tokens", lits(nullTokens), "columns", lits(names(columns)), "text_columns", lits(text),
		"columns_list", "{" + lits(names(columns)) + "}", "column_types", lits(typesOf(columns)), "types_list", "{" + lits(typesOf(columns)) + "}",
	}
	if target == Pandas {
		g.global = append(g.global, "simple_case", pySimpleCase())
	}
	g.global = append(g.global,
		"raw_columns", g.list(each(func(column) string { return "raw_col" })),
		"line_breaks", g.list(each(func(column) string { return "line_break" })),
		"typed_columns", g.list(each(func(c column) string { return "typed:" + typeNames[c.typ] })),
		"parsed_dates", g.list(dates),
		"rejected_columns", g.list(each(func(column) string { return "rej_col" })))
	return g
}

// start writes the program's head, helpers and extract step, and returns
// where the helpers are.
func (g *gen) start(mode string) (parts []string, helpers [2]int) {
	head, h := g.expand("head", nil), g.expand("helpers", nil)
	return []string{head, h, g.expand("extract"+mode, nil), g.optional("extract_values")}, [2]int{len(head), len(head) + len(h)}
}

// optional expands a block the target may lack ("" then).
func (g *gen) optional(name string) string {
	if !g.has(name) {
		return ""
	}
	return g.expand(name, nil)
}

// variant expands name+mode, or name when the target has no such variant.
func (g *gen) variant(name, mode string) string {
	if g.has(name + mode) {
		name += mode
	}
	return g.expand(name, nil)
}

// program writes the ETL program for a target.
func (s *etlSpec) program(target Target) string { return s.programIn(target, nil) }

// programIn writes the program for a loaded file read in dialect dia (nil
// for the ETL pattern's own input).
func (s *etlSpec) programIn(target Target, dia *fileDialect) string {
	var dateCols []string
	for _, ds := range s.dates {
		dateCols = append(dateCols, ds.col)
	}
	dateCols = append(dateCols, s.timestamps...)
	var num func(string) string
	if dia != nil {
		num = dia.numExpr(target)
	}
	g := newGenNum(target, s.title, s.input, s.columns, s.nullTokens, dateCols,
		s.cleanName+", "+s.rejectName+" and "+s.qualityName, num)
	d := g.d
	g.add(d.str, "clean", s.cleanName, "rejected", s.rejectName, "quality", s.qualityName, "line_end", s.lineEnd, "aggregate", s.aggName)
	g.add(d.id, "line_col", s.lineCol, "codes_col", s.codesCol, "reasons_col", s.reasonsCol, "raw_col", s.rawCol, "group", s.groupBy, "measure", s.measure)
	g.add(nil, "now", strconv.FormatInt(s.now, 10), "now_text", table.FormatTimestamp(s.now), "clean_header", lits(d.str, s.outColumns))
	mode := ""
	if s.file {
		mode = ":file"
		if dia == nil {
			dia = &fileDialect{sep: ",", encoding: table.EncodingUTF8}
		}
		s.fileValues(g, dia)
	}
	parts, helpers := g.start(mode)
	s.helpers = helpers
	parts = append(parts, g.expand("quality", nil))
	for i, r := range s.rules {
		parts = append(parts, s.rule(g, i+1, r))
	}
	parts = append(parts, g.variant("split", mode))
	g.global = append(g.global, "outputs_code", g.list(s.outputs(g, dia)))
	parts = append(parts, g.variant("clean", mode), g.optional("transform"))
	if s.file {
		agg, v := "aggregate:none", vars{}
		switch {
		case s.groupBy == "":
		case s.measure == "":
			agg = "aggregate:count"
		default:
			kind, kv := "agg_values:column", vars{}
			if s.measure == s.revenue {
				kind, kv = "agg_values:product", vars{"price", d.id(s.price), "qty", d.id(s.qty)}
			}
			agg, v = "aggregate:measure", vars{"values", g.inline(kind, kv)}
		}
		if g.has(agg) {
			parts = append(parts, g.expand(agg, v))
		}
		main := ""
		if s.groupBy != "" {
			main = g.optional("aggregate_main")
		}
		g.global = append(g.global, "aggregate_main", main)
	}
	load, loadAgg := g.variant("load", mode), "load_aggregate"
	if s.file && dia.converted() && g.has("load:file_converted") {
		load, loadAgg = g.expand("load:file_converted", nil), "load_aggregate:converted"
	}
	parts = append(parts, load)
	if s.groupBy != "" {
		parts = append(parts, g.optional(loadAgg))
	}
	return strings.Join(parts, "")
}

// outputs lists, per output column of the clean table, how it is made.
func (s *etlSpec) outputs(g *gen, dia *fileDialect) []listItem {
	d := g.d
	stamps, money := map[string]bool{}, map[string]bool{}
	for _, n := range s.timestamps {
		stamps[n] = true
	}
	for _, n := range s.money {
		money[n] = true
	}
	var out []listItem
	for _, c := range s.columns {
		v := vars{"col", d.id(c.name)}
		block := "out:keep"
		if s.file {
			out = append(out, s.fileOutput(g, c, stamps[c.name], money[c.name], dia))
			continue
		}
		switch {
		case stamps[c.name]:
			block = "out:timestamp_" + typeNames[c.typ]
		case money[c.name]:
			block = "out:money"
		case c.typ == table.TypeString:
			variant := s.textVariant(c.name)
			v = append(v, "expr", g.inline(variant, v),
				"what", strings.TrimPrefix(strings.ReplaceAll(variant[len("text:"):], "_", ", "), "none"))
			block = "out:text"
		}
		out = append(out, listItem{block, v})
	}
	if s.revenue != "" {
		rv := vars{"col", d.id(s.revenue), "price", d.id(s.price), "qty", d.id(s.qty)}
		if s.file && !dia.productStyle().plain() {
			st := dia.productStyle()
			// Written as its factors' numbers are: "14.388,00" beside "1.199,00".
			out = append(out, listItem{"out:revenue_styled", append(rv, st.vars(d)...)})
		} else {
			out = append(out, listItem{"out:revenue", rv})
		}
	}
	for _, ds := range s.dates {
		dv := vars{"date", d.id(ds.col)}
		dv = append(dv, "date_ms", g.inline("date_ms:"+typeNames[s.col(ds.col).typ], dv))
		out = append(out, listItem{"out:dates", dv})
		for i, part := range []string{"year", "quarter", "month", "day_of_week", "is_weekend"} {
			out = append(out, listItem{"out:" + part, append(vars{"col", d.id(ds.parts[i])}, dv...)})
		}
	}
	return out
}

// rule writes one rule's check. A rule kind is a full block "rule:<variant>"
// or a test "pass:<variant>" (on one non-null value) that the block
// "rule_row" wraps with the failure message "reason[:<variant or kind>]".
func (s *etlSpec) rule(g *gen, no int, r quality.Rule) string {
	d := g.d
	c := s.col(r.Column)
	sev := "reject"
	if r.Warn {
		sev = "warn"
	}
	lit := func(l quality.Literal) string {
		switch c.typ {
		case table.TypeString:
			return d.str(l.Str)
		case table.TypeBool:
			return d.boolean(l.Bool)
		}
		return fnum(operand(l, c.typ))
	}
	vals := make([]string, len(r.Values), len(r.Values)+2)
	for i, l := range r.Values {
		vals[i] = lit(l)
	}
	vals = append(vals, "", "")
	v := quoted(d.str, "rule_text", r.String(), "code", r.Code(), "severity", sev, "name_must", c.name+" must ",
		"what", r.Expectation(s.now), "label", quality.ColumnText(r.Column), "col_name", c.name, "predicate", r.Predicate(),
		"op_text", r.Op, "duration", quality.FormatDuration(r.Duration))
	v = append(v, "rule", strings.ReplaceAll(r.String(), "\n", " "), "no", strconv.Itoa(no), "mostly", fnum(r.Mostly), "col", d.id(r.Column),
		"op", d.ops[r.Op], "pattern", d.pattern(r.Pattern), "limit", strconv.FormatInt(r.Duration, 10),
		"want", d.boolean(r.Kind == quality.KindIn), "n0", fnum(valueNum(r, 0)), "n1", fnum(valueNum(r, 1)),
		"values", strings.Join(vals[:len(r.Values)], ", "), "x", vals[0], "lo", vals[0], "hi", vals[1])
	form := "cmp"
	if r.Between {
		form = "between"
	}
	v = append(v, "test", g.inline("test:"+form, v))
	if r.Kind == quality.KindNotFuture {
		// The reference time may be the data's (a stream's last event):
		// the program writes it into the message itself.
		v = append(v, "what", g.inline("what_future", v))
	}
	kind := r.Kind.String()
	variant := kind
	switch r.Kind {
	case quality.KindIn, quality.KindNotIn:
		variant = "in"
	case quality.KindLength:
		variant = "length_" + form
	case quality.KindIsNumber, quality.KindIsInteger:
		switch {
		case c.typ == table.TypeString:
			variant += "_text"
		case c.typ == table.TypeDecimal && r.Kind == quality.KindIsInteger:
			variant = "is_integer_decimal"
		default:
			variant = "always"
		}
	case quality.KindIsDate:
		if c.typ == table.TypeTimestamp {
			variant = "always"
		}
	case quality.KindNotFuture, quality.KindFreshness:
		if c.typ == table.TypeTimestamp {
			variant += "_ts"
		} else {
			variant += "_text"
		}
	}
	if g.has("rule:"+variant) && r.Kind == quality.KindFreshness && g.has("freshness_observed") {
		v = append(v, "freshness_observed", g.inline("freshness_observed", v))
	}
	if g.has("rule:" + variant) {
		return g.expand("rule:"+variant, v)
	}
	v = append(v, "pass", g.inline("pass:"+variant, v))
	reason := "reason"
	for _, name := range []string{"reason:" + variant, "reason:" + kind} {
		if g.has(name) {
			reason = name
			break
		}
	}
	for _, name := range []string{"get:" + typeNames[c.typ], "get"} {
		if g.has(name) {
			v = append(v, "get", g.inline(name, v))
			break
		}
	}
	for _, name := range []string{"got:" + typeNames[c.typ], "got"} {
		if g.has(name) {
			v = append(v, "got", g.inline(name, v))
			break
		}
	}
	v = append(v, "reason", g.inline(reason, v))
	return g.expand("rule_row", v)
}

func quoteAll(q func(string) string, items []string) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = q(it)
	}
	return out
}

// ready checks that target can be exported to.
func ready(target Target) error {
	_, err := dialectFor(target)
	return err
}

// fileOutput is how a loaded file's column is written: a null cell as the
// file wrote it (trimmed with trim, empty with emptyNulls), any other cell
// as the options name — dates in ISO 8601, money with 2 decimals, text
// trimmed or re-cased, numbers trimmed — or as the file wrote it.
func (s *etlSpec) fileOutput(g *gen, c column, stamp, money bool, dia *fileDialect) listItem {
	v := vars{"col", g.d.id(c.name)}
	null := "data_null:keep"
	switch {
	case s.emptyNulls || stamp && c.typ == table.TypeString:
		null = "data_null:empty"
	case s.trim:
		null = "data_null:trim"
	}
	value := "data_value:keep"
	switch {
	case stamp:
		value = "data_value:timestamp_" + typeNames[c.typ]
	case money && !dia.styleOut(c.name).plain():
		value = "data_value:money_styled"
		v = append(v, dia.styleOut(c.name).vars(g.d)...)
	case money:
		value = "data_value:money"
	case dia.decimalPoint && !dia.numbers[c.name].plain():
		// Numbers with a decimal point: each cell in the column's style
		// rewritten ("1.234,5" as "1234.5"), the others as they were.
		value = "data_value:decimal_point"
		cell, mode := "data_value:keep", "decimal_point"
		if s.trim {
			cell, mode = "data_value:trim", "decimal_point_trim"
		}
		v = append(v, "num", dia.plainCall(c.name, g.inline(cell, v)), "dp_mode", mode)
	case c.typ == table.TypeString:
		variant := s.textVariant(c.name)
		v = append(v, "expr", g.inline(variant, v), "text_mode", strings.Replace(variant, ":", "_", 1))
		value = "data_value:text"
	case s.trim:
		value = "data_value:trim"
	}
	v = append(v, "null_expr", g.inline(null, v))
	v = append(v, "value_expr", g.inline(value, v))
	return listItem{"out:file", v}
}

// typesOf names each column's type as the engine's messages do (integer,
// decimal, boolean, timestamp, string).
func typesOf(cs []column) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.typ.String()
	}
	return out
}

// fileValues adds the values only a loaded file's check uses.
func (s *etlSpec) fileValues(g *gen, dia *fileDialect) {
	d := g.d
	dia.values(g, s)
	// The rejected table names the file's columns as the engine did
	// (renamed where they meet its own columns' names).
	var rejCols, nulls, checks, fields []listItem
	var varchar []string
	for i, c := range s.columns {
		alias := s.rejColumns[3+i]
		if dia.cp1252() && g.d == dialects[DuckDB] {
			alias = latin1Text(alias) // (DuckDB: see duckdbConvert)
		}
		cv := vars{"col", d.id(c.name), "name", d.str(c.name), "alias", d.id(alias), "num", dia.numExpr(dia.target)(c.name)}
		rejCols = append(rejCols, listItem{"rej_col:file", cv})
		nulls = append(nulls, listItem{"null_col", cv})
		checks = append(checks, listItem{"type_check:" + typeNames[c.typ], cv})
		fields = append(fields, listItem{"csv_field", cv})
		varchar = append(varchar, cv[3]+": 'VARCHAR'")
	}
	lineChar, bom, note := "chr(10)", "", ""
	if s.lineEnd == "\r" {
		lineChar = "chr(13)"
	}
	if s.bom {
		// A file with a byte order mark gets it back: DuckDB writes it before
		// the first column's name (the one place a COPY can put it).
		bom = "\ufeff"
		note = "\n-- The first column's name starts with the byte order mark (U+FEFF), as the file did."
	}
	rename := func(cols []string) string {
		var rs []string
		for i, c := range cols {
			to := c
			if i == 0 {
				to = bom + c
			}
			if dia.cp1252() {
				to = latin1Text(to) // (DuckDB: see duckdbConvert; every column, so that the code is the same whatever the names)
			}
			if to != c || dia.cp1252() {
				rs = append(rs, d.id(c)+" AS "+d.id(to))
			}
		}
		if len(rs) == 0 {
			return ""
		}
		return " RENAME (" + strings.Join(rs, ", ") + ")"
	}
	agg := lits(d.str, s.aggColumns)
	g.add(nil, "bom", d.boolean(s.bom), "rejected_header", lits(d.str, s.rejColumns), "agg_header", agg, "agg_list", "{"+agg+"}",
		"rejected_list", "{"+lits(d.str, s.rejColumns)+"}", "line_char", lineChar, "varchar_columns", strings.Join(varchar, ", "),
		"rejected_columns", g.list(rejCols), "null_columns", g.list(nulls), "type_checks", g.list(checks), "csv_fields", g.list(fields),
		"ncol", strconv.Itoa(len(s.columns)), "header_cols", d.str(" (the header has "+strconv.Itoa(len(s.columns))+map[bool]string{true: " column)", false: " columns)"}[len(s.columns) == 1]), "new_line", "'"+strings.ReplaceAll(strings.ReplaceAll(s.lineEnd, "\r", `\r`), "\n", `\n`)+"'",
		"bom_note", note, "bom_clean", rename(s.outColumns), "bom_aggregate", rename(s.aggColumns))
	g.add(d.id, "line_col_bom", bom+s.lineCol, "rule_bom", bom+"rule")
	// The aggregate's columns: key, rows, then the measure's total, average, minimum and maximum.
	for i, k := range []string{"agg_key", "agg_rows", "agg_total", "agg_avg", "agg_min", "agg_max"} {
		if i < len(s.aggColumns) {
			g.add(d.id, k, s.aggColumns[i])
		}
	}
}
