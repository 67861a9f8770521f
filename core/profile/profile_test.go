package profile

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"sort"
	"strconv"
	"testing"

	"github.com/ingestkit/playground/core/internal/num"
	"github.com/ingestkit/playground/core/quality"
	"github.com/ingestkit/playground/core/sales"
	"github.com/ingestkit/playground/core/table"

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
		cols := []*table.Column{
			table.NewIntColumn("id", ints(func(i int) int64 { return int64(i + 1) }), nil),
			table.NewIntColumn("qty", ints(func(int) int64 { return int64(rng.IntN(13) - 2) }), null),
			table.NewIntColumn("sparse", ints(func(int) int64 { return rng.Int64() - math.MaxInt64/2 }), null),
			table.NewIntColumn("extremes", ints(func(i int) int64 { return []int64{math.MinInt64, math.MaxInt64, 0, -1}[i%4] }), nil),
			table.NewDecimalColumn("price", dec, null, 2),
			table.NewTimestampColumn("ts", ints(func(int) int64 { return sales.DefaultStart + int64(rng.IntN(365*86400))*1000 }), null),
			table.NewBoolColumn("flag", bools, null),
			table.NewStringColumn("few", few, null),
			table.NewStringColumn("many", many, nil),
		}
		for _, c := range cols {
			p := column(c, n)
			step := 1
			if n > SampleRows {
				step = (n + SampleRows - 1) / SampleRows
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
				if c.Type == table.TypeString {
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
func numKeyRef(c *table.Column, i int) uint64 {
	switch c.Type {
	case table.TypeDecimal:
		return math.Float64bits(c.Dec[i] + 0)
	case table.TypeBool:
		return uint64(num.Bit(c.Bool[i]))
	}
	return uint64(c.Int[i]) ^ 1<<63
}

// A real-world-shaped file (see core's testdata): codes with leading
// zeros, null prices, a duplicate id, dates in several formats. Its profile
// says so, and the rules suggested from it parse and fit it.
func TestMessyFileProfileShowsItsFaults(t *testing.T) {
	data, err := os.ReadFile("../testdata/files/orders_messy.csv")
	require.NoError(t, err)
	res, err := table.ReadCSV(data, table.CSVOptions{})
	require.NoError(t, err)
	prof := Columns(res.Table, res.Formats)
	byName := map[string]Column{}
	for _, p := range prof {
		byName[p.Name] = p
	}
	assert.True(t, byName["ZIP"].LeadingZero)
	assert.Equal(t, 2, byName["Unit Price"].Nulls)
	assert.Equal(t, "9.99", byName["Unit Price"].Min)
	assert.Equal(t, "999", byName["Unit Price"].Max)
	assert.Equal(t, 8, byName["Order ID"].Distinct)
	assert.Equal(t, TopValue{"A-008", 2}, byName["Order ID"].Top[0])
	assert.Len(t, byName["Qty"].Histogram, 10)

	sugg := SuggestRules(res.Table, prof)
	assert.Contains(t, sugg, `"Order ID" not null`)
	assert.Contains(t, sugg, `Qty between -1 and 4`)
	assert.NotContains(t, sugg, `"Order ID" unique`, "it has a duplicate")
	assert.Contains(t, sugg, `"Order Date" is date`)
	for _, s := range sugg {
		_, err := quality.Parse(s)
		assert.NoError(t, err, s)
	}
}

func TestProfileSamplesLargeColumns(t *testing.T) {
	tab, _, err := sales.Generate(sales.Config{Records: 450_000, Seed: 2, Start: sales.DefaultStart, Span: table.Day})
	require.NoError(t, err)
	prof := Columns(tab, nil)
	cat := prof[5]
	require.Equal(t, sales.ColCategory, cat.Name)
	assert.Equal(t, 150_000, cat.Sampled)
	assert.True(t, cat.DistinctCapped)
	assert.Equal(t, 5, cat.Distinct)
	total := 0
	for _, tv := range cat.Top {
		total += tv.Count
	}
	assert.InDelta(t, 450_000, total, 3, "scaled counts add up to the rows")
	small := Columns(tab.Take([]int{0, 1, 2}), nil)
	assert.Zero(t, small[5].Sampled)
}

// With more tied values than the profile lists, the top values are the first
// in text order, whatever order the counting map returns them in.
func TestProfileTopValuesTiesAreDeterministic(t *testing.T) {
	vals := make([]string, 5000)
	nums := make([]int64, 5000)
	for i := range vals {
		vals[i] = fmt.Sprintf("v%05d", 4999-i)
		nums[i] = int64(4999 - i)
	}
	tab, err := table.NewTable("t", table.NewStringColumn("s", vals, nil), table.NewIntColumn("n", nums, nil))
	require.NoError(t, err)
	first := Columns(tab, nil)
	require.Equal(t, "v00000", first[0].Top[0].Value)
	require.Equal(t, "v00007", first[0].Top[7].Value)
	require.Equal(t, "0", first[1].Top[0].Value)
	for range 20 {
		require.Equal(t, first, Columns(tab, nil))
	}
}
