package table

import (
	"slices"
	"sort"
	"strings"

	"github.com/ingestkit/playground/core/internal/num"
)

// A column read from a file remembers how the file wrote its values, so
// that writing the table back gives the file's own text: "295.40" stays
// "295.40" (not 295.4), a date-only column stays date-only, "NA" stays "NA".
// The form is the way most cells of the column are written — the number of
// digits after the point, the timestamp layout, the case of booleans, the
// text of nulls — and every cell written any other way keeps its original
// text as an exception. Exceptions are few in a tidy file and cost nothing
// in a column without them; a cell is only ever written as read or as a
// step that changed it says (standardize options, derived columns).

// Timestamp layouts a column's cells can share (others are exceptions).
const (
	tsISO    uint8 = iota // 2024-03-05T14:07:00Z, .250 only when not zero: the engine's own form
	tsDate                // 2024-03-05
	tsSpace               // 2024-03-05 14:07:00 (no zone), .250 only when not zero
	tsLocalT              // 2024-03-05T14:07:00 (no zone), .250 only when not zero
	tsLayouts
)

// Boolean spellings.
const (
	boolLower uint8 = iota // true
	boolUpper              // TRUE
	boolTitle              // True
	boolCases
)

// shapeOther marks a cell that is not written in any of its column's forms.
const shapeOther = -1

// textForm is how a column's cells were written in their source file.
type textForm struct {
	null     string   // the text of null cells ("" or a null token such as "NA")
	layout   uint8    // timestamps: a ts* layout
	boolCase uint8    // booleans: a bool* case
	num      numStyle // numbers: decimal mark and grouping (see numStyle)
	// The cells written otherwise: rows ascending, with their text.
	rows []int
	text []string
	// quote is how the file quoted the column's name, values and nulls
	// (quote* bits), qflips the cells quoted the other way, rows ascending
	// (see quoteStyle).
	quote  uint8
	qflips []int
	// head is the column's name as the header wrote it, when a repair
	// named it named ("" for "column_1", " id " for "id"): written back
	// while the column keeps that name.
	head, named string
}

// trivial reports whether the form writes exactly what the engine writes
// for a column without one.
func (f *textForm) trivial() bool {
	return f.null == "" && f.layout == tsISO && f.boolCase == boolLower && f.num.plain() && len(f.rows) == 0 &&
		f.quote == 0 && len(f.qflips) == 0 && f.named == ""
}

// find returns the position of row i among the exceptions, and whether it
// is one.
func (f *textForm) find(i int) (int, bool) {
	k := sort.SearchInts(f.rows, i)
	return k, k < len(f.rows) && f.rows[k] == i
}

// set makes row i an exception written as text.
func (f *textForm) set(i int, text string) {
	k, ok := f.find(i)
	if ok {
		f.text[k] = text
		return
	}
	f.rows = slices.Insert(f.rows, k, i)
	f.text = slices.Insert(f.text, k, text)
}

// take returns the form of the rows listed in idx, in that order.
func (f *textForm) take(idx []int) *textForm {
	out := &textForm{null: f.null, layout: f.layout, boolCase: f.boolCase, num: f.num, quote: f.quote, head: f.head, named: f.named}
	if len(f.qflips) > 0 {
		out.qflips = takeRows(f.qflips, idx)
	}
	if len(f.rows) == 0 {
		return out
	}
	ascending := true
	for j := 1; j < len(idx); j++ {
		if idx[j] < idx[j-1] {
			ascending = false
			break
		}
	}
	k := 0
	for j, i := range idx {
		if ascending {
			for k < len(f.rows) && f.rows[k] < i {
				k++
			}
			if k < len(f.rows) && f.rows[k] == i {
				out.rows, out.text = append(out.rows, j), append(out.text, f.text[k])
			}
			continue
		}
		if p, ok := f.find(i); ok {
			out.rows, out.text = append(out.rows, j), append(out.text, f.text[p])
		}
	}
	return out
}

// takeRows returns the positions in idx of the rows listed in rows
// (ascending), ascending.
func takeRows(rows, idx []int) []int {
	var out []int
	if slices.IsSorted(idx) {
		k := 0
		for j, i := range idx {
			for k < len(rows) && rows[k] < i {
				k++
			}
			if k < len(rows) && rows[k] == i {
				out = append(out, j)
			}
		}
		return out
	}
	for j, i := range idx {
		if k := sort.SearchInts(rows, i); k < len(rows) && rows[k] == i {
			out = append(out, j)
		}
	}
	return out
}

// keepNullExceptions drops the exceptions of non-null cells: for a step that
// rewrites every value of the column in one form.
func (f *textForm) keepNullExceptions(c *Column) {
	k := 0
	for j, i := range f.rows {
		if c.IsNull(i) {
			f.rows[k], f.text[k] = i, f.text[j]
			k++
		}
	}
	clear(f.text[k:])
	f.rows, f.text = f.rows[:k], f.text[:k]
}

// dropNullExceptions drops the exceptions of null cells and writes nulls as
// empty cells.
func (f *textForm) dropNullExceptions(c *Column) {
	f.null = ""
	f.quote &^= quoteNulls
	q := f.qflips[:0]
	for _, i := range f.qflips {
		if !c.IsNull(i) {
			q = append(q, i)
		}
	}
	f.qflips = q
	k := 0
	for j, i := range f.rows {
		if !c.IsNull(i) {
			f.rows[k], f.text[k] = i, f.text[j]
			k++
		}
	}
	clear(f.text[k:])
	f.rows, f.text = f.rows[:k], f.text[:k]
}

// trimExceptions trims spaces around every exception's text and the null
// text; changed counts the exceptions it changed, null says the null text
// changed.
func (f *textForm) trimExceptions() (changed int, null bool) {
	if t := strings.TrimSpace(f.null); t != f.null {
		f.null, null = t, true
	}
	for k, s := range f.text {
		if t := strings.TrimSpace(s); t != s {
			f.text[k] = t
			changed++
		}
	}
	return changed, null
}

// exception returns row i's own text when it is an exception.
func (c *Column) exception(i int) (string, bool) {
	if c.form == nil || len(c.form.rows) == 0 {
		return "", false
	}
	k, ok := c.form.find(i)
	if !ok {
		return "", false
	}
	return c.form.text[k], true
}

// nullText is what a null cell of the column is written as, unless it is
// an exception.
func (c *Column) nullText() string {
	if c.form == nil {
		return ""
	}
	return c.form.null
}

// setForm works out how raw, the text of c's cells in the file, writes c's
// values, and keeps it on c (see textForm). Decimal columns take the most
// common number of digits after the point as their Scale. In a tidy column
// (every value in one form, every null written alike) one pass over the
// values and one over the nulls is all it costs.
func setForm(c *Column, raw []string, ns nullSet) {
	setFormStyled(c, raw, ns, numStyle{})
}

// setFormStyled is setForm for a number column whose numbers are written
// in style st (a decimal comma, grouped thousands): the style is part of
// the form, and a cell is in the form when the writer writes its value in
// that style as the cell itself.
func setFormStyled(c *Column, raw []string, ns nullSet, st numStyle) {
	f := &textForm{}
	null := c.Null
	shapes := c.shapes
	c.shapes = nil
	if !st.plain() && c.Type.IsNumeric() {
		// Each cell's form in the style (the reader noted none: it read
		// the engine's own text).
		f.num = st
		c.plainInts = false
		shapes = make([]int8, len(raw))
		for i, s := range raw {
			if null == nil || !null[i] {
				if c.Type == TypeInt {
					shapes[i] = int8(styledIntShape(s, c.Int[i], st))
				} else {
					shapes[i] = int8(styledDecimalShape(s, st))
				}
			}
		}
	}
	// How often each form appears among the non-null cells (integers have
	// one form; strings are their own text). The cells not in the first
	// cell's form are noted on the way: that form is nearly always the
	// commonest, and then one pass finds the exceptions too.
	t := &formTally{guess: shapeOther}
	switch c.Type {
	case TypeDecimal:
		for i, s := range raw {
			if null == nil || !null[i] {
				if shapes != nil {
					t.add(i, s, int(shapes[i]))
				} else {
					t.add(i, s, decimalShape(s))
				}
			}
		}
	case TypeTimestamp:
		for i, s := range raw {
			if null == nil || !null[i] {
				t.add(i, s, timestampShape(s))
			}
		}
	case TypeBool:
		for i, s := range raw {
			if null == nil || !null[i] {
				t.add(i, s, boolShape(s))
			}
		}
	case TypeInt:
		if c.plainInts {
			// Every cell is plain digits: each in the integer's own form.
			c.plainInts = false
			if valid := len(raw) - c.NullCount(); valid > 0 {
				t.counts[0], t.valid, t.guess = valid, valid, 0
			}
			break
		}
		for i, s := range raw {
			if null == nil || !null[i] {
				if shapes != nil {
					t.add(i, s, int(shapes[i]))
				} else {
					t.add(i, s, intShape(s, c.Int[i]))
				}
			}
		}
	}
	counts, valid, guess, rows, text := t.counts, t.valid, t.guess, t.rows, t.text
	mode := 0
	for k := range counts {
		if counts[k] > counts[mode] {
			mode = k
		}
	}
	switch c.Type {
	case TypeDecimal:
		c.Scale = mode
	case TypeTimestamp:
		f.layout = uint8(mode)
	case TypeBool:
		f.boolCase = uint8(mode)
	}
	if counts[mode] < valid && mode != guess {
		// The first cell was the odd one out: look again.
		rows, text = rows[:0], text[:0]
		for i, s := range raw {
			if null != nil && null[i] {
				continue
			}
			if shapes != nil && int(shapes[i]) != mode || shapes == nil && cellShape(c, i, s) != mode {
				rows, text = append(rows, i), append(text, s)
			}
		}
	}
	f.rows, f.text = rows, text
	if null != nil {
		alike := true
		f.null, alike = commonNullText(null, raw, ns)
		if !alike {
			// Null cells written otherwise, merged in row order.
			var nrows []int
			var ntext []string
			for i, isNull := range null {
				if isNull && raw[i] != f.null {
					nrows, ntext = append(nrows, i), append(ntext, raw[i])
				}
			}
			f.rows, f.text = mergeRows(rows, text, nrows, ntext)
		}
	}
	if f.trivial() {
		c.form = nil
		return
	}
	c.form = f
}

// formTally counts the forms of a column's cells, and notes the cells not
// in the first cell's form.
type formTally struct {
	counts       [16]int
	valid, guess int
	rows         []int
	text         []string
}

func (t *formTally) add(i int, s string, k int) {
	if k >= 0 {
		t.counts[k]++
	}
	if t.valid == 0 {
		t.guess = k
	}
	t.valid++
	if k != t.guess {
		t.other(i, s)
	}
}

// other notes a cell not in the first cell's form: out of line, as such
// cells are few and add is inlined in each of setFormStyled's loops.
//
//go:noinline
func (t *formTally) other(i int, s string) {
	t.rows, t.text = append(t.rows, i), append(t.text, s)
}

// mergeRows merges two lists of exceptions, each in row order.
func mergeRows(ar []int, at []string, br []int, bt []string) ([]int, []string) {
	rows, text := make([]int, 0, len(ar)+len(br)), make([]string, 0, len(ar)+len(br))
	i, j := 0, 0
	for i < len(ar) || j < len(br) {
		if j == len(br) || i < len(ar) && ar[i] < br[j] {
			rows, text = append(rows, ar[i]), append(text, at[i])
			i++
		} else {
			rows, text = append(rows, br[j]), append(text, bt[j])
			j++
		}
	}
	return rows, text
}

// cellShape is the form a non-null cell's text s is written in.
func cellShape(c *Column, i int, s string) int {
	switch c.Type {
	case TypeDecimal:
		return decimalShape(s)
	case TypeTimestamp:
		return timestampShape(s)
	case TypeBool:
		return boolShape(s)
	case TypeInt:
		return intShape(s, c.Int[i])
	}
	return shapeOther
}

// numStyle is the column's number style.
func (c *Column) numStyle() numStyle {
	if c.form == nil {
		return numStyle{}
	}
	return c.form.num
}

// intShape is 0 when s is how the integer v is written, else shapeOther.
func intShape(s string, v int64) int {
	if intCanonical(s, v) {
		return 0
	}
	return shapeOther
}

// commonNullText is the most common text of the null cells that hold a null
// token, and whether every null cell holds that text.
func commonNullText(null []bool, raw []string, ns nullSet) (text string, alike bool) {
	type seen struct {
		text string
		n    int
	}
	var tally []seen
	alike = true
	first := true
	var firstText string
outer:
	for i, isNull := range null {
		if !isNull {
			continue
		}
		s := raw[i]
		if first {
			firstText, first = s, false
		} else if s != firstText {
			alike = false
		}
		if !ns.has(s) {
			continue // a value that did not parse: its row is rejected
		}
		for k := range tally {
			if tally[k].text == s {
				tally[k].n++
				continue outer
			}
		}
		if len(tally) < 16 {
			tally = append(tally, seen{s, 1})
		}
	}
	best := seen{}
	for _, t := range tally {
		if t.n > best.n {
			best = t
		}
	}
	return best.text, alike && (first || firstText == best.text)
}

// intCanonical reports whether s is how the integer v is written: no sign
// but a minus, no spaces, no "-0".
func intCanonical(s string, v int64) bool {
	return len(s) > 0 && s[0] != '+' && s[0] != ' ' && s[0] != '\t' && s[len(s)-1] != ' ' && s[len(s)-1] != '\t' && !(v == 0 && s[0] == '-')
}

// decimalShape returns the number of digits after the point of s when
// appendDecimal writes s's value at that scale as s itself: an optional
// minus, "0" or digits without a leading zero, then a point and digits, 15
// significant digits at most (so the value is exact), no "-0". Otherwise it
// returns shapeOther.
func decimalShape(s string) int {
	d := s
	neg := len(d) > 0 && d[0] == '-'
	if neg {
		d = d[1:]
	}
	i := 0
	nonzero := false
	for i < len(d) && d[i] >= '0' && d[i] <= '9' {
		nonzero = nonzero || d[i] != '0'
		i++
	}
	if i == 0 || i > 1 && d[0] == '0' {
		return shapeOther
	}
	frac := 0
	if i < len(d) {
		if d[i] != '.' {
			return shapeOther
		}
		j := i + 1
		for j < len(d) && d[j] >= '0' && d[j] <= '9' {
			nonzero = nonzero || d[j] != '0'
			j++
		}
		frac = j - i - 1
		if j != len(d) || frac == 0 {
			return shapeOther
		}
	}
	if i+frac > 15 || frac > 15 || neg && !nonzero {
		return shapeOther
	}
	return frac
}

// timestampShape returns the ts* layout s, a cell that parsed as a date, is
// written in, or shapeOther. The layouts have fixed widths, so the
// positions of the separators tell them apart and fix the digits' widths
// (with no spaces around s, ParseTimestamp has checked that the digits
// between these separators are two, or four for the year). Milliseconds
// are written only when they are not zero, as three digits.
func timestampShape(s string) int {
	n := len(s)
	if n < 10 || s[4] != '-' || s[7] != '-' || s[0] == ' ' || s[0] == '\t' || s[n-1] == ' ' || s[n-1] == '\t' {
		return shapeOther
	}
	if n == 10 {
		return int(tsDate)
	}
	if n < 19 || s[13] != ':' || s[16] != ':' || (s[10] != 'T' && s[10] != ' ') {
		return shapeOther
	}
	rest := s[19:]
	if len(rest) > 0 && rest[0] == '.' {
		if len(rest) < 4 || rest[1:4] == "000" || !num.IsDigits(rest[1:4]) {
			return shapeOther
		}
		rest = rest[4:]
	}
	switch {
	case rest == "Z" && s[10] == 'T':
		return int(tsISO)
	case rest == "" && s[10] == 'T':
		return int(tsLocalT)
	case rest == "" && s[10] == ' ':
		return int(tsSpace)
	}
	return shapeOther
}

// boolShape returns the bool* case s is written in, or shapeOther.
func boolShape(s string) int {
	switch s {
	case "true", "false":
		return int(boolLower)
	case "TRUE", "FALSE":
		return int(boolUpper)
	case "True", "False":
		return int(boolTitle)
	}
	return shapeOther
}

var boolText = [boolCases][2]string{{"false", "true"}, {"FALSE", "TRUE"}, {"False", "True"}}

// appendBool writes b in the column's case.
func (c *Column) appendBool(dst []byte, b bool) []byte {
	cs := boolLower
	if c.form != nil {
		cs = c.form.boolCase
	}
	if b {
		return append(dst, boolText[cs][1]...)
	}
	return append(dst, boolText[cs][0]...)
}

// layout is the column's timestamp layout.
func (c *Column) layout() uint8 {
	if c.form == nil {
		return tsISO
	}
	return c.form.layout
}

// appendLayout writes ms in a ts* layout.
func (dc *DayCache) appendLayout(dst []byte, ms int64, layout uint8) []byte {
	if layout == tsISO {
		return dc.AppendTimestamp(dst, ms)
	}
	k, rem := dc.lookup(ms)
	if y := dc.date[k].Year; y < 0 || y > 9999 {
		return AppendTimestamp(dst, ms) // out of the layouts' range: never an exception's shape
	}
	if layout == tsDate {
		return append(dst, dc.text[k][:10]...)
	}
	dst = append(dst, dc.text[k][:10]...)
	if layout == tsSpace {
		dst = append(dst, ' ')
	} else {
		dst = append(dst, 'T')
	}
	h, m, s, milli := rem/3_600_000, rem/60_000%60, rem/1000%60, rem%1000
	dst = append(dst, byte('0'+h/10), byte('0'+h%10), ':', byte('0'+m/10), byte('0'+m%10), ':', byte('0'+s/10), byte('0'+s%10))
	if milli != 0 {
		dst = append(dst, '.', byte('0'+milli/100), byte('0'+milli/10%10), byte('0'+milli%10))
	}
	return dst
}

// appendTimestampIn writes ms in a ts* layout, without a cache.
func appendTimestampIn(dst []byte, ms int64, layout uint8) []byte {
	n := len(dst)
	dst = AppendTimestamp(dst, ms)
	if layout == tsISO || dst[n+4] != '-' { // years outside 0..9999 keep the ISO form
		return dst
	}
	switch layout {
	case tsDate:
		return dst[:n+10]
	case tsSpace:
		dst[n+10] = ' '
	}
	return dst[:len(dst)-1] // no zone
}

// NewRawColumn returns a text column whose cells are written exactly as
// given, as a file's own text: the formula guard
// (CSVWriteOptions.FormulaGuard), which prefixes text cells that start
// with =, +, -, @, tab or carriage return, leaves them raw. It is for the
// text of records that could not be read (a rejected file's raw_record),
// while the record's other columns, its fields as values, are guarded like
// any text.
func NewRawColumn(name string, raw []string, null []bool) *Column {
	c := NewStringColumn(name, raw, null)
	f := &textForm{}
	for i, v := range raw {
		if null == nil || !null[i] {
			f.rows = append(f.rows, i)
			f.text = append(f.text, v)
		}
	}
	if len(f.rows) > 0 {
		c.form = f
	}
	return c
}

// WriteNumbersLike makes dst, a number column derived from srcs, write its
// numbers as the first of srcs that a file wrote otherwise than plainly
// does ("14.388,00" beside "1.199,00"); with none, dst is left as it is.
func WriteNumbersLike(dst *Column, srcs ...*Column) {
	for _, src := range srcs {
		if st := src.numStyle(); !st.plain() {
			dst.form = &textForm{num: st}
			return
		}
	}
}
