package profile

import (
	"math"
	"math/rand/v2"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/ingestkit/playground/core/sales"
	"github.com/ingestkit/playground/core/table"
	"github.com/ingestkit/playground/core/workload"
)

// cut returns t's rows in parts that end at the given rows.
func cut(t *table.Table, ends ...int) []*table.Table {
	var parts []*table.Table
	from := 0
	for _, end := range append(ends, t.Len()) {
		idx := make([]int, 0, end-from)
		for i := from; i < end; i++ {
			idx = append(idx, i)
		}
		parts = append(parts, t.Take(idx))
		from = end
	}
	return parts
}

// randomCuts cuts n rows into k parts at random rows (parts may be empty).
func randomCuts(rng *rand.Rand, n, k int) []int {
	ends := make([]int, 0, k-1)
	for range k - 1 {
		ends = append(ends, rng.IntN(n+1))
	}
	for i := 1; i < len(ends); i++ {
		for j := i; j > 0 && ends[j] < ends[j-1]; j-- {
			ends[j], ends[j-1] = ends[j-1], ends[j]
		}
	}
	return ends
}

// A table profiled in parts, merged, is the whole table profiled: every
// figure, for columns of every type, with nulls, sampled and not, text
// over the distinct limit, parts of every size (one row, none, a column
// null throughout a part).
func TestColumnsOfPartsEqualsColumns(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	for _, n := range []int{1, 7, 300, 5000, 250_000} {
		null := make([]bool, n)
		for i := range null {
			null[i] = rng.IntN(10) == 0 || i < n/3 && i%2 == 0
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
		late := make([]bool, n) // null in the first half
		for i := range dec {
			dec[i] = float64(rng.IntN(2_000_000)-1_000_000) / 100
			if i%97 == 0 {
				dec[i] = math.Copysign(0, -1)
			}
			bools[i] = rng.IntN(3) == 0
			few[i] = []string{"north", "South", " east", "west  ", "", "C00042", "Zürich"}[rng.IntN(7)]
			many[i] = "C" + strconv.Itoa(rng.IntN(n*2+1))
			late[i] = i < n/2
		}
		cols := []*table.Column{
			table.NewIntColumn("id", ints(func(i int) int64 { return int64(i + 1) }), nil),
			table.NewIntColumn("qty", ints(func(int) int64 { return int64(rng.IntN(13) - 2) }), null),
			table.NewIntColumn("sparse", ints(func(int) int64 { return rng.Int64() - math.MaxInt64/2 }), null),
			table.NewIntColumn("extremes", ints(func(i int) int64 { return []int64{math.MinInt64, math.MaxInt64, 0, -1}[i%4] }), nil),
			table.NewDecimalColumn("price", dec, null, 2),
			table.NewDecimalColumn("late", dec, late, 2),
			table.NewTimestampColumn("ts", ints(func(int) int64 { return sales.DefaultStart + int64(rng.IntN(365*86400))*1000 }), null),
			table.NewBoolColumn("flag", bools, null),
			table.NewStringColumn("few", few, null),
			table.NewStringColumn("many", many, nil),
			table.NewStringColumn("lateText", many, late),
		}
		whole, err := table.NewTable("t", cols...)
		require.NoError(t, err)
		want := Columns(whole, map[string]string{"ts": "ISO 8601"})
		for _, k := range []int{1, 2, 3, 5} {
			ends := randomCuts(rng, n, k)
			got := ColumnsOfParts(cut(whole, ends...), map[string]string{"ts": "ISO 8601"})
			require.Equal(t, want, got, "%d rows cut at %v", n, ends)
		}
	}
}

// A sales file read in parts, as the page's engines hold one.
func TestColumnsOfPartsOfAFile(t *testing.T) {
	res, err := table.ReadCSV(workload.W1(60_000, 2), table.CSVOptions{Shared: true})
	require.NoError(t, err)
	want := Columns(res.Table, res.Formats)
	for _, ends := range [][]int{{30_000}, {1, 2}, {10_000, 20_000, 59_999}} {
		require.Equal(t, want, ColumnsOfParts(cut(res.Table, ends...), res.Formats))
	}
}

// Of equal values the first stands, as in Columns: a column of zeros with
// a -0 keeps its first zero's sign whatever the parts.
func TestColumnsOfPartsKeepsTheFirstOfEqualValues(t *testing.T) {
	for _, data := range []string{"x\n0.0\n0.0\n0.0\n0.0\n-0.0\n0.0\n0.0\n", "x\n-0.0\n0.0\n0.0\n-0.0\n0.0\n0.0\n"} {
		res, err := table.ReadCSV([]byte(data), table.CSVOptions{})
		require.NoError(t, err)
		want := Columns(res.Table, res.Formats)
		for k := 1; k < res.Table.Len(); k++ {
			require.Equal(t, want, ColumnsOfParts(cut(res.Table, k), res.Formats), "%q cut at %d", data, k)
		}
	}
}
