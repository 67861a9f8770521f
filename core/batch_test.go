package core

import (
	"testing"

	"github.com/ingestkit/playground/core/sales"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestBatchSchedule(t *testing.T) {
	cfg := DefaultBatchConfig()
	cfg.Interval = Hour
	res, err := RunBatch(cfg, nil)
	require.NoError(t, err)
	assert.Equal(t, 24, res.Freshness.Jobs)
	assert.Equal(t, 24, res.Jobs.Len())
	assert.Greater(t, res.Freshness.MinMs, int64(0))
	assert.LessOrEqual(t, res.Freshness.MaxMs, Hour)
	total := 0
	for _, h := range res.Freshness.Histogram {
		total += h
	}
	assert.Equal(t, 100, total)
	var recs int64
	for _, v := range res.Jobs.Col("records").Int {
		recs += v
	}
	assert.Equal(t, int64(100), recs)
	// Every record is loaded by the first job after it was created.
	out := res.Output
	for i := 0; i < out.Len(); i++ {
		created, job := out.Col(sales.ColOrderTS).Int[i], out.Col(ColIngestedAt).Int[i]
		assert.True(t, job > created && job-created <= Hour)
		assert.Equal(t, int64(0), (job-sales.DefaultStart)%Hour)
	}
	// Daily: one job, delays up to a day.
	d, err := RunBatch(DefaultBatchConfig(), nil)
	require.NoError(t, err)
	assert.Greater(t, d.Freshness.AvgMs, float64(res.Freshness.AvgMs)*5)
}

func TestBatchFilters(t *testing.T) {
	cfg := DefaultBatchConfig()
	cfg.Source.Faults = sales.Faults{NullPrice: 0.1, BadQuantity: 0.05, BadDates: 0.03, MessyText: 0.2}
	res, err := RunBatch(cfg, nil)
	require.NoError(t, err)
	assert.Equal(t, []ReasonCount{{"price is null", 10}, {"quantity is 0 or less", 5}, {"order_ts is not a date", 3}}, res.FilterReasons)
	assert.Equal(t, 82, res.Valid)
	// Batch does not standardize: messy categories are separate groups.
	assert.Greater(t, res.ByCategory.Len(), 5)
}
