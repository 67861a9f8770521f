package core

import (
	"math"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// ColumnProfile is what data-quality tools show first about a column.
type ColumnProfile struct {
	Name     string `json:"name"`
	Type     string `json:"type"`
	Rows     int    `json:"rows"`
	Nulls    int    `json:"nulls"`
	Distinct int    `json:"distinct"` // exact up to DistinctLimit, then DistinctLimit (see DistinctCapped)
	// DistinctCapped is true when the column has more distinct values than
	// the profiler counts.
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

// ProfileSample is the number of rows above which distinct and top values
// are counted on an even sample of about this many rows.
const ProfileSample = 200_000

// TopValue is a value and how many rows hold it.
type TopValue struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}

// DistinctLimit is the number of distinct values a profile counts exactly.
const DistinctLimit = 100_000

// ProfileTable profiles every column of t. formats gives the date format
// of timestamp columns, as ReadCSV reports them (may be nil).
func ProfileTable(t *Table, formats map[string]string) []ColumnProfile {
	out := make([]ColumnProfile, len(t.Cols))
	for i, c := range t.Cols {
		out[i] = profileColumn(c, t.Len())
		out[i].Format = formats[c.Name]
	}
	return out
}

func profileColumn(c *Column, n int) ColumnProfile {
	p := ColumnProfile{Name: c.Name, Type: c.Type.String(), Rows: n, Nulls: c.NullCount(), Top: []TopValue{}}
	valid := n - p.Nulls
	if valid == 0 {
		return p
	}
	step := 1
	if n > ProfileSample {
		step = (n + ProfileSample - 1) / ProfileSample
	}
	scale := func(top []TopValue) []TopValue {
		if step > 1 {
			for i := range top {
				top[i].Count *= step
			}
		}
		return top
	}
	null := c.Null
	if c.Type == TypeString {
		// Lengths, min, max and leading zeros over every row; a value whose
		// text was just seen (a small table by length and three bytes) is
		// skipped, so a categorical column costs one comparison a row.
		var seen [1024]string
		var seenOK [1024]bool
		first := true
		for i, key := range c.Str {
			if null != nil && null[i] {
				continue
			}
			h := textSlot(key)
			if seenOK[h] && seen[h] == key {
				continue
			}
			seen[h], seenOK[h] = key, true
			// A value's length in characters lies between len/4 and len:
			// count its characters only when that could move MinLen or MaxLen.
			if first || len(key) > p.MaxLen || (len(key)+3)/4 < p.MinLen {
				l := utf8.RuneCountInString(key)
				if first {
					p.MinLen, p.MaxLen, p.Min, p.Max, first = l, l, key, key, false
				}
				p.MinLen, p.MaxLen = min(p.MinLen, l), max(p.MaxLen, l)
			}
			if key < p.Min {
				p.Min = key
			}
			if key > p.Max {
				p.Max = key
			}
			if !p.LeadingZero && len(key) > 1 && key[0] == '0' && isDigits(key) {
				p.LeadingZero = true
			}
		}
		// Distinct and top values over the sampled rows (every step-th).
		counts := make(map[string]int, distinctHint(n, step, func(i int) string { return c.Str[i] }))
		for i := 0; i < n; i += step {
			if null != nil && null[i] {
				continue
			}
			key := c.Str[i]
			if _, ok := counts[key]; ok || len(counts) < DistinctLimit {
				counts[key]++
			} else {
				p.DistinctCapped = true
			}
		}
		p.Distinct = len(counts)
		p.Top = scale(topValues(counts, func(k string) string { return k }))
		if step > 1 {
			p.Sampled, p.DistinctCapped = (n+step-1)/step, true
		}
		return p
	}
	// Min, max and sum over every row, one loop per storage type.
	lo, hi, sum := math.Inf(1), math.Inf(-1), 0.0
	switch c.Type {
	case TypeDecimal:
		for i, v := range c.Dec {
			if null == nil || !null[i] {
				lo, hi, sum = min(lo, v), max(hi, v), sum+v
			}
		}
	case TypeBool:
		for i, b := range c.Bool {
			if null == nil || !null[i] {
				v := float64(boolByte(b))
				lo, hi, sum = min(lo, v), max(hi, v), sum+v
			}
		}
	default:
		for i, x := range c.Int {
			if null == nil || !null[i] {
				v := float64(x)
				lo, hi, sum = min(lo, v), max(hi, v), sum+v
			}
		}
	}
	// Distinct and top values over the sampled rows, counted by value as
	// 64-bit keys: no text is made for a row unless it is among the top.
	key := func(i int) uint64 {
		switch c.Type {
		case TypeDecimal:
			return math.Float64bits(c.Dec[i] + 0)
		case TypeBool:
			return uint64(boolByte(c.Bool[i]))
		}
		return uint64(c.Int[i])
	}
	hint := distinctHint(n, step, key)
	counts := make(map[uint64]int, hint)
	firstRow := make(map[uint64]int, hint)
	for i := 0; i < n; i += step {
		if null != nil && null[i] {
			continue
		}
		k := key(i)
		if _, ok := counts[k]; ok {
			counts[k]++
		} else if len(counts) < DistinctLimit {
			counts[k] = 1
			firstRow[k] = i
		} else {
			p.DistinctCapped = true
		}
	}
	p.Distinct = len(counts)
	p.Min, p.Max = numText(c, lo), numText(c, hi)
	if c.Type == TypeInt || c.Type == TypeDecimal {
		p.Mean = sum / float64(valid)
	}
	if c.Type != TypeBool {
		p.Histogram = histogram(c, n, lo, hi)
	}
	p.Top = scale(topValues(counts, func(k uint64) string { return c.Value(firstRow[k]) }))
	if step > 1 {
		p.Sampled, p.DistinctCapped = (n+step-1)/step, true
	}
	return p
}

// distinctHint sizes the map that counts a column's distinct values: when
// the first 512 sampled rows hold as many distinct values as rows, the
// column looks like identifiers and the map is made for every sampled row
// (up to DistinctLimit) instead of growing, and rehashing, as it fills.
func distinctHint[K comparable](n, step int, key func(int) K) int {
	seen := map[K]bool{}
	rows := 0
	for i := 0; i < n && rows < 512; i += step {
		seen[key(i)] = true
		rows++
	}
	if rows < 512 || len(seen) < rows*9/10 {
		return len(seen)
	}
	return min((n+step-1)/step, DistinctLimit)
}

// topValues returns the 8 most frequent values, most frequent first, ties
// in text order so the result is stable.
func topValues[K string | uint64](counts map[K]int, text func(K) string) []TopValue {
	type kv struct {
		k K
		n int
	}
	// One pass keeps the 8 highest counts; among equal counts the smallest
	// keys (for text, the first in text order), so the choice never depends
	// on the map's order.
	better := func(a, b kv) bool { return a.n > b.n || a.n == b.n && a.k < b.k }
	best := make([]kv, 0, 9)
	for k, n := range counts {
		x := kv{k, n}
		if len(best) == 8 && !better(x, best[7]) {
			continue
		}
		best = append(best, x)
		for i := len(best) - 1; i > 0 && better(best[i], best[i-1]); i-- {
			best[i], best[i-1] = best[i-1], best[i]
		}
		best = best[:min(len(best), 8)]
	}
	top := make([]TopValue, len(best))
	for i, x := range best {
		top[i] = TopValue{text(x.k), x.n}
	}
	// Shown by count, then in text order. sort.Slice, not slices.SortFunc:
	// this cold path need not add a generic sort to the WebAssembly download.
	sort.Slice(top, func(a, b int) bool {
		if top[a].Count != top[b].Count {
			return top[a].Count > top[b].Count
		}
		return top[a].Value < top[b].Value
	})
	return top
}

func numText(c *Column, v float64) string {
	switch c.Type {
	case TypeTimestamp:
		return FormatTimestamp(int64(v))
	case TypeInt:
		return strconv.FormatInt(int64(v), 10)
	case TypeBool:
		return strconv.FormatBool(v != 0)
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

func histogram(c *Column, n int, lo, hi float64) []int {
	h := make([]int, 10)
	width := (hi - lo) / 10
	for i := 0; i < n; i++ {
		if c.IsNull(i) {
			continue
		}
		var v float64
		if c.Type == TypeDecimal {
			v = c.Dec[i]
		} else {
			v = float64(c.Int[i])
		}
		k := 0
		if width > 0 {
			k = int((v - lo) / width)
		}
		h[min(max(k, 0), 9)]++
	}
	return h
}

// SuggestRules proposes rules from profiles, in the rule language: "not
// null" for a column without nulls, "unique" for one whose values are all
// different, "in (…)" for text with a handful of values, a range for
// numbers and dates, and "is date" / "is number" for text that almost always
// is one. Each suggestion is one line of rule text.
func SuggestRules(t *Table, profiles []ColumnProfile) []string {
	var out []string
	for k, p := range profiles {
		valid := p.Rows - p.Nulls
		if p.Rows == 0 || valid == 0 {
			continue
		}
		name := columnText(p.Name)
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
					vals[i] = quoteRule(v.Value)
				}
				if len(p.Top) == p.Distinct {
					sort.Sort(sort.StringSlice(vals))
					out = append(out, name+" in ("+strings.Join(vals, ", ")+")")
				}
			}
			if p.MinLen == p.MaxLen && p.MinLen > 0 && p.Distinct > 12 {
				out = append(out, name+" length = "+strconv.Itoa(p.MinLen))
			}
			c := t.Cols[k]
			if share(c, func(s string) bool { _, _, ok := ParseTimestamp(s); return ok }) >= 0.75 {
				out = append(out, name+" is date")
			} else if !p.LeadingZero && share(c, func(s string) bool { _, ok := ParseDecimal(trimSpace(s)); return ok }) >= 0.75 {
				out = append(out, name+" is number")
			}
		case "integer", "decimal":
			lo, _ := ParseDecimal(p.Min)
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

// share returns the fraction of non-null values of a text column for which
// ok holds, from a sample of at most 1,000 values.
func share(c *Column, ok func(string) bool) float64 {
	seen, good := 0, 0
	step := max(1, len(c.Str)/1000)
	for i := 0; i < len(c.Str); i += step {
		if c.IsNull(i) {
			continue
		}
		seen++
		if ok(c.Str[i]) {
			good++
		}
	}
	if seen == 0 {
		return 0
	}
	return float64(good) / float64(seen)
}
