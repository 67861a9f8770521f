// Package profile describes a table's columns the way data-quality tools
// show them first: nulls, distinct and most frequent values, minimum and
// maximum, lengths and a histogram ([Columns]); and proposes rules in the
// engine's rule language from what it found ([SuggestRules]), for a
// learner's own file before any rule is written.
//
// Minimum, maximum, mean, lengths and histograms cover every row; distinct
// and top values of a large column are counted on an even sample (see
// [SampleRows]), and exactly up to [DistinctLimit] distinct values. The
// same table gives the same profile, byte for byte, on every platform. The
// JSON of a [Column] is what the page's Your data tab receives (through
// the engine's API, wasm/api) and draws.
package profile

import (
	"math"
	"math/bits"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/ingestkit/playground/core/quality"
	"github.com/ingestkit/playground/core/table"

	"github.com/ingestkit/playground/core/internal/fast"
	"github.com/ingestkit/playground/core/internal/num"
)

// Column is what data-quality tools show first about a column.
type Column struct {
	Name     string `json:"name"`
	Type     string `json:"type"` // string, integer, decimal, boolean or timestamp
	Rows     int    `json:"rows"`
	Nulls    int    `json:"nulls"`
	Distinct int    `json:"distinct"` // exact up to DistinctLimit, then DistinctLimit (see DistinctCapped)
	// DistinctCapped is true when Distinct is a lower bound: the column has
	// more distinct values than the profiler counts, or they were counted
	// on a sample (see Sampled). SuggestRules then proposes neither
	// "unique" nor "in (…)".
	DistinctCapped bool       `json:"distinctCapped"`
	Min            string     `json:"min"` // as text; for strings the shortest and longest lengths are in MinLen/MaxLen
	Max            string     `json:"max"`
	Mean           float64    `json:"mean"`   // numbers only
	MinLen         int        `json:"minLen"` // strings only
	MaxLen         int        `json:"maxLen"`
	Top            []TopValue `json:"top"`         // up to 8 most frequent values, most frequent first
	Histogram      []int      `json:"histogram"`   // numbers and dates: counts in 10 equal bins from Min to Max
	Format         string     `json:"format"`      // dates: the format found in the file
	LeadingZero    bool       `json:"leadingZero"` // text that looks like a code with leading zeros ("00501")
	// Sampled is the number of rows that distinct and top values were
	// counted on when the column is large (every k-th row); 0 means all.
	// Top counts are then scaled up to the whole column, and Distinct is a
	// lower bound (DistinctCapped is set).
	Sampled int `json:"sampled"`
}

// SampleRows is the number of rows above which distinct and top values
// are counted on an even sample of about this many rows.
const SampleRows = 200_000

// TopValue is a value and how many rows hold it.
type TopValue struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}

// DistinctLimit is the number of distinct values a profile counts exactly.
const DistinctLimit = 100_000

// Columns profiles every column of t, in t's order. formats gives the
// date format of timestamp columns, as [table.CSVResult.Formats] reports
// them (may be nil).
func Columns(t *table.Table, formats map[string]string) []Column {
	out := make([]Column, len(t.Cols))
	for i, c := range t.Cols {
		out[i] = column(c, t.Len())
		out[i].Format = formats[c.Name]
	}
	return out
}

func column(c *table.Column, n int) Column {
	p := Column{Name: c.Name, Type: c.Type.String(), Rows: n, Nulls: c.NullCount(), Top: []TopValue{}}
	valid := n - p.Nulls
	if valid == 0 {
		return p
	}
	step := 1
	if n > SampleRows {
		step = (n + SampleRows - 1) / SampleRows
	}
	scale := func(top []TopValue) []TopValue {
		if step > 1 {
			for i := range top {
				top[i].Count *= step
			}
		}
		return top
	}
	if c.Type == table.TypeString {
		profileText(&p, c, n, step)
		p.Top = scale(p.Top)
		if step > 1 {
			p.Sampled, p.DistinctCapped = (n+step-1)/step, true
		}
		return p
	}
	lo, hi, mean := numStats(c)
	p.Min, p.Max = numText(c, lo), numText(c, hi)
	if c.Type == table.TypeInt || c.Type == table.TypeDecimal {
		p.Mean = mean.Float64() / float64(valid)
	}
	if c.Type != table.TypeBool {
		p.Histogram = histogram(c, n, lo, hi)
	}
	p.Top = scale(profileNumbers(&p, c, n, step))
	if step > 1 {
		p.Sampled, p.DistinctCapped = (n+step-1)/step, true
	}
	return p
}

// numStats returns the minimum, maximum and exact sum of a number, date or
// boolean column's values, over every row, one loop per storage type.
// Plain comparisons, not min and max: for floats those are calls (for
// NaN, which no column holds) in WebAssembly. The sum is exact (see
// num.Sum: integers in an int64 while they fit), so that parts of a
// column give the whole's mean (see Part).
func numStats(c *table.Column) (lo, hi float64, sum num.Sum) {
	null := c.Null
	lo, hi = math.Inf(1), math.Inf(-1)
	switch c.Type {
	case table.TypeDecimal:
		for i, v := range c.Dec {
			if null == nil || !null[i] {
				if v < lo {
					lo = v
				}
				if v > hi {
					hi = v
				}
				sum.Add(v)
			}
		}
	case table.TypeBool:
		trues := 0
		for i, b := range c.Bool {
			if null == nil || !null[i] {
				v := float64(num.Bit(b))
				lo, hi, trues = min(lo, v), max(hi, v), trues+int(num.Bit(b))
			}
		}
		sum.Add(float64(trues))
	default:
		ilo, ihi := int64(math.MaxInt64), int64(math.MinInt64)
		var isum int64
		for i, x := range c.Int {
			if null == nil || !null[i] {
				if x < ilo {
					ilo = x
				}
				if x > ihi {
					ihi = x
				}
				if s := isum + x; (isum^s)&(x^s) >= 0 {
					isum = s
				} else { // it would overflow
					addInt(&sum, x)
				}
			}
		}
		addInt(&sum, isum)
		lo, hi = float64(ilo), float64(ihi)
	}
	return lo, hi, sum
}

// addInt adds x to s exactly: as two floats, each exact.
func addInt(s *num.Sum, x int64) {
	hi := x &^ (1<<32 - 1)
	s.Add(float64(hi))
	s.Add(float64(x - hi))
}

// sampledKeys returns a number, date or boolean column's values at the
// sampled rows (every step-th from row from, nulls left out) as 64-bit
// keys whose order as unsigned numbers is the values' order (decimals:
// their bits, so equal values, and only they, share a key).
func sampledKeys(c *table.Column, n, from, step int) []uint64 {
	if from >= n {
		return nil
	}
	keys := make([]uint64, 0, (n-from+step-1)/step)
	null := c.Null
	switch c.Type {
	case table.TypeDecimal:
		for i := from; i < n; i += step {
			if null == nil || !null[i] {
				keys = append(keys, math.Float64bits(c.Dec[i]+0))
			}
		}
	case table.TypeBool:
		for i := from; i < n; i += step {
			if null == nil || !null[i] {
				keys = append(keys, uint64(num.Bit(c.Bool[i])))
			}
		}
	default:
		for i := from; i < n; i += step {
			if null == nil || !null[i] {
				keys = append(keys, uint64(c.Int[i])^1<<63)
			}
		}
	}
	return keys
}

// profileNumbers counts the distinct values of a number, date or boolean
// column over the sampled rows (every step-th) and returns the top values,
// the text of each that of the first row holding it. Keys within a small
// range (ids, quantities, booleans) are counted in an array indexed by the
// key, others in an open-addressing table: no Go map, whose hashing is
// slow in WebAssembly.
func profileNumbers(p *Column, c *table.Column, n, step int) []TopValue {
	// Each key less the smallest: a column of small numbers or of ids
	// from 1 gives small keys.
	keys := sampledKeys(c, n, 0, step)
	base := uint64(math.MaxUint64)
	for _, k := range keys {
		base = min(base, k)
	}
	for i := range keys {
		keys[i] -= base
	}
	type run struct {
		k uint64
		n int
	}
	// The 8 highest counts, the smallest keys first among equal counts.
	better := func(a, b run) bool { return a.n > b.n || a.n == b.n && a.k < b.k }
	best := make([]run, 0, 9)
	distinct := 0
	add := func(k uint64, count int) {
		distinct++
		best = keepTop(best, run{k, count}, better)
	}
	span := uint64(0)
	for _, k := range keys {
		span = max(span, k)
	}
	if span < uint64(4*len(keys)+4096) {
		count := make([]int32, span+1)
		for _, k := range keys {
			count[k]++
		}
		for k, m := range count {
			if m > 0 {
				add(uint64(k), int(m))
			}
		}
	} else {
		size := 1024
		for size < 2*len(keys) {
			size *= 2
		}
		shift := 64 - uint(bits.TrailingZeros(uint(size)))
		slotKey := make([]uint64, size)
		slotCount := make([]int32, size) // 0: empty
		for _, k := range keys {
			h := int((k * 0x9E3779B97F4A7C15) >> shift)
			for slotCount[h] != 0 && slotKey[h] != k {
				h = (h + 1) & (size - 1)
			}
			slotKey[h] = k
			slotCount[h]++
		}
		for h, m := range slotCount {
			if m > 0 {
				add(slotKey[h], int(m))
			}
		}
	}
	p.Distinct = min(distinct, DistinctLimit)
	p.DistinctCapped = distinct > DistinctLimit
	// The first sampled row of each top value gives its text.
	top := make([]TopValue, len(best))
	found := 0
	for j, i := 0, 0; i < n && found < len(best); i += step {
		if c.IsNull(i) {
			continue
		}
		for b, x := range best {
			if x.k == keys[j] && top[b].Count == 0 {
				top[b] = TopValue{c.Value(i), x.n}
				found++
			}
		}
		j++
	}
	sortTop(top)
	return top
}

// profileText fills the text statistics of a string column: lengths,
// min, max and leading zeros over every row, distinct and top values over
// the sampled rows (every step-th). The values are counted in a slice: a
// small table indexed by a few bytes of the text finds a repeated value
// with one short comparison, and only a value missing from it is looked up
// in a map — which matters in WebAssembly, where Go's string hash has no
// hardware help.
func profileText(p *Column, c *table.Column, n, step int) {
	var tr textRange
	see := tr.see
	null := c.Null
	if step > 1 {
		// The sampled rows are not all rows: see every row.
		seeEveryText(c, see)
	}
	type entry struct {
		key string
		n   int
	}
	slots := make([]int32, 1<<14) // an entry's index + 1
	ents := make([]entry, 0, 64)
	index := make(map[string]int32, 64)
	for i := 0; i < n; i += step {
		if null != nil && null[i] {
			continue
		}
		key := c.Str[i]
		h := slotOf(key)
		if j := slots[h] - 1; j >= 0 && fast.SameText(ents[j].key, key) {
			ents[j].n++
			continue
		}
		j, ok := index[key]
		if !ok {
			if len(ents) == DistinctLimit {
				p.DistinctCapped = true
				if step == 1 {
					see(key)
				}
				continue
			}
			j = int32(len(ents))
			index[key] = j
			ents = append(ents, entry{key, 0})
			if step == 1 {
				see(key) // every row is sampled: every value is seen here
			}
		}
		slots[h] = j + 1
		ents[j].n++
	}
	p.Distinct = len(ents)
	better := func(a, b entry) bool { return a.n > b.n || a.n == b.n && a.key < b.key }
	best := make([]entry, 0, 9)
	for _, x := range ents {
		best = keepTop(best, x, better)
	}
	p.Top = make([]TopValue, len(best))
	for i, x := range best {
		p.Top[i] = TopValue{x.key, x.n}
	}
	sortTop(p.Top)
	p.MinLen, p.MaxLen, p.Min, p.Max, p.LeadingZero = tr.minLen, tr.maxLen, tr.min, tr.max, tr.leadingZero
}

// textRange is the range of a text column's values: shortest and longest
// (in characters), first and last in text order, and whether one looks
// like a code with leading zeros ("00501").
type textRange struct {
	seen           bool
	minLen, maxLen int
	min, max       string
	leadingZero    bool
}

// see takes a value into the range. A value's length in characters lies
// between len/4 and len: its characters are counted only when that could
// move minLen or maxLen.
func (r *textRange) see(key string) {
	if !r.seen || len(key) > r.maxLen || (len(key)+3)/4 < r.minLen {
		l := utf8.RuneCountInString(key)
		if !r.seen {
			r.minLen, r.maxLen, r.min, r.max, r.seen = l, l, key, key, true
		}
		r.minLen, r.maxLen = min(r.minLen, l), max(r.maxLen, l)
	}
	r.min, r.max = min(r.min, key), max(r.max, key)
	if !r.leadingZero && len(key) > 1 && key[0] == '0' && num.IsDigits(key) {
		r.leadingZero = true
	}
}

// seeEveryText calls see with the value of every non-null row of a text
// column, but for a value whose text was just seen (a small table by a few
// bytes of the text finds most repeats at once).
func seeEveryText(c *table.Column, see func(string)) {
	null := c.Null
	seen := make([]string, 1<<14)
	seenOK := make([]bool, 1<<14)
	for i, key := range c.Str {
		if null != nil && null[i] {
			continue
		}
		h := slotOf(key)
		if seenOK[h] && fast.SameText(seen[h], key) {
			continue
		}
		seen[h], seenOK[h] = key, true
		see(key)
	}
}

// slotOf places a text in a 16,384-slot table by its length and up to twelve
// of its bytes (the first, middle and last four): codes such as C00042 or
// 2025-03-01 that differ in one character land in different slots.
func slotOf(s string) int {
	n := len(s)
	x := uint32(n) * 0x9E3779B1
	if n >= 4 {
		x ^= uint32(s[0]) | uint32(s[1])<<8 | uint32(s[2])<<16 | uint32(s[3])<<24
		x = (x ^ x>>15) * 0x2C1B3C6D
		x ^= uint32(s[n-4]) | uint32(s[n-3])<<8 | uint32(s[n-2])<<16 | uint32(s[n-1])<<24
		if n >= 12 {
			m := n/2 - 2
			x = (x ^ x>>15) * 0x297A2D39
			x ^= uint32(s[m]) | uint32(s[m+1])<<8 | uint32(s[m+2])<<16 | uint32(s[m+3])<<24
		}
	} else if n > 0 {
		x ^= uint32(s[0]) | uint32(s[n/2])<<8 | uint32(s[n-1])<<16
	}
	x = (x ^ x>>16) * 0x85EBCA6B
	return int(x >> 18)
}

// keepTop adds x to best, the up to 8 best items so far in order, if it
// is among them: one pass over a column's counts finds its top values.
func keepTop[T any](best []T, x T, better func(a, b T) bool) []T {
	if len(best) == 8 && !better(x, best[7]) {
		return best
	}
	best = append(best, x)
	for j := len(best) - 1; j > 0 && better(best[j], best[j-1]); j-- {
		best[j], best[j-1] = best[j-1], best[j]
	}
	return best[:min(len(best), 8)]
}

// sortTop orders top values by count, then in text order. sort.Slice,
// not slices.SortFunc: this cold path need not add a generic sort to the
// WebAssembly download.
func sortTop(top []TopValue) {
	sort.Slice(top, func(a, b int) bool {
		if top[a].Count != top[b].Count {
			return top[a].Count > top[b].Count
		}
		return top[a].Value < top[b].Value
	})
}

func numText(c *table.Column, v float64) string {
	switch c.Type {
	case table.TypeTimestamp:
		return table.FormatTimestamp(int64(v))
	case table.TypeInt:
		return strconv.FormatInt(int64(v), 10)
	case table.TypeBool:
		return strconv.FormatBool(v != 0)
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

func histogram(c *table.Column, n int, lo, hi float64) []int {
	h := make([]int, 10)
	width := (hi - lo) / 10
	null := c.Null
	bin := func(v float64) {
		k := 0
		if width > 0 {
			k = int((v - lo) / width)
		}
		h[min(max(k, 0), 9)]++
	}
	if c.Type == table.TypeDecimal {
		for i, v := range c.Dec[:n] {
			if null == nil || !null[i] {
				bin(v)
			}
		}
		return h
	}
	for i, x := range c.Int[:n] {
		if null == nil || !null[i] {
			bin(float64(x))
		}
	}
	return h
}

// SuggestRules proposes rules from profiles, which must be [Columns] of t
// (same columns, same order), in the rule language: "not null" for a
// column without nulls, "unique" for one whose values are all different
// (counted exactly), "in (…)" for text with a handful of values, "length =
// N" for codes of one length, ">= 0" and "between" for numbers,
// "not in future" for dates, and "is date" / "is number" for text that
// almost always is one. Each suggestion is one line of rule text that
// quality.Parse reads back.
func SuggestRules(t *table.Table, profiles []Column) []string {
	return SuggestRulesFrom(profiles, func(k int) []string { return ShareSample(t.Cols[k], 0, t.Len()) })
}

// SuggestRulesFrom is SuggestRules of a table that engines of their own
// hold in parts: sample(k) is the non-null values of text column k at the
// rows ShareSample samples, from every part in row order.
func SuggestRulesFrom(profiles []Column, sample func(k int) []string) []string {
	var out []string
	for k, p := range profiles {
		valid := p.Rows - p.Nulls
		if p.Rows == 0 || valid == 0 {
			continue
		}
		name := quality.ColumnText(p.Name)
		if p.Nulls == 0 {
			out = append(out, name+" not null")
		}
		if p.Distinct == valid && !p.DistinctCapped && valid > 1 && (p.Type == "string" || p.Type == "integer") {
			out = append(out, name+" unique")
		}
		switch p.Type {
		case "string":
			if p.Distinct <= 12 && p.Distinct*2 <= valid && !p.DistinctCapped {
				vals := make([]string, len(p.Top))
				for i, v := range p.Top {
					vals[i] = quality.Literal{Kind: quality.LitString, Str: v.Value}.String()
				}
				if len(p.Top) == p.Distinct {
					sort.Sort(sort.StringSlice(vals))
					out = append(out, name+" in ("+strings.Join(vals, ", ")+")")
				}
			}
			if p.MinLen == p.MaxLen && p.MinLen > 0 && p.Distinct > 12 {
				out = append(out, name+" length = "+strconv.Itoa(p.MinLen))
			}
			vals := sample(k)
			if share(vals, func(s string) bool { _, _, ok := table.ParseTimestamp(s); return ok }) >= 0.75 {
				out = append(out, name+" is date")
			} else if !p.LeadingZero && share(vals, func(s string) bool { _, ok := table.ParseDecimal(strings.Trim(s, " \t")); return ok }) >= 0.75 {
				out = append(out, name+" is number")
			}
		case "integer", "decimal":
			lo, _ := table.ParseDecimal(p.Min)
			if lo >= 0 {
				out = append(out, name+" >= 0")
			}
			out = append(out, name+" between "+p.Min+" and "+p.Max)
		case "timestamp":
			out = append(out, name+" not in future")
		}
	}
	return out
}

// ShareSample returns the non-null values of c, a text column holding rows
// first… of a table of total rows, at the rows the rule suggestions
// sample: every total/1000-th row of the whole.
func ShareSample(c *table.Column, first, total int) []string {
	if c.Type != table.TypeString {
		return nil
	}
	step := max(1, total/1000)
	var out []string
	for i := (step - first%step) % step; i < len(c.Str); i += step {
		if !c.IsNull(i) {
			out = append(out, c.Str[i])
		}
	}
	return out
}

// share returns the fraction of vals for which ok holds.
func share(vals []string, ok func(string) bool) float64 {
	if len(vals) == 0 {
		return 0
	}
	good := 0
	for _, v := range vals {
		if ok(v) {
			good++
		}
	}
	return float64(good) / float64(len(vals))
}
