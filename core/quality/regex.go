package quality

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Pattern is a compiled regular expression for the "matches" rule. It
// implements the everyday subset of RE2 syntax (Go's regexp) with the same
// meaning, and matches in time linear in the input, so no pattern and no
// value can make a check run away:
//
//	literals and escapes    a  \.  \\  \t  \n  \/  \x41  \x{e9}
//	classes                 .  [abc]  [a-z0-9_]  [^@]  \d \D \w \W \s \S
//	anchors                 ^  $  (start and end of the value)
//	groups, alternation     (ab|cd)  (?:ab)
//	repetition              *  +  ?  {n}  {n,}  {n,m}  (and lazy forms *? +? ?? {n,m}?)
//	flag                    (?i) at the start: ignore case
//
// Ignoring case means what it means in Go's regexp: Unicode simple case
// folding, so (?i)ä matches Ä, (?i)k matches the Kelvin sign K, (?i)s
// matches the long s ſ and (?i)ß matches ẞ (each rune matches every rune
// of its unicode.SimpleFold orbit).
//
// Like regexp.MatchString, a pattern matches when it matches anywhere in the
// value; use ^ and $ to match the whole value. Unsupported syntax (Unicode
// classes \p{…}, named groups, inline flags other than a leading (?i)) is
// an error that says so.
//
// The playground carries its own matcher because Go's regexp package would
// add about a seventh to the WebAssembly download; a differential fuzz test
// checks that the two agree.
type Pattern struct {
	src   string
	prog  []reInst
	fold  bool
	start int
}

type reOp uint8

const (
	opRune  reOp = iota // consume one rune in class
	opSplit             // continue at x and y
	opJmp               // continue at x
	opBOL               // assert start of input
	opEOL               // assert end of input
	opMatch
)

type reInst struct {
	op   reOp
	x, y int
	cls  *reClass
}

// reClass is a set of runes: ranges, possibly negated. The parser builds
// it; the compiler hands the matcher a ready copy (see [reCompiler.class]):
// its ranges sorted, disjoint and folded under (?i), and its ASCII members,
// negation applied, in a bitmap, so an ASCII rune costs one bit test.
type reClass struct {
	ranges []rune // pairs lo, hi
	neg    bool
	ascii  [2]uint64 // ready classes: membership of the runes below utf8.RuneSelf
}

// has reports whether the ready class c holds r. (MatchString makes the
// same ASCII bit test inline, with the word and bit worked out once per
// rune.)
func (c *reClass) has(r rune) bool {
	if u := uint32(r); u < utf8.RuneSelf {
		return c.ascii[u>>6&1]&(1<<(u&63)) != 0
	}
	return c.hasWide(r)
}

// hasWide is has for a rune beyond ASCII: a scan of the sorted ranges, or a
// binary search when there are many (a folded class can hold hundreds).
func (c *reClass) hasWide(r rune) bool {
	rs := c.ranges
	in := false
	if len(rs) <= 16 {
		for i := 0; i < len(rs); i += 2 {
			if r <= rs[i+1] {
				in = r >= rs[i]
				break
			}
		}
	} else {
		lo, hi := 0, len(rs)/2
		for lo < hi {
			m := int(uint(lo+hi) >> 1)
			if rs[2*m+1] < r {
				lo = m + 1
			} else {
				hi = m
			}
		}
		in = lo < len(rs)/2 && rs[2*lo] <= r
	}
	return in != c.neg
}

const maxPatternInsts = 20_000

// CompilePattern compiles a pattern; errors explain what is wrong and where.
func CompilePattern(src string) (*Pattern, error) {
	if len(src) > 1000 {
		return nil, errors.New("the pattern is longer than 1,000 characters")
	}
	p := &reParser{src: src}
	if strings.HasPrefix(src, "(?i)") {
		p.fold = true
		p.pos = 4
	}
	n, err := p.alt()
	if err != nil {
		return nil, err
	}
	if p.pos < len(p.src) {
		return nil, fmt.Errorf("unexpected ) at position %d", p.pos+1)
	}
	c := &reCompiler{fold: p.fold}
	if err := c.emit(n); err != nil {
		return nil, err
	}
	c.add(reInst{op: opMatch})
	return &Pattern{src: src, prog: c.prog, fold: p.fold}, nil
}

// String returns the pattern's source.
func (p *Pattern) String() string { return p.src }

// reNode is a parsed pattern.
type reNode struct {
	kind     byte // 'c' class, 'a' alternation, 's' sequence, 'r' repeat, '^', '$'
	cls      *reClass
	ready    *reClass // the compiled form of cls, made once however often a repeat emits the node
	subs     []*reNode
	min, max int // repeat; max -1 = unbounded
}

type reParser struct {
	src   string
	pos   int
	fold  bool
	depth int
}

func (p *reParser) errf(format string, a ...any) error {
	return fmt.Errorf(format+" (at position %d)", append(a, p.pos+1)...)
}

func (p *reParser) alt() (*reNode, error) {
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > 100 {
		return nil, p.errf("the pattern nests too deeply")
	}
	var alts []*reNode
	for {
		seq, err := p.seq()
		if err != nil {
			return nil, err
		}
		alts = append(alts, seq)
		if p.pos < len(p.src) && p.src[p.pos] == '|' {
			p.pos++
			continue
		}
		break
	}
	if len(alts) == 1 {
		return alts[0], nil
	}
	return &reNode{kind: 'a', subs: alts}, nil
}

func (p *reParser) seq() (*reNode, error) {
	n := &reNode{kind: 's'}
	for p.pos < len(p.src) {
		c := p.src[p.pos]
		if c == '|' || c == ')' {
			break
		}
		atom, err := p.atom()
		if err != nil {
			return nil, err
		}
		if atom, err = p.repeat(atom); err != nil {
			return nil, err
		}
		n.subs = append(n.subs, atom)
	}
	return n, nil
}

func (p *reParser) repeat(atom *reNode) (*reNode, error) {
	for p.pos < len(p.src) {
		min, max := -2, 0
		switch p.src[p.pos] {
		case '*':
			min, max = 0, -1
			p.pos++
		case '+':
			min, max = 1, -1
			p.pos++
		case '?':
			min, max = 0, 1
			p.pos++
		case '{':
			lo, hi, n, ok := parseBraces(p.src[p.pos:])
			if !ok {
				return atom, nil // a literal {, as in RE2
			}
			if lo > 1000 || hi > 1000 || hi >= 0 && hi < lo {
				return nil, p.errf("invalid repeat count %s", p.src[p.pos:p.pos+n])
			}
			min, max = lo, hi
			p.pos += n
		}
		if min == -2 {
			return atom, nil
		}
		if atom.kind == '^' || atom.kind == '$' || atom.kind == 'r' {
			return nil, p.errf("missing or repeated argument to a repetition operator")
		}
		if p.pos < len(p.src) && p.src[p.pos] == '?' {
			p.pos++ // lazy: the same set of matches
		}
		atom = &reNode{kind: 'r', subs: []*reNode{atom}, min: min, max: max}
	}
	return atom, nil
}

// parseBraces reads {n}, {n,} or {n,m}. As in RE2, a count with a leading
// zero ("{00}") is not a count, and the brace is then literal text.
func parseBraces(s string) (lo, hi, n int, ok bool) {
	i := 1
	num := func() (v int, present, valid bool) {
		start := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' && i-start < 5 {
			v = v*10 + int(s[i]-'0')
			i++
		}
		present = i > start
		return v, present, present && !(i-start > 1 && s[start] == '0')
	}
	lo, present, valid := num()
	if !present || !valid || i >= len(s) {
		return 0, 0, 0, false
	}
	hi = lo
	if s[i] == ',' {
		i++
		hi, present, valid = num()
		if !present {
			hi = -1
		} else if !valid {
			return 0, 0, 0, false
		}
	}
	if i >= len(s) || s[i] != '}' {
		return 0, 0, 0, false
	}
	return lo, hi, i + 1, true
}

func (p *reParser) atom() (*reNode, error) {
	c := p.src[p.pos]
	switch c {
	case '(':
		p.pos++
		if strings.HasPrefix(p.src[p.pos:], "?:") {
			p.pos += 2
		} else if p.pos < len(p.src) && p.src[p.pos] == '?' {
			return nil, p.errf("this group syntax (?%s…) is not supported; use (…) or (?:…)", p.src[p.pos+1:min(len(p.src), p.pos+2)])
		}
		n, err := p.alt()
		if err != nil {
			return nil, err
		}
		if p.pos >= len(p.src) || p.src[p.pos] != ')' {
			return nil, p.errf("missing closing )")
		}
		p.pos++
		return n, nil
	case '[':
		return p.class()
	case '.':
		p.pos++
		return &reNode{kind: 'c', cls: &reClass{ranges: []rune{'\n', '\n'}, neg: true}}, nil
	case '^':
		p.pos++
		return &reNode{kind: '^'}, nil
	case '$':
		p.pos++
		return &reNode{kind: '$'}, nil
	case '*', '+', '?':
		return nil, p.errf("missing argument to repetition operator %c", c)
	case '{':
		if _, _, n, ok := parseBraces(p.src[p.pos:]); ok {
			// A repeat with nothing before it ({1}, a|{2}, ({3})): an
			// error in RE2 too, not the text "{1}".
			return nil, p.errf("missing argument to repetition operator %s", p.src[p.pos:p.pos+n])
		}
	case '\\':
		cls, err := p.escape(false)
		if err != nil {
			return nil, err
		}
		return &reNode{kind: 'c', cls: cls}, nil
	}
	r, size := utf8.DecodeRuneInString(p.src[p.pos:])
	p.pos += size
	return &reNode{kind: 'c', cls: &reClass{ranges: []rune{r, r}}}, nil
}

var (
	clsDigit = []rune{'0', '9'}
	clsWord  = []rune{'0', '9', 'A', 'Z', '_', '_', 'a', 'z'}
	clsSpace = []rune{'\t', '\n', '\f', '\r', ' ', ' '}
)

// escape reads a backslash escape: a class (\d, \w, \s and negations) or a
// single rune.
func (p *reParser) escape(inClass bool) (*reClass, error) {
	p.pos++ // backslash
	if p.pos >= len(p.src) {
		return nil, p.errf("trailing backslash at end of the pattern")
	}
	c := p.src[p.pos]
	p.pos++
	switch c {
	case 'd':
		return &reClass{ranges: clsDigit}, nil
	case 'D':
		return &reClass{ranges: clsDigit, neg: true}, nil
	case 'w':
		return &reClass{ranges: clsWord}, nil
	case 'W':
		return &reClass{ranges: clsWord, neg: true}, nil
	case 's':
		return &reClass{ranges: clsSpace}, nil
	case 'S':
		return &reClass{ranges: clsSpace, neg: true}, nil
	case 't':
		return single('\t'), nil
	case 'n':
		return single('\n'), nil
	case 'r':
		return single('\r'), nil
	case 'f':
		return single('\f'), nil
	case 'v':
		return single('\v'), nil
	case 'x':
		digits := p.src[p.pos:]
		n, skip := 2, 0
		if strings.HasPrefix(digits, "{") {
			end := strings.IndexByte(digits, '}')
			if end < 2 || end > 7 {
				return nil, p.errf(`\x{…} needs 1 to 6 hex digits`)
			}
			n, skip, digits = end-1, 2, digits[1:]
		}
		if len(digits) < n {
			return nil, p.errf(`\x needs 2 hex digits`)
		}
		var v rune
		for _, h := range digits[:n] {
			switch {
			case h >= '0' && h <= '9':
				v = v*16 + h - '0'
			case h >= 'a' && h <= 'f':
				v = v*16 + h - 'a' + 10
			case h >= 'A' && h <= 'F':
				v = v*16 + h - 'A' + 10
			default:
				return nil, p.errf(`\x needs hex digits`)
			}
		}
		if v > utf8.MaxRune {
			return nil, p.errf(`\x{%x} is not a character`, v)
		}
		p.pos += n + skip
		return single(v), nil
	case 'p', 'P':
		return nil, p.errf(`Unicode classes (\p{…}) are not supported; use ranges such as [a-zA-Z]`)
	case 'b', 'B', 'A', 'z':
		return nil, p.errf(`\%c is not supported; use ^ and $ for the start and end of the value`, c)
	}
	if c >= '0' && c <= '9' {
		return nil, p.errf(`back-references and octal escapes (\%c) are not supported`, c)
	}
	if c < utf8.RuneSelf && (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
		return nil, p.errf(`invalid escape \%c`, c)
	}
	p.pos--
	r, size := utf8.DecodeRuneInString(p.src[p.pos:])
	p.pos += size
	return single(r), nil
}

func single(r rune) *reClass { return &reClass{ranges: []rune{r, r}} }

func (p *reParser) class() (*reNode, error) {
	start := p.pos
	p.pos++ // [
	cls := &reClass{}
	if p.pos < len(p.src) && p.src[p.pos] == '^' {
		cls.neg = true
		p.pos++
	}
	first := true
	for {
		if p.pos >= len(p.src) {
			p.pos = start
			return nil, p.errf("missing closing ]")
		}
		c := p.src[p.pos]
		if c == ']' && !first {
			p.pos++
			break
		}
		first = false
		if c == '[' && strings.HasPrefix(p.src[p.pos:], "[:") {
			return nil, p.errf("POSIX classes such as [:alpha:] are not supported; use ranges such as a-z")
		}
		var lo rune
		if c == '\\' {
			esc, err := p.escape(true)
			if err != nil {
				return nil, err
			}
			if len(esc.ranges) != 2 || esc.ranges[0] != esc.ranges[1] || esc.neg {
				if esc.neg {
					return nil, p.errf(`negated classes (\D, \W, \S) inside [ ] are not supported`)
				}
				cls.ranges = append(cls.ranges, esc.ranges...)
				continue
			}
			lo = esc.ranges[0]
		} else {
			r, size := utf8.DecodeRuneInString(p.src[p.pos:])
			lo = r
			p.pos += size
		}
		hi := lo
		if p.pos+1 < len(p.src) && p.src[p.pos] == '-' && p.src[p.pos+1] != ']' {
			p.pos++
			if p.src[p.pos] == '\\' {
				esc, err := p.escape(true)
				if err != nil {
					return nil, err
				}
				if len(esc.ranges) != 2 || esc.ranges[0] != esc.ranges[1] {
					return nil, p.errf("invalid range in [ ]")
				}
				hi = esc.ranges[0]
			} else {
				r, size := utf8.DecodeRuneInString(p.src[p.pos:])
				hi = r
				p.pos += size
			}
			if hi < lo {
				return nil, p.errf("invalid range %c-%c in [ ]", lo, hi)
			}
		}
		cls.ranges = append(cls.ranges, lo, hi)
	}
	return &reNode{kind: 'c', cls: cls}, nil
}

type reCompiler struct {
	prog []reInst
	fold bool
}

func (c *reCompiler) add(i reInst) int {
	c.prog = append(c.prog, i)
	return len(c.prog) - 1
}

func (c *reCompiler) emit(n *reNode) error {
	if len(c.prog) > maxPatternInsts {
		return errors.New("the pattern is too large once its repetitions are expanded")
	}
	switch n.kind {
	case 'c':
		c.add(reInst{op: opRune, cls: c.class(n)})
	case '^':
		c.add(reInst{op: opBOL})
	case '$':
		c.add(reInst{op: opEOL})
	case 's':
		for _, s := range n.subs {
			if err := c.emit(s); err != nil {
				return err
			}
		}
	case 'a':
		// split L1, next; L1: a; jmp end; next: split … ; last alternative
		var jumps []int
		for i, s := range n.subs {
			if i < len(n.subs)-1 {
				split := c.add(reInst{op: opSplit})
				c.prog[split].x = len(c.prog)
				if err := c.emit(s); err != nil {
					return err
				}
				jumps = append(jumps, c.add(reInst{op: opJmp}))
				c.prog[split].y = len(c.prog)
				continue
			}
			if err := c.emit(s); err != nil {
				return err
			}
		}
		for _, j := range jumps {
			c.prog[j].x = len(c.prog)
		}
	case 'r':
		sub := n.subs[0]
		for i := 0; i < n.min; i++ {
			if err := c.emit(sub); err != nil {
				return err
			}
		}
		if n.max < 0 {
			// L: split body, end; body; jmp L
			split := c.add(reInst{op: opSplit})
			c.prog[split].x = len(c.prog)
			if err := c.emit(sub); err != nil {
				return err
			}
			c.add(reInst{op: opJmp, x: split})
			c.prog[split].y = len(c.prog)
			return nil
		}
		var splits []int
		for i := n.min; i < n.max; i++ {
			split := c.add(reInst{op: opSplit})
			c.prog[split].x = len(c.prog)
			splits = append(splits, split)
			if err := c.emit(sub); err != nil {
				return err
			}
		}
		for _, s := range splits {
			c.prog[s].y = len(c.prog)
		}
	}
	if len(c.prog) > maxPatternInsts {
		return errors.New("the pattern is too large once its repetitions are expanded")
	}
	return nil
}

// class returns the ready form of a class node: under (?i) every rune of
// it brings its whole simple case-folding orbit, as in regexp/syntax (for a
// negated class, the folded set is negated); the ranges are sorted and
// merged, and the ASCII members go into the bitmap.
func (c *reCompiler) class(n *reNode) *reClass {
	if n.ready != nil {
		return n.ready
	}
	var rs []rune
	for i := 0; i < len(n.cls.ranges); i += 2 {
		lo, hi := n.cls.ranges[i], n.cls.ranges[i+1]
		rs = append(rs, lo, hi)
		if c.fold {
			rs = appendFolds(rs, lo, hi)
		}
	}
	out := &reClass{ranges: mergeRanges(rs), neg: n.cls.neg}
	for i := 0; i < len(out.ranges) && out.ranges[i] < utf8.RuneSelf; i += 2 {
		for r := out.ranges[i]; r <= min(out.ranges[i+1], utf8.RuneSelf-1); r++ {
			out.ascii[r>>6] |= 1 << (r & 63)
		}
	}
	if out.neg {
		out.ascii[0], out.ascii[1] = ^out.ascii[0], ^out.ascii[1]
	}
	n.ready = out
	return out
}

// appendFolds appends, as one-rune ranges, the other runes of the
// unicode.SimpleFold orbits of the runes lo…hi. Only the runes of
// unicode.CaseRanges and of foldExtras have an orbit (a test checks this
// over every rune), so a wide range costs the case table's size, not its
// own.
func appendFolds(rs []rune, lo, hi rune) []rune {
	orbit := func(r rune) {
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			rs = append(rs, f, f)
		}
	}
	cr := unicode.CaseRanges
	for i := caseRangeAt(lo); i < len(cr) && rune(cr[i].Lo) <= hi; i++ {
		for r := max(lo, rune(cr[i].Lo)); r <= min(hi, rune(cr[i].Hi)); r++ {
			orbit(r)
		}
	}
	foldExtrasOnce.Do(findFoldExtras)
	for _, r := range foldExtras {
		if lo <= r && r <= hi {
			orbit(r)
		}
	}
	return rs
}

// caseRangeAt returns the index of the first case range that ends at or
// after r.
func caseRangeAt(r rune) int {
	cr := unicode.CaseRanges
	lo, hi := 0, len(cr)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if rune(cr[m].Hi) < r {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// foldExtras holds the runes outside unicode.CaseRanges whose fold orbit
// holds another rune (ß, with ẞ, in Unicode 15), found once, the first time
// a pattern ignores case, from the orbits of the case ranges' runes. It is
// an immutable cache of the unicode tables, not state.
var (
	foldExtras     []rune
	foldExtrasOnce sync.Once
)

func findFoldExtras() {
	cr := unicode.CaseRanges
	for _, c := range cr {
		for r := rune(c.Lo); r <= rune(c.Hi); r++ {
			for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
				if i := caseRangeAt(f); i < len(cr) && rune(cr[i].Lo) <= f {
					continue
				}
				known := false
				for _, e := range foldExtras {
					known = known || e == f
				}
				if !known {
					foldExtras = append(foldExtras, f)
				}
			}
		}
	}
}

// mergeRanges sorts pairs lo, hi and merges those that overlap or touch.
func mergeRanges(rs []rune) []rune {
	type span struct{ lo, hi rune }
	spans := make([]span, len(rs)/2)
	for i := range spans {
		spans[i] = span{rs[2*i], rs[2*i+1]}
	}
	// sort.Slice, not slices.SortFunc: no generic sort instantiation in the
	// WebAssembly download (see fast.SortInt64s).
	sort.Slice(spans, func(a, b int) bool { return spans[a].lo < spans[b].lo })
	out := rs[:0]
	for _, s := range spans {
		if n := len(out); n > 0 && s.lo <= out[n-1]+1 {
			out[n-1] = max(out[n-1], s.hi)
			continue
		}
		out = append(out, s.lo, s.hi)
	}
	return out
}

// MatchString reports whether the pattern matches anywhere in s. It runs
// the compiled program as a Pike VM: every live thread advances one rune at
// a time, so the cost is at most len(s) × program size.
func (p *Pattern) MatchString(s string) bool {
	m := &reMachine{prog: p.prog, mark: make([]int, len(p.prog))}
	cur := make([]int, 0, len(p.prog))
	next := make([]int, 0, len(p.prog))
	gen := 1
	if m.add(&cur, 0, 0, len(s), gen) {
		return true
	}
	for pos := 0; pos < len(s); {
		r, size := rune(s[pos]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[pos:])
		}
		gen++
		next = next[:0]
		word, bit := r>>6&1, uint64(1)<<(r&63) // for an ASCII r: its bit in a class's bitmap
		for _, pc := range cur {
			cls := p.prog[pc].cls
			var in bool
			if r < utf8.RuneSelf {
				in = cls.ascii[word]&bit != 0
			} else {
				in = cls.hasWide(r)
			}
			if in && m.add(&next, pc+1, pos+size, len(s), gen) {
				return true
			}
		}
		pos += size
		// The match is unanchored: a new attempt starts at every position.
		if m.add(&next, 0, pos, len(s), gen) {
			return true
		}
		cur, next = next, cur
	}
	return false
}

type reMachine struct {
	prog []reInst
	mark []int
}

// add follows the empty moves from pc at position pos, appending the rune
// instructions reached to list; it reports whether a match was reached.
func (m *reMachine) add(list *[]int, pc, pos, n, gen int) bool {
	if m.mark[pc] == gen {
		return false
	}
	m.mark[pc] = gen
	in := m.prog[pc]
	switch in.op {
	case opMatch:
		return true
	case opJmp:
		return m.add(list, in.x, pos, n, gen)
	case opSplit:
		return m.add(list, in.x, pos, n, gen) || m.add(list, in.y, pos, n, gen)
	case opBOL:
		return pos == 0 && m.add(list, pc+1, pos, n, gen)
	case opEOL:
		return pos == n && m.add(list, pc+1, pos, n, gen)
	}
	*list = append(*list, pc)
	return false
}
