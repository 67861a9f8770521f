package table

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ingestkit/playground/core/internal/fast"
	"github.com/ingestkit/playground/core/internal/say"
)

// Case modes for [Standardize].
const (
	CaseLower = "lower"
	CaseUpper = "upper"
	CaseTitle = "title"
)

// ColumnCase asks for one column's text in one case.
type ColumnCase struct {
	Column string `json:"column"`
	Mode   string `json:"mode"` // lower, upper or title
}

// Standardize describes how text is normalised: the last ETL step before load.
// Each option rewrites only what it names; a table read from a file is
// otherwise written as the file wrote it.
type Standardize struct {
	Trim       bool         `json:"trim"`       // trim spaces around every value (of any type) and null token
	NullTokens []string     `json:"nullTokens"` // text values read as null (nil: DefaultNullTokens; empty: none)
	EmptyNulls bool         `json:"emptyNulls"` // write nulls as empty cells, not as the file's null tokens ("NA", "null"…)
	Case       []ColumnCase `json:"case"`       // per-column case
	Timestamps []string     `json:"timestamps"` // text or date columns written ISO 8601 UTC (2024-03-05T14:07:00Z)
	Money      []string     `json:"money"`      // decimal columns written with 2 decimals
	// DecimalPoint: numbers with a decimal point. The number columns of a
	// file that writes a decimal comma or groups thousands ("1.234,56",
	// "1 234,56"; see CSVResult.Numbers) are written the engine's way, with
	// a decimal point and without grouping ("1234.56"); cells the column
	// wrote otherwise are rewritten too. Columns already so are untouched.
	DecimalPoint bool `json:"decimalPoint"`
}

// Validate checks the case modes.
func (s Standardize) Validate() error {
	for _, c := range s.Case {
		if c.Mode != CaseLower && c.Mode != CaseUpper && c.Mode != CaseTitle {
			return fieldErr("standardize.case", "for %q must be lower, upper or title, got %q", c.Column, c.Mode)
		}
	}
	return nil
}

// StandardizeTable applies s to t in place and returns notes on what it
// changed (e.g. "category: 15 values re-cased"). Columns it names must exist;
// Timestamps columns must be text or timestamps, Money columns decimals.
func StandardizeTable(t *Table, s Standardize) ([]string, error) {
	return StandardizeParsed(t, s, nil)
}

// StandardizeParsed is StandardizeTable for a pipeline that has parsed
// its date columns already (for EnrichParsed, say), so that each is parsed
// once. parsed maps a column's name to ParseTimestampColumn of that column
// as t holds it when the call begins; a column it lacks is parsed here.
// The parse named in s.Timestamps becomes t's column (the caller gives it
// up), and the result is StandardizeTable's: a value the text step turns
// into null (a null token that reads as a date) is null in it too.
//
// Both check every column s names before they change any (an error
// leaves t as it was), then run the steps in order: text (trim, null
// tokens, case), timestamps, decimal points, money.
func StandardizeParsed(t *Table, s Standardize, parsed map[string]*Column) ([]string, error) {
	notes, err := StandardizeNotes(t, s, parsed)
	return NoteTexts(notes), err
}

// Note is what a standardize step changed in a column, counted: the parts
// of a table standardized alike give notes that add up ([MergeNotes]) to
// the whole table's. String gives its text for a learner.
type Note struct {
	at     [3]int // where it goes among the notes: step, column, kind
	column string
	n      int // cells changed; 1 for a note that counts nothing
}

// Note kinds, in their order within a column.
const (
	noteTrimmed = iota
	noteRecased
	noteNulled
	noteNullsEmpty
	noteISO = iota - 4
	noteReformatted
	noteNotDates
)

func (n Note) String() string {
	switch n.at[0]<<4 | n.at[2] {
	case 0<<4 | noteNullsEmpty:
		return fmt.Sprintf("%s: nulls written as empty cells", n.column)
	case 0<<4 | noteTrimmed:
		return fmt.Sprintf("%s: %s trimmed", n.column, say.Counted(n.n, "value"))
	case 0<<4 | noteRecased:
		return fmt.Sprintf("%s: %s trimmed or re-cased", n.column, say.Counted(n.n, "value"))
	case 0<<4 | noteNulled:
		return fmt.Sprintf("%s: %s became null", n.column, say.Counted(n.n, "null token"))
	case 1<<4 | noteISO:
		return fmt.Sprintf("%s: dates written as ISO 8601 UTC", n.column)
	case 1<<4 | noteReformatted:
		return fmt.Sprintf("%s: %s rewritten as ISO 8601 UTC", n.column, say.Counted(n.n, "date"))
	case 1<<4 | noteNotDates:
		return fmt.Sprintf("%s: %s %s and became null", n.column, say.Counted(n.n, "value"), map[bool]string{true: "is not a date", false: "are not dates"}[n.n == 1])
	}
	return fmt.Sprintf("%s: numbers written with a decimal point", n.column)
}

// counts reports whether the note counts cells (else it says a column's
// cells are now written otherwise).
func (n Note) counts() bool {
	return !(n.at[0] == 0 && n.at[2] == noteNullsEmpty || n.at[0] == 1 && n.at[2] == noteISO || n.at[0] == 2)
}

// NoteTexts returns the notes' texts.
func NoteTexts(notes []Note) []string {
	var out []string
	for _, n := range notes {
		out = append(out, n.String())
	}
	return out
}

// MergeNotes adds up the notes of a table's parts standardized alike:
// the notes standardizing the whole table gives, in their order.
func MergeNotes(parts ...[]Note) []Note {
	var out []Note
	for _, notes := range parts {
		for _, n := range notes {
			k, found := slices.BinarySearchFunc(out, n.at, func(a Note, at [3]int) int { return slices.Compare(a.at[:], at[:]) })
			switch {
			case !found:
				out = slices.Insert(out, k, n)
			case n.counts():
				out[k].n += n.n
			}
		}
	}
	return out
}

// StandardizeNotes is StandardizeParsed, its notes counted.
func StandardizeNotes(t *Table, s Standardize, parsed map[string]*Column) ([]Note, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	caseOf, err := standardizeCheck(t, s, parsed)
	if err != nil {
		return nil, err
	}
	notes := standardizeText(t, s, caseOf)
	more, err := standardizeTimestamps(t, s, parsed)
	if err != nil {
		return nil, err
	}
	notes = append(notes, more...)
	notes = append(notes, standardizeDecimalPoint(t, s)...)
	standardizeMoney(t, s)
	return notes, nil
}

// standardizeCheck checks the columns s names against t: each exists and
// has a type its step takes (a money column named among the timestamps
// has become one by the time money is set, as the steps run). It returns
// the case mode of each column to re-case.
func standardizeCheck(t *Table, s Standardize, parsed map[string]*Column) (map[string]string, error) {
	caseOf := map[string]string{}
	for _, c := range s.Case {
		col := t.Col(c.Column)
		if col == nil {
			return nil, fieldErr("standardize.case", "names unknown column %q", c.Column)
		}
		if col.Type != TypeString {
			return nil, fieldErr("standardize.case", "column %q is %s column, not text", c.Column, say.A(col.Type.String()))
		}
		caseOf[c.Column] = c.Mode
	}
	typeAfter := map[string]Type{}
	for _, name := range s.Timestamps {
		col := t.Col(name)
		if col == nil {
			return nil, fieldErr("standardize.timestamps", "names unknown column %q", name)
		}
		if col.Type != TypeTimestamp && col.Type != TypeString {
			return nil, fieldErr("standardize.timestamps", "column %q is %s column, not text or dates", name, say.A(col.Type.String()))
		}
		if ts := parsed[name]; ts != nil && col.Type == TypeString && (ts.Type != TypeTimestamp || ts.Len() != t.Len() || ts.Name != name) {
			return nil, fmt.Errorf("table: the parse given for column %q is not ParseTimestampColumn of it (%s column %q of %d rows)", name, ts.Type, ts.Name, ts.Len())
		}
		typeAfter[name] = TypeTimestamp
	}
	for _, name := range s.Money {
		col := t.Col(name)
		if col == nil {
			return nil, fieldErr("standardize.money", "names unknown column %q", name)
		}
		typ, ok := typeAfter[name]
		if !ok {
			typ = col.Type
		}
		if typ != TypeDecimal {
			return nil, fieldErr("standardize.money", "column %q is %s column, not a decimal", name, say.A(typ.String()))
		}
	}
	return caseOf, nil
}

// standardizeText trims, turns null tokens into nulls and re-cases the
// text columns (and the written forms of the others).
func standardizeText(t *Table, s Standardize, caseOf map[string]string) []Note {
	tokens := s.NullTokens
	if tokens == nil {
		tokens = DefaultNullTokens
	}
	ns := newNullSet(tokens)
	edge := newEdgeBytes(ns)
	var notes []Note
	iso := map[string]bool{}
	for _, name := range s.Timestamps {
		iso[name] = true
	}
	for j, col := range t.Cols {
		note := func(kind, n int) { notes = append(notes, Note{at: [3]int{0, j, kind}, column: col.Name, n: n}) }
		if col.form != nil && s.Trim {
			changed, null := col.form.trimExceptions()
			if changed > 0 || null {
				col.touch()
			}
			if col.Type != TypeString && changed > 0 {
				note(noteTrimmed, changed)
			}
		}
		if col.Type == TypeString {
			recaseText(col, s, caseOf, iso, ns, edge, note)
		}
		// Nulls written as empty cells: those the file had, and those a
		// null token just made (whether the column had nulls before or
		// not, so that a row is written alike whatever the other rows).
		if col.form != nil && s.EmptyNulls && col.Null != nil {
			before := len(col.form.rows)
			had := col.form.null != "" || col.form.quote&quoteNulls != 0
			col.form.dropNullExceptions(col)
			if had || len(col.form.rows) < before {
				col.touch()
				note(noteNullsEmpty, 1)
			}
		}
	}
	return notes
}

// recaseText trims, turns null tokens into nulls and re-cases a text
// column's values, with notes of how many.
func recaseText(col *Column, s Standardize, caseOf map[string]string, iso map[string]bool, ns nullSet, edge *edgeBytes, note func(kind, n int)) {
	mode := caseOf[col.Name]
	if iso[col.Name] {
		// A column written as ISO 8601 dates is not re-cased first:
		// lower case would turn 14:07:00Z into a text that is no date.
		mode = ""
	}
	changed, nulled := 0, 0
	// Re-casing goes through a per-value memo (categorical columns have
	// few distinct values); trimming alone needs none.
	var recase *fast.Memo[string]
	if mode != "" {
		trim := s.Trim
		recase = fast.NewMemo(func(v string) string {
			out := v
			if trim {
				out = strings.TrimSpace(out)
			}
			switch mode {
			case CaseLower:
				out = strings.ToLower(out)
			case CaseUpper:
				out = strings.ToUpper(out)
			case CaseTitle:
				out = titleCase(out)
			}
			return out
		})
	}
	// A cell whose first byte starts no null token and is no space, and
	// whose last byte is no space, is left as it is when only trimming:
	// most cells, told by two table lookups.
	plain := mode == "" && s.Trim
	for i, v := range col.Str {
		if plain && len(v) > 0 && !edge.lead[v[0]] && !edge.trail[v[len(v)-1]] {
			continue
		}
		if col.IsNull(i) {
			continue
		}
		if ns.has(v) {
			if col.Null == nil {
				col.Null = make([]bool, len(col.Str))
			}
			col.Null[i], col.Str[i] = true, ""
			nulled++
			continue
		}
		var out string
		if mode == "" {
			if !s.Trim || !hasOuterSpace(v) {
				continue
			}
			out = strings.TrimSpace(v)
		} else {
			out = recase.Get(v)
		}
		if out != v {
			col.Str[i] = out
			changed++
		}
	}
	if changed > 0 || nulled > 0 {
		col.touch()
	}
	if changed > 0 {
		note(noteRecased, changed)
	}
	if nulled > 0 {
		note(noteNulled, nulled)
	}
}

// standardizeTimestamps parses the named text columns into timestamps and
// writes the named timestamp columns as ISO 8601.
func standardizeTimestamps(t *Table, s Standardize, parsed map[string]*Column) ([]Note, error) {
	var notes []Note
	for j, name := range s.Timestamps {
		note := func(kind, n int) { notes = append(notes, Note{at: [3]int{1, j, kind}, column: name, n: n}) }
		col := t.Col(name)
		if col.Type == TypeTimestamp {
			if col.form != nil && (col.form.layout != tsISO || len(col.form.rows) > 0) {
				col.form.layout = tsISO
				col.form.keepNullExceptions(col)
				col.touch()
				note(noteISO, 1)
			}
			continue
		}
		ts, bad, reformatted := parsed[name], 0, 0
		if ts == nil {
			ts, bad, reformatted = ParseTimestampColumn(col)
		} else {
			// The text step ran after the parse: what it made null is null.
			for i := range col.Null {
				if col.Null[i] && !ts.IsNull(i) {
					ts.SetNull(i)
				}
			}
			bad, reformatted = countReformatted(col, ts)
		}
		if err := t.AddColumn(ts); err != nil {
			return nil, err
		}
		if reformatted > 0 {
			note(noteReformatted, reformatted)
		}
		if bad > 0 {
			note(noteNotDates, bad)
		}
	}
	return notes, nil
}

// standardizeDecimalPoint writes numbers with a decimal point.
func standardizeDecimalPoint(t *Table, s Standardize) []Note {
	var notes []Note
	if s.DecimalPoint {
		for j, col := range t.Cols {
			if col.form == nil || col.form.num.plain() || !col.Type.IsNumeric() {
				continue
			}
			// Cells written otherwise keep their digits: "0,25" in a
			// column of one decimal becomes "0.25", not "0.3".
			for k, i := range col.form.rows {
				if !col.IsNull(i) {
					col.form.text[k], _ = normNumber(col.form.text[k], col.form.num)
				}
			}
			col.form.num = numStyle{}
			col.touch()
			notes = append(notes, Note{at: [3]int{2, j, 0}, column: col.Name, n: 1})
		}
	}
	return notes
}

// standardizeMoney gives the money columns two decimals.
func standardizeMoney(t *Table, s Standardize) {
	for _, name := range s.Money {
		col := t.Col(name)
		col.Scale = 2
		col.touch()
		if col.form != nil {
			col.form.keepNullExceptions(col)
		}
	}
}

// ParseTimestampColumn parses a text column into a timestamp column of the
// same name. Values that are not dates become null (counted in bad);
// reformatted counts the values that were not already in canonical ISO form.
func ParseTimestampColumn(c *Column) (ts *Column, bad, reformatted int) {
	out := NewTimestampColumn(c.Name, make([]int64, len(c.Str)), nil)
	for i, v := range c.Str {
		if c.IsNull(i) {
			out.SetNull(i)
			continue
		}
		ms, _, ok := ParseTimestamp(v)
		if !ok {
			out.SetNull(i)
			bad++
			continue
		}
		out.Int[i] = ms
	}
	bad, reformatted = countReformatted(c, out)
	return out, bad, reformatted
}

// countReformatted counts, for a text column and its parsed timestamps, the
// values that were not dates and those not already in canonical ISO form.
func countReformatted(text, ts *Column) (bad, reformatted int) {
	for i, v := range text.Str {
		switch {
		case text.IsNull(i):
		case ts.IsNull(i):
			bad++
		case !(len(v) == 20 && v[10] == 'T' && v[19] == 'Z' && v[4] == '-') &&
			!(len(v) == 24 && v[10] == 'T' && v[23] == 'Z' && v[19] == '.' && ts.Int[i]%1000 != 0):
			reformatted++
		}
	}
	return bad, reformatted
}

// edgeBytes: lead marks the bytes a cell that may be a null token or have
// space around it can start with (a null set's maybe, and a line break),
// trail those it can end with.
type edgeBytes struct{ lead, trail [256]bool }

func newEdgeBytes(ns nullSet) *edgeBytes {
	e := &edgeBytes{lead: *ns.maybe}
	for _, c := range []byte(" \t\n\r") {
		e.lead[c], e.trail[c] = true, true
	}
	return e
}

func hasOuterSpace(v string) bool {
	return len(v) > 0 && (v[0] == ' ' || v[0] == '\t' || v[len(v)-1] == ' ' || v[len(v)-1] == '\t' || v[0] == '\n' || v[len(v)-1] == '\n' || v[0] == '\r' || v[len(v)-1] == '\r')
}

// SetNull makes row i null, clearing the value it held; it is written as
// an empty cell.
func (c *Column) SetNull(i int) {
	if c.Null == nil {
		c.Null = make([]bool, c.Len())
	}
	was := c.Null[i]
	c.Null[i] = true
	c.touch()
	if c.form != nil {
		if k, ok := slices.BinarySearch(c.form.qflips, i); ok && !was {
			c.form.qflips = slices.Delete(c.form.qflips, k, k+1) // (the value's quoting, not a null's)
		}
		if k, ok := c.form.find(i); ok {
			c.form.rows, c.form.text = slices.Delete(c.form.rows, k, k+1), slices.Delete(c.form.text, k, k+1)
		}
		if c.form.null != "" {
			c.form.set(i, "")
		}
	}
	switch c.Type {
	case TypeString:
		c.Str[i] = ""
	case TypeInt, TypeTimestamp:
		c.Int[i] = 0
	case TypeDecimal:
		c.Dec[i] = 0
	case TypeBool:
		c.Bool[i] = false
	}
}

// titleCase upper-cases the first letter of each word and lower-cases the rest:
// "  eLECTRONICS" → "  Electronics", "home office" → "Home Office".
func titleCase(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	start := true
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\'' {
			if start {
				b.WriteRune(unicode.ToUpper(r))
			} else {
				b.WriteRune(unicode.ToLower(r))
			}
			start = false
			continue
		}
		start = true
		if r == utf8.RuneError {
			b.WriteRune(r)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Enrich describes the derived columns ETL adds.
type Enrich struct {
	// Revenue adds "revenue" = Price × Quantity (null when either is null).
	Revenue  bool   `json:"revenue"`
	Price    string `json:"price"`
	Quantity string `json:"quantity"`
	// DateColumn, when set, adds year, quarter, month, day_of_week and
	// is_weekend computed in UTC from that column (text or timestamp).
	DateColumn string `json:"dateColumn"`
}

// EnrichTable adds the columns described by e to t and returns their names.
// A derived column whose name is taken gets the source column's name as a
// suffix ("year_order_ts").
func EnrichTable(t *Table, e Enrich) ([]string, error) {
	return EnrichParsed(t, e, nil)
}

// EnrichParsed is EnrichTable for a pipeline that has parsed its date
// columns already, so that each is parsed once: parsed maps a column's
// name to ParseTimestampColumn of that column as t holds it (a column it
// lacks is parsed here). It only reads the parse, which can then be given
// to StandardizeParsed.
func EnrichParsed(t *Table, e Enrich, parsed map[string]*Column) ([]string, error) {
	var added []string
	n := t.Len()
	if e.Revenue {
		p, q := t.Col(e.Price), t.Col(e.Quantity)
		if p == nil || q == nil {
			missing := e.Price
			if p != nil {
				missing = e.Quantity
			}
			return nil, fieldErr("enrich", "needs column %q for revenue; the table has %s", missing, strings.Join(t.Names(), ", "))
		}
		if !p.Type.IsNumeric() || !q.Type.IsNumeric() {
			return nil, fieldErr("enrich", "revenue needs number columns, but %q is %s and %q is %s", p.Name, p.Type, q.Name, q.Type)
		}
		pv, qv := numAt(p), numAt(q)
		rev := make([]float64, n)
		var null []bool
		for i := range rev {
			if p.IsNull(i) || q.IsNull(i) {
				if null == nil {
					null = make([]bool, n)
				}
				null[i] = true
				continue
			}
			rev[i] = pv(i) * qv(i)
		}
		name := t.FreshName("revenue", e.Price)
		t.AddColumn(NewDecimalColumn(name, rev, null, 2))
		added = append(added, name)
	}
	if e.DateColumn != "" {
		c := t.Col(e.DateColumn)
		if c == nil {
			return nil, fieldErr("enrich.dateColumn", "names unknown column %q; the table has %s", e.DateColumn, strings.Join(t.Names(), ", "))
		}
		names, err := addDateParts(t, c, parsed[c.Name], "")
		if err != nil {
			return nil, err
		}
		added = append(added, names...)
	}
	return added, nil
}

// AddDateParts adds <prefix>year, quarter, month, day_of_week and is_weekend
// columns computed in UTC from a date column (text or timestamp); with an
// empty prefix the names are plain and, when taken, get the column's name as
// a suffix. It returns the names it added.
func AddDateParts(t *Table, column, prefix string) ([]string, error) {
	c := t.Col(column)
	if c == nil {
		return nil, fieldErr("dateParts", "names unknown column %q; the table has %s", column, strings.Join(t.Names(), ", "))
	}
	return addDateParts(t, c, nil, prefix)
}

func addDateParts(t *Table, c *Column, ts *Column, prefix string) ([]string, error) {
	n := t.Len()
	switch {
	case ts != nil:
	case c.Type == TypeTimestamp:
		ts = c
	case c.Type == TypeString:
		ts, _, _ = ParseTimestampColumn(c)
	default:
		return nil, fieldErr("dateParts", "column %q is %s column, not dates", c.Name, say.A(c.Type.String()))
	}
	year, quarter, month := make([]int64, n), make([]int64, n), make([]int64, n)
	dow := make([]string, n)
	weekend := make([]bool, n)
	days := NewDayCache()
	for i := 0; i < n; i++ {
		if ts.IsNull(i) {
			continue
		}
		p := days.parts(ts.Int[i])
		year[i], month[i], quarter[i] = int64(p.Year), int64(p.Month), int64((p.Month+2)/3)
		dow[i] = WeekdayNames[p.Weekday]
		weekend[i] = p.Weekday >= 5
	}
	cp := func() []bool {
		if ts.Null == nil {
			return nil
		}
		return append([]bool(nil), ts.Null...)
	}
	name := func(base string) string {
		if prefix == "" {
			return t.FreshName(base, c.Name)
		}
		return t.FreshName(prefix+base, "derived")
	}
	var added []string
	for _, col := range []*Column{
		NewIntColumn(name("year"), year, cp()),
		NewIntColumn(name("quarter"), quarter, cp()),
		NewIntColumn(name("month"), month, cp()),
		NewStringColumn(name("day_of_week"), dow, cp()),
		NewBoolColumn(name("is_weekend"), weekend, cp()),
	} {
		t.AddColumn(col)
		added = append(added, col.Name)
	}
	return added, nil
}

// IsNumeric reports whether t holds numbers: integer or decimal.
func (t Type) IsNumeric() bool { return t == TypeInt || t == TypeDecimal }

// FreshName returns name if no column of t has it, else name_suffix,
// name_suffix_2 and so on: a name for a column added to t.
func (t *Table) FreshName(name, suffix string) string {
	if t.Col(name) == nil {
		return name
	}
	alt := name + "_" + suffix
	for k := 2; t.Col(alt) != nil; k++ {
		alt = fmt.Sprintf("%s_%s_%d", name, suffix, k)
	}
	return alt
}
