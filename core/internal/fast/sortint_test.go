package fast

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
)

// SortInt64s sorts as slices.Sort does, for every size and spread of
// values (the sort.Slice path under 256, passes skipped, negatives).
func TestSortInt64sSortsAsSlicesSortDoes(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 1))
	for _, n := range []int{0, 1, 2, 255, 256, 1000, 100_000} {
		for _, gen := range []func() int64{
			func() int64 { return r.Int64() - 1<<62 },
			func() int64 { return r.Int64N(5000) },
			func() int64 { return r.Int64N(3) - 1 },
			func() int64 { return 42 },
			func() int64 { return int64(r.Uint64()) },
		} {
			x := make([]int64, n)
			for i := range x {
				x[i] = gen()
			}
			want := slices.Clone(x)
			slices.Sort(want)
			SortInt64s(x)
			require.Equal(t, want, x, "n=%d", n)
		}
	}
}
