package api

import (
	"fmt"
	"slices"

	"github.com/ingestkit/playground/core/table"

	"github.com/ingestkit/playground/core"
)

// Event time ("time"): the settings of core.EventTimeConfig as a flat
// object whose keys are core's JSON field names ("window.sizeMs",
// "trigger.allowedLatenessMs"), so that a config error's field is the
// setting's own key. Booleans (trigger.accumulate, trigger.deadLetter) are
// true or false; kinds (window.kind, watermark.kind, keyBy,
// backpressure.policy) are text.

// timeInts are the whole-number settings: key, and where it lives.
func timeInts(c *core.EventTimeConfig) []struct {
	key string
	ptr *int64
} {
	return []struct {
		key string
		ptr *int64
	}{
		{"intervalMs", &c.IntervalMs},
		{"delay.typicalMs", &c.Delay.TypicalMs}, {"delay.stragglerMs", &c.Delay.StragglerMs}, {"delay.offlineMs", &c.Delay.OfflineMs},
		{"window.sizeMs", &c.Window.SizeMs}, {"window.periodMs", &c.Window.PeriodMs}, {"window.gapMs", &c.Window.GapMs},
		{"watermark.allowedDelayMs", &c.Watermark.AllowedDelayMs}, {"watermark.idleMs", &c.Watermark.IdleMs},
		{"trigger.earlyEveryMs", &c.Trigger.EarlyEveryMs}, {"trigger.lateEveryMs", &c.Trigger.LateEveryMs},
		{"trigger.allowedLatenessMs", &c.Trigger.AllowedLatenessMs},
		{"backpressure.perBatchMs", &c.Backpressure.PerBatchMs}, {"backpressure.perEventMs", &c.Backpressure.PerEventMs},
	}
}

// timeCounts are the settings that are counts (int in core).
func timeCounts(c *core.EventTimeConfig) []struct {
	key string
	ptr *int
} {
	return []struct {
		key string
		ptr *int
	}{
		{"delay.burstSize", &c.Delay.BurstSize}, {"trigger.earlyEveryEvents", &c.Trigger.EarlyEveryEvents},
		{"backpressure.capacity", &c.Backpressure.Capacity}, {"backpressure.batchSize", &c.Backpressure.BatchSize},
	}
}

func timeShares(c *core.EventTimeConfig) []struct {
	key string
	ptr *float64
} {
	return []struct {
		key string
		ptr *float64
	}{
		{"delay.stragglerShare", &c.Delay.StragglerShare}, {"delay.offlineShare", &c.Delay.OfflineShare}, {"delay.burstShare", &c.Delay.BurstShare},
	}
}

func timeTexts(c *core.EventTimeConfig) []struct {
	key string
	ptr *string
} {
	return []struct {
		key string
		ptr *string
	}{
		{"window.kind", &c.Window.Kind}, {"keyBy", &c.KeyBy}, {"watermark.kind", &c.Watermark.Kind}, {"backpressure.policy", &c.Backpressure.Policy},
	}
}

func timeBools(c *core.EventTimeConfig) []struct {
	key string
	ptr *bool
} {
	return []struct {
		key string
		ptr *bool
	}{{"trigger.accumulate", &c.Trigger.Accumulate}, {"trigger.deadLetter", &c.Trigger.DeadLetter}}
}

// defaultTimeConfig is core's default with the backpressure queue's knobs
// filled in (the queue stays off: capacity 0), so that a learner who turns
// it on starts from sensible values.
func defaultTimeConfig() core.EventTimeConfig {
	c := core.DefaultEventTimeConfig()
	if c.Backpressure.Capacity == 0 && c.Backpressure.BatchSize == 0 && c.Backpressure.Policy == "" {
		c.Backpressure = core.BackpressureConfig{BatchSize: 10, PerBatchMs: 500, PerEventMs: 100, Policy: core.QueueBlock}
	}
	return c
}

// timeSettings is an event-time config as the page's settings.
func timeSettings(c core.EventTimeConfig) map[string]any {
	m := map[string]any{"records": c.Source.Records, "seed": int64(c.Source.Seed)}
	for _, f := range timeInts(&c) {
		m[f.key] = *f.ptr
	}
	for _, f := range timeCounts(&c) {
		m[f.key] = *f.ptr
	}
	for _, f := range timeShares(&c) {
		m[f.key] = *f.ptr
	}
	for _, f := range timeTexts(&c) {
		m[f.key] = *f.ptr
	}
	for _, f := range timeBools(&c) {
		m[f.key] = *f.ptr
	}
	return m
}

// EventTimeConfig reads event-time settings over the defaults (see
// timeSettings for the keys). Missing settings keep their defaults; a
// value of the wrong kind, or an unknown key, is a config error naming it.
// Ranges are core's EventTimeConfig.Validate.
func EventTimeConfig(settings map[string]any) (core.EventTimeConfig, error) {
	c := defaultTimeConfig()
	r := &reader{m: settings}
	c.Source.Records = int(r.int("records", int64(c.Source.Records)))
	seed := r.int("seed", int64(c.Source.Seed))
	if seed < 0 {
		r.fail(&Error{Code: "config", Message: fmt.Sprintf("seed must be 0 or more, got %d", seed), Field: "seed"})
	}
	c.Source.Seed = uint64(seed)
	for _, f := range timeInts(&c) {
		*f.ptr = r.int(f.key, *f.ptr)
	}
	for _, f := range timeCounts(&c) {
		v := r.int(f.key, int64(*f.ptr))
		if v < -1<<31 || v > 1<<31-1 {
			r.fail(&Error{Code: "config", Message: fmt.Sprintf("%s must be a whole number of a sensible size, got %d", f.key, v), Field: f.key})
			continue
		}
		*f.ptr = int(v)
	}
	for _, f := range timeShares(&c) {
		*f.ptr = r.num(f.key, *f.ptr)
	}
	for _, f := range timeTexts(&c) {
		*f.ptr = r.str(f.key, *f.ptr)
	}
	for _, f := range timeBools(&c) {
		*f.ptr = r.boolean(f.key, *f.ptr)
	}
	// A sliding window's period 0 is half its size, for the run and the
	// exports alike.
	return c.WithDefaults(), r.done()
}

// timePictureMax is the most events the run's picture data carries: the
// page draws every one as a dot.
const timePictureMax = 3000

// timeRowsMax is the most rows of the pane list and the per-window
// comparison the run's answer carries (the tables have all of them).
const timeRowsMax = 500

type timeSummary struct {
	Pattern  string         `json:"pattern"`
	Settings map[string]any `json:"settings"`
	core.EventTimeSummary
	Steps  []core.StepReport `json:"steps"`
	Tables []tableInfo       `json:"tables"`
	// StartMs is the source's start (Unix ms): every time below is ms
	// after it.
	StartMs int64 `json:"startMs"`
	// Picture: every event as (processed, event time), its status and key;
	// null when the run has more than timePictureMax events.
	Picture *timePicture `json:"picture"`
	// PaneList: the first timeRowsMax panes, in the order fired.
	PaneList  timePanes `json:"paneList"`
	PanesMore bool      `json:"panesMore"`
	// Processing: event-time windows against processing-time windows
	// (core's comparison), the first timeRowsMax rows.
	Processing     timeCompare `json:"processing"`
	ProcessingMore bool        `json:"processingMore"`
	// Queue: the backpressure queue's depth over time (null when off).
	Queue *queueChart `json:"queue"`
}

type timePicture struct {
	EventMs   []int64  `json:"eventMs"`
	Processed []any    `json:"processedMs"` // null for an event the queue lost
	Status    []string `json:"status"`
	Class     []string `json:"class"`
	Key       []string `json:"key"`
	// The watermark as steps: from AtMs on it was Ms (null: none yet);
	// Clock: it rose to Ms with the clock since the step before (idle
	// advance), a slope rather than a jump.
	Watermark struct {
		AtMs  []int64 `json:"atMs"`
		Ms    []any   `json:"ms"`
		Clock []bool  `json:"clock"`
	} `json:"watermark"`
	// The truth's windows: key, start, end and how many events.
	Windows struct {
		Key     []string `json:"key"`
		StartMs []int64  `json:"startMs"`
		EndMs   []int64  `json:"endMs"`
		Events  []int64  `json:"events"`
	} `json:"windows"`
	EndMs int64 `json:"endMs"` // the last processing time
}

type timePanes struct {
	Key       []string `json:"key"`
	StartMs   []int64  `json:"startMs"`
	EndMs     []int64  `json:"endMs"`
	Index     []int    `json:"index"`
	Timing    []string `json:"timing"`
	Fired     []string `json:"fired"`
	EmittedMs []int64  `json:"emittedMs"`
	Count     []int64  `json:"count"`
	Added     []int64  `json:"added"`
	Total     []int64  `json:"total"`
	LatencyMs []int64  `json:"latencyMs"`
}

type timeCompare struct {
	Key            []string `json:"key"`
	StartMs        []int64  `json:"startMs"`
	EndMs          []int64  `json:"endMs"`
	EventTime      []int64  `json:"eventTime"`
	ProcessingTime []int64  `json:"processingTime"`
	Error          []int64  `json:"error"`
}

// queueChart is a queue's depth over time, at most queuePoints points
// (the deepest of each stretch when there are more changes).
type queueChart struct {
	AtMs     []int64 `json:"atMs"`
	Depth    []int   `json:"depth"`
	Capacity int     `json:"capacity"`
	Policy   string  `json:"policy"`
	// EndMs is when the last micro-batch was done (core's EndMs), on the
	// same clock as AtMs, or -1 with none: the chart's axis runs to it.
	EndMs int64 `json:"endMs"`
}

const queuePoints = 600

func depthChart(q *core.QueueResult, start int64, bp core.BackpressureConfig) *queueChart {
	out := &queueChart{AtMs: []int64{}, Depth: []int{}, Capacity: bp.Capacity, Policy: bp.Policy, EndMs: -1}
	if end := q.EndMs(); end >= 0 {
		out.EndMs = end - start
	}
	n := len(q.DepthMs)
	if n == 0 {
		return out
	}
	step := max(1, (n+queuePoints-1)/queuePoints)
	for i := 0; i < n; i += step {
		j, deep := i, int(q.DepthN[i])
		for k := i; k < min(n, i+step); k++ {
			if int(q.DepthN[k]) > deep {
				j, deep = k, int(q.DepthN[k])
			}
		}
		out.AtMs = append(out.AtMs, q.DepthMs[j]-start)
		out.Depth = append(out.Depth, deep)
	}
	return out
}

// timeTables names the result's tables for rows and csv (time_…) and for
// download (core's names: event_time_panes.csv, …).
func timeTables(res *core.EventTimeResult) []namedTable {
	tabs := []namedTable{{"time_panes", res.Panes}, {"time_dropped", res.Dropped}, {"time_events", res.Events},
		{"time_windows", res.Windows}, {"time_processing", res.Compare}}
	if res.QueueDepth != nil {
		tabs = append(tabs, namedTable{"time_queue_depth", res.QueueDepth}, namedTable{"time_queue_dropped", res.QueueDropped})
	}
	return tabs
}

type namedTable struct {
	id string
	t  *table.Table
}

// keepNamed replaces the tables whose ids start with prefix by tabs, each
// kept under its id and downloaded under its table's own name.
func (e *Engine) keepNamed(prefix string, tabs []namedTable) []tableInfo {
	for name := range e.tables {
		if len(name) >= len(prefix) && name[:len(prefix)] == prefix {
			e.drop(name)
		}
	}
	infos := []tableInfo{}
	for _, nt := range tabs {
		file := nt.t.Name + ".csv"
		e.tables[nt.id] = nt.t
		e.files[nt.id] = file
		infos = append(infos, tableInfo{Name: nt.id, File: file, Rows: nt.t.Len(), Columns: columnsOf(nt.t)})
	}
	return infos
}

// orNull turns the watermark's −∞ and +∞ into null, other times into ms
// after start.
func orNull(wm, start int64) any {
	if wm == core.NoWatermark || wm == core.EndWatermark {
		return nil
	}
	return wm - start
}

// runTime runs the event-time pattern and keeps its tables.
func (e *Engine) runTime(cfg core.EventTimeConfig) (any, error) {
	cfg.Progress = e.Progress
	sim, err := core.NewEventTimeSim(cfg, nil)
	if err != nil {
		return nil, err
	}
	// The picture's watermark steps come from the replay of the same
	// simulation RunEventTime makes (it builds its own).
	var wmAt []int64
	var wmMs []any
	var wmClock []bool
	start := cfg.Source.Start
	small := len(sim.EventMs) <= timePictureMax
	if small {
		for {
			st, ok := sim.Next()
			if !ok {
				break
			}
			if st.Kind == core.StepWatermark {
				wmAt, wmMs, wmClock = append(wmAt, st.TimeMs-start), append(wmMs, orNull(st.WatermarkMs, start)), append(wmClock, st.Clock)
			}
		}
	}
	res, err := core.RunEventTime(cfg, nil)
	if err != nil {
		return nil, err
	}
	cfg.Progress = nil
	e.lastTime = &cfg
	out := &timeSummary{Pattern: "time", Settings: timeSettings(cfg), EventTimeSummary: res.Summary, Steps: res.Steps,
		Tables: e.keepNamed("time_", timeTables(res)), StartMs: start}
	if small {
		pic := &timePicture{}
		n := len(sim.EventMs)
		pic.EventMs, pic.Processed = make([]int64, n), make([]any, n)
		pic.Status, pic.Class, pic.Key = make([]string, n), make([]string, n), make([]string, n)
		status, class := res.Events.Col("status"), res.Events.Col("delay_class")
		for i := 0; i < n; i++ {
			pic.EventMs[i] = sim.EventMs[i] - start
			if p := sim.ProcessedMs[i]; p >= 0 {
				pic.Processed[i] = p - start
				pic.EndMs = max(pic.EndMs, p-start)
			}
			pic.Status[i], pic.Class[i], pic.Key[i] = status.Str[i], class.Str[i], sim.Keys[sim.KeyOf[i]]
		}
		pic.Watermark.AtMs, pic.Watermark.Ms, pic.Watermark.Clock = wmAt, wmMs, wmClock
		w := res.Windows
		pic.Windows.Key = w.Col("key").Str
		pic.Windows.StartMs = relative(w.Col("window_start").Int, start)
		pic.Windows.EndMs = relative(w.Col("window_end").Int, start)
		pic.Windows.Events = w.Col("events").Int
		if pic.Windows.Key == nil {
			pic.Windows.Key = []string{}
		}
		out.Picture = pic
	}
	pl := &out.PaneList
	for i, p := range res.PaneList {
		if i == timeRowsMax {
			out.PanesMore = true
			break
		}
		pl.Key, pl.StartMs, pl.EndMs = append(pl.Key, p.Key), append(pl.StartMs, p.StartMs-start), append(pl.EndMs, p.EndMs-start)
		pl.Index, pl.Timing, pl.Fired = append(pl.Index, p.Index), append(pl.Timing, p.Timing), append(pl.Fired, p.Fired)
		pl.EmittedMs, pl.Count, pl.Added, pl.Total = append(pl.EmittedMs, p.EmittedMs-start), append(pl.Count, p.Count), append(pl.Added, p.AddedCount), append(pl.Total, p.TotalCount)
		pl.LatencyMs = append(pl.LatencyMs, p.LatencyMs())
	}
	c := res.Compare
	m := min(c.Len(), timeRowsMax)
	out.ProcessingMore = c.Len() > m
	out.Processing = timeCompare{Key: slices.Clone(c.Col("key").Str[:m]), StartMs: relative(c.Col("window_start").Int[:m], start), EndMs: relative(c.Col("window_end").Int[:m], start),
		EventTime: slices.Clone(c.Col("event_time_count").Int[:m]), ProcessingTime: slices.Clone(c.Col("processing_time_count").Int[:m]), Error: slices.Clone(c.Col("count_error").Int[:m])}
	if sim.Queue != nil {
		out.Queue = depthChart(sim.Queue, start, cfg.Backpressure)
	}
	return out, nil
}

func relative(ts []int64, start int64) []int64 {
	out := make([]int64, len(ts))
	for i, t := range ts {
		out[i] = t - start
	}
	return out
}

// replayTime answers replay for the last event-time run: its steps as
// columns, times in ms after the source's start (null watermarks: none
// yet, or the end of the input). A pane step carries the pane's index in
// the run's pane list.
func (e *Engine) replayTime(limit int) (map[string]any, error) {
	if e.lastTime == nil {
		return nil, reqErr("", "run the event-time pattern first")
	}
	cfg := *e.lastTime
	sim, err := core.NewEventTimeSim(cfg, nil)
	if err != nil {
		return nil, err
	}
	start := cfg.Source.Start
	kind, at, ev, status, wm, pane := []any{}, []any{}, []any{}, []any{}, []any{}, []any{}
	complete := true
	panes := 0
	for {
		st, ok := sim.Next()
		if !ok {
			break
		}
		if len(kind) == limit {
			complete = false
			break
		}
		p := -1
		if st.Kind == core.StepPane {
			p = panes
			panes++
		}
		kind, at, ev, status = append(kind, st.Kind), append(at, st.TimeMs-start), append(ev, st.Event), append(status, st.Status)
		wm, pane = append(wm, orNull(st.WatermarkMs, start)), append(pane, p)
	}
	return map[string]any{"kind": kind, "timeMs": at, "event": ev, "status": status, "watermarkMs": wm, "pane": pane, "complete": complete}, nil
}

// sweepTime runs the event-time pattern once per watermark delay (a
// bounded watermark whatever the current one is) and reports what each
// gives: result latency of the on-time panes (p50, p95), their
// completeness, and the late and dropped events.
func (e *Engine) sweepTime(settings map[string]any) (map[string]any, error) {
	cfg, err := valid(EventTimeConfig(settings))
	if err == nil {
		err = e.fits(cfg.MemoryBytes(), 0, "a sweep", cfg.Source.Records)
	}
	if err != nil {
		return nil, err
	}
	pts, err := core.SweepEventTime(cfg, core.SweepWatermarkDelays)
	if err != nil {
		return nil, err
	}
	points := make([]any, len(pts))
	for i, p := range pts {
		points[i] = plain(p)
	}
	var current any
	if cfg.Watermark.Kind == core.WatermarkBounded {
		current = cfg.Watermark.AllowedDelayMs
	}
	return map[string]any{"byDelay": points, "current": current}, nil
}

// queue answers {config, capacity, batchSize, perBatchMs, perEventMs,
// policy}: the stream's arrivals (config is the stream's settings) through
// a bounded queue in front of a consumer (core.SimulateQueue): the queue's
// depth over time, the producer's blocked time, the events lost and those
// processed, the latency the queue adds (wait: from arrival until the
// event's micro-batch is done) and its tables (stream_queue_dropped,
// stream_queue_depth) to download.
func (e *Engine) queue(a *reader) (map[string]any, error) {
	settings := a.obj("config")
	bp := core.BackpressureConfig{
		Capacity: int(a.int("capacity", 20)), BatchSize: int(a.int("batchSize", 10)),
		PerBatchMs: a.int("perBatchMs", 500), PerEventMs: a.int("perEventMs", 100), Policy: a.str("policy", core.QueueBlock),
	}
	if err := a.done(); err != nil {
		return nil, err
	}
	cfg, err := valid(StreamConfig(settings))
	if err == nil {
		err = e.fits(cfg.MemoryBytes(), 0, "a queue simulation", cfg.Source.Records)
	}
	if err != nil {
		return nil, err
	}
	sim, err := core.NewStreamSim(cfg, nil)
	if err != nil {
		return nil, err
	}
	arr := make([]int64, len(sim.Order))
	for j, row := range sim.Order {
		arr[j] = sim.ArriveMs[row]
	}
	q, err := core.SimulateQueue(arr, bp)
	if err != nil {
		return nil, err
	}
	processed := 0
	for _, p := range q.ProcessedMs {
		if p >= 0 {
			processed++
		}
	}
	depth, lost := core.StreamQueueTables(sim, q, bp.Policy)
	tables := e.keepNamed("stream_queue", []namedTable{{"stream_queue_dropped", lost}, {"stream_queue_depth", depth}})
	return map[string]any{"events": len(arr), "processed": processed, "dropped": q.Dropped, "blocked": q.Blocked, "delayed": q.Delayed, "blockedMs": int(q.BlockedMs),
		"maxDepth": q.MaxDepth, "batches": q.Batches, "wait": plain(q.Wait(arr)), "tables": plain(tables), "chart": plain(depthChart(q, cfg.Source.Start, bp))}, nil
}
