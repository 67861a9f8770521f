package core

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/ingestkit/playground/core/quality"
	"github.com/ingestkit/playground/core/sales"
	"github.com/ingestkit/playground/core/table"

	"github.com/ingestkit/playground/core/internal/say"
)

// Batcher is a pull-style micro-batch buffer: the caller owns time. It
// flushes on size (the buffer holds Size events) and on time (the oldest
// buffered event has waited Linger ms); the caller flushes what is left at
// end of stream. With Size 3 and Linger 50 ms:
//
//	in:  a(0ms) b(10ms) c(20ms) d(100ms) e(110ms)  [end at 120ms]
//	out:        [a b c]@20ms size           [d e]@120ms end
//	in:  a(0ms) b(10ms)  ·  ·  ·  c(200ms)
//	out:        [a b]@50ms time             [c]@200ms end
//
// Batcher never sleeps and never drops an event; it keeps indices, not the
// events themselves.
type Batcher struct {
	size   int
	linger int64
	buf    []int
	oldest int64
}

// NewBatcher returns a Batcher. size 0 turns the size trigger off and linger
// 0 the time trigger; at least one must be on.
func NewBatcher(size int, linger int64) (*Batcher, error) {
	if size < 0 || linger < 0 || size == 0 && linger == 0 {
		return nil, fieldErr("bufferSize", "and lingerMs cannot both be off: set a buffer size, a linger time or both")
	}
	return &Batcher{size: size, linger: linger}, nil
}

// Add buffers event ev arriving at now and reports whether the buffer is now
// full (the caller should Flush).
func (b *Batcher) Add(ev int, now int64) bool {
	if len(b.buf) == 0 {
		b.oldest = now
	}
	b.buf = append(b.buf, ev)
	return b.size > 0 && len(b.buf) >= b.size
}

// Deadline returns when the time trigger fires for the current buffer; ok is
// false when the buffer is empty or the time trigger is off.
func (b *Batcher) Deadline() (at int64, ok bool) {
	if len(b.buf) == 0 || b.linger == 0 {
		return 0, false
	}
	return b.oldest + b.linger, true
}

// Len returns the number of buffered events.
func (b *Batcher) Len() int { return len(b.buf) }

// Flush empties the buffer and returns its events in arrival order.
func (b *Batcher) Flush() []int {
	out := b.buf
	b.buf = nil
	return out
}

// Flush triggers.
const (
	TriggerSize = "size"
	TriggerTime = "time"
	TriggerEnd  = "end"
)

// StreamConfig configures streaming ingestion. Get one from
// [DefaultStreamConfig].
type StreamConfig struct {
	// Source generates the events (Source.Records of them); its Start is the
	// time of the first event. Source.Span is ignored: the arrival process
	// below sets the event times.
	Source     sales.Config `json:"source"`
	BufferSize int          `json:"bufferSize"` // size trigger: flush at this many events (0: off)
	LingerMs   int64        `json:"lingerMs"`   // time trigger: flush when the oldest event has waited this long (0: off)
	IntervalMs int64        `json:"intervalMs"` // mean time between events
	JitterMs   int64        `json:"jitterMs"`   // each gap varies uniformly by ± this much
	OutOfOrder float64      `json:"outOfOrder"` // fraction of events that arrive late, after later events
	LateMs     int64        `json:"lateMs"`     // how late those events arrive
	Rules      string       `json:"rules"`      // row rules every event is checked against
	// Progress, when set, is called with each step's name as it finishes.
	Progress func(step string) `json:"-"`
}

// DefaultStreamConfig reproduces the original demo: events 100 ms apart
// into a buffer of 10. The linger time of 2 s is longer than the 0.9 s a
// buffer takes to fill, so every flush but none is a size flush.
func DefaultStreamConfig() StreamConfig {
	return StreamConfig{
		Source:     sales.Config{Records: 50, Seed: 42, Start: sales.DefaultStart, Span: Hour},
		BufferSize: 10, LingerMs: 2000, IntervalMs: 100, LateMs: 500,
		Rules: DefaultRules,
	}
}

// Validate reports the first invalid field as a *table.FieldError, or a rule
// syntax error as a *quality.Error.
func (c StreamConfig) Validate() error {
	if err := c.Source.Validate(); err != nil {
		return err
	}
	switch {
	case c.BufferSize < 0 || c.BufferSize > 100_000:
		return fieldErr("bufferSize", "must be between 0 (off) and 100,000, got %s", say.Count(int64(c.BufferSize)))
	case c.LingerMs < 0 || c.LingerMs > Day:
		return fieldErr("lingerMs", "must be between 0 ms (off) and 86,400,000 ms (one day), got %s ms", say.Count(c.LingerMs))
	case c.BufferSize == 0 && c.LingerMs == 0:
		return fieldErr("bufferSize", "and lingerMs are both off: set a buffer size, a linger time or both, or the buffer would never flush before the end")
	case c.IntervalMs < 1 || c.IntervalMs > Hour:
		return fieldErr("intervalMs", "must be between 1 ms and 3,600,000 ms (one hour), got %s ms", say.Count(c.IntervalMs))
	case c.JitterMs < 0 || c.JitterMs > c.IntervalMs:
		return fieldErr("jitterMs", "must be between 0 ms and intervalMs (%s ms), got %s ms", say.Count(c.IntervalMs), say.Count(c.JitterMs))
	case !(c.OutOfOrder >= 0 && c.OutOfOrder <= 1):
		return fieldErr("outOfOrder", "must be a fraction between 0 and 1, got %v", c.OutOfOrder)
	case c.LateMs < 0 || c.LateMs > Hour:
		return fieldErr("lateMs", "must be between 0 ms and 3,600,000 ms (one hour), got %s ms", say.Count(c.LateMs))
	}
	rules, err := quality.Parse(c.Rules)
	if err != nil {
		return err
	}
	for _, r := range rules {
		if r.Kind.Dataset() {
			return &quality.Error{Line: r.Line, Err: quality.ErrBind, Msg: fmt.Sprintf("%s is a dataset check; a stream checks events one at a time, so use row rules here", r.Kind)}
		}
	}
	return nil
}

// MicroBatch is one flush of the buffer, with the running metrics after it.
type MicroBatch struct {
	Index        int     `json:"index"` // 1-based
	Trigger      string  `json:"trigger"`
	Size         int     `json:"size"`
	Valid        int     `json:"valid"`
	Rejected     int     `json:"rejected"`
	FirstEventMs int64   `json:"firstEventMs"` // earliest event time in the batch
	LastEventMs  int64   `json:"lastEventMs"`  // latest event time in the batch
	FlushMs      int64   `json:"flushMs"`      // when it was processed
	MinLatencyMs int64   `json:"minLatencyMs"`
	AvgLatencyMs float64 `json:"avgLatencyMs"`
	MaxLatencyMs int64   `json:"maxLatencyMs"`
	Revenue      float64 `json:"revenue"`
	Events       []int   `json:"events"` // the events' rows, in arrival order
	// Running metrics after this batch.
	TotalEvents   int     `json:"totalEvents"`
	TotalValid    int     `json:"totalValid"`
	TotalRevenue  float64 `json:"totalRevenue"`
	ThroughputEPS float64 `json:"throughputEps"` // events per second of stream time so far
}

// Step kinds.
const (
	StepArrive = "arrive"
	StepFlush  = "flush"
)

// Step is one moment of the simulation: an event arriving or a flush.
type Step struct {
	Kind     string      `json:"kind"`
	TimeMs   int64       `json:"timeMs"`   // virtual time
	Event    int         `json:"event"`    // arrive: the event's row; flush: -1
	Buffered int         `json:"buffered"` // events in the buffer after the step
	Batch    *MicroBatch `json:"batch,omitempty"`
}

// StreamSim is a deterministic discrete-event simulation of streaming
// ingestion on a virtual clock. Step through it with Next (the page replays
// the steps at human speed) or run it to the end with [RunStream].
type StreamSim struct {
	cfg      StreamConfig
	Events   *table.Table // the events in row order (order_ts = event time)
	EventMs  []int64      // event time per row
	ArriveMs []int64      // arrival time per row
	Order    []int        // rows in arrival order
	Valid    []bool       // per row: passed the quarantining rules
	Reason   []string
	Revenue  []float64 // per row: price × quantity (0 when invalid)
	Quality  *quality.Report
	Faults   []sales.FaultCount
	BatchOf  []int   // per row: its micro-batch (1-based), 0 until flushed
	LatMs    []int64 // per row: flush time − event time

	b         *Batcher
	pos       int
	sizeFull  bool
	done      bool
	batches   int
	totEvents int
	totValid  int
	totRev    float64
}

// NewStreamSim prepares a simulation. With a nil input the events are
// generated from cfg.Source. Arrivals: event i happens IntervalMs (± jitter)
// after event i−1; an OutOfOrder fraction of them (exactly round(rate × n),
// chosen by the seed) arrive LateMs after they happen; the others arrive at
// once. Every event is checked against cfg.Rules up front; which events
// pass does not depend on batching.
func NewStreamSim(cfg StreamConfig, input *table.Table) (*StreamSim, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	s := &StreamSim{cfg: cfg}
	src := input
	n := cfg.Source.Records
	gen := cfg.Source
	gen.Span = min(int64(n)*cfg.IntervalMs, 3650*Day)
	var err error
	if src == nil {
		if src, s.Faults, err = sales.Generate(gen); err != nil {
			return nil, err
		}
	}
	if err := requireColumns(src, "streaming ingestion", sales.ColPrice, sales.ColQuantity, sales.ColCategory); err != nil {
		return nil, err
	}
	n = src.Len()
	if n == 0 {
		return nil, fieldErr("input", "has no rows: a stream needs at least one event")
	}
	s.EventMs, s.ArriveMs, s.Order = arrivals(cfg, n)

	// Events carry their event time as order_ts.
	events := mustTable("events", slices.Clone(src.Cols)...)
	events.KeepLines(src)
	events.AddColumn(table.NewTimestampColumn(sales.ColOrderTS, s.EventMs, nil))
	s.Events = events

	rules, _ := quality.Parse(cfg.Rules)
	rep, err := quality.Check(events, rules, quality.Options{Now: s.EventMs[n-1] + Day})
	if err != nil {
		return nil, err
	}
	s.Quality = rep
	s.Valid, s.Reason = make([]bool, n), make([]string, n)
	for i := range s.Valid {
		s.Valid[i] = true
	}
	for _, rf := range rep.Rejected {
		s.Valid[rf.Row] = false
		s.Reason[rf.Row] = joinReasons(rf.Reasons)
	}
	price, qty := events.Col(sales.ColPrice), events.Col(sales.ColQuantity)
	if !price.Type.IsNumeric() || !qty.Type.IsNumeric() {
		return nil, fieldErr("input", "columns price and quantity must be numbers")
	}
	pv, qv := numAt(price), numAt(qty)
	s.Revenue = make([]float64, n)
	for i := range s.Revenue {
		if s.Valid[i] && !price.IsNull(i) && !qty.IsNull(i) {
			s.Revenue[i] = pv(i) * qv(i)
		}
	}
	s.BatchOf, s.LatMs = make([]int, n), make([]int64, n)
	s.b, _ = NewBatcher(cfg.BufferSize, cfg.LingerMs)
	return s, nil
}

// arrivals is the stream's clock for n events: when each happens, when it
// arrives, and the events in arrival order. Event i happens IntervalMs (±
// jitter) after event i−1; an OutOfOrder fraction of them (exactly
// round(rate × n), chosen by the seed) arrive LateMs after they happen.
func arrivals(cfg StreamConfig, n int) (eventMs, arriveMs []int64, order []int) {
	r := rand.New(rand.NewPCG(cfg.Source.Seed, 0x57ea_d0))
	eventMs, arriveMs = make([]int64, n), make([]int64, n)
	t := cfg.Source.Start
	for i := 0; i < n; i++ {
		if i > 0 {
			gap := cfg.IntervalMs
			if cfg.JitterMs > 0 {
				gap += r.Int64N(2*cfg.JitterMs+1) - cfg.JitterMs
			}
			t += gap
		}
		eventMs[i], arriveMs[i] = t, t
	}
	late := int(cfg.OutOfOrder*float64(n) + 0.5)
	for _, i := range r.Perm(n)[:late] {
		arriveMs[i] += cfg.LateMs
	}
	order = make([]int, n)
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return int(sign(arriveMs[a] - arriveMs[b])) })
	return eventMs, arriveMs, order
}

func joinReasons(r []string) string {
	if len(r) == 1 {
		return r[0]
	}
	out := ""
	for i, x := range r {
		if i > 0 {
			out += "; "
		}
		out += x
	}
	return out
}

// Next advances the simulation by one step: the next arrival, or a flush
// that happens before it. A time flush fires on the clock at the deadline,
// even when no event arrives then, and before an arrival at the same
// instant. After the last arrival the stream ends and what is buffered is
// flushed at once. ok is false when the simulation is over.
func (s *StreamSim) Next() (st Step, ok bool) {
	if s.done {
		return Step{}, false
	}
	if s.sizeFull {
		s.sizeFull = false
		return s.flush(TriggerSize, s.ArriveMs[s.Order[s.pos-1]]), true
	}
	if s.pos < len(s.Order) {
		row := s.Order[s.pos]
		at := s.ArriveMs[row]
		if dl, ok := s.b.Deadline(); ok && dl <= at {
			return s.flush(TriggerTime, dl), true
		}
		s.pos++
		s.sizeFull = s.b.Add(row, at)
		return Step{Kind: StepArrive, TimeMs: at, Event: row, Buffered: s.b.Len()}, true
	}
	if s.b.Len() > 0 {
		return s.flush(TriggerEnd, s.ArriveMs[s.Order[len(s.Order)-1]]), true
	}
	s.done = true
	return Step{}, false
}

func (s *StreamSim) flush(trigger string, at int64) Step {
	rows := s.b.Flush()
	s.batches++
	mb := &MicroBatch{Index: s.batches, Trigger: trigger, Size: len(rows), FlushMs: at, Events: rows,
		FirstEventMs: s.EventMs[rows[0]], LastEventMs: s.EventMs[rows[0]], MinLatencyMs: at - s.EventMs[rows[0]]}
	var latSum int64
	for _, row := range rows {
		e := s.EventMs[row]
		lat := at - e
		s.BatchOf[row], s.LatMs[row] = s.batches, lat
		mb.FirstEventMs, mb.LastEventMs = min(mb.FirstEventMs, e), max(mb.LastEventMs, e)
		mb.MinLatencyMs, mb.MaxLatencyMs = min(mb.MinLatencyMs, lat), max(mb.MaxLatencyMs, lat)
		latSum += lat
		if s.Valid[row] {
			mb.Valid++
			mb.Revenue += s.Revenue[row]
		}
	}
	mb.Rejected = mb.Size - mb.Valid
	mb.AvgLatencyMs = float64(latSum) / float64(len(rows))
	s.totEvents += mb.Size
	s.totValid += mb.Valid
	s.totRev += mb.Revenue
	mb.TotalEvents, mb.TotalValid, mb.TotalRevenue = s.totEvents, s.totValid, s.totRev
	if el := at - s.cfg.Source.Start; el > 0 {
		mb.ThroughputEPS = float64(s.totEvents) / (float64(el) / 1000)
	}
	return Step{Kind: StepFlush, TimeMs: at, Event: -1, Buffered: 0, Batch: mb}
}

// Latency summarises per-event latency (processing time − event time).
type Latency struct {
	MinMs int64   `json:"minMs"`
	AvgMs float64 `json:"avgMs"`
	P50Ms int64   `json:"p50Ms"`
	P95Ms int64   `json:"p95Ms"`
	MaxMs int64   `json:"maxMs"`
}

// StreamResult is what [RunStream] produced.
type StreamResult struct {
	Events     *table.Table       `json:"-"` // stream_events.csv: every event with its batch, times and latency
	Batches    *table.Table       `json:"-"` // stream_batches.csv: one row per micro-batch
	ByCategory *table.Table       `json:"-"` // running revenue per category at the end
	Micro      []*MicroBatch      `json:"-"`
	Latency    Latency            `json:"latency"`
	Quality    *quality.Report    `json:"quality"`
	Faults     []sales.FaultCount `json:"-"`
	Steps      []StepReport       `json:"steps"`
	// Triggers counts micro-batches by trigger (size, time, end).
	Triggers   map[string]int `json:"triggers"`
	EventCount int            `json:"events"`
	Valid      int            `json:"valid"`
	Rejected   int            `json:"rejected"`
	Revenue    float64        `json:"revenue"`
	// DurationMs is the stream's virtual duration: first event to last flush.
	DurationMs int64 `json:"durationMs"`
}

// RunStream runs the simulation of [NewStreamSim] to the end and returns
// its tables and metrics. Every event lands in exactly one micro-batch.
func RunStream(cfg StreamConfig, input *table.Table) (*StreamResult, error) {
	sw := newStopwatch(cfg.Progress)
	s, err := NewStreamSim(cfg, input)
	if err != nil {
		return nil, err
	}
	n := s.Events.Len()
	res := &StreamResult{Quality: s.Quality, Faults: s.Faults, Triggers: map[string]int{TriggerSize: 0, TriggerTime: 0, TriggerEnd: 0}, EventCount: n}
	res.Steps = append(res.Steps, sw.finish(StepReport{Name: "source", In: n, Out: n,
		Notes: append([]string{fmt.Sprintf("%s events, one every %s ms", say.Count(int64(n)), say.Count(cfg.IntervalMs))}, faultNotes(s.Faults)...)}))
	arrivals := 0
	for {
		st, ok := s.Next()
		if !ok {
			break
		}
		if st.Kind == StepArrive {
			arrivals++
			continue
		}
		res.Micro = append(res.Micro, st.Batch)
		res.Triggers[st.Batch.Trigger]++
	}
	res.Steps = append(res.Steps, sw.finish(StepReport{Name: "buffer", In: arrivals, Out: arrivals,
		Notes: []string{fmt.Sprintf("%s micro-batches: %s by size, %s by time, %s at end of stream", say.Count(int64(len(res.Micro))), say.Count(int64(res.Triggers[TriggerSize])), say.Count(int64(res.Triggers[TriggerTime])), say.Count(int64(res.Triggers[TriggerEnd])))}}))

	// Tables: events in processing order, batches, categories.
	m := len(res.Micro)
	bi, bsize, bvalid, brej := make([]int64, m), make([]int64, m), make([]int64, m), make([]int64, m)
	btrig := make([]string, m)
	bfirst, blast, bflush, bmin, bmax := make([]int64, m), make([]int64, m), make([]int64, m), make([]int64, m), make([]int64, m)
	bavg, brev, bcumrev, btp := make([]float64, m), make([]float64, m), make([]float64, m), make([]float64, m)
	bcum := make([]int64, m)
	for k, mb := range res.Micro {
		bi[k], btrig[k], bsize[k], bvalid[k], brej[k] = int64(mb.Index), mb.Trigger, int64(mb.Size), int64(mb.Valid), int64(mb.Rejected)
		bfirst[k], blast[k], bflush[k] = mb.FirstEventMs, mb.LastEventMs, mb.FlushMs
		bmin[k], bavg[k], bmax[k] = mb.MinLatencyMs, mb.AvgLatencyMs, mb.MaxLatencyMs
		brev[k], bcum[k], bcumrev[k], btp[k] = mb.Revenue, int64(mb.TotalEvents), mb.TotalRevenue, mb.ThroughputEPS
	}
	res.Batches = mustTable("stream_batches",
		table.NewIntColumn("batch", bi, nil), table.NewStringColumn("trigger", btrig, nil), table.NewIntColumn("size", bsize, nil),
		table.NewIntColumn("valid", bvalid, nil), table.NewIntColumn("rejected", brej, nil),
		table.NewTimestampColumn("first_event_ts", bfirst, nil), table.NewTimestampColumn("last_event_ts", blast, nil),
		table.NewTimestampColumn("flushed_at", bflush, nil),
		table.NewIntColumn("min_latency_ms", bmin, nil), table.NewDecimalColumn("avg_latency_ms", bavg, nil, 1), table.NewIntColumn("max_latency_ms", bmax, nil),
		table.NewDecimalColumn("revenue", brev, nil, 2), table.NewIntColumn("total_events", bcum, nil),
		table.NewDecimalColumn("total_revenue", bcumrev, nil, 2), table.NewDecimalColumn("throughput_eps", btp, nil, 1))

	ev := s.Events.Take(s.Order)
	ev.Name = "stream_events"
	arr, batch, proc, lat := make([]int64, n), make([]int64, n), make([]int64, n), make([]int64, n)
	valid := make([]bool, n)
	reason := make([]string, n)
	rev := make([]float64, n)
	revNull := make([]bool, n)
	for j, row := range s.Order {
		arr[j], batch[j], lat[j] = s.ArriveMs[row], int64(s.BatchOf[row]), s.LatMs[row]
		proc[j] = s.EventMs[row] + s.LatMs[row]
		valid[j], reason[j], rev[j] = s.Valid[row], s.Reason[row], s.Revenue[row]
		revNull[j] = !s.Valid[row]
		if s.Valid[row] {
			res.Valid++
			res.Revenue += s.Revenue[row]
		}
	}
	res.Rejected = n - res.Valid
	ev.Col(sales.ColOrderTS).Name = "event_ts"
	for _, c := range ev.Cols {
		if c.Name == sales.ColPrice {
			c.Scale = 2
		}
	}
	for _, c := range []*table.Column{
		table.NewTimestampColumn("arrived_at", arr, nil), table.NewIntColumn("batch", batch, nil),
		table.NewTimestampColumn("processed_at", proc, nil), table.NewIntColumn("latency_ms", lat, nil),
		table.NewBoolColumn("valid", valid, nil), table.NewStringColumn("reject_reason", reason, nil),
		table.NewDecimalColumn(ev.FreshName(ColRevenue, "stream"), rev, revNull, 2),
	} {
		ev.AddColumn(c)
	}
	res.Events = ev

	res.ByCategory = aggregate(ev, sales.ColCategory, rev, valid)
	res.Latency, _ = delayStats(lat)
	if m > 0 {
		res.DurationMs = res.Micro[m-1].FlushMs - cfg.Source.Start
	}
	res.Steps = append(res.Steps, sw.finish(StepReport{Name: "process", In: n, Out: res.Valid, Rejected: res.Rejected,
		Notes: []string{fmt.Sprintf("%s valid events, revenue %s, average latency %s ms", say.Count(int64(res.Valid)), say.Money(res.Revenue), say.Count(int64(math.Round(res.Latency.AvgMs))))}}))
	return res, nil
}
