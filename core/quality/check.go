package quality

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/ingestkit/playground/core/table"

	"github.com/ingestkit/playground/core/internal/fast"
	"github.com/ingestkit/playground/core/internal/num"
	"github.com/ingestkit/playground/core/internal/say"
)

// Options controls [Check].
type Options struct {
	// Now is the reference time (Unix ms UTC) for "not in future" and
	// freshness; pipelines take it from their config, never from the clock.
	Now int64
	// Samples is the number of failing rows kept per rule; 0 means 20.
	Samples int
}

// Sample is one failing row kept as an example.
type Sample struct {
	Row    int    `json:"row"`    // row index in the checked table
	Line   int    `json:"line"`   // source line number
	Value  string `json:"value"`  // the checked value as text
	Reason string `json:"reason"` // why it failed, e.g. "quantity must be > 0, got -2"
}

// Rule result statuses.
const (
	StatusPass = "pass"
	StatusWarn = "warn"
	StatusFail = "fail"
)

// Result is what one rule found, in the terms data-quality tools use.
type Result struct {
	Rule       string   `json:"rule"`     // canonical rule text
	Code       string   `json:"code"`     // stable id, e.g. "quantity_compare"
	Kind       string   `json:"kind"`     // rule family, e.g. "not_null"
	Column     string   `json:"column"`   // checked column ("" for row_count)
	Severity   string   `json:"severity"` // "reject" or "warn"
	Dataset    bool     `json:"dataset"`  // a dataset-level check
	Checked    int      `json:"checked"`  // rows checked
	Nulls      int      `json:"nulls"`    // null values in the column (skipped by all but not null)
	Failures   int      `json:"failures"` // failing rows
	FailurePct float64  `json:"failurePct"`
	Mostly     float64  `json:"mostly,omitempty"`
	Status     string   `json:"status"`             // pass, warn or fail
	Observed   string   `json:"observed,omitempty"` // dataset checks: what was measured
	Message    string   `json:"message,omitempty"`  // dataset checks: why it did not pass
	Samples    []Sample `json:"samples"`
	// Quarantines reports whether this rule's failing rows are rejected
	// (a row rule of severity reject whose status is fail).
	Quarantines bool `json:"quarantines"`

	failing []int
	reason  func(int) string
}

// RowFailure lists the quarantining rules that one row failed.
type RowFailure struct {
	Row     int      // the row's index in the checked table (0-based)
	Codes   []string // each failed rule's code (its Kind's, e.g. "not_null")
	Reasons []string // each failed rule's reason, in the same order
}

// Report is the result of [Check].
type Report struct {
	Rows    int      `json:"rows"`
	Results []Result `json:"results"`
	// Rejected lists the rows to quarantine, ascending, with the rules they
	// failed. The rows to keep are the others: t.Take of the indices not
	// listed here gives the clean table (as core.RunETL does).
	Rejected []RowFailure `json:"-"`
	// Warned counts the rows kept despite failing a warn rule or a rule
	// that passed thanks to mostly.
	Warned int `json:"warned"`
	// DatasetFailed is true when a dataset check of severity reject failed.
	DatasetFailed bool `json:"datasetFailed"`
	// Funnel follows the rows through the rules in order: how many reach
	// each rule, how many it sends to quarantine, how many go on.
	Funnel []FunnelStep `json:"funnel"`
	// MultiRule counts the quarantined rows that failed more than one rule.
	MultiRule int `json:"multiRule"`
}

// FunnelStep is one rule's step in the quality funnel. A row belongs to the
// first quarantining rule it fails; a later rule it also fails counts it in
// Earlier. Rules that do not quarantine (warn:, a rule that passed thanks
// to mostly, a dataset check) let their failing rows through: Kept counts
// those still in the funnel.
type FunnelStep struct {
	Rule        string `json:"rule"`
	Status      string `json:"status"`
	Severity    string `json:"severity"`
	Dataset     bool   `json:"dataset"`
	Quarantines bool   `json:"quarantines"`
	In          int    `json:"in"`       // rows that reach the rule
	Rejected    int    `json:"rejected"` // rows it sends to quarantine first
	Earlier     int    `json:"earlier"`  // failing rows an earlier rule already sent
	Kept        int    `json:"kept"`     // failing rows it lets through
	Out         int    `json:"out"`      // rows that go on
}

// Bind checks rules against a table's columns before any row is looked
// at: every column must exist and every value must fit its column's type.
// It returns the first problem as a *Error wrapping [ErrBind].
func Bind(t *table.Table, rules []Rule) error {
	for _, r := range rules {
		if _, err := bind(t, r); err != nil {
			return err
		}
	}
	return nil
}

func bindErr(r Rule, format string, args ...any) error {
	return &Error{Line: r.Line, Err: ErrBind, Msg: fmt.Sprintf(format, args...)}
}

// bound is a rule ready to run: its column and prepared operands.
type bound struct {
	col   *table.Column
	nums  []float64 // numeric or timestamp operands
	strs  []string
	bools []bool
	re    *Pattern
}

func bind(t *table.Table, r Rule) (*bound, error) {
	b := &bound{}
	if r.Kind == KindRowCount {
		for _, v := range r.Values {
			b.nums = append(b.nums, v.Num)
		}
		return b, nil
	}
	c := t.Col(r.Column)
	if c == nil {
		names := t.Names()
		hint := ""
		for _, n := range names {
			if strings.EqualFold(n, r.Column) || strings.EqualFold(strings.TrimSpace(n), r.Column) {
				hint = fmt.Sprintf(" (did you mean %s?)", columnText(n))
				break
			}
		}
		list := strings.Join(names, ", ")
		if len(list) > 300 {
			list = list[:300] + "…"
		}
		return nil, bindErr(r, "unknown column %s%s; the columns are: %s", quoteRule(r.Column), hint, list)
	}
	b.col = c
	name := columnText(c.Name)
	switch r.Kind {
	case KindNotNull, KindUnique, KindDuplicateCount:
	case KindMatches, KindLength:
		if c.Type != table.TypeString {
			return nil, bindErr(r, "%s works on text columns, but %s is %s column", map[Kind]string{KindMatches: "matches", KindLength: "length"}[r.Kind], name, say.A(c.Type.String()))
		}
		if r.Kind == KindMatches {
			re, err := compileRegexp(r.Pattern)
			if err != nil {
				return nil, bindErr(r, "the regular expression is not valid: %v", err)
			}
			b.re = re
		}
		for _, v := range r.Values {
			b.nums = append(b.nums, v.Num)
		}
	case KindIsNumber, KindIsInteger:
		if c.Type != table.TypeString && c.Type != table.TypeInt && c.Type != table.TypeDecimal {
			return nil, bindErr(r, "%s is %s column; is number and is integer check text or number columns", name, say.A(c.Type.String()))
		}
	case KindIsDate, KindNotFuture, KindFreshness:
		if c.Type != table.TypeString && c.Type != table.TypeTimestamp {
			what := map[Kind]string{KindIsDate: "is date", KindNotFuture: "not in future", KindFreshness: "freshness"}[r.Kind]
			return nil, bindErr(r, "%s is %s column; %s checks date or text columns", name, say.A(c.Type.String()), what)
		}
	case KindIn, KindNotIn, KindBetween, KindCompare:
		for _, v := range r.Values {
			switch c.Type {
			case table.TypeString:
				if v.Kind != LitString {
					return nil, bindErr(r, "%s is a text column; write %s in double quotes", name, v)
				}
				b.strs = append(b.strs, v.Str)
			case table.TypeInt, table.TypeDecimal:
				if v.Kind != LitNumber {
					return nil, bindErr(r, "%s is %s column; compare it with a number, not %s", name, say.A(c.Type.String()), v)
				}
				b.nums = append(b.nums, v.Num)
			case table.TypeBool:
				if v.Kind != LitBool {
					return nil, bindErr(r, "%s is a boolean column; compare it with true or false, not %s", name, v)
				}
				if r.Kind == KindBetween || r.Kind == KindCompare && r.Op != "=" && r.Op != "!=" {
					return nil, bindErr(r, "%s is a boolean column; use = or != or in (…)", name)
				}
				b.bools = append(b.bools, v.Bool)
			case table.TypeTimestamp:
				ms, _, ok := table.ParseTimestamp(v.Str)
				if v.Kind != LitString || !ok {
					return nil, bindErr(r, "%s is a timestamp column; compare it with a date in double quotes such as \"2024-01-31\", not %s", name, v)
				}
				b.nums = append(b.nums, float64(ms))
			}
		}
	}
	return b, nil
}

// compileRegexp compiles a "matches" pattern (see [Pattern]).
func compileRegexp(p string) (*Pattern, error) {
	return CompilePattern(p)
}

// Check runs rules over every row of t. Rules are bound first
// ([Bind]); a binding error is returned before any row is checked.
func Check(t *table.Table, rules []Rule, opts Options) (*Report, error) {
	if opts.Samples <= 0 {
		opts.Samples = 20
	}
	bs := make([]*bound, len(rules))
	for i, r := range rules {
		b, err := bind(t, r)
		if err != nil {
			return nil, err
		}
		bs[i] = b
	}
	rep := &Report{Rows: t.Len(), Results: make([]Result, len(rules))}
	warned := make([]bool, t.Len())
	for i, r := range rules {
		res := &rep.Results[i]
		*res = newResult(r)
		if r.Kind.Dataset() {
			datasetCheck(t, r, bs[i], res, opts)
			if res.Status == StatusFail {
				rep.DatasetFailed = true
			}
			continue
		}
		rowCheck(t, r, bs[i], res, opts)
	}
	rep.finish(opts, warned, t.Line, func(i, row int) string { return bs[i].col.Value(row) })
	return rep, nil
}

// newResult is rule r's result before any row is checked.
func newResult(r Rule) Result {
	res := Result{Rule: r.String(), Code: r.Code(), Kind: r.Kind.String(), Column: r.Column,
		Severity: "reject", Dataset: r.Kind.Dataset(), Mostly: r.Mostly, Samples: []Sample{}}
	if r.Warn {
		res.Severity = "warn"
	}
	return res
}

// finish completes a report whose results have their failing rows: the
// samples (line gives a row's line, value rule i's checked value in a
// row), the rows to quarantine, the count of rows kept despite failing a
// rule (warned: one false per row, to mark them), the funnel.
func (rep *Report) finish(opts Options, warned []bool, line func(row int) int, value func(i, row int) string) {
	for i := range rep.Results {
		res := &rep.Results[i]
		if res.Dataset {
			continue
		}
		for _, row := range res.failing {
			if len(res.Samples) >= opts.Samples {
				break
			}
			res.Samples = append(res.Samples, Sample{Row: row, Line: line(row), Value: value(i, row), Reason: res.reason(row)})
		}
		if !res.Quarantines {
			for _, row := range res.failing {
				warned[row] = true
			}
		}
	}
	rep.Rejected = rejectedRows(rep.Results)
	for _, f := range rep.Rejected {
		warned[f.Row] = false
	}
	for _, w := range warned {
		if w {
			rep.Warned++
		}
	}
	rep.funnel(rep.Rows)
}

// rejectedRows merges the quarantining rules' failing rows (each list
// ascending) in row order, rule order within a row, cutting each row's
// codes and reasons from two shared slices.
func rejectedRows(results []Result) []RowFailure {
	var lists [][]int
	var which []int
	total := 0
	for i := range results {
		if results[i].Quarantines && len(results[i].failing) > 0 {
			lists = append(lists, results[i].failing)
			which = append(which, i)
			total += len(results[i].failing)
		}
	}
	codes := make([]string, 0, total)
	reasons := make([]string, 0, total)
	pos := make([]int, len(lists))
	out := []RowFailure{}
	for {
		row := -1
		for k, l := range lists {
			if pos[k] < len(l) && (row < 0 || l[pos[k]] < row) {
				row = l[pos[k]]
			}
		}
		if row < 0 {
			break
		}
		start := len(codes)
		for k, l := range lists {
			if pos[k] < len(l) && l[pos[k]] == row {
				res := &results[which[k]]
				codes, reasons = append(codes, res.Code), append(reasons, res.reason(row))
				pos[k]++
			}
		}
		end := len(codes)
		out = append(out, RowFailure{Row: row, Codes: codes[start:end:end], Reasons: reasons[start:end:end]})
	}
	return out
}

// funnel follows n rows through the rules in order (see FunnelStep).
func (rep *Report) funnel(n int) {
	gone := make([]bool, n)
	in := n
	rep.Funnel = make([]FunnelStep, len(rep.Results))
	for i := range rep.Results {
		res := &rep.Results[i]
		st := FunnelStep{Rule: res.Rule, Status: res.Status, Severity: res.Severity, Dataset: res.Dataset, Quarantines: res.Quarantines, In: in}
		for _, row := range res.failing {
			switch {
			case gone[row]:
				st.Earlier++
			case res.Quarantines:
				gone[row] = true
				st.Rejected++
			default:
				st.Kept++
			}
		}
		in -= st.Rejected
		st.Out = in
		rep.Funnel[i] = st
	}
	for _, rf := range rep.Rejected {
		if len(rf.Codes) > 1 {
			rep.MultiRule++
		}
	}
}

func pct(part, whole int) float64 {
	if whole == 0 {
		return 0
	}
	return math.Round(float64(part)/float64(whole)*1e4) / 100
}

func rowCheck(t *table.Table, r Rule, b *bound, res *Result, opts Options) {
	c := b.col
	name := c.Name
	n := t.Len()
	res.Nulls = c.NullCount()
	res.Checked = n
	if r.Kind != KindNotNull {
		res.Checked = n - res.Nulls
	}
	var failing []int
	pass, reason := predicate(r, b, opts)
	switch r.Kind {
	case KindNotNull:
		if c.Null != nil {
			for i, isNull := range c.Null {
				if isNull {
					failing = append(failing, i)
				}
			}
		}
		reason = func(int) string { return name + " must not be null" }
	case KindUnique:
		failing, reason = uniqueCheck(t, c)
	default:
		if f, ok := fastNumeric(r, b); ok {
			failing = f
			break
		}
		for i := 0; i < n; i++ {
			if !c.IsNull(i) && !pass(i) {
				failing = append(failing, i)
			}
		}
	}
	res.failing, res.reason = failing, reason
	rowStatus(r, res, n)
}

// rowStatus sets a row rule's failures, their share of n rows and its
// status from its failing rows and the rows it checked.
func rowStatus(r Rule, res *Result, n int) {
	failing := res.failing
	res.Failures = len(failing)
	res.FailurePct = pct(len(failing), n)
	switch {
	case len(failing) == 0:
		res.Status = StatusPass
	case r.Mostly > 0 && float64(res.Checked-len(failing)) >= r.Mostly*float64(res.Checked):
		res.Status = StatusPass
	case r.Warn:
		res.Status = StatusWarn
	default:
		res.Status = StatusFail
		res.Quarantines = true
	}
}

// uniqueCheck fails every repeat of a value after its first row. Values are
// hashed (FNV-1a for text), rows are partitioned by the top bits of their
// hash into buckets of a few thousand, and each bucket goes through a small
// open-addressing table that stays in the CPU cache. At a million distinct
// values this is several times faster than a map[string]int, which misses
// the cache on every insert and gives the garbage collector a million
// string headers to scan.
func uniqueCheck(t *table.Table, c *table.Column) ([]int, func(int) string) {
	n := c.Len()
	hs := make([]uint64, n)
	for i := 0; i < n; i++ {
		switch c.Type {
		case table.TypeString:
			hs[i] = fnv1a(c.Str[i])
		case table.TypeInt, table.TypeTimestamp:
			hs[i] = mix64(uint64(c.Int[i]))
		case table.TypeDecimal:
			hs[i] = mix64(math.Float64bits(c.Dec[i] + 0)) // +0 folds -0 into 0
		case table.TypeBool:
			hs[i] = mix64(uint64(num.Bit(c.Bool[i])))
		}
	}
	bits := 0
	for (n>>bits) > 4096 && bits < 12 {
		bits++
	}
	shift := uint(64 - bits)
	bucketOf := func(h uint64) int {
		if bits == 0 {
			return 0
		}
		return int(h >> shift)
	}
	starts := make([]int, (1<<bits)+1)
	for i, h := range hs {
		if !c.IsNull(i) {
			starts[bucketOf(h)+1]++
		}
	}
	for b := 1; b < len(starts); b++ {
		starts[b] += starts[b-1]
	}
	order := make([]int32, starts[len(starts)-1])
	fill := slices.Clone(starts[:len(starts)-1])
	for i, h := range hs {
		if !c.IsNull(i) {
			b := bucketOf(h)
			order[fill[b]] = int32(i)
			fill[b]++
		}
	}
	first := make(map[int]int) // failing row → first row with its value
	var failing []int
	var a, b []byte
	var slots []uint64 // high 32 bits: hash tag; low 32: row+1 (0 = empty)
	for bk := 0; bk+1 < len(starts); bk++ {
		rows := order[starts[bk]:starts[bk+1]]
		size := 16
		for size < 2*len(rows) {
			size <<= 1
		}
		if cap(slots) < size {
			slots = make([]uint64, size)
		}
		slots = slots[:size]
		clear(slots)
		mask := uint64(size - 1)
		for _, r := range rows {
			i := int(r)
			h := hs[i]
			tag := h & 0xffffffff00000000
			for pos := (h >> 7) & mask; ; pos = (pos + 1) & mask {
				sl := slots[pos]
				if sl == 0 {
					slots[pos] = tag | uint64(i+1)
					break
				}
				if sl&0xffffffff00000000 != tag {
					continue
				}
				j := int(uint32(sl)) - 1
				if sameValue(c, i, j, &a, &b) {
					failing = append(failing, i)
					first[i] = j
					break
				}
			}
		}
	}
	sort.Sort(sort.IntSlice(failing))
	key := func(i int) string {
		if c.Type == table.TypeString {
			return c.Str[i]
		}
		return c.Value(i)
	}
	return failing, func(i int) string {
		return fmt.Sprintf("%s must be unique: %s already appears on line %d", c.Name, quoteRule(key(i)), t.Line(first[i]))
	}
}

func sameValue(c *table.Column, i, j int, a, b *[]byte) bool {
	switch c.Type {
	case table.TypeString:
		return c.Str[i] == c.Str[j]
	case table.TypeInt, table.TypeTimestamp:
		return c.Int[i] == c.Int[j]
	case table.TypeDecimal:
		return c.Dec[i] == c.Dec[j]
	case table.TypeBool:
		return c.Bool[i] == c.Bool[j]
	}
	*a, *b = c.AppendValue((*a)[:0], i), c.AppendValue((*b)[:0], j)
	return string(*a) == string(*b)
}

func fnv1a(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return mix64(h)
}

// mix64 is the SplitMix64 finalizer: it spreads the bits of x over the word.
func mix64(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	return x ^ x>>31
}

// fastNumeric runs comparisons and ranges on number columns as tight loops
// over the values, without a call per row.
func fastNumeric(r Rule, b *bound) ([]int, bool) {
	c := b.col
	if !c.Type.IsNumeric() || r.Kind != KindCompare && r.Kind != KindBetween {
		return nil, false
	}
	lo, hi := math.Inf(-1), math.Inf(1)
	loOpen, hiOpen := false, false
	var ne bool
	x := b.nums[0]
	if r.Kind == KindBetween {
		lo, hi = b.nums[0], b.nums[1]
	} else {
		switch r.Op {
		case ">":
			lo, loOpen = x, true
		case ">=":
			lo = x
		case "<":
			hi, hiOpen = x, true
		case "<=":
			hi = x
		case "=":
			lo, hi = x, x
		default:
			ne = true
		}
	}
	fails := func(v float64) bool {
		if ne {
			return v == x
		}
		return v < lo || v > hi || loOpen && v == lo || hiOpen && v == hi
	}
	var failing []int
	if c.Type == table.TypeInt {
		for i, v := range c.Int {
			if fails(float64(v)) && !c.IsNull(i) {
				failing = append(failing, i)
			}
		}
	} else {
		for i, v := range c.Dec {
			if fails(v) && !c.IsNull(i) {
				failing = append(failing, i)
			}
		}
	}
	return failing, true
}

// predicate returns the per-row test (for non-null rows) and the failure
// message of a row rule.
func predicate(r Rule, b *bound, opts Options) (func(int) bool, func(int) string) {
	c := b.col
	name := c.Name
	got := func(i int) string {
		if c.Type == table.TypeString {
			return quoteRule(c.Str[i])
		}
		return c.Value(i)
	}
	msg := func(what string) func(int) string {
		return func(i int) string { return name + " must " + what + ", got " + got(i) }
	}
	what := r.Expectation(opts.Now)
	switch r.Kind {
	case KindIn, KindNotIn:
		want := r.Kind == KindIn
		switch c.Type {
		case table.TypeString:
			set := map[string]bool{}
			for _, s := range b.strs {
				set[s] = true
			}
			return memo(c, func(s string) bool { return set[s] == want }), msg(what)
		case table.TypeBool:
			return func(i int) bool { return slices.Contains(b.bools, c.Bool[i]) == want }, msg(what)
		default:
			num := numAt(c)
			return func(i int) bool { return slices.Contains(b.nums, num(i)) == want }, msg(what)
		}
	case KindBetween:
		if c.Type == table.TypeString {
			lo, hi := b.strs[0], b.strs[1]
			return func(i int) bool { return c.Str[i] >= lo && c.Str[i] <= hi }, msg(what)
		}
		lo, hi := b.nums[0], b.nums[1]
		num := numAt(c)
		return func(i int) bool { v := num(i); return v >= lo && v <= hi }, msg(what)
	case KindCompare:
		switch c.Type {
		case table.TypeString:
			return compareStr(r.Op, c.Str, b.strs[0]), msg(what)
		case table.TypeBool:
			want := b.bools[0] == (r.Op == "=")
			return func(i int) bool { return c.Bool[i] == want }, msg(what)
		}
		return compareNum(r.Op, numAt(c), b.nums[0]), msg(what)
	case KindMatches:
		re := b.re
		return memo(c, re.MatchString), msg(what)
	case KindLength:
		if r.Between {
			lo, hi := b.nums[0], b.nums[1]
			return func(i int) bool {
				l := float64(utf8.RuneCountInString(c.Str[i]))
				return l >= lo && l <= hi
			}, lengthMsg(c, what)
		}
		lens := func(i int) float64 { return float64(utf8.RuneCountInString(c.Str[i])) }
		return compareNum(r.Op, lens, b.nums[0]), lengthMsg(c, what)
	case KindIsNumber, KindIsInteger:
		integer := r.Kind == KindIsInteger
		switch c.Type {
		case table.TypeInt:
			return func(int) bool { return true }, msg(what)
		case table.TypeDecimal:
			return func(i int) bool { return !integer || c.Dec[i] == math.Trunc(c.Dec[i]) }, msg(what)
		}
		return memo(c, func(s string) bool {
			s = strings.Trim(s, " \t")
			if integer {
				_, ok := table.ParseInt(s)
				return ok
			}
			_, ok := table.ParseDecimal(s)
			return ok
		}), msg(what)
	case KindIsDate:
		if c.Type == table.TypeTimestamp {
			return func(int) bool { return true }, msg(what)
		}
		return memo(c, func(s string) bool { _, _, ok := table.ParseTimestamp(s); return ok }), msg(what)
	case KindNotFuture:
		now := opts.Now
		if c.Type == table.TypeTimestamp {
			return func(i int) bool { return c.Int[i] <= now }, msg(what)
		}
		return memo(c, func(s string) bool { ms, _, ok := table.ParseTimestamp(s); return ok && ms <= now }),
			func(i int) string {
				if _, _, ok := table.ParseTimestamp(c.Str[i]); !ok {
					return name + " must be a date not in the future, got " + got(i)
				}
				return msg(what)(i)
			}
	}
	return func(int) bool { return true }, msg("pass")
}

func lengthMsg(c *table.Column, what string) func(int) string {
	return func(i int) string {
		return fmt.Sprintf("%s must %s, got %s (length %d)", c.Name, what, quoteRule(c.Str[i]), utf8.RuneCountInString(c.Str[i]))
	}
}

// memo caches a costly string test per distinct value; categorical columns
// have few distinct values, so a regular expression runs once per value.
func memo(c *table.Column, f func(string) bool) func(int) bool {
	m := fast.NewMemo(f)
	return func(i int) bool { return m.Get(c.Str[i]) }
}

func compareNum(op string, v func(int) float64, x float64) func(int) bool {
	switch op {
	case ">":
		return func(i int) bool { return v(i) > x }
	case ">=":
		return func(i int) bool { return v(i) >= x }
	case "<":
		return func(i int) bool { return v(i) < x }
	case "<=":
		return func(i int) bool { return v(i) <= x }
	case "=":
		return func(i int) bool { return v(i) == x }
	default:
		return func(i int) bool { return v(i) != x }
	}
}

func compareStr(op string, v []string, x string) func(int) bool {
	switch op {
	case ">":
		return func(i int) bool { return v[i] > x }
	case ">=":
		return func(i int) bool { return v[i] >= x }
	case "<":
		return func(i int) bool { return v[i] < x }
	case "<=":
		return func(i int) bool { return v[i] <= x }
	case "=":
		return func(i int) bool { return v[i] == x }
	default:
		return func(i int) bool { return v[i] != x }
	}
}

func datasetCheck(t *table.Table, r Rule, b *bound, res *Result, opts Options) {
	var m measure
	switch r.Kind {
	case KindRowCount:
	case KindDuplicateCount:
		res.Nulls = b.col.NullCount()
		failing, _ := uniqueCheck(t, b.col)
		m.dups = len(failing)
	case KindFreshness:
		m.latest, m.found = latestDate(b.col)
	}
	datasetStatus(r, res, opts, t.Len(), m)
}

// measure is what a dataset check measured: duplicates, or the latest
// date (found: there was one).
type measure struct {
	dups   int
	latest int64
	found  bool
}

// latestDate returns a column's latest date, dates in text included.
func latestDate(c *table.Column) (latest int64, found bool) {
	latest = math.MinInt64
	for i := 0; i < c.Len(); i++ {
		if c.IsNull(i) {
			continue
		}
		var ms int64
		okTS := true
		if c.Type == table.TypeTimestamp {
			ms = c.Int[i]
		} else {
			ms, _, okTS = table.ParseTimestamp(c.Str[i])
		}
		if okTS && ms > latest {
			latest, found = ms, true
		}
	}
	return latest, found
}

// datasetStatus sets a dataset check's figures and status from what was
// measured over n rows.
func datasetStatus(r Rule, res *Result, opts Options, n int, m measure) {
	res.Checked = n
	var ok bool
	switch r.Kind {
	case KindRowCount, KindDuplicateCount:
		v := n
		label := "row_count"
		if r.Kind == KindDuplicateCount {
			label = "duplicate_count(" + columnText(r.Column) + ")"
			v = m.dups
			res.Failures = v
			res.FailurePct = pct(v, n)
		}
		res.Observed = label + " = " + strconv.Itoa(v)
		x := float64(v)
		if r.Between {
			ok = x >= r.Values[0].Num && x <= r.Values[1].Num
		} else {
			ok = compareNum(r.Op, func(int) float64 { return x }, r.Values[0].Num)(0)
		}
		if !ok {
			res.Message = fmt.Sprintf("%s must be %s, got %d", label, strings.TrimPrefix(r.predicate(), ""), v)
		}
	case KindFreshness:
		name, latest := r.Column, m.latest
		if !m.found {
			res.Observed = "no dates in " + name
			res.Message = "freshness(" + columnText(name) + ") needs at least one date, found none"
			break
		}
		age := opts.Now - latest
		res.Observed = "latest " + table.FormatTimestamp(latest) + ", age " + say.Age(age)
		ok = age < r.Duration || r.Op == "<=" && age == r.Duration
		if !ok {
			res.Message = fmt.Sprintf("the newest %s is %s old; it must be %s %s", name, say.Age(age), r.Op, formatDuration(r.Duration))
		}
	}
	switch {
	case ok:
		res.Status = StatusPass
	case r.Warn:
		res.Status = StatusWarn
	default:
		res.Status = StatusFail
	}
}
