package table_test

import (
	"encoding/binary"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/ingestkit/playground/core/internal/num"
	"github.com/ingestkit/playground/core/table"
	"github.com/ingestkit/playground/core/workload"
	"github.com/stretchr/testify/require"
)

// compareSort is SortIndex as a stable comparison sort: what SortIndex
// promises, said the plain way.
func compareSort(t *table.Table, column string, desc bool) []int {
	c := t.Col(column)
	idx := make([]int, t.Len())
	for i := range idx {
		idx[i] = i
	}
	cmp := func(a, b int) int {
		switch c.Type {
		case table.TypeString:
			return strings.Compare(c.Str[a], c.Str[b])
		case table.TypeInt, table.TypeTimestamp:
			return num.Compare(c.Int[a], c.Int[b])
		case table.TypeDecimal:
			return num.Compare(c.Dec[a], c.Dec[b])
		case table.TypeBool:
			return num.Compare(num.Bit(c.Bool[a]), num.Bit(c.Bool[b]))
		}
		return 0
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		na, nb := c.IsNull(a), c.IsNull(b)
		switch {
		case na && nb:
			return 0
		case na:
			return 1
		case nb:
			return -1
		}
		if desc {
			return cmp(b, a)
		}
		return cmp(a, b)
	})
	return idx
}

// randomSortTable is a table of every type whose values collide often:
// strings sharing eight-byte prefixes, differing only in trailing zero
// bytes or past the eighth byte; integers of both signs and the extremes;
// decimals with minus zero and infinities; nulls in every column.
func randomSortTable(r *rand.Rand, n int) *table.Table {
	strs := []string{"", "a", "a\x00", "a\x00\x00", "abcdefgh", "abcdefghi", "abcdefghj", "abcdefgh\x00", "b", "B", "é", "\xff\xff", "C00042", "C00043", "Cable, USB-C", "zzzzzzzzzzzzzzzzz1", "zzzzzzzzzzzzzzzzz0"}
	ints := []int64{0, 1, -1, 2, -2, math.MaxInt64, math.MinInt64, 1 << 40, -(1 << 40), 65535, 65536}
	decs := []float64{0, math.Copysign(0, -1), 1.5, -1.5, 0.01, -0.01, math.Inf(1), math.Inf(-1), 1e300, -1e300, 5e-324, 12.34}
	s, i, d, b, ts := make([]string, n), make([]int64, n), make([]float64, n), make([]bool, n), make([]int64, n)
	ns, ni, nd, nb, nts := make([]bool, n), make([]bool, n), make([]bool, n), make([]bool, n), make([]bool, n)
	for k := range n {
		s[k], i[k], d[k], b[k] = strs[r.IntN(len(strs))], ints[r.IntN(len(ints))], decs[r.IntN(len(decs))], r.IntN(2) == 1
		if r.IntN(4) == 0 {
			i[k] = r.Int64() - r.Int64()
		}
		ts[k] = r.Int64N(1 << 45)
		ns[k], ni[k], nd[k], nb[k], nts[k] = r.IntN(8) == 0, r.IntN(8) == 0, r.IntN(8) == 0, r.IntN(8) == 0, r.IntN(8) == 0
	}
	t, err := table.NewTable("t", table.NewStringColumn("s", s, ns), table.NewIntColumn("i", i, ni), table.NewDecimalColumn("d", d, nd, 2),
		table.NewBoolColumn("b", b, nb), table.NewTimestampColumn("ts", ts, nts), table.NewStringColumn("full", s, nil))
	if err != nil {
		panic(err)
	}
	return t
}

// SortIndex sorts by key; the plain stable comparison sort says what it
// must give.
func TestSortIndexIsTheStableSort(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	for round := range 60 {
		n := []int{0, 1, 2, 3, 17, 300, 5000}[round%7]
		tab := randomSortTable(r, n)
		for _, col := range []string{"s", "i", "d", "b", "ts", "full"} {
			for _, desc := range []bool{false, true} {
				require.Equal(t, compareSort(tab, col, desc), table.SortIndex(tab, col, desc), "round %d, column %s, desc %v", round, col, desc)
			}
		}
	}
	require.Nil(t, table.SortIndex(randomSortTable(r, 3), "none", false))
	// A NaN has no place in a key's order: it is sorted by comparison, as before.
	nan, err := table.NewTable("t", table.NewDecimalColumn("d", []float64{2, math.NaN(), 1, 3}, nil, 2))
	require.NoError(t, err)
	require.Equal(t, compareSort(nan, "d", false), table.SortIndex(nan, "d", false))
}

// BenchmarkSortIndex: a million-row W1 file sorted by each kind of
// column (descending, as the page's second click on a header asks).
func BenchmarkSortIndex(b *testing.B) {
	res, err := table.ReadCSV(workload.W1(1_000_000, 1), table.CSVOptions{Shared: true})
	if err != nil {
		b.Fatal(err)
	}
	for _, col := range []string{"order_date", "customer_id", "price", "quantity", "region"} {
		b.Run(fmt.Sprintf("column=%s", col), func(b *testing.B) {
			for b.Loop() {
				table.SortIndex(res.Table, col, true)
			}
		})
	}
}

// A table cut in parts, each part sorted and the parts' keys merged, is in
// the order SortIndex gives the whole.
func TestMergeSortedIsTheWholeSort(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 5))
	for round := range 40 {
		n := []int{0, 1, 5, 40, 900, 4000}[round%6]
		whole := randomSortTable(r, n)
		k := 1 + r.IntN(4)
		cuts := []int{0}
		for range k - 1 {
			cuts = append(cuts, r.IntN(n+1))
		}
		cuts = append(cuts, n)
		slices.Sort(cuts)
		for _, col := range []string{"s", "i", "d", "b", "ts", "full"} {
			for _, desc := range []bool{false, true} {
				var msgs [][]byte
				var orders [][]int
				for j := range k {
					idx := make([]int, 0, cuts[j+1]-cuts[j])
					for i := cuts[j]; i < cuts[j+1]; i++ {
						idx = append(idx, i)
					}
					order, msg, ok := table.SortedKeys(whole.Take(idx), col, desc)
					require.True(t, ok)
					require.Equal(t, table.SortIndex(whole.Take(idx), col, desc), order)
					msgs, orders = append(msgs, msg), append(orders, order)
				}
				rows := make([]int, k)
				for j := range k {
					rows[j] = cuts[j+1] - cuts[j]
				}
				from, err := table.MergeSorted(msgs, rows, desc)
				require.NoError(t, err)
				got := make([]int, 0, n)
				at := make([]int, k)
				for _, j := range from {
					got = append(got, cuts[j]+orders[j][at[j]])
					at[j]++
				}
				require.Equal(t, table.SortIndex(whole, col, desc), got, "round %d, %d parts, column %s, desc %v", round, k, col, desc)
			}
		}
	}
	_, _, ok := table.SortedKeys(randomSortTable(r, 3), "none", false)
	require.False(t, ok)
	nan, err := table.NewTable("t", table.NewDecimalColumn("d", []float64{2, math.NaN()}, nil, 2))
	require.NoError(t, err)
	_, _, ok = table.SortedKeys(nan, "d", false)
	require.False(t, ok, "a NaN has no key: the sort is done whole")
}

// A damaged message is an error, never a panic or a wrong order.
func TestMergeSortedRefusesDamage(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 9))
	tab := randomSortTable(r, 200)
	for _, col := range []string{"s", "i"} {
		_, msg, ok := table.SortedKeys(tab, col, false)
		require.True(t, ok)
		for cut := range len(msg) {
			_, err := table.MergeSorted([][]byte{msg[:cut]}, []int{200}, false)
			require.Error(t, err, "cut at %d", cut)
		}
		_, err := table.MergeSorted([][]byte{append(slices.Clone(msg), 0)}, []int{200}, false)
		require.Error(t, err)
		_, err = table.MergeSorted([][]byte{msg}, []int{201}, false)
		require.Error(t, err, "a part that does not count its rows")
		for range 500 {
			bad := slices.Clone(msg)
			bad[r.IntN(len(bad))] = byte(r.IntN(256))
			_, _ = table.MergeSorted([][]byte{bad, msg}, []int{200, 200}, false)
		}
	}
	_, si, _ := table.SortedKeys(tab, "s", false)
	_, ii, _ := table.SortedKeys(tab, "i", false)
	_, err := table.MergeSorted([][]byte{si, ii}, []int{200, 200}, false)
	require.Error(t, err, "parts that disagree on the column's kind")
	// A few bytes claiming a huge count of nulls (or of values) are
	// refused before anything is made of them.
	for _, huge := range []int64{1 << 28, 1 << 62, -1} {
		for _, msg := range [][]byte{binary.AppendVarint([]byte{0, 0}, huge), binary.AppendVarint([]byte{0}, huge)} {
			_, err := table.MergeSorted([][]byte{msg, msg, msg, msg}, []int{0, 0, 0, 0}, false)
			require.Error(t, err)
		}
	}
}
