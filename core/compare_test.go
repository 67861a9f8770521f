package core

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/ingestkit/playground/core/sales"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCompareDefaults(t *testing.T) {
	res, err := RunCompare(DefaultCompareConfig())
	require.NoError(t, err)
	assert.Equal(t, 1000, res.Events)
	assert.True(t, res.Equal, "the same events give the same totals both ways")
	assert.Greater(t, res.Batch.Delay.P95Ms, res.Stream.Delay.P95Ms)
	assert.LessOrEqual(t, res.Stream.Delay.MaxMs, 5*Second, "the linger bounds a stream's delay")
	assert.LessOrEqual(t, res.Batch.Delay.MaxMs, Hour, "a job every hour: no event waits more than an hour")
	assert.Greater(t, res.Faster, 100.0)
	assert.Equal(t, res.Batch.Rows, res.Stream.Rows)
	assert.Len(t, res.Batch.ByCategory, 5)
}

// Whatever the settings, every event is loaded exactly once on each side,
// the totals are equal, each delay is what its side's schedule says, and
// the sampled distribution runs from the least delay to the greatest.
func TestCompareProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	for i := 0; i < 60; i++ {
		cfg := DefaultCompareConfig()
		st := &cfg.Stream
		st.Source.Records = 1 + rng.IntN(3000)
		st.Source.Seed = rng.Uint64()
		st.IntervalMs = 1 + rng.Int64N(120_000)
		st.JitterMs = rng.Int64N(st.IntervalMs)
		st.BufferSize = rng.IntN(60)
		st.LingerMs = rng.Int64N(20_000)
		if st.BufferSize == 0 && st.LingerMs == 0 {
			st.BufferSize = 7
		}
		st.OutOfOrder = rng.Float64() * 0.2
		st.Source.Faults = sales.Faults{NullPrice: rng.Float64() * 0.1, BadQuantity: rng.Float64() * 0.1}
		cfg.BatchInterval = Second + rng.Int64N(6*Hour)
		res, err := RunCompare(cfg)
		require.NoError(t, err, "%+v", cfg)
		assert.Equal(t, st.Source.Records, res.Events)
		require.Len(t, res.BatchDelays, res.Events)
		require.Len(t, res.StreamDelays, res.Events)
		assert.True(t, res.Equal, "case %d", i)
		for j := range res.BatchDelays {
			require.Greater(t, res.BatchDelays[j], int64(0))
			require.LessOrEqual(t, res.BatchDelays[j], cfg.BatchInterval, "a job picks up what arrived since the last one")
			require.GreaterOrEqual(t, res.StreamDelays[j], int64(0))
			if st.LingerMs > 0 {
				require.LessOrEqual(t, res.StreamDelays[j], st.LingerMs, "the linger bounds the wait from arrival")
			}
		}
		for _, side := range []CompareSide{res.Batch, res.Stream} {
			require.Len(t, side.CDF, 101)
			assert.Equal(t, side.Delay.MinMs, side.CDF[0])
			assert.Equal(t, side.Delay.MaxMs, side.CDF[100])
			for p := 1; p <= 100; p++ {
				require.LessOrEqual(t, side.CDF[p-1], side.CDF[p])
			}
			assert.InDelta(t, float64(res.Events), side.RowsPerRun*float64(side.Runs), 1e-6)
		}
		sres, err := RunStream(cfg.Stream, nil)
		require.NoError(t, err)
		assert.Equal(t, len(sres.Micro), res.Stream.Runs, "one run per micro-batch")
		assert.Equal(t, sres.Valid, res.Stream.Rows)
	}
}

func ExampleRunCompare() {
	res, err := RunCompare(DefaultCompareConfig())
	if err != nil {
		panic(err)
	}
	fmt.Println(res.Batch.Rows == res.Stream.Rows, res.Equal, res.Batch.Delay.P95Ms > res.Stream.Delay.P95Ms)
	// Output: true true true
}
