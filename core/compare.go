package core

import (
	"fmt"
	"math"
	"slices"

	"github.com/ingestkit/playground/core/internal/fast"
	"github.com/ingestkit/playground/core/internal/num"
	"github.com/ingestkit/playground/core/internal/say"
	"github.com/ingestkit/playground/core/sales"
)

// CompareConfig sends one stream of events — one seed, one arrival clock —
// two ways: through a scheduled batch job that runs every BatchInterval ms
// from the first event's time, and through Stream's micro-batch buffer.
type CompareConfig struct {
	Stream        StreamConfig `json:"stream"`
	BatchInterval int64        `json:"batchInterval"`
}

// DefaultCompareConfig: 1,000 events about a minute apart (16 hours of
// orders), a job every hour, and a buffer of 10 that waits at most 5 s.
func DefaultCompareConfig() CompareConfig {
	st := DefaultStreamConfig()
	st.Source.Records = 1000
	st.IntervalMs, st.JitterMs, st.LingerMs = Minute, 30*Second, 5*Second
	return CompareConfig{Stream: st, BatchInterval: Hour}
}

// Validate reports the first invalid field as a *table.FieldError.
func (c CompareConfig) Validate() error {
	if c.BatchInterval < Second || c.BatchInterval > 365*Day {
		return fieldErr("batchInterval", "must be between 1 second and 365 days, got %s ms", say.Count(c.BatchInterval))
	}
	if err := recordsAtMost(c.Stream.Source, MaxCompareRecords); err != nil {
		return err
	}
	return c.Stream.Validate()
}

// CompareSide is one way the events went: how long each waited from its
// arrival until it was available downstream, what that cost in runs, and
// what arrived.
type CompareSide struct {
	Delay      Latency `json:"delay"`
	Runs       int     `json:"runs"`       // job runs (empty ones too) or micro-batch flushes
	RowsPerRun float64 `json:"rowsPerRun"` // events per run
	// CDF holds the delay at each percent of the events: CDF[p] is the
	// delay (ms) that p % of the events waited at most (CDF[0] the least).
	CDF []int64 `json:"cdf"`
	// The events as loaded downstream: valid rows, their revenue, and the
	// revenue per category (sorted by category).
	Rows       int             `json:"rows"`
	Revenue    float64         `json:"revenue"`
	ByCategory []CategoryTotal `json:"byCategory"`
}

// CategoryTotal is one category's revenue.
type CategoryTotal struct {
	Category string  `json:"category"`
	Rows     int     `json:"rows"`
	Revenue  float64 `json:"revenue"`
}

// CompareResult is what [RunCompare] produced.
type CompareResult struct {
	Events int         `json:"events"`
	Batch  CompareSide `json:"batch"`
	Stream CompareSide `json:"stream"`
	// Equal reports that both sides loaded the same rows, revenue and
	// revenue per category, to the cent.
	Equal bool `json:"equal"`
	// Faster is how many times longer the batch side's p95 delay is.
	Faster float64 `json:"faster"`
	// Delays are each event's delay on each side, in arrival order.
	BatchDelays, StreamDelays []int64      `json:"-"`
	Steps                     []StepReport `json:"steps"`
}

// RunCompare runs the events of cfg.Stream through both ways. A batch job
// at time T loads every event that arrived in [T − interval, T); the stream
// loads an event when its micro-batch is flushed. Every event is loaded
// exactly once on each side.
func RunCompare(cfg CompareConfig) (*CompareResult, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	sw := newStopwatch(nil)
	sres, err := RunStream(cfg.Stream, nil)
	if err != nil {
		return nil, err
	}
	streamStep := sw.finish(StepReport{Name: "stream", In: sres.EventCount, Out: sres.Valid, Rejected: sres.Rejected,
		Notes: []string{fmt.Sprintf("%s events through the buffer in %s micro-batches (%s by size, %s by time, %s at the end)",
			say.Count(int64(sres.EventCount)), say.Count(int64(len(sres.Micro))), say.Count(int64(sres.Triggers[TriggerSize])), say.Count(int64(sres.Triggers[TriggerTime])), say.Count(int64(sres.Triggers[TriggerEnd])))}})
	ev := sres.Events // in arrival order
	n := ev.Len()
	arr, proc := ev.Col("arrived_at").Int, ev.Col("processed_at").Int
	valid := ev.Col("valid").Bool
	rev := ev.Cols[len(ev.Cols)-1].Dec
	res := &CompareResult{Events: n, BatchDelays: make([]int64, n), StreamDelays: make([]int64, n)}
	start, iv := cfg.Stream.Source.Start, cfg.BatchInterval
	lastJob := int64(1)
	for i := 0; i < n; i++ {
		k := num.FloorDiv(arr[i]-start, iv) + 1 // the first job after the arrival, as on the Batch tab
		res.BatchDelays[i] = start + k*iv - arr[i]
		lastJob = max(lastJob, k)
		res.StreamDelays[i] = proc[i] - arr[i]
	}
	// Both sides load the same valid events; the batch side in job order,
	// which is arrival order, as the stream's.
	load := func(side *CompareSide, delays []int64, runs int) {
		side.Delay, side.CDF = delayStats(delays)
		side.Runs = runs
		if runs > 0 {
			side.RowsPerRun = float64(n) / float64(runs)
		}
		for i := 0; i < n; i++ {
			if valid[i] {
				side.Rows++
				side.Revenue += rev[i]
			}
		}
		agg := aggregate(ev, sales.ColCategory, rev, valid) // sorted by category
		for k, c := range agg.Col(sales.ColCategory).Str {
			side.ByCategory = append(side.ByCategory, CategoryTotal{Category: c, Rows: int(agg.Cols[1].Int[k]), Revenue: agg.Cols[2].Dec[k]})
		}
	}
	jobs := 0
	if n > 0 {
		jobs = int(lastJob) // jobs 1 … lastJob after the first event's time
	}
	load(&res.Batch, res.BatchDelays, jobs)
	load(&res.Stream, res.StreamDelays, len(sres.Micro))
	res.Equal = sameTotals(res.Batch, res.Stream)
	res.Steps = []StepReport{streamStep, sw.finish(StepReport{Name: "batch", In: n, Out: res.Batch.Rows, Rejected: n - res.Batch.Rows,
		Notes: []string{fmt.Sprintf("the same %s events loaded by %s job runs, one every %s", say.Count(int64(n)), say.Count(int64(jobs)), say.Span(iv))}}),
		{Name: "compare", In: n, Out: n, Notes: []string{res.String()}}}
	if res.Stream.Delay.P95Ms > 0 {
		res.Faster = float64(res.Batch.Delay.P95Ms) / float64(res.Stream.Delay.P95Ms)
	}
	return res, nil
}

// delayStats summarises delays (ms) — least, average, p50, p95 (the
// values at index (n−1)×p/100 in sorted order) and greatest — and samples
// their distribution at every percent.
func delayStats(delays []int64) (Latency, []int64) {
	n := len(delays)
	if n == 0 {
		return Latency{}, []int64{}
	}
	s := slices.Clone(delays)
	fast.SortInt64s(s)
	var sum float64
	for _, d := range s {
		sum += float64(d)
	}
	cdf := make([]int64, 101)
	for p := range cdf {
		cdf[p] = s[(n-1)*p/100]
	}
	return Latency{MinMs: s[0], AvgMs: sum / float64(n), P50Ms: s[(n-1)*50/100], P95Ms: s[(n-1)*95/100], MaxMs: s[n-1]}, cdf
}

// sameTotals compares two sides' loads to the cent.
func sameTotals(a, b CompareSide) bool {
	cents := func(v float64) int64 { return int64(math.Round(v * 100)) }
	if a.Rows != b.Rows || cents(a.Revenue) != cents(b.Revenue) || len(a.ByCategory) != len(b.ByCategory) {
		return false
	}
	for i := range a.ByCategory {
		x, y := a.ByCategory[i], b.ByCategory[i]
		if x.Category != y.Category || x.Rows != y.Rows || cents(x.Revenue) != cents(y.Revenue) {
			return false
		}
	}
	return true
}

// String describes the comparison in one line.
func (r *CompareResult) String() string {
	return fmt.Sprintf("%s events: batch p95 %s, stream p95 %s (%.0f× fresher), %s job runs vs %s flushes, totals equal: %v",
		say.Count(int64(r.Events)), say.Span(r.Batch.Delay.P95Ms), say.Span(r.Stream.Delay.P95Ms), r.Faster, say.Count(int64(r.Batch.Runs)), say.Count(int64(r.Stream.Runs)), r.Equal)
}
