package quality

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/ingestkit/playground/core/table"

	"github.com/ingestkit/playground/core/internal/num"
	"github.com/ingestkit/playground/core/internal/say"
)

// Sentinel errors of the rule language, for errors.Is.
var (
	// ErrSyntax marks a rule that cannot be parsed (see [Error]).
	ErrSyntax = errors.New("rule syntax error")
	// ErrBind marks a rule that names an unknown column or compares
	// values of the wrong type (see [Error]).
	ErrBind = errors.New("rule does not fit the data")
)

// Error reports a rule that cannot be parsed or does not fit the data,
// at its line and column in the rule text (1-based). It wraps
// [ErrSyntax] or [ErrBind].
type Error struct {
	Line   int
	Column int
	Err    error
	Msg    string
}

func (e *Error) Error() string {
	if e.Column > 0 {
		return fmt.Sprintf("rule line %d, column %d: %s", e.Line, e.Column, e.Msg)
	}
	return fmt.Sprintf("rule line %d: %s", e.Line, e.Msg)
}

// Unwrap returns [ErrSyntax] or [ErrBind].
func (e *Error) Unwrap() error { return e.Err }

// Rule is one data-quality rule. Rules are written one per line in a small
// text language (see [Parse]) and print back to the same canonical text
// with [Rule.String].
//
// A row-level rule checks each row of one column; rows that fail a rule of
// severity reject go to quarantine. A dataset-level rule (row_count,
// freshness, duplicate_count) checks the table as a whole and reports pass,
// warn or fail. Like Great Expectations, row-level rules other than "not
// null" skip null values (they are counted as nulls, not as failures).
type Rule struct {
	Line     int    // line in the rule text, 1-based
	Column   string // the column checked; empty for row_count
	Kind     Kind
	Op       string    // comparison operator for KindCompare, KindLength, KindRowCount, KindDuplicateCount, KindFreshness
	Values   []Literal // KindIn/KindNotIn values; Lo/Hi for between forms; the operand of comparisons
	Pattern  string    // KindMatches
	Warn     bool      // severity warn: failing rows are kept and the result is "warn"
	Mostly   float64   // 0 (unset) or the fraction of non-null rows that must pass (0 < Mostly ≤ 1)
	Duration int64     // KindFreshness: the allowed age in ms
	Between  bool      // the between form of KindLength, KindRowCount, KindDuplicateCount
}

// Kind is the family of a rule; its String is the rule's stable code.
type Kind uint8

// Rule kinds.
const (
	KindNotNull Kind = iota + 1
	KindUnique
	KindIn
	KindNotIn
	KindBetween
	KindCompare
	KindMatches
	KindLength
	KindIsNumber
	KindIsInteger
	KindIsDate
	KindNotFuture
	KindRowCount
	KindFreshness
	KindDuplicateCount
)

var kindCodes = [...]string{"", "not_null", "unique", "accepted_values", "not_accepted_values", "between", "compare", "matches", "length", "is_number", "is_integer", "is_date", "not_in_future", "row_count", "freshness", "duplicate_count"}

// String returns the stable code of the kind, e.g. "not_null".
func (k Kind) String() string {
	if int(k) < len(kindCodes) {
		return kindCodes[k]
	}
	return "unknown"
}

// Dataset reports whether the kind checks the whole table rather than rows.
func (k Kind) Dataset() bool {
	return k == KindRowCount || k == KindFreshness || k == KindDuplicateCount
}

// Literal is a value written in a rule: a number, a quoted string or a
// boolean.
type Literal struct {
	Kind LitKind
	Num  float64
	Str  string
	Bool bool
}

// LitKind is the kind of a literal.
type LitKind uint8

// Literal kinds.
const (
	LitNumber LitKind = iota + 1
	LitString
	LitBool
)

// String writes l as the rule language does: a number as the shortest
// decimal, text quoted with its escapes, true or false. Parse reads it
// back as the same literal.
func (l Literal) String() string {
	switch l.Kind {
	case LitNumber:
		return strconv.FormatFloat(l.Num, 'f', -1, 64)
	case LitString:
		return quoteRule(l.Str)
	case LitBool:
		return strconv.FormatBool(l.Bool)
	}
	return "?"
}

// Code returns the rule's stable identifier: its column and kind, such as
// "quantity_compare" or "price_not_null" ("row_count" for the row count).
func (r Rule) Code() string {
	if r.Column == "" {
		return r.Kind.String()
	}
	return r.Column + "_" + r.Kind.String()
}

// String returns the rule's canonical text; Parse(r.String()) gives r
// back (apart from Line).
func (r Rule) String() string {
	var b strings.Builder
	if r.Warn {
		b.WriteString("warn: ")
	}
	switch r.Kind {
	case KindRowCount:
		b.WriteString("row_count")
	case KindFreshness, KindDuplicateCount:
		b.WriteString(r.Kind.String())
		b.WriteString("(")
		b.WriteString(columnText(r.Column))
		b.WriteString(")")
	default:
		b.WriteString(columnText(r.Column))
	}
	b.WriteByte(' ')
	b.WriteString(r.predicate())
	if r.Mostly > 0 {
		b.WriteString(" mostly ")
		b.WriteString(strconv.FormatFloat(r.Mostly, 'f', -1, 64))
	}
	return b.String()
}

// Predicate returns the rule's text after its column (and before any
// "mostly"): "> 0", "between 1 and 5", "matches \"^[A-Z]\"", "not null".
func (r Rule) Predicate() string { return r.predicate() }

// predicate returns the text after the column.
func (r Rule) predicate() string {
	switch r.Kind {
	case KindNotNull:
		return "not null"
	case KindUnique:
		return "unique"
	case KindIn, KindNotIn:
		vals := make([]string, len(r.Values))
		for i, v := range r.Values {
			vals[i] = v.String()
		}
		kw := "in"
		if r.Kind == KindNotIn {
			kw = "not in"
		}
		return kw + " (" + strings.Join(vals, ", ") + ")"
	case KindBetween:
		return "between " + r.Values[0].String() + " and " + r.Values[1].String()
	case KindCompare:
		return r.Op + " " + r.Values[0].String()
	case KindMatches:
		return "matches " + quoteRule(r.Pattern)
	case KindLength, KindRowCount, KindDuplicateCount:
		prefix := ""
		if r.Kind == KindLength {
			prefix = "length "
		}
		if r.Between {
			return prefix + "between " + r.Values[0].String() + " and " + r.Values[1].String()
		}
		return prefix + r.Op + " " + r.Values[0].String()
	case KindIsNumber:
		return "is number"
	case KindIsInteger:
		return "is integer"
	case KindIsDate:
		return "is date"
	case KindNotFuture:
		return "not in future"
	case KindFreshness:
		return r.Op + " " + formatDuration(r.Duration)
	}
	return "?"
}

// Expectation is what a row rule asks of a value, as its failure messages
// say it after "column must": "be > 0", "be one of \"a\", \"b\"", "match
// \"^x\"", "not be in the future (after 2024-03-31T00:00:00Z)" (now is the
// reference time of not in future). It is "" for dataset checks.
func (r Rule) Expectation(now int64) string {
	lits := func() string {
		out := make([]string, len(r.Values))
		for i, v := range r.Values {
			out[i] = v.String()
		}
		return strings.Join(out, ", ")
	}
	switch r.Kind {
	case KindNotNull:
		return "not be null"
	case KindUnique:
		return "be unique"
	case KindIn:
		return "be one of " + lits()
	case KindNotIn:
		return "not be one of " + lits()
	case KindBetween:
		return "be between " + r.Values[0].String() + " and " + r.Values[1].String()
	case KindCompare:
		return "be " + r.Op + " " + r.Values[0].String()
	case KindMatches:
		return "match " + quoteRule(r.Pattern)
	case KindLength:
		if r.Between {
			return "have a length between " + r.Values[0].String() + " and " + r.Values[1].String()
		}
		return "have a length " + r.Op + " " + r.Values[0].String()
	case KindIsNumber:
		return "be a number"
	case KindIsInteger:
		return "be a whole number"
	case KindIsDate:
		return "be a date"
	case KindNotFuture:
		return "not be in the future (after " + table.FormatTimestamp(now) + ")"
	}
	return ""
}

// ColumnText writes a column name as rule text does: as it is when it is
// a plain name, in double quotes otherwise ("unit price"). The page's rule
// editors insert column names spelled by it (through the engine's API), and
// the exports quote rule text with it, so that every copy of a rule parses.
func ColumnText(name string) string { return columnText(name) }

// FormatDuration writes a duration in ms as rules do: 1d, 6h, 30m, 10s or
// 250ms. The exports write their rule texts and titles with it.
func FormatDuration(ms int64) string { return formatDuration(ms) }

func columnText(name string) string {
	if isIdent(name) && !reserved[name] {
		return name
	}
	return quoteRule(name)
}

var reserved = map[string]bool{"warn": true, "reject": true, "row_count": true, "freshness": true, "duplicate_count": true}

func isIdent(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '_' || (c|0x20) >= 'a' && (c|0x20) <= 'z' || i > 0 && (c >= '0' && c <= '9' || c == '.') {
			continue
		}
		return false
	}
	return true
}

// quoteRule writes s in double quotes. Inside quotes, \" is a quote, \\ a
// backslash and \n, \r, \t a line feed, carriage return and tab; any other
// backslash stands for itself, so a pattern such as "\d+" reads as typed.
// quoteRule escapes only what needs it, so patterns print as typed too.
func quoteRule(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '"':
			b.WriteString(`\"`)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		case '\\':
			if i+1 == len(s) || strings.IndexByte("\\\"nrt\n\r\t", s[i+1]) >= 0 {
				b.WriteString(`\\`)
			} else {
				b.WriteByte(c)
			}
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
	return b.String()
}

func formatDuration(ms int64) string {
	units := []struct {
		s string
		d int64
	}{{"d", table.Day}, {"h", table.Hour}, {"m", table.Minute}, {"s", table.Second}}
	for _, u := range units {
		if ms%u.d == 0 {
			return strconv.FormatInt(ms/u.d, 10) + u.s
		}
	}
	return strconv.FormatInt(ms, 10) + "ms"
}

// Format returns the canonical text of rules, one per line.
func Format(rules []Rule) string {
	var b strings.Builder
	for _, r := range rules {
		b.WriteString(r.String())
		b.WriteByte('\n')
	}
	return b.String()
}

// MaxBytes is the longest rule text [Parse] takes (64 KiB).
const MaxBytes = 64 << 10

// Parse parses rule text, one rule per line; blank lines are ignored,
// and a # outside quotes starts a comment that runs to the end of its line
// (a # inside quotes, in a value, a pattern or a column name, is text). The
// forms, for a column c (a name, or any text in double quotes, e.g. "unit
// price"):
//
//	c not null                      c unique
//	c in ("a", "b")                 c not in (1, 2)
//	c between 0 and 100             c > 0   (also >=, <, <=, =, !=)
//	c matches "^[A-Z]{3}-\d+$"      c length between 2 and 20   (or: length <= 5)
//	c is number    c is integer     c is date    c not in future
//	row_count between 100 and 200   row_count > 0
//	freshness(c) < 1d               (units s, m, h, d)
//	duplicate_count(c) = 0
//
// Any rule may start with "warn:" (failing rows are kept and reported) or
// "reject:" (the default: failing rows go to quarantine) and may end with
// "mostly 0.95" (it passes when at least that fraction of the non-null rows
// pass). Errors are *Error values giving the line and column and what
// was expected; parsing stops at the first one. The whole text may be at
// most MaxBytes long.
func Parse(text string) ([]Rule, error) {
	if len(text) > MaxBytes {
		return nil, &Error{Line: 1, Err: ErrSyntax, Msg: fmt.Sprintf("the rules are %s bytes long; the limit is %s bytes (65,536 characters of plain text)", say.Count(int64(len(text))), say.Count(MaxBytes))}
	}
	var rules []Rule
	for n, line := range strings.Split(text, "\n") {
		line = strings.TrimRight(line, "\r")
		t := strings.TrimSpace(line)
		if t == "" || t[0] == '#' {
			continue
		}
		if len(line) > 10_000 {
			return nil, &Error{Line: n + 1, Err: ErrSyntax, Msg: "the rule is longer than 10,000 characters"}
		}
		if len(rules) >= 1000 {
			return nil, &Error{Line: n + 1, Err: ErrSyntax, Msg: "too many rules: at most 1,000"}
		}
		p := &ruleParser{src: line, line: n + 1}
		r, err := p.rule()
		if err != nil {
			return nil, err
		}
		rules = append(rules, r)
	}
	return rules, nil
}

type tokKind uint8

const (
	tEOF tokKind = iota
	tIdent
	tString
	tNumber
	tOp
	tPunct
)

type token struct {
	kind tokKind
	text string // identifier (lower-cased in key), string value, number text, operator or punctuation
	col  int    // 1-based column
}

type ruleParser struct {
	src  string
	pos  int
	line int
	peek *token
}

func (p *ruleParser) errAt(col int, format string, args ...any) error {
	return &Error{Line: p.line, Column: col, Err: ErrSyntax, Msg: fmt.Sprintf(format, args...)}
}

func (p *ruleParser) next() (token, error) {
	if p.peek != nil {
		t := *p.peek
		p.peek = nil
		return t, nil
	}
	s := p.src
	for p.pos < len(s) && (s[p.pos] == ' ' || s[p.pos] == '\t') {
		p.pos++
	}
	col := p.pos + 1
	if p.pos >= len(s) || s[p.pos] == '#' {
		// A # outside quotes starts a comment that runs to the end of the line.
		p.pos = len(s)
		return token{kind: tEOF, col: col}, nil
	}
	c := s[p.pos]
	switch {
	case c == '"' || c == '`':
		q := c
		var b strings.Builder
		i := p.pos + 1
		for {
			if i >= len(s) {
				return token{}, p.errAt(col, "this quoted text is never closed: add a closing %c", q)
			}
			if s[i] == '\\' && q == '"' && i+1 < len(s) {
				switch s[i+1] {
				case '"', '\\':
					b.WriteByte(s[i+1])
				case 'n':
					b.WriteByte('\n')
				case 'r':
					b.WriteByte('\r')
				case 't':
					b.WriteByte('\t')
				default:
					b.WriteByte('\\')
					b.WriteByte(s[i+1])
				}
				i += 2
				continue
			}
			if s[i] == q {
				break
			}
			b.WriteByte(s[i])
			i++
		}
		p.pos = i + 1
		return token{kind: tString, text: b.String(), col: col}, nil
	case c >= '0' && c <= '9' || c == '.' || (c == '-' || c == '+') && p.pos+1 < len(s) && (s[p.pos+1] >= '0' && s[p.pos+1] <= '9' || s[p.pos+1] == '.'):
		i := p.pos + 1
		for i < len(s) && (s[i] >= '0' && s[i] <= '9' || s[i] == '.' || s[i] == 'e' || s[i] == 'E' ||
			(s[i] == '-' || s[i] == '+') && (s[i-1] == 'e' || s[i-1] == 'E') || (s[i]|0x20) >= 'a' && (s[i]|0x20) <= 'z') {
			i++
		}
		t := token{kind: tNumber, text: s[p.pos:i], col: col}
		p.pos = i
		return t, nil
	case c == '_' || (c|0x20) >= 'a' && (c|0x20) <= 'z':
		i := p.pos + 1
		for i < len(s) && (s[i] == '_' || s[i] == '.' || (s[i]|0x20) >= 'a' && (s[i]|0x20) <= 'z' || s[i] >= '0' && s[i] <= '9') {
			i++
		}
		t := token{kind: tIdent, text: s[p.pos:i], col: col}
		p.pos = i
		return t, nil
	case c == '>' || c == '<' || c == '=' || c == '!':
		i := p.pos + 1
		if i < len(s) && (s[i] == '=' || c == '<' && s[i] == '>') {
			i++
		}
		op := s[p.pos:i]
		p.pos = i
		switch op {
		case "==":
			op = "="
		case "<>":
			op = "!="
		case "!":
			return token{}, p.errAt(col, "expected an operator such as != or >=, found a lone !")
		}
		return token{kind: tOp, text: op, col: col}, nil
	case c == '(' || c == ')' || c == ',' || c == ':':
		p.pos++
		return token{kind: tPunct, text: string(c), col: col}, nil
	}
	// The character, not its first byte: "þ", not "Ã".
	r, _ := utf8.DecodeRuneInString(s[p.pos:])
	if unicode.IsLetter(r) || unicode.IsDigit(r) {
		return token{}, p.errAt(col, "unexpected character %q: a column name with characters other than a-z, 0-9, _ and . goes in double quotes, like \"Größe\"", string(r))
	}
	return token{}, p.errAt(col, "unexpected character %q", string(r))
}

func (p *ruleParser) peekTok() (token, error) {
	if p.peek == nil {
		t, err := p.next()
		if err != nil {
			return t, err
		}
		p.peek = &t
	}
	return *p.peek, nil
}

func describe(t token) string {
	switch t.kind {
	case tEOF:
		return "the end of the line"
	case tString:
		return quoteRule(t.text)
	}
	return "\"" + t.text + "\""
}

func isWord(t token, w string) bool { return t.kind == tIdent && strings.EqualFold(t.text, w) }

func (p *ruleParser) expectWord(w, why string) error {
	t, err := p.next()
	if err != nil {
		return err
	}
	if !isWord(t, w) {
		return p.errAt(t.col, "expected %q %s, found %s", w, why, describe(t))
	}
	return nil
}

func (p *ruleParser) expectPunct(c string, why string) error {
	t, err := p.next()
	if err != nil {
		return err
	}
	if t.kind != tPunct || t.text != c {
		return p.errAt(t.col, "expected %q %s, found %s", c, why, describe(t))
	}
	return nil
}

const predicates = "not null, unique, in (…), not in (…), between … and …, > < >= <= = !=, matches \"…\", length …, is number, is integer, is date or not in future"

func (p *ruleParser) rule() (Rule, error) {
	r := Rule{Line: p.line}
	t, err := p.next()
	if err != nil {
		return r, err
	}
	// Severity prefix.
	if t.kind == tIdent && (strings.EqualFold(t.text, "warn") || strings.EqualFold(t.text, "reject")) {
		if nt, err := p.peekTok(); err == nil && nt.kind == tPunct && nt.text == ":" {
			p.next()
			r.Warn = strings.EqualFold(t.text, "warn")
			if t, err = p.next(); err != nil {
				return r, err
			}
		}
	}
	// Subject.
	switch {
	case t.kind == tString:
		if t.text == "" {
			return r, p.errAt(t.col, "the column name in quotes is empty")
		}
		r.Column = t.text
	case isWord(t, "row_count"):
		r.Kind = KindRowCount
	case isWord(t, "freshness") || isWord(t, "duplicate_count"):
		r.Kind = KindFreshness
		if isWord(t, "duplicate_count") {
			r.Kind = KindDuplicateCount
		}
		if err := p.expectPunct("(", "after "+t.text); err != nil {
			return r, err
		}
		c, err := p.next()
		if err != nil {
			return r, err
		}
		if c.kind != tIdent && c.kind != tString || c.text == "" {
			return r, p.errAt(c.col, "expected a column name inside %s(…), found %s", t.text, describe(c))
		}
		r.Column = c.text
		if err := p.expectPunct(")", "to close "+t.text+"("); err != nil {
			return r, err
		}
	case t.kind == tIdent:
		r.Column = t.text
	case t.kind == tEOF:
		return r, p.errAt(t.col, "expected a column name")
	default:
		return r, p.errAt(t.col, "expected a column name (in double quotes if it has spaces), found %s", describe(t))
	}

	switch r.Kind {
	case KindRowCount, KindDuplicateCount:
		if err := p.countPredicate(&r); err != nil {
			return r, err
		}
	case KindFreshness:
		op, err := p.next()
		if err != nil {
			return r, err
		}
		if op.kind != tOp || (op.text != "<" && op.text != "<=") {
			return r, p.errAt(op.col, "expected < or <= after freshness(%s), found %s", r.Column, describe(op))
		}
		r.Op = op.text
		d, err := p.next()
		if err != nil {
			return r, err
		}
		ms, ok := parseDuration(d.text)
		if d.kind != tNumber || !ok {
			return r, p.errAt(d.col, "expected a duration such as 30m, 12h or 1d, found %s", describe(d))
		}
		r.Duration = ms
	default:
		if err := p.predicate(&r); err != nil {
			return r, err
		}
	}

	// Suffix: mostly.
	t, err = p.next()
	if err != nil {
		return r, err
	}
	if isWord(t, "mostly") {
		if r.Kind.Dataset() {
			return r, p.errAt(t.col, "mostly applies to row rules only, not to %s", r.Kind)
		}
		v, err := p.next()
		if err != nil {
			return r, err
		}
		f, ok := table.ParseDecimal(v.text)
		if v.kind != tNumber || !ok || f <= 0 || f > 1 {
			return r, p.errAt(v.col, "expected a fraction after mostly, greater than 0 and at most 1 (e.g. 0.95), found %s", describe(v))
		}
		r.Mostly = f
		if t, err = p.next(); err != nil {
			return r, err
		}
	}
	if t.kind != tEOF {
		return r, p.errAt(t.col, "unexpected %s after the rule; write one rule per line", describe(t))
	}
	return r, nil
}

func (p *ruleParser) predicate(r *Rule) error {
	t, err := p.next()
	if err != nil {
		return err
	}
	switch {
	case isWord(t, "not"):
		n, err := p.next()
		if err != nil {
			return err
		}
		switch {
		case isWord(n, "null"):
			r.Kind = KindNotNull
			return nil
		case isWord(n, "in"):
			if f, _ := p.peekTok(); isWord(f, "future") {
				p.next()
				r.Kind = KindNotFuture
				return nil
			}
			r.Kind = KindNotIn
			return p.list(r)
		}
		return p.errAt(n.col, "expected null, in (…) or in future after not, found %s", describe(n))
	case isWord(t, "unique"):
		r.Kind = KindUnique
	case isWord(t, "in"):
		r.Kind = KindIn
		return p.list(r)
	case isWord(t, "between"):
		r.Kind = KindBetween
		return p.between(r, false)
	case t.kind == tOp:
		r.Kind, r.Op = KindCompare, t.text
		v, err := p.literal("a value to compare with")
		if err != nil {
			return err
		}
		r.Values = []Literal{v}
	case isWord(t, "matches"):
		v, err := p.next()
		if err != nil {
			return err
		}
		if v.kind != tString {
			return p.errAt(v.col, "expected a regular expression in double quotes after matches, found %s", describe(v))
		}
		if _, err := compileRegexp(v.text); err != nil {
			return p.errAt(v.col, "this regular expression is not valid: %v", err)
		}
		r.Kind, r.Pattern = KindMatches, v.text
	case isWord(t, "length"):
		r.Kind = KindLength
		return p.countPredicate(r)
	case isWord(t, "is"):
		w, err := p.next()
		if err != nil {
			return err
		}
		switch {
		case isWord(w, "number"):
			r.Kind = KindIsNumber
		case isWord(w, "integer"):
			r.Kind = KindIsInteger
		case isWord(w, "date"):
			r.Kind = KindIsDate
		default:
			return p.errAt(w.col, "expected number, integer or date after is, found %s", describe(w))
		}
	case t.kind == tEOF:
		return p.errAt(t.col, "expected a check after the column name: %s", predicates)
	default:
		return p.errAt(t.col, "expected a check after the column name (%s), found %s", predicates, describe(t))
	}
	return nil
}

// countPredicate parses "between N and M" or "op N" with whole numbers.
func (p *ruleParser) countPredicate(r *Rule) error {
	t, err := p.next()
	if err != nil {
		return err
	}
	what := r.Kind.String()
	if isWord(t, "between") {
		r.Between = true
		if err := p.between(r, true); err != nil {
			return err
		}
	} else if t.kind == tOp {
		r.Op = t.text
		v, err := p.literal("a whole number")
		if err != nil {
			return err
		}
		if err := p.wholeNumber(v, t.col); err != nil {
			return err
		}
		r.Values = []Literal{v}
	} else {
		return p.errAt(t.col, "expected between … and … or a comparison such as > 0 after %s, found %s", what, describe(t))
	}
	return nil
}

func (p *ruleParser) wholeNumber(v Literal, col int) error {
	if v.Kind != LitNumber || v.Num != float64(int64(v.Num)) || v.Num < 0 {
		return p.errAt(col, "expected a whole number of 0 or more, found %s", v)
	}
	return nil
}

func (p *ruleParser) between(r *Rule, whole bool) error {
	lo, err := p.literal("the lower bound")
	if err != nil {
		return err
	}
	if err := p.expectWord("and", "between the two bounds"); err != nil {
		return err
	}
	hi, err := p.literal("the upper bound")
	if err != nil {
		return err
	}
	if whole {
		if err := p.wholeNumber(lo, 0); err != nil {
			return err
		}
		if err := p.wholeNumber(hi, 0); err != nil {
			return err
		}
	}
	if lo.Kind != hi.Kind {
		return p.errAt(0, "the bounds %s and %s are of different kinds", lo, hi)
	}
	if lo.Kind == LitNumber && lo.Num > hi.Num || lo.Kind == LitString && lo.Str > hi.Str {
		return p.errAt(0, "the lower bound %s is greater than the upper bound %s", lo, hi)
	}
	r.Values = []Literal{lo, hi}
	return nil
}

func (p *ruleParser) list(r *Rule) error {
	if err := p.expectPunct("(", "to open the list of values"); err != nil {
		return err
	}
	for {
		v, err := p.literal("a value")
		if err != nil {
			return err
		}
		if len(r.Values) > 0 && r.Values[0].Kind != v.Kind {
			return p.errAt(0, "the list mixes %s and %s; use values of one kind", r.Values[0], v)
		}
		r.Values = append(r.Values, v)
		t, err := p.next()
		if err != nil {
			return err
		}
		if t.kind == tPunct && t.text == ")" {
			return nil
		}
		if t.kind != tPunct || t.text != "," {
			return p.errAt(t.col, "expected , or ) in the list of values, found %s", describe(t))
		}
	}
}

func (p *ruleParser) literal(what string) (Literal, error) {
	t, err := p.next()
	if err != nil {
		return Literal{}, err
	}
	switch {
	case t.kind == tString:
		return Literal{Kind: LitString, Str: t.text}, nil
	case t.kind == tNumber:
		f, ok := table.ParseDecimal(t.text)
		if !ok {
			if v, err := strconv.ParseFloat(t.text, 64); err == nil && !isInfOrNaN(v) {
				f, ok = v, true
			}
		}
		if !ok {
			return Literal{}, p.errAt(t.col, "%s is not a number", describe(t))
		}
		return Literal{Kind: LitNumber, Num: f}, nil
	case isWord(t, "true") || isWord(t, "false"):
		return Literal{Kind: LitBool, Bool: isWord(t, "true")}, nil
	case t.kind == tIdent:
		return Literal{}, p.errAt(t.col, "expected %s, found %s; put text values in double quotes", what, describe(t))
	}
	return Literal{}, p.errAt(t.col, "expected %s (a number, \"text\" or true/false), found %s", what, describe(t))
}

func isInfOrNaN(f float64) bool { return f != f || f > 1e308 || f < -1e308 }

func parseDuration(s string) (int64, bool) {
	if len(s) < 2 {
		return 0, false
	}
	units := map[string]int64{"ms": 1, "s": table.Second, "m": table.Minute, "h": table.Hour, "d": table.Day}
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	u, ok := units[strings.ToLower(s[i:])]
	if i == 0 || i > 9 || !ok {
		return 0, false
	}
	v := int64(num.Digits(s[:i]))
	if v <= 0 {
		return 0, false
	}
	return v * u, true
}
