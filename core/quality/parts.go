package quality

import (
	"encoding/binary"
	"fmt"
	"math"
	"sort"

	"github.com/ingestkit/playground/core/table"

	"github.com/ingestkit/playground/core/internal/num"
	"github.com/ingestkit/playground/core/internal/par"
)

// CheckParts runs rules over a table held in parts (the same columns, rows
// in order, as table.ReadCSVParallel's parts or parts held by separate
// engines): the report [Check] gives for the whole table, figure for
// figure, its rows numbered across the parts (row r of part k is row
// r plus the rows of the parts before it). Each part's rows are checked
// at once; what needs the whole (a rule's status, "mostly", the samples,
// a value repeated across parts for "unique" and duplicate_count, the
// dataset checks) is settled after, from what the parts found.
func CheckParts(parts []*table.Table, rules []Rule, opts Options) (*Report, error) {
	if len(parts) == 0 {
		return nil, fmt.Errorf("quality: no parts to check")
	}
	if opts.Samples <= 0 {
		opts.Samples = 20
	}
	// Every part binds alike (the same columns): a binding error is the
	// first part's.
	bs := make([][]*bound, len(parts))
	for k, t := range parts {
		bs[k] = make([]*bound, len(rules))
		for i, r := range rules {
			b, err := bind(t, r)
			if err != nil {
				return nil, err
			}
			bs[k][i] = b
		}
	}
	first := make([]int, len(parts)+1)
	for k, t := range parts {
		first[k+1] = first[k] + t.Len()
	}
	n := first[len(parts)]
	// The parts' own findings, at once.
	found := make([][]Result, len(parts))
	firsts := make([][]map[string]int, len(parts)) // unique rules: each value's first row in the part
	latest := make([][]measure, len(parts))
	par.Each(len(parts), func(k int) {
		t := parts[k]
		found[k], firsts[k], latest[k] = make([]Result, len(rules)), make([]map[string]int, len(rules)), make([]measure, len(rules))
		for i, r := range rules {
			res, b := &found[k][i], bs[k][i]
			switch {
			case r.Kind == KindUnique || r.Kind == KindDuplicateCount:
				res.Nulls = b.col.NullCount()
				res.failing, res.reason = uniqueCheck(t, b.col)
				firsts[k][i] = firstRows(b.col, res.failing)
			case r.Kind == KindFreshness:
				latest[k][i].latest, latest[k][i].found = latestDate(b.col)
			case r.Kind.Dataset():
			default:
				rowCheck(t, r, b, res, opts)
			}
		}
	})
	partOf := func(row int) int { return sort.SearchInts(first[1:], row+1) }
	rep := &Report{Rows: n, Results: make([]Result, len(rules))}
	for i, r := range rules {
		res := &rep.Results[i]
		*res = newResult(r)
		// The failing rows, numbered across parts, and their reasons.
		var failing []int
		var reasons []func(int) string
		for k := range parts {
			f := &found[k][i]
			res.Nulls += f.Nulls
			res.Checked += f.Checked
			for _, row := range f.failing {
				failing = append(failing, first[k]+row)
			}
			reasons = append(reasons, f.reason)
		}
		var cross map[int]string // rows repeating a value of an earlier part: their reasons
		if r.Kind == KindUnique || r.Kind == KindDuplicateCount {
			local := make([][]int, len(parts))
			for k := range parts {
				local[k] = found[k][i].failing
			}
			failing, cross = crossRepeats(parts, bs, firsts, local, first, i, failing)
		}
		res.failing = failing
		res.reason = func(row int) string {
			if why, ok := cross[row]; ok {
				return why
			}
			k := partOf(row)
			return reasons[k](row - first[k])
		}
		latests := make([]measure, len(parts))
		for k := range parts {
			latests[k] = latest[k][i]
		}
		rep.settle(i, r, opts, n, latests)
	}
	rep.finish(opts, make([]bool, n), func(row int) int {
		k := partOf(row)
		return parts[k].Line(row - first[k])
	}, func(i, row int) string {
		k := partOf(row)
		return bs[k][i].col.Value(row - first[k])
	})
	return rep, nil
}

// settle decides rule i's status over the whole table of n rows, once its
// failing rows (numbered across parts) are in: a dataset check from what
// the parts measured (latests: each part's latest date, for freshness), a
// row rule from its failures.
func (rep *Report) settle(i int, r Rule, opts Options, n int, latests []measure) {
	res := &rep.Results[i]
	if !r.Kind.Dataset() {
		if r.Kind != KindNotNull {
			res.Checked = n - res.Nulls
		} else {
			res.Checked = n
		}
		rowStatus(r, res, n)
		return
	}
	m := measure{dups: len(res.failing)}
	if r.Kind == KindFreshness {
		m.latest = math.MinInt64
		for _, x := range latests {
			if x.found && x.latest >= m.latest {
				m.latest, m.found = x.latest, true
			}
		}
	}
	res.failing, res.reason = nil, nil
	datasetStatus(r, res, opts, n, m)
	if res.Status == StatusFail {
		rep.DatasetFailed = true
	}
}

// valueKey is a value as uniqueness compares it: text as it is, numbers
// by their value (-0 as 0).
func valueKey(c *table.Column, i int) string {
	var b [8]byte
	switch c.Type {
	case table.TypeString:
		return c.Str[i]
	case table.TypeInt, table.TypeTimestamp:
		binary.LittleEndian.PutUint64(b[:], uint64(c.Int[i]))
	case table.TypeDecimal:
		binary.LittleEndian.PutUint64(b[:], math.Float64bits(c.Dec[i]+0))
	case table.TypeBool:
		b[0] = num.Bit(c.Bool[i])
	}
	return string(b[:])
}

// firstRows returns each value's first row in c, the rows after it
// (failing, ascending) and nulls left out.
func firstRows(c *table.Column, failing []int) map[string]int {
	out := make(map[string]int, c.Len()-len(failing))
	f := 0
	for i := range c.Len() {
		if f < len(failing) && failing[f] == i {
			f++
			continue
		}
		if !c.IsNull(i) {
			out[valueKey(c, i)] = i
		}
	}
	return out
}

// crossRepeats adds to failing (rows numbered across parts, each part's
// ascending) the first rows of a part whose value an earlier part holds,
// and returns the whole list ascending, with the reasons of the rows
// whose value first appears in an earlier part (local: each part's own
// repeats, rows of the part).
func crossRepeats(parts []*table.Table, bs [][]*bound, firsts [][]map[string]int, local [][]int, first []int, i int, failing []int) ([]int, map[int]string) {
	seen := map[string]int{} // value → its first row, numbered across parts
	cross := map[int]string{}
	var extra []int
	for k := range parts {
		c := bs[k][i].col
		why := func(row, at int) string {
			pk := sort.SearchInts(first[1:], at+1)
			v := c.Value(row)
			if c.Type == table.TypeString {
				v = c.Str[row]
			}
			return fmt.Sprintf("%s must be unique: %s already appears on line %d", c.Name, quoteRule(v), parts[pk].Line(at-first[pk]))
		}
		if k > 0 {
			for _, row := range local[k] {
				if at, ok := seen[valueKey(c, row)]; ok {
					cross[first[k]+row] = why(row, at)
				}
			}
		}
		rows := make([]int, 0, len(firsts[k][i]))
		for _, row := range firsts[k][i] {
			rows = append(rows, row)
		}
		sort.Ints(rows)
		for _, row := range rows {
			key := valueKey(c, row)
			if at, ok := seen[key]; ok {
				g := first[k] + row
				extra = append(extra, g)
				cross[g] = why(row, at)
				continue
			}
			seen[key] = first[k] + row
		}
	}
	if len(extra) > 0 {
		failing = append(failing, extra...)
		sort.Ints(failing)
	}
	return failing, cross
}
