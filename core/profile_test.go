package core

import (
	"math"
	"math/rand/v2"
	"sort"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestProfileCountsMatchAMap checks the profile's distinct and top values
// (counted in an array, an open-addressing table or a slice behind a small
// cache, whichever the column calls for) against plain map counting over
// the same sampled rows, on columns of every storage type: ids, small
// ranges, sparse values, negative numbers, decimals, dates, booleans,
// text of few and of many values, with nulls, sampled and not.
func TestProfileCountsMatchAMap(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	for _, n := range []int{1, 7, 300, 5000, 250_000} {
		null := make([]bool, n)
		for i := range null {
			null[i] = rng.IntN(10) == 0
		}
		ints := func(f func(i int) int64) []int64 {
			v := make([]int64, n)
			for i := range v {
				v[i] = f(i)
			}
			return v
		}
		dec := make([]float64, n)
		bools := make([]bool, n)
		few, many := make([]string, n), make([]string, n)
		for i := range dec {
			dec[i] = float64(rng.IntN(2000)-1000) / 100
			if i%97 == 0 {
				dec[i] = math.Copysign(0, -1) // -0 counts as 0
			}
			bools[i] = rng.IntN(3) == 0
			few[i] = []string{"north", "South", " east", "west  ", "", "C00042"}[rng.IntN(6)]
			many[i] = "C" + strconv.Itoa(rng.IntN(n*2+1))
		}
		cols := []*Column{
			NewIntColumn("id", ints(func(i int) int64 { return int64(i + 1) }), nil),
			NewIntColumn("qty", ints(func(int) int64 { return int64(rng.IntN(13) - 2) }), null),
			NewIntColumn("sparse", ints(func(int) int64 { return rng.Int64() - math.MaxInt64/2 }), null),
			NewIntColumn("extremes", ints(func(i int) int64 { return []int64{math.MinInt64, math.MaxInt64, 0, -1}[i%4] }), nil),
			NewDecimalColumn("price", dec, null, 2),
			NewTimestampColumn("ts", ints(func(int) int64 { return DefaultStart + int64(rng.IntN(365*86400))*1000 }), null),
			NewBoolColumn("flag", bools, null),
			NewStringColumn("few", few, null),
			NewStringColumn("many", many, nil),
		}
		for _, c := range cols {
			p := profileColumn(c, n)
			step := 1
			if n > ProfileSample {
				step = (n + ProfileSample - 1) / ProfileSample
			}
			counts, first := map[string]int{}, map[string]int{}
			for i := 0; i < n; i += step {
				if c.IsNull(i) {
					continue
				}
				k := c.Str
				key := ""
				if k != nil {
					key = c.Str[i]
				} else {
					key = strconv.FormatUint(uint64(numKeyRef(c, i)), 10)
				}
				if _, ok := first[key]; !ok {
					first[key] = i
				}
				counts[key]++
			}
			name := c.Name + "/" + strconv.Itoa(n)
			require.Equal(t, min(len(counts), DistinctLimit), p.Distinct, name)
			assert.Equal(t, len(counts) > DistinctLimit || step > 1, p.DistinctCapped, name)
			// The top values: highest counts, then the smallest keys.
			keys := make([]string, 0, len(counts))
			for k := range counts {
				keys = append(keys, k)
			}
			less := func(a, b string) bool {
				if c.Type == TypeString {
					return a < b
				}
				x, _ := strconv.ParseUint(a, 10, 64)
				y, _ := strconv.ParseUint(b, 10, 64)
				return x < y
			}
			sort.Slice(keys, func(a, b int) bool {
				if counts[keys[a]] != counts[keys[b]] {
					return counts[keys[a]] > counts[keys[b]]
				}
				return less(keys[a], keys[b])
			})
			want := []TopValue{}
			for _, k := range keys[:min(8, len(keys))] {
				want = append(want, TopValue{c.Value(first[k]), counts[k] * step})
			}
			sortTop(want)
			require.Equal(t, want, p.Top, name)
		}
	}
}

// numKeyRef is a value's key as the profile orders numbers: the bits of a
// decimal (0 for -0), an integer with its sign bit flipped.
func numKeyRef(c *Column, i int) uint64 {
	switch c.Type {
	case TypeDecimal:
		return math.Float64bits(c.Dec[i] + 0)
	case TypeBool:
		return uint64(boolByte(c.Bool[i]))
	}
	return uint64(c.Int[i]) ^ 1<<63
}

// The null test's shortcuts (first byte, length) agree with comparing the
// trimmed text to every token.
func TestNullSetMatchesTheTokens(t *testing.T) {
	for _, tokens := range [][]string{DefaultNullTokens, {"-", "n/a", "?"}, {"NA"}, {}, {"", " x"}} {
		ns := newNullSet(tokens)
		naive := func(s string) bool {
			s = trimSpace(s)
			for _, tok := range tokens {
				if s == tok {
					return true
				}
			}
			return false
		}
		for _, s := range []string{"", " ", "\t", "NA", " NA", "NA ", "\tNA\t", "NAN", "N/A", "null", "NULL", "nULL", "Null ", "-", " - ", "--",
			"n/a", "?", "x", " x", "7", "north", "N", "\rNA", "NA\r", "ZZZZZZZZ", "  null  "} {
			assert.Equal(t, naive(s), ns.has(s), "%q with %q", s, tokens)
		}
	}
}
