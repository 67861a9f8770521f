package core

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/ingestkit/playground/core/quality"
	"github.com/ingestkit/playground/core/sales"
	"github.com/ingestkit/playground/core/table"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDefaultsReproduceTheDemo(t *testing.T) {
	b, err := RunBatch(DefaultBatchConfig(), nil)
	require.NoError(t, err)
	assert.Equal(t, 100, b.Extracted)
	assert.Equal(t, 100, b.Valid)
	assert.Equal(t, 100, b.Output.Len())

	sc := DefaultStreamConfig()
	assert.Equal(t, 10, sc.BufferSize)
	assert.Equal(t, int64(100), sc.IntervalMs)
	s, err := RunStream(sc, nil)
	require.NoError(t, err)
	require.Len(t, s.Micro, 5)
	for _, mb := range s.Micro {
		assert.Equal(t, 10, mb.Size)
		assert.Equal(t, TriggerSize, mb.Trigger)
	}

	e, err := RunETL(DefaultETLConfig(), nil)
	require.NoError(t, err)
	assert.Equal(t, 150, e.Extracted)
	assert.Equal(t, 138, e.Valid)
	assert.Equal(t, 12, e.RejectedRows)
	assert.Equal(t, 138, e.Clean.Len())
	assert.Equal(t, 12, e.Rejected.Len())
}

// csvHash is the SHA-256 of a table's CSV bytes.
func csvHash(t *table.Table) string {
	h := sha256.Sum256(table.AppendCSV(nil, t, table.CSVWriteOptions{}))
	return hex.EncodeToString(h[:])
}

func outputsOf(t *testing.T, seed uint64) map[string]*table.Table {
	bc := DefaultBatchConfig()
	bc.Source.Seed = seed
	bc.Source.Faults = sales.Faults{NullPrice: 0.05, BadQuantity: 0.05, MessyText: 0.1, BadDates: 0.02}
	b, err := RunBatch(bc, nil)
	require.NoError(t, err)
	sc := DefaultStreamConfig()
	sc.Source.Seed, sc.JitterMs, sc.OutOfOrder = seed, 40, 0.1
	s, err := RunStream(sc, nil)
	require.NoError(t, err)
	ec := DefaultETLConfig()
	ec.Source.Seed = seed
	e, err := RunETL(ec, nil)
	require.NoError(t, err)
	return map[string]*table.Table{
		"batch_output.csv": b.Output, "batch_by_category.csv": b.ByCategory, "batch_by_region.csv": b.ByRegion,
		"stream_events.csv": s.Events, "stream_batches.csv": s.Batches,
		"etl_output.csv": e.Clean, "etl_rejected.csv": e.Rejected,
	}
}

// Same seed ⇒ same bytes, run after run, and the same bytes as the golden
// hashes recorded in testdata: this test also runs under GOOS=js GOARCH=wasm,
// which proves the WebAssembly build writes the very same files.
func TestSameSeedSameBytes(t *testing.T) {
	a, b := outputsOf(t, 7), outputsOf(t, 7)
	for name, tab := range a {
		assert.Equal(t, table.AppendCSV(nil, tab, table.CSVWriteOptions{}), table.AppendCSV(nil, b[name], table.CSVWriteOptions{}), name)
	}
	c := outputsOf(t, 8)
	assert.NotEqual(t, csvHash(a["etl_output.csv"]), csvHash(c["etl_output.csv"]), "another seed gives other data")

	var got strings.Builder
	for _, name := range []string{"batch_output.csv", "batch_by_category.csv", "batch_by_region.csv", "stream_events.csv", "stream_batches.csv", "etl_output.csv", "etl_rejected.csv"} {
		fmt.Fprintf(&got, "%s %s\n", csvHash(a[name]), name)
	}
	const golden = "testdata/golden_seed7.sha256"
	if os.Getenv("UPDATE_GOLDEN") == "1" {
		require.NoError(t, os.WriteFile(golden, []byte(got.String()), 0o644))
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err, "run with UPDATE_GOLDEN=1 to create it")
	assert.Equal(t, string(want), got.String())
}

func TestConservationProperty(t *testing.T) {
	for seed := uint64(1); seed <= 40; seed++ {
		f := sales.Faults{NullPrice: float64(seed%5) / 50, BadQuantity: float64(seed%7) / 50, Duplicates: float64(seed%3) / 40, BadDates: float64(seed%4) / 50, MessyText: 0.1}
		n := 1 + int(seed*37%500)
		ec := DefaultETLConfig()
		ec.Source = sales.Config{Records: n, Seed: seed, Start: sales.DefaultStart, Span: 30 * Day, Faults: f}
		ec.Rules = "price not null\nquantity > 0\norder_id unique\norder_ts is date\nwarn: discount <= 0.1"
		e, err := RunETL(ec, nil)
		require.NoError(t, err)
		assert.Equal(t, e.Extracted, e.Valid+e.RejectedRows, "seed %d", seed)
		assert.Equal(t, e.Valid, e.Clean.Len())
		assert.Equal(t, e.RejectedRows, e.Rejected.Len())
		// Every fault that a rule covers is quarantined, nothing else.
		want := len(e.Faults[0].Rows) + len(e.Faults[1].Rows) + len(e.Faults[2].Rows) + len(e.Faults[5].Rows)
		assert.Equal(t, want, e.RejectedRows, "seed %d", seed)

		bc := BatchConfig{Source: ec.Source, Interval: Hour}
		b, err := RunBatch(bc, nil)
		require.NoError(t, err)
		assert.Equal(t, b.Extracted, b.Valid+b.Filtered)
		sum := 0
		for _, r := range b.FilterReasons {
			sum += r.Count
		}
		assert.Equal(t, b.Filtered, sum)
	}
}

// The batch pattern is the reference: streaming and ETL over the same valid
// records give the same revenue total.
func TestStreamAndETLMatchBatchReference(t *testing.T) {
	for seed := uint64(1); seed <= 10; seed++ {
		src := sales.Config{Records: 300 + int(seed)*11, Seed: seed, Start: sales.DefaultStart, Span: Day,
			Faults: sales.Faults{NullPrice: 0.05, BadQuantity: 0.05, MessyText: 0.1, MixedDates: 0.1}}
		b, err := RunBatch(BatchConfig{Source: src, Interval: Hour}, nil)
		require.NoError(t, err)
		sc := DefaultStreamConfig()
		sc.Source = src
		sc.JitterMs, sc.OutOfOrder = 30, 0.2
		s, err := RunStream(sc, nil)
		require.NoError(t, err)
		ec := DefaultETLConfig()
		ec.Source = src
		e, err := RunETL(ec, nil)
		require.NoError(t, err)

		assert.Equal(t, b.Valid, s.Valid)
		assert.Equal(t, b.Valid, e.Valid)
		assert.InDelta(t, b.Totals.Revenue, s.Revenue, 1e-6)
		etlRev := 0.0
		for _, v := range e.Clean.Col(ColRevenue).Dec {
			etlRev += v
		}
		assert.InDelta(t, b.Totals.Revenue, etlRev, 1e-6)
		catSum := 0.0
		for _, v := range b.ByCategory.Col("total_revenue").Dec {
			catSum += v
		}
		assert.InDelta(t, b.Totals.Revenue, catSum, 1e-6)
	}
}

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

func TestConfigErrorsNameTheField(t *testing.T) {
	cases := []struct {
		name  string
		err   error
		field string
		text  string
	}{
		{"records 0", func() error { c := DefaultBatchConfig(); c.Source.Records = 0; return c.Validate() }(), "records", "between 1 and 5,000,000, got 0"},
		{"records huge", func() error { c := DefaultETLConfig(); c.Source.Records = 6_000_000; return c.Validate() }(), "records", "got 6,000,000"},
		{"rate", func() error { c := DefaultETLConfig(); c.Source.Faults.NullPrice = 1.5; return c.Validate() }(), "faults.nullPrice", "between 0 and 1"},
		{"nan", func() error { c := DefaultETLConfig(); c.Source.Faults.Outliers = math.NaN(); return c.Validate() }(), "faults.outliers", "between 0 and 1"},
		{"sum", func() error {
			c := DefaultETLConfig()
			c.Source.Faults = sales.Faults{NullPrice: 0.6, BadQuantity: 0.6}
			return c.Validate()
		}(), "faults", "at most 1"},
		{"buffer", func() error { c := DefaultStreamConfig(); c.BufferSize = -1; return c.Validate() }(), "bufferSize", "between 0 (off) and 100,000"},
		{"no trigger", func() error { c := DefaultStreamConfig(); c.BufferSize, c.LingerMs = 0, 0; return c.Validate() }(), "bufferSize", "both off"},
		{"interval", func() error { c := DefaultStreamConfig(); c.IntervalMs = 0; return c.Validate() }(), "intervalMs", "between 1 ms and"},
		{"jitter", func() error { c := DefaultStreamConfig(); c.JitterMs = 500; return c.Validate() }(), "jitterMs", "between 0 ms and intervalMs"},
		{"batch interval", func() error { c := DefaultBatchConfig(); c.Interval = 5; return c.Validate() }(), "interval", "between 1 minute"},
		{"samples", func() error { c := DefaultETLConfig(); c.Samples = 0; return c.Validate() }(), "samples", "between 1 and 1,000"},
		{"case", func() error {
			c := DefaultETLConfig()
			c.Standardize.Case = []table.ColumnCase{{Column: "category", Mode: "shout"}}
			return c.Validate()
		}(), "standardize.case", "lower, upper or title"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			require.Error(t, c.err)
			var fe *table.FieldError
			require.True(t, errors.As(c.err, &fe), c.err.Error())
			assert.Equal(t, c.field, fe.Field)
			assert.Contains(t, fe.Error(), c.text)
			assert.ErrorIs(t, c.err, table.ErrConfig)
		})
	}
}

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
		assert.Contains(t, sales.Categories, cat.Str[i])
		assert.Contains(t, sales.Regions, reg.Str[i])
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

func TestStreamTriggers(t *testing.T) {
	t.Run("quiet stream flushes on time, on the clock", func(t *testing.T) {
		c := DefaultStreamConfig()
		c.Source.Records, c.IntervalMs, c.LingerMs, c.BufferSize = 5, 1000, 300, 10
		s, err := RunStream(c, nil)
		require.NoError(t, err)
		require.Len(t, s.Micro, 5)
		for i, mb := range s.Micro[:4] {
			assert.Equal(t, TriggerTime, mb.Trigger)
			assert.Equal(t, sales.DefaultStart+int64(i)*1000+300, mb.FlushMs, "fires at oldest+linger, not at the next arrival")
			assert.Equal(t, int64(300), mb.MaxLatencyMs)
		}
		assert.Equal(t, TriggerEnd, s.Micro[4].Trigger, "the stream closes right after its last event")
		assert.Equal(t, sales.DefaultStart+4000, s.Micro[4].FlushMs)
	})
	t.Run("end of stream keeps the partial batch", func(t *testing.T) {
		c := DefaultStreamConfig()
		c.Source.Records = 23
		s, err := RunStream(c, nil)
		require.NoError(t, err)
		require.Len(t, s.Micro, 3)
		assert.Equal(t, 3, s.Micro[2].Size)
		assert.Equal(t, TriggerEnd, s.Micro[2].Trigger)
		assert.Equal(t, map[string]int{"size": 2, "time": 0, "end": 1}, s.Triggers)
	})
	t.Run("time only", func(t *testing.T) {
		c := DefaultStreamConfig()
		c.BufferSize, c.LingerMs = 0, 450
		s, err := RunStream(c, nil)
		require.NoError(t, err)
		for _, mb := range s.Micro[:len(s.Micro)-1] {
			assert.Equal(t, TriggerTime, mb.Trigger)
			assert.LessOrEqual(t, mb.MaxLatencyMs, int64(450))
		}
	})
	t.Run("timer before an arrival at the same instant", func(t *testing.T) {
		c := DefaultStreamConfig()
		c.Source.Records, c.LingerMs = 4, 200
		s, err := RunStream(c, nil)
		require.NoError(t, err)
		// a(0) b(100) c(200): timer at 200 flushes [a b] before c arrives.
		assert.Equal(t, 2, s.Micro[0].Size)
		assert.Equal(t, TriggerTime, s.Micro[0].Trigger)
	})
}

func TestStreamEveryEventInExactlyOneBatch(t *testing.T) {
	for seed := uint64(1); seed <= 60; seed++ {
		c := DefaultStreamConfig()
		c.Source.Records = 1 + int(seed*53%700)
		c.Source.Seed = seed
		c.BufferSize = int(seed % 13)
		c.LingerMs = int64(seed%5) * 170
		if c.BufferSize == 0 && c.LingerMs == 0 {
			c.LingerMs = 90
		}
		c.IntervalMs = 1 + int64(seed%4)*60
		c.JitterMs = c.IntervalMs / 2
		c.OutOfOrder = float64(seed%4) / 10
		c.LateMs = int64(seed%3) * 400
		c.Source.Faults = sales.Faults{NullPrice: 0.05, BadQuantity: 0.05}
		sim, err := NewStreamSim(c, nil)
		require.NoError(t, err)
		n := sim.Events.Len()
		count := make([]int, n)
		var last int64 = math.MinInt64
		buffered := 0
		for {
			st, ok := sim.Next()
			if !ok {
				break
			}
			require.GreaterOrEqual(t, st.TimeMs, last, "time never goes back")
			last = st.TimeMs
			if st.Kind == StepArrive {
				buffered++
				require.Equal(t, buffered, st.Buffered)
				continue
			}
			require.Equal(t, buffered, st.Batch.Size)
			buffered = 0
			if c.BufferSize > 0 {
				require.LessOrEqual(t, st.Batch.Size, c.BufferSize)
			}
			for _, row := range st.Batch.Events {
				count[row]++
				require.GreaterOrEqual(t, st.TimeMs, sim.ArriveMs[row], "processed after it arrived")
			}
			if c.LingerMs > 0 {
				require.LessOrEqual(t, st.TimeMs-sim.ArriveMs[st.Batch.Events[0]], c.LingerMs, "never waits past linger")
			}
		}
		require.Zero(t, buffered, "nothing left in the buffer")
		for row, k := range count {
			require.Equal(t, 1, k, "seed %d: event %d in %d batches", seed, row, k)
		}
	}
}

func TestProgressReportsEachStep(t *testing.T) {
	var steps []string
	c := DefaultETLConfig()
	c.Progress = func(s string) { steps = append(steps, s) }
	_, err := RunETL(c, nil)
	require.NoError(t, err)
	assert.Equal(t, []string{"extract", "quality", "enrich", "standardize", "load"}, steps)
	steps = nil
	b := DefaultBatchConfig()
	b.Progress = func(s string) { steps = append(steps, s) }
	_, err = RunBatch(b, nil)
	require.NoError(t, err)
	assert.Equal(t, []string{"extract", "transform", "aggregate", "load"}, steps)
	steps = nil
	s := DefaultStreamConfig()
	s.Progress = func(x string) { steps = append(steps, x) }
	_, err = RunStream(s, nil)
	require.NoError(t, err)
	assert.Equal(t, []string{"source", "buffer", "process"}, steps)
}

// Each pattern refuses more records than its limit, naming the limit: the
// page's Events fields offer the same ranges.
func TestPatternRecordLimits(t *testing.T) {
	et := DefaultEventTimeConfig()
	et.Source.Records = MaxEventTimeRecords + 1
	err := et.Validate()
	var fe *table.FieldError
	require.ErrorAs(t, err, &fe)
	require.Equal(t, "records", fe.Field)
	require.Equal(t, "must be between 1 and 1,000,000, got 1,000,001", fe.Msg)
	et.Source.Records = MaxEventTimeRecords
	require.NoError(t, et.Validate())

	cmp := DefaultCompareConfig()
	cmp.Stream.Source.Records = MaxCompareRecords + 1
	require.ErrorAs(t, cmp.Validate(), &fe)
	require.Equal(t, "must be between 1 and 2,000,000, got 2,000,001", fe.Msg)
	cmp.Stream.Source.Records = MaxCompareRecords
	require.NoError(t, cmp.Validate())
}

// Step notes write counts as the engine's other messages do, with
// thousands separators ("12,000 rows to etl_output.csv", not "12000"):
// a learner reads them beside the page's figures.
func TestStepNotesSeparateThousands(t *testing.T) {
	bare := regexp.MustCompile(`(^|[\s(])\d{4,}([\s),.;:]|$)`)
	var notes []string
	collect := func(steps []StepReport) {
		for _, s := range steps {
			notes = append(notes, s.Notes...)
		}
	}
	b := DefaultBatchConfig()
	b.Source.Records = 12_000
	rb, err := RunBatch(b, nil)
	require.NoError(t, err)
	collect(rb.Steps)
	s := DefaultStreamConfig()
	s.Source.Records = 12_000
	rs, err := RunStream(s, nil)
	require.NoError(t, err)
	collect(rs.Steps)
	e := DefaultETLConfig()
	e.Source.Records = 12_000
	re, err := RunETL(e, nil)
	require.NoError(t, err)
	collect(re.Steps)
	c := DefaultCompareConfig()
	c.Stream.Source.Records = 12_000
	rc, err := RunCompare(c)
	require.NoError(t, err)
	collect(rc.Steps)
	et := DefaultEventTimeConfig()
	et.Source.Records = 12_000
	ret, err := RunEventTime(et, nil)
	require.NoError(t, err)
	collect(ret.Steps)
	tab, _, err := sales.Generate(sales.Config{Records: 12_000, Seed: 3, Start: sales.DefaultStart, Span: 30 * Day,
		Faults: sales.Faults{NullPrice: 0.1, MessyText: 0.2, MixedDates: 0.2}})
	require.NoError(t, err)
	file, err := table.ReadCSV(table.AppendCSV(nil, tab, table.CSVWriteOptions{}), table.CSVOptions{})
	require.NoError(t, err)
	cfg := w1Check
	cfg.DateParts = []string{sales.ColOrderTS}
	cfg.Standardize.Timestamps = []string{sales.ColOrderTS}
	rd, err := RunDataCheck(cfg, file)
	require.NoError(t, err)
	collect(rd.Steps)
	require.Greater(t, len(notes), 15)
	for _, n := range notes {
		n = strings.ReplaceAll(n, "ISO 8601", "ISO")
		assert.False(t, bare.MatchString(n), "a count without separators: %q", n)
	}
}
