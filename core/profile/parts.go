package profile

import (
	"math"
	"slices"

	"github.com/ingestkit/playground/core/table"

	"github.com/ingestkit/playground/core/internal/fast"
	"github.com/ingestkit/playground/core/internal/num"
	"github.com/ingestkit/playground/core/internal/par"
)

// A table read in parts (table.ReadCSVParallel's parts, or parts held by
// separate engines) is profiled part by part and the results merged, with
// the whole table's profile as the result, figure for figure:
//
//  1. each part: [NewPart] (counts, sums, minimum and maximum);
//  2. once: [Merge] of the parts, which says what each part is to add;
//  3. each part: [Part.Finish] (histogram bins and the text of top
//     values, which need the whole column's range and top values);
//  4. once: [Merged.Columns] of the finished parts.
//
// [ColumnsOfParts] runs the four steps on tables in memory, the parts at
// once.

// Part is the profile of a part of a table: rows first to first+len-1 of
// a table of total rows. Distinct and top values are counted on the whole
// table's sample (every step-th row of the whole), and without a limit,
// so that parts merge exactly.
type Part struct {
	first, total, rows int
	cols               []partCol
}

type partCol struct {
	name  string
	typ   table.Type
	nulls int
	// Numbers, dates and booleans: range and exact sum over every row;
	// the sampled rows' keys (see sampledKeys, without the base) and how
	// many rows hold each, keys ascending.
	lo, hi float64
	sum    num.Sum
	keys   []uint64
	counts []int
	// Text: lengths, range and leading zeros over every row; the sampled
	// rows' values in the order first seen, with their counts.
	textRange
	texts []string
}

// stepOf is the sampling step of a table of n rows.
func stepOf(n int) int {
	if n > SampleRows {
		return (n + SampleRows - 1) / SampleRows
	}
	return 1
}

// NewPart profiles t, rows first… of a table of total rows.
func NewPart(t *table.Table, first, total int) *Part {
	p := &Part{first: first, total: total, rows: t.Len(), cols: make([]partCol, len(t.Cols))}
	step := stepOf(total)
	// The part's first sampled row: the whole table samples rows 0, step, 2·step…
	from := (step - first%step) % step
	for j, c := range t.Cols {
		pc := partCol{name: c.Name, typ: c.Type, nulls: c.NullCount()}
		if pc.nulls < t.Len() {
			if c.Type == table.TypeString {
				pc.scanText(c, from, step)
			} else {
				pc.lo, pc.hi, pc.sum = numStats(c)
				pc.keys, pc.counts = countKeys(c, from, step)
			}
		}
		p.cols[j] = pc
	}
	return p
}

// countKeys returns the distinct keys of the sampled rows, ascending, and
// how many rows hold each.
func countKeys(c *table.Column, from, step int) ([]uint64, []int) {
	n := c.Len()
	var keys []uint64
	if from < n {
		keys = sampledKeys(c, n, from, step)
	}
	slices.Sort(keys)
	var out []uint64
	var counts []int
	for i, k := range keys {
		if i > 0 && k == keys[i-1] {
			counts[len(counts)-1]++
			continue
		}
		out, counts = append(out, k), append(counts, 1)
	}
	return out, counts
}

func (pc *partCol) scanText(c *table.Column, from, step int) {
	seeEveryText(c, pc.see)
	null := c.Null
	// The sampled rows' values, counted behind the same kind of cache.
	slots := make([]int32, 1<<14) // a value's index + 1
	index := map[string]int32{}
	for i := from; i < len(c.Str); i += step {
		if null != nil && null[i] {
			continue
		}
		key := c.Str[i]
		h := slotOf(key)
		if k := slots[h] - 1; k >= 0 && fast.SameText(pc.texts[k], key) {
			pc.counts[k]++
			continue
		}
		k, ok := index[key]
		if !ok {
			k = int32(len(pc.texts))
			index[key] = k
			pc.texts, pc.counts = append(pc.texts, key), append(pc.counts, 0)
		}
		slots[h] = k + 1
		pc.counts[k]++
	}
}

// Merged is the merge of a table's parts: the whole's counts, and what
// each part is to add in Finish.
type Merged struct {
	total int
	cols  []mergedCol
}

type mergedCol struct {
	name     string
	typ      table.Type
	nulls    int
	lo, hi   float64
	sum      num.Sum
	distinct int
	capped   bool
	top      []keyCount // numbers: the top keys, best first
	topText  []TopValue // text: the top values
	textRange
}

type keyCount struct {
	k uint64
	n int
}

// Merge merges the parts of a table, in row order.
func Merge(parts []*Part) *Merged {
	m := &Merged{}
	if len(parts) == 0 {
		return m
	}
	m.total = parts[0].total
	m.cols = make([]mergedCol, len(parts[0].cols))
	for j := range m.cols {
		mc := &m.cols[j]
		mc.name, mc.typ = parts[0].cols[j].name, parts[0].cols[j].typ
		mc.lo, mc.hi = math.Inf(1), math.Inf(-1)
		for _, p := range parts {
			pc := &p.cols[j]
			mc.nulls += pc.nulls
			if pc.typ == table.TypeString {
				mc.mergeText(pc)
				continue
			}
			if pc.nulls < p.rows {
				// Strictly less, strictly more, as numStats keeps the
				// first of equal values: of 0 and -0 the first part's.
				if pc.lo < mc.lo {
					mc.lo = pc.lo
				}
				if pc.hi > mc.hi {
					mc.hi = pc.hi
				}
				mc.sum.Merge(&pc.sum)
			}
		}
		if mc.typ == table.TypeString {
			mc.finishText(parts, j)
		} else {
			mc.countNumbers(parts, j)
		}
	}
	return m
}

func (mc *mergedCol) mergeText(pc *partCol) {
	if !pc.seen {
		return
	}
	if !mc.seen {
		mc.textRange = pc.textRange
	}
	mc.minLen, mc.maxLen = min(mc.minLen, pc.minLen), max(mc.maxLen, pc.maxLen)
	mc.min, mc.max = min(mc.min, pc.min), max(mc.max, pc.max)
	mc.leadingZero = mc.leadingZero || pc.leadingZero
}

// finishText counts the whole's sampled values as Columns does: the
// first DistinctLimit distinct values in row order, every row of each.
func (mc *mergedCol) finishText(parts []*Part, j int) {
	type entry struct {
		key string
		n   int
	}
	index := map[string]int{}
	var ents []entry
	for _, p := range parts {
		pc := &p.cols[j]
		for i, key := range pc.texts {
			k, ok := index[key]
			if !ok {
				if len(ents) == DistinctLimit {
					mc.capped = true
					continue
				}
				k = len(ents)
				index[key] = k
				ents = append(ents, entry{key, 0})
			}
			ents[k].n += pc.counts[i]
		}
	}
	mc.distinct = len(ents)
	better := func(a, b entry) bool { return a.n > b.n || a.n == b.n && a.key < b.key }
	best := make([]entry, 0, 9)
	for _, x := range ents {
		best = keepTop(best, x, better)
	}
	mc.topText = make([]TopValue, len(best))
	for i, x := range best {
		mc.topText[i] = TopValue{x.key, x.n}
	}
}

// countNumbers merges the parts' key counts and keeps the top keys.
func (mc *mergedCol) countNumbers(parts []*Part, j int) {
	// The parts' keys are ascending: merged two lists at a time.
	var all []keyCount
	for _, p := range parts {
		pc := &p.cols[j]
		merged := make([]keyCount, 0, len(all)+len(pc.keys))
		a := 0
		for i, k := range pc.keys {
			for a < len(all) && all[a].k < k {
				merged = append(merged, all[a])
				a++
			}
			merged = append(merged, keyCount{k, pc.counts[i]})
		}
		all = append(merged, all[a:]...)
	}
	better := func(a, b keyCount) bool { return a.n > b.n || a.n == b.n && a.k < b.k }
	best := make([]keyCount, 0, 9)
	distinct := 0
	for i := 0; i < len(all); {
		x := all[i]
		for i++; i < len(all) && all[i].k == x.k; i++ {
			x.n += all[i].n
		}
		distinct++
		best = keepTop(best, x, better)
	}
	mc.distinct, mc.capped, mc.top = min(distinct, DistinctLimit), distinct > DistinctLimit, best
}

// Finished is what a part adds once the parts are merged: its rows'
// histogram bins over the whole column's range, and the text of the top
// values it holds first.
type Finished struct {
	hist  [][]int
	texts [][]string // per column, per top key: "" when the part has none
	found [][]bool
}

// Finish adds t's share, t being the part that p profiled.
func (p *Part) Finish(t *table.Table, m *Merged) *Finished {
	f := &Finished{hist: make([][]int, len(t.Cols)), texts: make([][]string, len(t.Cols)), found: make([][]bool, len(t.Cols))}
	step := stepOf(p.total)
	from := (step - p.first%step) % step
	for j, c := range t.Cols {
		mc := &m.cols[j]
		if c.Type == table.TypeString || mc.nulls == m.total {
			continue
		}
		if c.Type != table.TypeBool {
			f.hist[j] = histogram(c, c.Len(), mc.lo, mc.hi)
		}
		f.texts[j], f.found[j] = make([]string, len(mc.top)), make([]bool, len(mc.top))
		if len(p.cols[j].keys) == 0 {
			continue
		}
		want := map[uint64]int{}
		for b, x := range mc.top {
			want[x.k] = b
		}
		keys := sampledKeys(c, c.Len(), from, step)
		left := len(mc.top)
		for i, r := from, 0; i < c.Len() && left > 0; i += step {
			if c.IsNull(i) {
				continue
			}
			if b, ok := want[keys[r]]; ok && !f.found[j][b] {
				f.texts[j][b], f.found[j][b] = c.Value(i), true
				left--
			}
			r++
		}
	}
	return f
}

// Columns returns the whole table's profile, the parts' Finished in row
// order; formats as for [Columns].
func (m *Merged) Columns(parts []*Finished, formats map[string]string) []Column {
	out := make([]Column, len(m.cols))
	n := m.total
	step := stepOf(n)
	for j := range m.cols {
		mc := &m.cols[j]
		p := Column{Name: mc.name, Type: mc.typ.String(), Rows: n, Nulls: mc.nulls, Top: []TopValue{}, Format: formats[mc.name]}
		valid := n - mc.nulls
		if valid > 0 {
			if mc.typ == table.TypeString {
				p.MinLen, p.MaxLen, p.Min, p.Max, p.LeadingZero = mc.minLen, mc.maxLen, mc.min, mc.max, mc.leadingZero
				p.Distinct, p.DistinctCapped, p.Top = mc.distinct, mc.capped, slices.Clone(mc.topText)
				sortTop(p.Top)
			} else {
				c := &table.Column{Type: mc.typ}
				p.Min, p.Max = numText(c, mc.lo), numText(c, mc.hi)
				if mc.typ == table.TypeInt || mc.typ == table.TypeDecimal {
					p.Mean = mc.sum.Float64() / float64(valid)
				}
				if mc.typ != table.TypeBool {
					p.Histogram = make([]int, 10)
					for _, f := range parts {
						for b, x := range f.hist[j] {
							p.Histogram[b] += x
						}
					}
				}
				p.Distinct, p.DistinctCapped = mc.distinct, mc.capped
				p.Top = make([]TopValue, len(mc.top))
				for b, x := range mc.top {
					p.Top[b].Count = x.n
					for _, f := range parts {
						if f.found[j][b] {
							p.Top[b].Value = f.texts[j][b]
							break
						}
					}
				}
				sortTop(p.Top)
			}
			if step > 1 {
				for i := range p.Top {
					p.Top[i].Count *= step
				}
				p.Sampled, p.DistinctCapped = (n+step-1)/step, true
			}
		}
		out[j] = p
	}
	return out
}

// ColumnsOfParts profiles a table held in parts (the same columns, rows
// in order), the parts at once: the same profile as [Columns] of the
// whole table.
func ColumnsOfParts(parts []*table.Table, formats map[string]string) []Column {
	total := 0
	firsts := make([]int, len(parts))
	for i, t := range parts {
		firsts[i] = total
		total += t.Len()
	}
	ps := make([]*Part, len(parts))
	par.Each(len(parts), func(i int) { ps[i] = NewPart(parts[i], firsts[i], total) })
	m := Merge(ps)
	fs := make([]*Finished, len(parts))
	par.Each(len(parts), func(i int) { fs[i] = ps[i].Finish(parts[i], m) })
	return m.Columns(fs, formats)
}
