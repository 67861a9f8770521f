package core

import (
	"testing"

	"github.com/ingestkit/playground/core/quality"
	"github.com/ingestkit/playground/core/sales"
	"github.com/ingestkit/playground/core/table"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestETLRuleErrorsBeforeAnyRow(t *testing.T) {
	c := DefaultETLConfig()
	c.Rules = "price not null\nqty > 0"
	_, err := RunETL(c, nil)
	var re *quality.Error
	require.ErrorAs(t, err, &re)
	assert.Equal(t, 2, re.Line)
	assert.ErrorIs(t, err, quality.ErrBind)
	assert.Contains(t, err.Error(), `unknown column "qty"`)

	c.Rules = "category > 5"
	_, err = RunETL(c, nil)
	require.ErrorAs(t, err, &re)
	assert.Contains(t, err.Error(), "category is a text column; write 5 in double quotes")
}

func TestETLEnrichAndStandardize(t *testing.T) {
	c := DefaultETLConfig()
	c.Source.Faults = sales.Faults{MessyText: 0.5, MixedDates: 0.5}
	e, err := RunETL(c, nil)
	require.NoError(t, err)
	assert.Equal(t, 150, e.Valid)
	cat, reg, ts := e.Clean.Col(sales.ColCategory), e.Clean.Col(sales.ColRegion), e.Clean.Col(sales.ColOrderTS)
	require.Equal(t, table.TypeTimestamp, ts.Type)
	assert.Nil(t, ts.Null, "every mixed-format date is parsed")
	for i := 0; i < e.Clean.Len(); i++ {
		assert.Contains(t, sales.Categories(), cat.Str[i])
		assert.Contains(t, sales.Regions(), reg.Str[i])
		p := table.PartsOf(ts.Int[i])
		assert.Equal(t, int64(p.Year), e.Clean.Col("year").Int[i])
		assert.Equal(t, int64((p.Month+2)/3), e.Clean.Col("quarter").Int[i])
		assert.Equal(t, table.WeekdayNames[p.Weekday], e.Clean.Col("day_of_week").Str[i])
		assert.Equal(t, p.Weekday >= 5, e.Clean.Col("is_weekend").Bool[i])
		assert.InDelta(t, e.Clean.Col(sales.ColPrice).Dec[i]*float64(e.Clean.Col(sales.ColQuantity).Int[i]), e.Clean.Col(ColRevenue).Dec[i], 1e-9)
	}
	csv := string(table.AppendCSV(nil, e.Clean, table.CSVWriteOptions{}))
	assert.NotContains(t, csv, "/2024", "dates are ISO 8601")
}

func TestETLMostlyWarnAndDataset(t *testing.T) {
	c := DefaultETLConfig()
	c.Rules = "price not null mostly 0.9\nwarn: quantity > 0\nrow_count between 100 and 120\nduplicate_count(order_id) = 0\nfreshness(order_ts) < 1d"
	e, err := RunETL(c, nil)
	require.NoError(t, err)
	r := e.Quality.Results
	assert.Equal(t, quality.StatusPass, r[0].Status, "6 of 150 nulls is within mostly 0.9")
	assert.Equal(t, 6, r[0].Failures)
	assert.Equal(t, quality.StatusWarn, r[1].Status)
	assert.Equal(t, quality.StatusFail, r[2].Status)
	assert.Equal(t, "row_count = 150", r[2].Observed)
	assert.Equal(t, quality.StatusPass, r[3].Status)
	assert.Equal(t, quality.StatusPass, r[4].Status, r[4].Observed)
	assert.Equal(t, 150, e.Valid, "nothing quarantined")
	assert.Equal(t, 12, e.Warned)
	assert.True(t, e.Quality.DatasetFailed)
}

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
