package num

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// exact is the sum of xs with math/big, rounded once to a float64.
func exact(xs []float64) float64 {
	acc := new(big.Float).SetPrec(4096)
	for _, x := range xs {
		acc.Add(acc, new(big.Float).SetPrec(4096).SetFloat64(x))
	}
	f, _ := acc.Float64()
	return f
}

// The sum is the exact sum rounded once, whatever the order of the values
// and however they are split into parts merged afterwards.
func TestSumIsExactInAnyOrderAndParts(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := range 300 {
		n := 1 + rng.IntN(400)
		xs := make([]float64, n)
		for i := range xs {
			switch trial % 4 {
			case 0: // prices with cents
				xs[i] = float64(rng.IntN(1_000_000)) / 100
			case 1: // wild magnitudes and signs
				xs[i] = math.Ldexp(rng.Float64()-0.5, rng.IntN(200)-100)
			case 2: // cancellation
				xs[i] = float64(rng.IntN(3)-1) * 1e16 * rng.Float64()
			default:
				xs[i] = 0.1 * float64(rng.IntN(10))
			}
		}
		want := exact(xs)
		var whole Sum
		for _, x := range xs {
			whole.Add(x)
		}
		require.Equal(t, want, whole.Float64(), "trial %d", trial)
		// In parts, merged, in another order.
		rng.Shuffle(n, func(i, j int) { xs[i], xs[j] = xs[j], xs[i] })
		var merged Sum
		for lo := 0; lo < n; {
			hi := min(n, lo+1+rng.IntN(50))
			var part Sum
			for _, x := range xs[lo:hi] {
				part.Add(x)
			}
			merged.Merge(&part)
			lo = hi
		}
		require.Equal(t, want, merged.Float64(), "trial %d in parts", trial)
	}
	var s Sum
	require.Equal(t, 0.0, s.Float64())
	for _, x := range []float64{1e308, 1e308, -1e308} {
		s.Add(x)
	}
	require.True(t, math.IsInf(s.Float64(), 1))
	s = Sum{}
	s.Add(math.Inf(1))
	s.Add(math.Inf(-1))
	require.True(t, math.IsNaN(s.Float64()))
	s = Sum{}
	for _, x := range []float64{1, 1e100, 1, -1e100} {
		s.Add(x)
	}
	require.Equal(t, 2.0, s.Float64())
}

func BenchmarkSum(b *testing.B) {
	xs := make([]float64, 1<<16)
	for i := range xs {
		xs[i] = float64(i%100000) / 100
	}
	b.Run("exact", func(b *testing.B) {
		for b.Loop() {
			var s Sum
			for _, x := range xs {
				s.Add(x)
			}
			_ = s.Float64()
		}
	})
	b.Run("plain", func(b *testing.B) {
		for b.Loop() {
			s := 0.0
			for _, x := range xs {
				s += x
			}
			_ = s
		}
	})
}
