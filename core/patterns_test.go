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
