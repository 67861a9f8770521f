package core

import (
	"testing"

	"github.com/ingestkit/playground/core/quality"
	"github.com/ingestkit/playground/core/sales"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The demo's quality-check flowchart: 150 records → price? → quantity? → 138.
func TestFunnelDefaults(t *testing.T) {
	res, err := RunETL(DefaultETLConfig(), nil)
	require.NoError(t, err)
	f := res.Quality.Funnel
	require.Len(t, f, 2)
	assert.Equal(t, quality.FunnelStep{Rule: "price not null", Status: "fail", Severity: "reject", Quarantines: true, In: 150, Rejected: 6, Out: 144}, f[0])
	assert.Equal(t, quality.FunnelStep{Rule: "quantity > 0", Status: "fail", Severity: "reject", Quarantines: true, In: 144, Rejected: 6, Out: 138}, f[1])
	assert.Equal(t, 0, res.Quality.MultiRule)
}

// On dirty data with every kind of rule, the funnel accounts for every row:
// each step starts where the last ended, a failing row is rejected,
// counted as rejected earlier or kept, and the funnel ends at the rows
// that passed.
func TestFunnelAccountsForEveryRow(t *testing.T) {
	for seed := uint64(1); seed <= 20; seed++ {
		cfg := DefaultETLConfig()
		cfg.Source.Records = 500 + int(seed)*37
		cfg.Source.Seed = seed
		cfg.Source.Faults = sales.Faults{NullPrice: 0.05, BadQuantity: 0.05, Duplicates: 0.04, MessyText: 0.1, MixedDates: 0.1, BadDates: 0.05, Outliers: 0.03}
		cfg.Rules = benchRules + "warn: discount <= 0.1\nprice < 500 mostly 0.99\nrow_count >= 10\n"
		res, err := RunETL(cfg, nil)
		require.NoError(t, err)
		q := res.Quality
		in, rejected, multi := res.Extracted, 0, 0
		for i, st := range q.Funnel {
			r := q.Results[i]
			assert.Equal(t, in, st.In, "seed %d rule %q", seed, st.Rule)
			assert.Equal(t, st.In-st.Rejected, st.Out)
			if !r.Dataset {
				assert.Equal(t, r.Failures, st.Rejected+st.Earlier+st.Kept, "seed %d rule %q", seed, st.Rule)
			}
			if !r.Quarantines {
				assert.Zero(t, st.Rejected)
			}
			in, rejected = st.Out, rejected+st.Rejected
		}
		assert.Equal(t, res.Valid, in, "the funnel ends at the rows that passed")
		assert.Equal(t, len(q.Rejected), rejected)
		for _, rf := range q.Rejected {
			if len(rf.Codes) > 1 {
				multi++
			}
		}
		assert.Equal(t, multi, q.MultiRule)
		assert.Positive(t, multi, "seed %d: dirty data has rows failing several rules", seed)
	}
}
