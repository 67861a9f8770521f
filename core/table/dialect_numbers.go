package table

import (
	"math"
	"strconv"
)

// Numbers as people write them. In a file whose separator is not a comma,
// a number column may be written with a decimal comma ("10,5", "-0,25")
// and grouped thousands ("1.234,56", "1 234,56", with a space, a no-break
// space or a narrow no-break space as French writes; "1'234,56"), or, in a
// tab- or bar-separated export from an English locale, with a decimal
// point and comma groups ("1,234.56"). ReadCSV decides each column's
// style from all of its values, reads its numbers in that style, and keeps
// the style in the column's form (see textForm), so that the file writes
// back as it came.

// numStyle is how a number column writes its numbers. The zero value is
// the engine's own: a decimal point and no grouping.
type numStyle struct {
	mark  byte  // the decimal mark: ',' or 0 for '.'
	group uint8 // the grouping separator, an index into groupSeps; 0 for none
}

func (st numStyle) plain() bool { return st.mark == 0 && st.group == 0 }

// groupSeps are the grouping separators, groupNames their names.
var (
	groupSeps  = [...]string{"", ".", ",", " ", "\u00a0", "\u202f", "'"}
	groupNames = [...]string{"", "dots", "commas", "spaces", "no-break spaces", "narrow no-break spaces", "apostrophes"}
)

const (
	groupDot   = 1
	groupComma = 2
)

// NumberFormat is how a number column of a file writes its numbers (see
// CSVResult.Numbers).
type NumberFormat struct {
	Decimal  string `json:"decimal"`  // the decimal mark: "," or "."
	Grouping string `json:"grouping"` // what groups thousands: "", ".", ",", " ", "\u00a0" (no-break space), "\u202f" (narrow no-break space) or "'"
	// Label names the style for a learner, e.g. "decimal comma, thousands
	// grouped with dots (1.234,56)".
	Label string `json:"label"`
	// Ambiguous: every value reads either way ("1.234": a thousand and
	// more, or one and a bit); the rest of the file decided.
	Ambiguous bool `json:"ambiguous"`
	// ByOthers: an ambiguous column decided by the file's other number
	// columns' decimal marks (a type set for it does not change that);
	// otherwise by the separator's custom, or by its type when set.
	ByOthers bool `json:"byOthers"`
	// Mixed: some values use the other decimal mark; each is read as a
	// number and written back as it was.
	Mixed bool `json:"mixed"`
}

// format describes st for a column of type typ.
func (st numStyle) format(typ Type) NumberFormat {
	f := NumberFormat{Decimal: ".", Grouping: groupSeps[st.group], Label: "decimal point"}
	example := "1234.56"
	if st.mark == ',' {
		f.Decimal, f.Label = ",", "decimal comma"
	}
	if typ == TypeInt {
		example, f.Label = "1234", "whole numbers"
	}
	if st.group != 0 {
		f.Label += ", thousands grouped with " + groupNames[st.group]
	}
	f.Label += " (" + string(st.appendStyled(nil, []byte(example))) + ")"
	return f
}

// Kinds of number cells.
const (
	numNone    = iota // not a number of these forms
	numPlain          // digits alone ("1234")
	numDecimal        // a decimal mark, maybe groups: "10,5", "1.234,56", "1,234.5", "0.125"
	numGrouped        // a whole number in groups: "1.234.567", "1 234"
	numAmbig          // "1.234" or "1,234": three digits after one '.' or ','
)

// numCell is what one cell's text says about its number style.
type numCell struct {
	kind      uint8
	mark      byte  // numDecimal, numAmbig: '.' or ','
	group     uint8 // numDecimal, numGrouped: the grouping separator (groupSeps), 0 none
	intDigits int   // the digits before the mark
}

// groupSep returns the grouping separator at s[i] (see groupSeps) and its
// length, or a length of 0.
func groupSep(s string, i int) (uint8, int) {
	for g := uint8(1); g < uint8(len(groupSeps)); g++ {
		if sep := groupSeps[g]; len(s)-i >= len(sep) && s[i:i+len(sep)] == sep {
			return g, len(sep)
		}
	}
	return 0, 0
}

// classifyNumber reads a trimmed cell's number style.
func classifyNumber(s string) numCell {
	i := 0
	if i < len(s) && (s[i] == '-' || s[i] == '+') {
		i++
	}
	var runs [8]int
	var seps [8]uint8
	n := 0 // separators seen
	for {
		j := i
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		if j == i || n == len(runs) {
			return numCell{}
		}
		runs[n] = j - i
		if j == len(s) {
			break
		}
		g, size := groupSep(s, j)
		if size == 0 {
			return numCell{}
		}
		seps[n] = g
		n++
		i = j + size
		if i == len(s) {
			return numCell{}
		}
	}
	first := s[0]
	if first == '-' || first == '+' {
		first = s[1]
	}
	leadZero := runs[0] > 1 && first == '0'
	if n == 0 {
		if leadZero {
			return numCell{}
		}
		return numCell{kind: numPlain, intDigits: runs[0]}
	}
	// Groups: a first one of 1 to 3 digits (no leading zero), then threes.
	groupsOK := func(upto int) bool {
		if runs[0] > 3 || first == '0' {
			return false
		}
		for k := 1; k <= upto; k++ {
			if runs[k] != 3 {
				return false
			}
		}
		return true
	}
	last := seps[n-1]
	same := true // every separator before the last is the same
	for k := 1; k < n-1; k++ {
		same = same && seps[k] == seps[0]
	}
	if last == groupDot || last == groupComma {
		mark := groupSeps[last][0]
		if n == 1 {
			if leadZero {
				return numCell{}
			}
			if runs[1] == 3 && groupsOK(1) {
				return numCell{kind: numAmbig, mark: mark, intDigits: runs[0]}
			}
			return numCell{kind: numDecimal, mark: mark, intDigits: runs[0]}
		}
		if same && seps[0] != last && groupsOK(n-1) {
			return numCell{kind: numDecimal, mark: mark, group: seps[0], intDigits: 3*(n-1) + runs[0]}
		}
	}
	if same && last == seps[0] && groupsOK(n) {
		return numCell{kind: numGrouped, group: last, intDigits: 3*n + runs[0]}
	}
	return numCell{}
}

// numTally sums up a column's number cells (see numTally.decide).
type numTally struct {
	numbers, others       int
	comma, point          int // decimals with each mark
	ambigComma, ambigDot  int
	groups                [len(groupSeps)]int // grouping separators, by cells
	grouped, ungroupedBig int                 // cells of 4+ whole digits with and without groups
	gaveUp                bool                // a column of text: many cells, few of them numbers
}

// tallyNumbers classifies the non-null cells of a column. It gives up
// (returning false) on a column of text: many cells, few of them numbers.
func tallyNumbers(vals []string, ns *nullSet) (numTally, bool) {
	var t numTally
	ok := t.add(vals, ns)
	return t, ok && t.numbers > 0
}

// add tallies more cells of the column, those after the ones tallied so
// far (a file read in parts tallies each part's in turn); it reports
// false once the column is given up as text.
func (t *numTally) add(vals []string, ns *nullSet) bool {
	if t.gaveUp {
		return false
	}
	for _, v := range vals {
		if t.tally(v, ns) && t.others >= giveUpOthers && t.others > 4*t.numbers {
			t.gaveUp = true
			return false
		}
	}
	return true
}

// tally counts one cell; it reports whether the cell is not a number.
func (t *numTally) tally(v string, ns *nullSet) bool {
	if ns.has(v) {
		return false
	}
	c := classifyNumber(trimSpace(v))
	switch c.kind {
	case numNone:
		t.others++
		return true
	case numDecimal:
		if c.mark == ',' {
			t.comma++
		} else {
			t.point++
		}
	case numAmbig:
		if c.mark == ',' {
			t.ambigComma++
		} else {
			t.ambigDot++
		}
	}
	t.numbers++
	if c.group != 0 {
		t.groups[c.group]++
		t.grouped++
	} else if c.intDigits >= 4 {
		t.ungroupedBig++
	}
	return false
}

// merge adds the counts of u, a tally of the cells after t's.
func (t *numTally) merge(u *numTally) {
	t.numbers += u.numbers
	t.others += u.others
	t.comma += u.comma
	t.point += u.point
	t.ambigComma += u.ambigComma
	t.ambigDot += u.ambigDot
	for i := range t.groups {
		t.groups[i] += u.groups[i]
	}
	t.grouped += u.grouped
	t.ungroupedBig += u.ungroupedBig
}

// decide returns the column's style once its decimal mark is known (','
// or '.'), and whether its cells left the mark open (mark is then the
// file's).
func (t *numTally) decide(fileMark byte) (st numStyle, f NumberFormat, known bool) {
	var mark byte
	switch {
	case t.comma > t.point:
		mark = ','
	case t.point > t.comma:
		mark = '.'
	case t.groups[groupDot] > 0 && t.groups[groupComma] == 0:
		mark = ',' // "1.234.567": dots group, so a comma is the mark
	case t.groups[groupComma] > 0 && t.groups[groupDot] == 0:
		mark = '.'
	}
	known = mark != 0
	if !known {
		mark = fileMark
	}
	f.Mixed = t.comma > 0 && t.point > 0
	f.Ambiguous = t.comma == 0 && t.point == 0 && t.ambigComma+t.ambigDot > 0 && !known
	// Ambiguous cells whose separator is not the mark are groups.
	groups, grouped := t.groups, t.grouped
	if mark == ',' {
		groups[groupDot] += t.ambigDot
		grouped += t.ambigDot
		groups[groupComma] = 0
	} else {
		groups[groupComma] += t.ambigComma
		grouped += t.ambigComma
		groups[groupDot] = 0
	}
	var best uint8
	for g := range groups {
		if groups[g] > groups[best] {
			best = uint8(g)
		}
	}
	if grouped > 0 && grouped >= t.ungroupedBig {
		st.group = best
	}
	if mark == ',' {
		st.mark = ','
	}
	return st, f, known
}

// decideNumbers works out the number style of each column of a file whose
// separator is sep (not a comma): columns of fixed type string are left
// alone. Columns whose own cells leave the decimal mark open ("1.234"
// alone) take the file's: the mark most decided columns use, or, with
// none, a comma in a semicolon file (a spreadsheet's export in a language
// that writes decimal commas) and a point otherwise. It returns nil when
// no column has a number in another style; flags holds each column's
// Ambiguous and Mixed. In a file whose other columns do not decide the
// mark, a column whose cells all read either way and whose type the
// learner set (forced) takes the mark that type asks for: as decimals,
// "48.856" is 48.856; as whole numbers, 48856.
func decideNumbers(raw [][]string, skip []bool, forced []Type, ns *nullSet, sep byte) ([]numStyle, []NumberFormat) {
	return decideNumbersParts([][][]string{raw}, skip, forced, ns, sep)
}

// decideNumbersParts is decideNumbers for a file read in parts, each
// part's raw columns in file order: the columns' cells are tallied part
// after part, as the whole file's would be.
func decideNumbersParts(parts [][][]string, skip []bool, forced []Type, ns *nullSet, sep byte) ([]numStyle, []NumberFormat) {
	tallies := make([][]partTally, len(parts))
	for k, raw := range parts {
		tallies[k] = tallyPart(raw, skip, ns)
	}
	return decideTallies(tallies, skip, forced, sep)
}

// partTally is a column's tally over one part of a file, counted from
// the part's start, with what decides whether the whole column's tally
// gives up within the part: worst[t] is the most j - 4n over the part's
// j-th cell that is not a number for j >= t (n: the numbers before it in
// the part), for t up to giveUpOthers. A tally that arrives with O cells
// not numbers and N numbers gives up at the part's j-th such cell when
// O+j >= giveUpOthers and O+j > 4(N+n): see gives.
type partTally struct {
	t     numTally
	worst [giveUpOthers + 1]int
}

// giveUpOthers is how many cells that are not numbers a column of text
// shows before its tally gives up (see numTally.add).
const giveUpOthers = 32

// gives reports whether a tally of N numbers and O others gives up within
// the part.
func (p *partTally) gives(numbers, others int) bool {
	t := max(1, giveUpOthers-others)
	return p.worst[t] > 4*numbers-others
}

// tallyPart tallies each column of one part (raw[column][row]), skip's
// columns left out.
func tallyPart(raw [][]string, skip []bool, ns *nullSet) []partTally {
	out := make([]partTally, len(skip))
	for i := range skip {
		if skip[i] {
			continue
		}
		p := &out[i]
		for t := range p.worst {
			p.worst[t] = math.MinInt
		}
		var t numTally
		best := math.MinInt // the most j - 4n for j >= giveUpOthers
		for _, v := range raw[i] {
			before := t.others
			t.tally(v, ns)
			if t.others > before {
				j := t.others
				w := j - 4*t.numbers
				if j >= giveUpOthers {
					best = max(best, w)
				} else {
					p.worst[j] = w
				}
			}
		}
		p.worst[giveUpOthers] = best
		for k := giveUpOthers - 1; k >= 1; k-- {
			p.worst[k] = max(p.worst[k], p.worst[k+1])
		}
		p.t = t
	}
	return out
}

// decideTallies decides the file's number style from its parts' tallies
// (tallies[part][column]), in file order.
func decideTallies(tallies [][]partTally, skip []bool, forced []Type, sep byte) ([]numStyle, []NumberFormat) {
	type col struct {
		t  numTally
		ok bool
	}
	ncol := len(skip)
	cols := make([]col, ncol)
	var votes [2]int // decimal commas, decimal points
	any := false
	for i := range ncol {
		if skip[i] {
			continue
		}
		var t numTally
		ok := true
		for _, part := range tallies {
			p := &part[i]
			if p.gives(t.numbers, t.others) {
				ok = false
				break
			}
			t.merge(&p.t)
		}
		ok = ok && t.numbers > 0
		if !ok || t.comma+t.point+t.ambigComma+t.ambigDot+t.grouped == 0 {
			continue
		}
		cols[i] = col{t, true}
		any = true
		if st, _, known := t.decide(0); known {
			if st.mark == ',' {
				votes[0]++
			} else {
				votes[1]++
			}
		}
	}
	if !any {
		return nil, nil
	}
	fileMark := byte('.')
	switch {
	case votes[0] > votes[1]:
		fileMark = ','
	case votes[1] > votes[0]:
	case sep == ';':
		fileMark = ','
	}
	styles, flags := make([]numStyle, ncol), make([]NumberFormat, ncol)
	for i, c := range cols {
		if !c.ok {
			continue
		}
		mark := fileMark
		if votes[0] == votes[1] && c.t.comma+c.t.point == 0 && (forced[i] == TypeDecimal || forced[i] == TypeInt) {
			// (the ambiguous cells' separator is the mark of decimals, a
			// group of whole numbers)
			dec := byte('.')
			if c.t.ambigComma > c.t.ambigDot {
				dec = ','
			}
			mark = dec
			if forced[i] == TypeInt {
				mark = ',' + '.' - dec
			}
		}
		styles[i], flags[i], _ = c.t.decide(mark)
		flags[i].ByOthers = flags[i].Ambiguous && votes[0] != votes[1]
	}
	return styles, flags
}

// normNumber returns s, a cell of a column in style st, as the engine's
// own number text ("-1234.56"), for ParseInt and ParseDecimal to read.
// A cell not in the style is returned as it is (and ok is false).
func normNumber(s string, st numStyle) (string, bool) {
	t := trimSpace(s)
	mark := byte('.')
	if st.mark == ',' {
		mark = ','
	}
	i := 0
	if i < len(t) && (t[i] == '-' || t[i] == '+') {
		i++
	}
	var buf [64]byte
	out := append(buf[:0], t[:i]...)
	digits := 0
	groups, run := 0, 0
	for i < len(t) {
		c := t[i]
		if isDigit(c) {
			out = append(out, c)
			i++
			digits++
			run++
			continue
		}
		if g := groupSeps[st.group]; g != "" && len(t)-i >= len(g) && t[i:i+len(g)] == g {
			if run == 0 || run > 3 || groups > 0 && run != 3 || groups == 0 && run > 1 && out[len(out)-run] == '0' {
				return s, false
			}
			groups++
			run = 0
			i += len(groupSeps[st.group])
			continue
		}
		break
	}
	if run == 0 || groups > 0 && run != 3 {
		return s, false
	}
	if i < len(t) {
		if t[i] != mark || i+1 == len(t) {
			return s, false
		}
		out = append(out, '.')
		i++
		j := i
		for i < len(t) && isDigit(t[i]) {
			out = append(out, t[i])
			i++
		}
		if i != len(t) || i == j {
			return s, false
		}
	}
	if digits == 0 || len(out) > len(buf) {
		return s, false
	}
	if mark == '.' && groups == 0 && len(t) == len(s) {
		return s, true // the engine's own text already
	}
	return string(out), true
}

// appendStyled appends plain, a number as the engine writes it
// ("-1234.50"), in style st ("-1.234,50").
func (st numStyle) appendStyled(dst []byte, plain []byte) []byte {
	i := 0
	if len(plain) > 0 && (plain[0] == '-' || plain[0] == '+') {
		dst = append(dst, plain[0])
		i = 1
	}
	j := i
	for j < len(plain) && isDigit(plain[j]) {
		j++
	}
	whole := plain[i:j]
	for k := 0; k < len(whole); k++ {
		if k > 0 && st.group != 0 && (len(whole)-k)%3 == 0 {
			dst = append(dst, groupSeps[st.group]...)
		}
		dst = append(dst, whole[k])
	}
	if j < len(plain) {
		if plain[j] == '.' && st.mark == ',' {
			dst = append(dst, ',')
		} else {
			dst = append(dst, plain[j])
		}
		dst = append(dst, plain[j+1:]...)
	}
	return dst
}

// restyle rewrites dst[from:], a number as the engine writes it, in style
// st.
func (st numStyle) restyle(dst []byte, from int) []byte {
	var buf [40]byte
	plain := append(buf[:0], dst[from:]...)
	return st.appendStyled(dst[:from], plain)
}

// styledDecimalShape is decimalShape for a column in style st: the digits
// after the mark when the writer writes s's value at that scale in st as
// s itself, else shapeOther.
func styledDecimalShape(s string, st numStyle) int {
	plain, ok := normNumber(s, st)
	if !ok {
		return shapeOther
	}
	k := decimalShape(plain)
	if k < 0 {
		return shapeOther
	}
	var buf [64]byte
	if string(st.appendStyled(buf[:0], []byte(plain))) != s {
		return shapeOther
	}
	return k
}

// styledIntShape is intShape for a column in style st.
func styledIntShape(s string, v int64, st numStyle) int {
	var buf, out [48]byte
	if string(st.appendStyled(out[:0], strconv.AppendInt(buf[:0], v, 10))) == s {
		return 0
	}
	return shapeOther
}
