package core

import (
	"slices"

	"github.com/ingestkit/playground/core/internal/fast"
	"github.com/ingestkit/playground/core/internal/num"
	"github.com/ingestkit/playground/core/sales"
)

// SweepPoint is one setting of a sweep and what a run at it gives: the
// average and p95 delay (a stream's latency, a batch's freshness) and the
// runs it takes (micro-batch flushes, job runs).
type SweepPoint struct {
	X     int64   `json:"x"` // the swept setting: events, or ms
	AvgMs float64 `json:"avgMs"`
	P95Ms int64   `json:"p95Ms"`
	Runs  int     `json:"runs"`
}

// StreamSweep is a stream's latency and flushes against its buffer size (at
// its linger) and against its linger (at its buffer size).
type StreamSweep struct {
	BySize   []SweepPoint `json:"bySize"`
	ByLinger []SweepPoint `json:"byLinger"`
}

// Sweep values: buffer sizes, linger times and job intervals a sweep tries
// (plus the current setting).
var (
	SweepSizes     = []int64{1, 2, 3, 5, 7, 10, 15, 20, 30, 50, 75, 100, 150, 200}
	SweepLingers   = []int64{0, 10, 20, 50, 100, 200, 500, Second, 2 * Second, 5 * Second, 10 * Second, 30 * Second, Minute}
	SweepIntervals = []int64{5 * Minute, 15 * Minute, 30 * Minute, Hour, 2 * Hour, 3 * Hour, 6 * Hour, 12 * Hour, Day, 2 * Day, 7 * Day}
)

// SweepStream runs cfg's events through the buffer at every size in sizes
// (with cfg's linger) and every linger in lingers (with cfg's size); each
// point is what [RunStream] reports at that setting — its average and p95
// latency and its number of micro-batches — without building its tables:
// the events arrive on the same clock, only the buffer changes. Settings
// that turn both triggers off are left out.
func SweepStream(cfg StreamConfig, sizes, lingers []int64) (*StreamSweep, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	n := cfg.Source.Records
	ev, arr, order := arrivals(cfg, n)
	lat := make([]int64, n)
	point := func(x int64, size int, linger int64) (SweepPoint, bool) {
		if size <= 0 && linger <= 0 {
			return SweepPoint{}, false
		}
		runs := bufferLatencies(ev, arr, order, size, linger, lat)
		avg, p95 := avgP95(lat)
		return SweepPoint{X: x, AvgMs: avg, P95Ms: p95, Runs: runs}, true
	}
	out := &StreamSweep{BySize: []SweepPoint{}, ByLinger: []SweepPoint{}}
	for _, size := range withCurrent(sizes, int64(cfg.BufferSize)) {
		if p, ok := point(size, int(size), cfg.LingerMs); ok {
			out.BySize = append(out.BySize, p)
		}
	}
	for _, linger := range withCurrent(lingers, cfg.LingerMs) {
		if p, ok := point(linger, cfg.BufferSize, linger); ok {
			out.ByLinger = append(out.ByLinger, p)
		}
	}
	return out, nil
}

// bufferLatencies runs the micro-batch buffer of [StreamSim] over events
// in arrival order and writes each event's latency (flush − event time)
// into lat; it returns the number of flushes. The buffer always holds a
// run of consecutive events in arrival order.
func bufferLatencies(ev, arr []int64, order []int, size int, linger int64, lat []int64) (flushes int) {
	n := len(order)
	flush := func(from, to int, at int64) {
		for _, row := range order[from:to] {
			lat[row] = at - ev[row]
		}
		flushes++
	}
	start := 0
	var oldest int64
	for pos := 0; pos < n; {
		at := arr[order[pos]]
		if linger > 0 && pos > start && oldest+linger <= at {
			flush(start, pos, oldest+linger) // the time trigger fires first
			start = pos
			continue
		}
		if pos == start {
			oldest = at
		}
		pos++
		if size > 0 && pos-start >= size {
			flush(start, pos, at)
			start = pos
		}
	}
	if start < n {
		flush(start, n, arr[order[n-1]])
	}
	return flushes
}

// SweepBatch runs cfg's records through a job schedule at every interval in
// intervals; each point is what [RunBatch] reports at that interval — its
// average and p95 freshness and its job runs — generating the records once.
func SweepBatch(cfg BatchConfig, intervals []int64) ([]SweepPoint, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	res, err := RunBatch(cfg, nil)
	if err != nil {
		return nil, err
	}
	created := slices.Clone(res.Output.Col(sales.ColOrderTS).Int)
	fast.SortInt64s(created)
	delays := make([]int64, len(created))
	out := []SweepPoint{}
	for _, iv := range withCurrent(intervals, cfg.Interval) {
		c := cfg
		c.Interval = iv
		if c.Validate() != nil {
			continue
		}
		jobs, last := 0, int64(0)
		for j, t := range created {
			job := cfg.Source.Start + (num.FloorDiv(t-cfg.Source.Start, iv)+1)*iv
			if jobs == 0 || job != last {
				jobs, last = jobs+1, job
			}
			delays[j] = job - t
		}
		avg, p95 := avgP95(delays)
		out = append(out, SweepPoint{X: iv, AvgMs: avg, P95Ms: p95, Runs: jobs})
	}
	return out, nil
}

// withCurrent returns xs with cur added (when above zero or already a
// sweep value), sorted, without repeats.
func withCurrent(xs []int64, cur int64) []int64 {
	out := slices.Clone(xs)
	if cur > 0 || slices.Contains(xs, cur) {
		out = append(out, cur)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// avgP95 is the average and the p95 (as [RunStream] and [RunBatch] pick
// it: the value at index (n−1)×95/100 in sorted order) of xs, found without
// sorting. It reorders xs.
func avgP95(xs []int64) (float64, int64) {
	if len(xs) == 0 {
		return 0, 0
	}
	var sum float64
	for _, x := range xs {
		sum += float64(x)
	}
	return sum / float64(len(xs)), selectKth(xs, (len(xs)-1)*95/100)
}

// selectKth returns the k-th smallest of xs (0-based), reordering xs.
func selectKth(xs []int64, k int) int64 {
	lo, hi := 0, len(xs)-1
	for lo < hi {
		// Median of three as the pivot, then a Hoare partition.
		mid := lo + (hi-lo)/2
		if xs[mid] < xs[lo] {
			xs[mid], xs[lo] = xs[lo], xs[mid]
		}
		if xs[hi] < xs[lo] {
			xs[hi], xs[lo] = xs[lo], xs[hi]
		}
		if xs[hi] < xs[mid] {
			xs[hi], xs[mid] = xs[mid], xs[hi]
		}
		pivot := xs[mid]
		i, j := lo, hi
		for i <= j {
			for xs[i] < pivot {
				i++
			}
			for xs[j] > pivot {
				j--
			}
			if i <= j {
				xs[i], xs[j] = xs[j], xs[i]
				i++
				j--
			}
		}
		switch {
		case k <= j:
			hi = j
		case k >= i:
			lo = i
		default:
			return xs[k]
		}
	}
	return xs[k]
}

// SweepWatermarkDelays are the watermark delays an event-time sweep tries
// (ms), plus the current one.
var SweepWatermarkDelays = []int64{0, Second, 2 * Second, 5 * Second, 10 * Second, 15 * Second, 20 * Second, 30 * Second, 45 * Second, Minute, 2 * Minute, 5 * Minute, 10 * Minute}

// EventTimeSweepPoint is one watermark delay of an event-time sweep and what
// a run at it gives: the on-time panes' result latency (p50, p95) and
// completeness, the events on time, late and dropped, and the panes.
type EventTimeSweepPoint struct {
	X            int64   `json:"x"` // the watermark delay, ms
	P50Ms        int64   `json:"p50Ms"`
	P95Ms        int64   `json:"p95Ms"`
	Completeness float64 `json:"completeness"`
	OnTime       int     `json:"onTime"`
	Late         int     `json:"late"`
	Dropped      int     `json:"dropped"`
	LatePanes    int     `json:"latePanes"`
	Panes        int     `json:"panes"`
}

// SweepEventTime runs cfg once per delay in delays (and cfg's own delay,
// when its watermark is bounded), each with a bounded watermark that far
// behind whatever cfg's watermark is; each point is what [RunEventTime]
// reports at that delay.
func SweepEventTime(cfg EventTimeConfig, delays []int64) ([]EventTimeSweepPoint, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	cfg = cfg.WithDefaults() // (a perfect watermark's idle advance is off, swept or not)
	if cfg.Watermark.Kind == WatermarkBounded {
		delays = withCurrent(delays, cfg.Watermark.AllowedDelayMs)
	}
	out := []EventTimeSweepPoint{}
	for _, d := range delays {
		c := cfg
		c.Watermark.Kind, c.Watermark.AllowedDelayMs = WatermarkBounded, d
		res, err := RunEventTime(c, nil)
		if err != nil {
			return nil, err
		}
		s := res.Summary
		out = append(out, EventTimeSweepPoint{X: d, P50Ms: s.OnTimeLatency.P50Ms, P95Ms: s.OnTimeLatency.P95Ms, Completeness: s.Completeness,
			OnTime: s.OnTime, Late: s.Late, Dropped: s.Dropped, LatePanes: s.LatePanes, Panes: s.Panes})
	}
	return out, nil
}
