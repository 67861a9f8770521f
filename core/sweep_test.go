package core

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/ingestkit/playground/core/sales"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A sweep's points are the single runs at those settings.
func TestSweepStreamMatchesRuns(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	for i := 0; i < 12; i++ {
		cfg := DefaultStreamConfig()
		cfg.Source.Records = 1 + rng.IntN(800)
		cfg.Source.Seed = rng.Uint64()
		cfg.IntervalMs = 1 + rng.Int64N(500)
		cfg.JitterMs = rng.Int64N(cfg.IntervalMs)
		cfg.OutOfOrder, cfg.LateMs = rng.Float64()*0.3, rng.Int64N(3000)
		cfg.BufferSize, cfg.LingerMs = rng.IntN(40), rng.Int64N(3000)
		if cfg.BufferSize == 0 && cfg.LingerMs == 0 {
			cfg.BufferSize = 10
		}
		sw, err := SweepStream(cfg, []int64{1, 3, 10, 50}, []int64{0, 100, 1000})
		require.NoError(t, err)
		check := func(p SweepPoint, size int, linger int64) {
			c := cfg
			c.BufferSize, c.LingerMs = size, linger
			res, err := RunStream(c, nil)
			require.NoError(t, err)
			assert.Equal(t, SweepPoint{X: p.X, AvgMs: res.Latency.AvgMs, P95Ms: res.Latency.P95Ms, Runs: len(res.Micro)}, p, "case %d, size %d, linger %d", i, size, linger)
		}
		for _, p := range sw.BySize {
			check(p, int(p.X), cfg.LingerMs)
		}
		for _, p := range sw.ByLinger {
			check(p, cfg.BufferSize, p.X)
		}
		assert.True(t, slices.ContainsFunc(sw.BySize, func(p SweepPoint) bool { return p.X == int64(cfg.BufferSize) }) || cfg.BufferSize == 0, "the current size is a point")
	}
}

func TestSweepBatchMatchesRuns(t *testing.T) {
	for _, records := range []int{1, 100, 2000} {
		cfg := DefaultBatchConfig()
		cfg.Source.Records = records
		cfg.Source.Faults = sales.Faults{NullPrice: 0.05, BadDates: 0.05}
		cfg.Interval = 90 * Minute
		pts, err := SweepBatch(cfg, SweepIntervals)
		require.NoError(t, err)
		require.Len(t, pts, len(SweepIntervals)+1)
		for _, p := range pts {
			c := cfg
			c.Interval = p.X
			res, err := RunBatch(c, nil)
			require.NoError(t, err)
			assert.Equal(t, SweepPoint{X: p.X, AvgMs: res.Freshness.AvgMs, P95Ms: res.Freshness.P95Ms, Runs: res.Jobs.Len()}, p, "interval %d", p.X)
		}
	}
}

// selectKth finds the k-th smallest value as sorting would.
func TestSelectKthEqualsSorting(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 300; i++ {
		n := 1 + rng.IntN(200)
		xs := make([]int64, n)
		for j := range xs {
			xs[j] = rng.Int64N(int64(1 + rng.IntN(50)))
		}
		sorted := slices.Clone(xs)
		slices.Sort(sorted)
		k := rng.IntN(n)
		assert.Equal(t, sorted[k], selectKth(xs, k))
	}
}

// Each point of the event-time sweep is the run at that watermark delay;
// the current delay is added, and a perfect watermark's sweep is the
// bounded delays alone.
func TestSweepEventTimeIsEachRun(t *testing.T) {
	cfg := DefaultEventTimeConfig()
	cfg.Watermark.AllowedDelayMs = 7 * Second
	pts, err := SweepEventTime(cfg, []int64{0, 30 * Second})
	require.NoError(t, err)
	require.Len(t, pts, 3)
	for _, p := range pts {
		c := cfg
		c.Watermark.AllowedDelayMs = p.X
		res, err := RunEventTime(c, nil)
		require.NoError(t, err)
		assert.Equal(t, res.Summary.Dropped, p.Dropped, p.X)
		assert.Equal(t, res.Summary.OnTimeLatency.P95Ms, p.P95Ms, p.X)
		assert.Equal(t, res.Summary.Panes, p.Panes, p.X)
	}
	cfg.Watermark.Kind = WatermarkPerfect
	pts, err = SweepEventTime(cfg, []int64{0, 30 * Second})
	require.NoError(t, err)
	assert.Len(t, pts, 2)
}
