package par

import (
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestEachCallsEveryPartOnce(t *testing.T) {
	for _, n := range []int{0, 1, 7} {
		seen := make([]atomic.Int32, n)
		Each(n, func(i int) { seen[i].Add(1) })
		for i := range seen {
			require.Equal(t, int32(1), seen[i].Load())
		}
	}
}
