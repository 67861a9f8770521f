package table

import (
	"strings"

	"github.com/ingestkit/playground/core/internal/fast"
)

// Quote styles. Many files quote more fields than need quotes: R's
// write.csv quotes every text field and the header's names (numbers and
// NA not), Python's csv.QUOTE_ALL every field, QUOTE_NONNUMERIC every
// text, DuckDB's and PostgreSQL's FORCE_QUOTE the columns named, and some
// spreadsheets a text holding spaces. ReadCSV keeps, per column, whether
// its values and its nulls were quoted (the style most of its cells
// share), and lists the cells quoted otherwise, so that the writer quotes
// exactly the fields the file did. A field that needs quotes (a
// separator, a quote, a line break) is always quoted. A quoted empty
// field ("") is read as null, as an empty one is (pandas and DuckDB read
// it so too); which of the two the file wrote is kept as well.

// Bits of quoteStyle.bits and textForm.quote.
const (
	quoteValues uint8 = 1 << iota // non-null cells are quoted
	quoteNulls                    // null cells are quoted ("" rather than an empty field)
	quoteName                     // the column's name is quoted in the header
	bareName                      // the header left the name bare though it holds a stray quote or (one column) a separator
)

// Quote styles of a file (CSVResult.Quoting).
const (
	QuotingMinimal = ""     // fields are quoted where they need it
	QuotingAll     = "all"  // every field, numbers too (Python's csv.QUOTE_ALL)
	QuotingText    = "text" // every text field, not every number (R's write.csv, Python's csv.QUOTE_NONNUMERIC)
	QuotingSome    = "some" // some fields that need no quotes, column by column or cell by cell
)

// quoteStyle is how a column's cells were quoted: the bits every cell not
// listed in flips follows, the listed cells (rows ascending) the other
// way.
type quoteStyle struct {
	bits  uint8
	flips []int
}

// quoteCol notes the quoted cells of a column while reading: a bit a row,
// and whether one of them needed no quotes.
type quoteCol struct {
	bits  []uint64
	extra bool
}

// quoteMarks notes the quoted cells of every column.
type quoteMarks struct{ cols []quoteCol }

// note records the quoted fields of row n (csvParser.quoted), and that
// the columns of its stray fields (csvParser.stray) need a look.
func (m *quoteMarks) note(quoted, stray []int32, n int) {
	for _, j := range stray {
		if int(j) < len(m.cols) {
			m.cols[j].extra = true
		}
	}
	for _, k := range quoted {
		j := int(k >> 1)
		if j >= len(m.cols) {
			continue
		}
		c := &m.cols[j]
		if w := n >> 6; w >= len(c.bits) {
			c.bits = append(c.bits, make([]uint64, w+1-len(c.bits)+len(c.bits)/2)...)
		}
		c.bits[n>>6] |= 1 << (n & 63)
		c.extra = c.extra || k&1 != 0
	}
}

// analyse reports whether column j's quoting may differ from the
// writer's: one of its fields was quoted without need or held a stray
// quote, or the file quotes commas (a comma field it left unquoted is then
// an exception).
func (m *quoteMarks) analyse(j int, commas bool) bool {
	return m.cols[j].extra || commas
}

func (c *quoteCol) has(r int) bool {
	return r>>6 < len(c.bits) && c.bits[r>>6]&(1<<(r&63)) != 0
}

// strays returns which of the ncol fields of the last record read held
// a stray quote (csvParser.stray).
func (p *csvParser) strays(ncol int) []bool {
	out := make([]bool, ncol)
	for _, j := range p.stray {
		if int(j) < ncol {
			out[j] = true
		}
	}
	return out
}

// headerQuotes returns which of the header's ncol fields were quoted,
// from the parser's quoted list for the header record: true where a name
// that needs no quotes was.
func headerQuotes(quoted []int32, ncol int) []bool {
	out := make([]bool, ncol)
	for _, k := range quoted {
		if j := int(k >> 1); j < ncol && k&1 != 0 {
			out[j] = true
		}
	}
	return out
}

// quoteStyleOf works out column c's quote style from raw, its cells' text
// (null cells may have been blanked), and bits, its quoted cells. soft is
// what the writer quotes (the separator, quotes, line breaks, and commas
// in a file that quotes them), hard what must be quoted. The style of
// values and of nulls is the one most of their cells that need no quotes
// share (a comma quoted by soft votes too: "1,5" in a column quoting all
// its numbers); every cell written otherwise is a flip.
func quoteStyleOf(c *Column, raw []string, bits []uint64, soft, hard *quoteSet) quoteStyle {
	qc := quoteCol{bits: bits}
	var tally [4]int // [null*2 + quoted]
	must := 0        // values that must be quoted (all of them are)
	for r, s := range raw {
		null := c.IsNull(r)
		if null {
			s = ""
		}
		if needsQuotingIn(s, hard) {
			must += btoi8(!null)
			continue
		}
		tally[btoi8(null)*2+btoi8(qc.has(r))]++
	}
	var st quoteStyle
	// A column whose every value had to be quoted ("gift, wrapped" in a
	// comma file) quotes its values: the style its cells show.
	if tally[1] > tally[0] || tally[0]+tally[1] == 0 && must > 0 {
		st.bits |= quoteValues
	}
	if tally[3] > tally[2] {
		st.bits |= quoteNulls
	}
	for r, s := range raw {
		null := c.IsNull(r)
		if null {
			s = ""
		}
		if st.quoted(s, null, false, soft, hard) != qc.has(r) && !needsQuotingIn(s, hard) {
			st.flips = append(st.flips, r)
		}
	}
	return st
}

// quoted is whether a cell of text s is written quoted: when the writer's
// rules (soft) say so or the style does, the other way when flip says so
// and s needs no quotes.
func (st *quoteStyle) quoted(s string, null, flip bool, soft, hard *quoteSet) bool {
	q := needsQuotingIn(s, soft)
	if !q {
		if null {
			q = st.bits&quoteNulls != 0
		} else {
			q = st.bits&quoteValues != 0
		}
	}
	if flip && !needsQuotingIn(s, hard) {
		q = !q
	}
	return q
}

func btoi8(b bool) int {
	if b {
		return 1
	}
	return 0
}

// setQuotes keeps the column's quote style, and whether the header quoted
// its name or left a stray quote in it bare, in its form.
func (c *Column) setQuotes(st quoteStyle, nameQuoted, nameBare bool) {
	bits := st.bits
	if nameQuoted {
		bits |= quoteName
	}
	if nameBare {
		bits |= bareName
	}
	if bits == 0 && len(st.flips) == 0 {
		return
	}
	if c.form == nil {
		c.form = &textForm{}
	}
	c.form.quote, c.form.qflips = bits, st.flips
}

// quotes reports whether the form quotes cells otherwise than the writer's
// rules.
func (f *textForm) quotes() bool {
	return f.quote&(quoteValues|quoteNulls) != 0 || len(f.qflips) > 0
}

// quoting describes the quoting of a file's columns (CSVResult.Quoting),
// and lists the columns whose values are all quoted.
func quoting(cols []*Column) (style string, all []string) {
	names, quoted, types := make([]string, len(cols)), make([]bool, len(cols)), make([]Type, len(cols))
	for j, c := range cols {
		names[j], quoted[j], types[j] = c.Name, c.form != nil && c.form.quote&quoteValues != 0, c.Type
	}
	return quotingOf(quotesSome(cols), names, quoted, types)
}

// quotesSome reports whether some cells of cols are quoted otherwise than
// their column's values (null cells quoted otherwise, as R writes NA bare
// and "" quoted, are details of a style).
func quotesSome(cols []*Column) bool {
	for _, c := range cols {
		f := c.form
		if f == nil {
			continue
		}
		for _, r := range f.qflips {
			if !c.IsNull(r) {
				return true
			}
		}
		if f.quote&quoteNulls != 0 && f.quote&quoteValues == 0 {
			return true
		}
	}
	return false
}

// quotingOf is quoting of columns named names, of types types, whose
// values are all quoted where quoted says; some: quotesSome.
func quotingOf(some bool, names []string, quoted []bool, types []Type) (style string, all []string) {
	text := true
	for j, name := range names {
		if quoted[j] {
			all = append(all, name)
		}
		text = text && (quoted[j] || types[j] != TypeString)
	}
	switch {
	case some:
		return QuotingSome, all
	case len(all) == 0:
		return QuotingMinimal, nil
	case len(all) == len(names):
		return QuotingAll, all
	case text:
		return QuotingText, all
	}
	return QuotingSome, all
}

// quoteCell quotes dst[n:], cell i of column c written without quotes,
// as its form says.
func (w *csvWriter) quoteCell(dst []byte, n, j int, c *Column, i int) []byte {
	f := c.form
	k := w.qnext[j]
	for k < len(f.qflips) && f.qflips[k] < i {
		k++
	}
	w.qnext[j] = k
	flip := k < len(f.qflips) && f.qflips[k] == i
	st := quoteStyle{bits: f.quote}
	v := fast.String(dst[n:])
	if !st.quoted(v, c.Null != nil && c.Null[i], flip, w.soft, w.hard) {
		return dst
	}
	return appendQuoted(dst[:n], strings.Clone(v)) // appendQuoted writes over v
}

// headerName writes column c's name as the file's header did: its text
// there (before a repair gave it a name), quoted if it was.
func (w *csvWriter) headerName(dst []byte, c *Column, first bool) []byte {
	name, quote := c.Name, w.opts.QuoteHeader
	if f := c.form; f != nil {
		if f.named != "" && f.named == name {
			name = f.head
		}
		quote = quote || f.quote&quoteName != 0
		if f.quote&bareName != 0 && !quote && !w.opts.FormulaGuard && !needsQuotingIn(name, w.hard) && !(first && markAtStart(name)) {
			return append(dst, name...) // its stray quote bare, as the header had it
		}
	}
	if len(w.t.Cols) == 1 && (strings.ContainsAny(name, ",;\t|") || strings.TrimSpace(name) == "") {
		// One column whose name holds a separator, or is blank: quoted,
		// so that reading the file back does not take it for a header of
		// two columns, or a blank line.
		quote = true
	}
	if first && markAtStart(name) {
		// The file's first bytes would read as a byte order mark or
		// another kind of file: quoted, the file starts with a quote.
		quote = true
	}
	if !quote {
		return w.field(dst, name, w.opts.FormulaGuard)
	}
	if w.opts.FormulaGuard && name != "" && formulaStart[name[0]] {
		name = "'" + name
	}
	return appendQuoted(dst, name)
}

// hardQuote reports whether v, a field of a file whose separator is sep,
// needs quotes: it holds the separator, a quote or a line break.
func hardQuote(v string, sep byte) bool {
	return strings.IndexByte(v, sep) >= 0 || strings.IndexByte(v, '"') >= 0 || strings.IndexAny(v, "\r\n") >= 0
}
