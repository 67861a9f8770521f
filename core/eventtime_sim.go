package core

import (
	"math"
	"slices"
	"sort"

	"github.com/ingestkit/playground/core/sales"
	"github.com/ingestkit/playground/core/table"

	"github.com/ingestkit/playground/core/internal/fast"
	"github.com/ingestkit/playground/core/internal/num"
)

// Pane timings, as Beam's PaneInfo.Timing names them.
const (
	TimingEarly  = "early"
	TimingOnTime = "on_time"
	TimingLate   = "late"
)

// Why a pane fired.
const (
	FiredCount       = "count"         // early: EarlyEveryEvents events in the pane
	FiredTimer       = "timer"         // early: EarlyEveryMs after the pane's first event
	FiredWatermark   = "watermark"     // on time: the watermark passed the window's end
	FiredLateEvent   = "late_event"    // late: a late event (LateEveryMs 0)
	FiredLateTimer   = "late_timer"    // late: LateEveryMs after the pane's first late event
	FiredExpiry      = "expiry"        // late: the window expired with late events not yet emitted
	FiredEndOfStream = "end_of_stream" // the input ended: the watermark jumped to the end of time
)

// Event statuses, as the events table names them.
const (
	EventOnTime        = "on_time"        // on time in every window it is in
	EventLate          = "late"           // counted, but late in some window (arrived after the watermark passed its end)
	EventDropped       = "dropped"        // later than the allowed lateness in every window it is in
	EventDeadLetter    = "dead_letter"    // as dropped, sent to the dead letter output
	EventPartlyDropped = "partly_dropped" // sliding windows: dropped from some windows, counted in others
	EventQueueDropped  = "queue_dropped"  // lost by the backpressure queue, never processed
)

// Step kinds of the event-time simulation (besides [StepArrive]).
const (
	StepWatermark = "watermark"  // the watermark moved
	StepPane      = "pane"       // a pane fired
	StepQueueDrop = "queue_drop" // the backpressure queue lost an event
)

// EventTimePane is one result a window emitted. Revenue is in cents.
type EventTimePane struct {
	Key     string `json:"key"`
	StartMs int64  `json:"startMs"`
	EndMs   int64  `json:"endMs"` // exclusive
	Index   int    `json:"index"` // 0 for the window's first pane
	Timing  string `json:"timing"`
	Fired   string `json:"fired"` // why it fired (FiredCount, …)
	// EmittedMs is the processing time it fired at; WatermarkMs the
	// watermark then (NoWatermark, or EndWatermark at the end of input).
	EmittedMs   int64 `json:"emittedMs"`
	WatermarkMs int64 `json:"watermarkMs"`
	// Count and Cents are what the pane holds: the window's whole result so
	// far when accumulating, what is new since the last pane otherwise.
	Count int64 `json:"count"`
	Cents int64 `json:"cents"`
	// Added is what this pane added since the window's previous pane;
	// Total the window's result after it, whatever the mode.
	AddedCount int64 `json:"addedCount"`
	AddedCents int64 `json:"addedCents"`
	TotalCount int64 `json:"totalCount"`
	TotalCents int64 `json:"totalCents"`
	win        int   // the window's id
}

// LatencyMs is the pane's result latency: emitted − window end. Early
// panes fire before the end by design, so theirs is negative. On-time and
// late panes never fire before the watermark passes the end, which never
// runs ahead of processing time — except at the end of the input: there
// the watermark jumps to the end of time and every window fires at once,
// as in Beam (a bounded source, or a TestStream's
// advanceWatermarkToInfinity), even a window whose end is still in the
// processing-time future. No more input can come, so its result is final
// the moment its window ends: its latency counts as 0, not as the time
// left until the end (the pane keeps its true EmittedMs).
func (p *EventTimePane) LatencyMs() int64 {
	l := p.EmittedMs - p.EndMs
	if p.Timing != TimingEarly && l < 0 {
		return 0
	}
	return l
}

// EventTimeStep is one moment of the simulation: an event processed (kind
// arrive), the watermark moving, a pane firing, or the queue losing an
// event. Steps come in processing-time order; at one instant, timers fire
// before arrivals, an arrival's own panes follow it, then the watermark
// step and the panes it fires.
type EventTimeStep struct {
	Kind   string `json:"kind"`
	TimeMs int64  `json:"timeMs"` // processing time
	Event  int    `json:"event"`  // arrive, queue_drop: the event's row; otherwise -1
	// Status of an arriving or lost event (EventOnTime, …).
	Status string `json:"status,omitempty"`
	// WatermarkMs: arrive: the watermark the event was judged against;
	// watermark: the new watermark; pane, queue_drop: the current one.
	WatermarkMs int64          `json:"watermarkMs"`
	Pane        *EventTimePane `json:"pane,omitempty"`
	// Clock (watermark): the watermark reached this value by following the
	// clock since the step before (idle advance): between the two it rose
	// with processing time, not in one jump.
	Clock bool `json:"clock,omitempty"`
}

type etWindow struct {
	id                 int
	key                int32
	start, end         int64
	count, cents       int64 // everything counted so far
	newCount, newCents int64 // since the last pane
	panes              int
	onTimeFired, alive bool
	merged             bool   // taken into another session
	timerSeq           uint32 // 0: no processing-time timer
	timerAt            int64
	gen                uint32 // bumps when a session's end moves
	lastPane           int    // index in sim.panes, -1: none
	onTimePane         int    // index in sim.panes, -1: none
	rep                int    // a row counted in it (its first), -1: none
}

type etWinKey struct {
	key   int32
	start int64
}

// etEntry is a timer: on a window's end (kind 0), its expiry (kind 1) or a
// processing-time trigger (kind 2).
type etEntry struct {
	at   int64
	kind uint8
	seq  uint32
	w    *etWindow
}

func (a etEntry) less(b etEntry) bool {
	if a.at != b.at {
		return a.at < b.at
	}
	if a.kind != b.kind {
		return a.kind < b.kind
	}
	return a.w.id < b.w.id
}

// etHeap is a binary min-heap of timers.
type etHeap []etEntry

func (h *etHeap) push(e etEntry) {
	*h = append(*h, e)
	s := *h
	i := len(s) - 1
	for i > 0 {
		p := (i - 1) / 2
		if !s[i].less(s[p]) {
			break
		}
		s[i], s[p] = s[p], s[i]
		i = p
	}
}

func (h *etHeap) pop() etEntry {
	s := *h
	top := s[0]
	n := len(s) - 1
	s[0] = s[n]
	s = s[:n]
	i := 0
	for {
		l, m := 2*i+1, i
		if l < n && s[l].less(s[m]) {
			m = l
		}
		if l+1 < n && s[l+1].less(s[m]) {
			m = l + 1
		}
		if m == i {
			break
		}
		s[i], s[m] = s[m], s[i]
		i = m
	}
	*h = s
	return top
}

// EventTimeSim is a deterministic discrete-event simulation of event-time
// windowing on a virtual clock. Step through it with Next (the page replays
// the steps at human speed) or run it to the end with [RunEventTime], which
// is that same replay.
type EventTimeSim struct {
	cfg      EventTimeConfig
	Source   *table.Table // the generated (or given) orders, in row order
	EventMs  []int64      // per row: when it happened
	ArriveMs []int64      // per row: when it reached the pipeline
	// ProcessedMs per row: when the windows saw it (its arrival, or when
	// the backpressure queue's consumer was done with it; -1 if lost).
	ProcessedMs []int64
	Class       []uint8 // per row: delay class, index into the Delay* names
	Cents       []int64 // per row: price × quantity in cents (0 for a null price)
	KeyOf       []int32 // per row: index into Keys
	Keys        []string
	Order       []int        // rows in arrival order
	Queue       *QueueResult // nil when backpressure is off; indexed like Order
	// Per row, once processed: the watermark it was judged against, its
	// status (index into eventStatusNames) and in how many windows it was
	// on time, late and dropped.
	WatermarkAt                  []int64
	Status                       []uint8
	WinOnTime, WinLate, WinDropt []uint8

	deliv   []int   // rows the windows see, in processing order
	qdrops  []int   // rows the queue lost, in the order it lost them
	qdropMs []int64 // when
	sufMin  []int64 // perfect watermark: smallest event time of deliv[k:]
	pos     int
	qpos    int
	now     int64
	lastArr int64
	idleOn  bool
	wm      int64
	done    bool

	wins    map[etWinKey]*etWindow
	cache   []*etWindow   // per key: the window last used (tumbling, sliding)
	sess    [][]*etWindow // per key: live sessions by start (session)
	wmHeap  etHeap
	ptHeap  etHeap
	nextID  int
	seq     uint32
	windows []*etWindow // every window ever made, by id

	panes   []*EventTimePane
	dropped []etDrop
	out     []EventTimeStep
	outPos  int
	starts  []int64 // scratch: the windows of one event
	keyIdx  map[string]int32
}

type etDrop struct {
	row        int
	at, wm     int64
	start, end int64
}

var eventStatusNames = [...]string{"", EventOnTime, EventLate, EventDropped, EventDeadLetter, EventPartlyDropped, EventQueueDropped}

// NewEventTimeSim prepares a simulation. With a nil input the orders are
// generated from cfg.Source; a given input needs columns price, quantity
// and the KeyBy column. See the package's event-time notes for the model.
func NewEventTimeSim(cfg EventTimeConfig, input *table.Table) (*EventTimeSim, error) {
	cfg = cfg.WithDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	src := input
	if src == nil {
		gen := cfg.Source
		gen.Span = max(int64(gen.Records)*cfg.IntervalMs, 1)
		var err error
		if src, _, err = sales.Generate(gen); err != nil {
			return nil, err
		}
	}
	need := []string{sales.ColPrice, sales.ColQuantity}
	if cfg.KeyBy != "" {
		need = append(need, cfg.KeyBy)
	}
	if err := requireColumns(src, "the event-time simulation", need...); err != nil {
		return nil, err
	}
	n := src.Len()
	if n == 0 {
		return nil, fieldErr("input", "has no rows: event time needs at least one event")
	}
	price, qty := src.Col(sales.ColPrice), src.Col(sales.ColQuantity)
	if !price.Type.IsNumeric() || !qty.Type.IsNumeric() {
		return nil, fieldErr("input", "columns price and quantity must be numbers")
	}
	s := &EventTimeSim{cfg: cfg, Source: src, wm: NoWatermark, wins: map[etWinKey]*etWindow{}}
	s.EventMs, s.ArriveMs, s.Class = eventTimeArrivals(cfg, n)
	pv, qv := numAt(price), numAt(qty)
	s.Cents = make([]int64, n)
	for i := range s.Cents {
		if !price.IsNull(i) && !qty.IsNull(i) {
			s.Cents[i] = int64(math.Round(pv(i)*100)) * int64(qv(i))
		}
	}
	s.KeyOf = make([]int32, n)
	if cfg.KeyBy == "" {
		s.Keys = []string{""}
	} else {
		kc := src.Col(cfg.KeyBy)
		ids := map[string]int32{} // the memo forgets past 4,096 texts; ids never do
		memo := fast.NewMemo(func(v string) int32 {
			id, ok := ids[v]
			if !ok {
				id = int32(len(s.Keys))
				ids[v] = id
				s.Keys = append(s.Keys, v)
			}
			return id
		})
		for i := range s.KeyOf {
			if kc.Type == table.TypeString && !kc.IsNull(i) {
				s.KeyOf[i] = memo.Get(kc.Str[i])
			} else {
				s.KeyOf[i] = memo.Get(kc.Value(i))
			}
		}
	}
	if err := s.prepare(); err != nil {
		return nil, err
	}
	return s, nil
}

// prepare orders the events by arrival, runs the backpressure queue and
// readies the per-event results, from EventMs, ArriveMs, Cents, KeyOf and
// Keys.
func (s *EventTimeSim) prepare() error {
	cfg := s.cfg
	n := len(s.EventMs)
	s.wm = NoWatermark
	s.wins = map[etWinKey]*etWindow{}
	s.cache = make([]*etWindow, len(s.Keys))
	s.sess = make([][]*etWindow, len(s.Keys))

	// Arrival order: by arrival time, then row. One radix sort of
	// (arrival − first) << 23 | row.
	lo := s.ArriveMs[0]
	for _, a := range s.ArriveMs {
		lo = min(lo, a)
	}
	packed := make([]int64, n)
	for i, a := range s.ArriveMs {
		packed[i] = (a-lo)<<23 | int64(i)
	}
	fast.SortInt64s(packed)
	s.Order = make([]int, n)
	for j, p := range packed {
		s.Order[j] = int(p & (1<<23 - 1))
	}
	s.ProcessedMs = make([]int64, n)
	if cfg.Backpressure.On() {
		arr := packed // reuse: arrival times in arrival order
		for j, row := range s.Order {
			arr[j] = s.ArriveMs[row]
		}
		q, err := SimulateQueue(arr, cfg.Backpressure)
		if err != nil {
			return err
		}
		s.Queue = q
		for j, row := range s.Order {
			s.ProcessedMs[row] = q.ProcessedMs[j]
			if q.DroppedMs[j] >= 0 {
				s.qdrops = append(s.qdrops, row)
				s.qdropMs = append(s.qdropMs, q.DroppedMs[j])
			}
		}
		// Lost events in the order they were lost (drop_oldest loses an
		// earlier arrival later).
		idx := make([]int, len(s.qdrops))
		for k := range idx {
			idx[k] = k
		}
		sort.SliceStable(idx, func(a, b int) bool { return s.qdropMs[idx[a]] < s.qdropMs[idx[b]] })
		rows, at := make([]int, len(idx)), make([]int64, len(idx))
		for k, j := range idx {
			rows[k], at[k] = s.qdrops[j], s.qdropMs[j]
		}
		s.qdrops, s.qdropMs = rows, at
	} else {
		copy(s.ProcessedMs, s.ArriveMs)
	}
	s.deliv = make([]int, 0, n)
	for _, row := range s.Order {
		if s.ProcessedMs[row] >= 0 {
			s.deliv = append(s.deliv, row)
		}
	}
	if cfg.Watermark.Kind == WatermarkPerfect {
		s.sufMin = make([]int64, len(s.deliv)+1)
		s.sufMin[len(s.deliv)] = NoWatermark
		m := int64(math.MaxInt64)
		for k := len(s.deliv) - 1; k >= 0; k-- {
			m = min(m, s.EventMs[s.deliv[k]])
			s.sufMin[k] = m
		}
	}
	s.WatermarkAt = make([]int64, n)
	s.Status = make([]uint8, n)
	s.WinOnTime, s.WinLate, s.WinDropt = make([]uint8, n), make([]uint8, n), make([]uint8, n)
	for i := range s.WatermarkAt {
		s.WatermarkAt[i] = NoWatermark
	}
	return nil
}

// Watermark returns the current watermark (NoWatermark before any event
// moved it, EndWatermark once the input ended).
func (s *EventTimeSim) Watermark() int64 { return s.wm }

// Panes returns the panes fired so far, in the order they fired.
func (s *EventTimeSim) Panes() []*EventTimePane { return s.panes }

// Next advances the simulation by one step; ok is false when it is over.
// After the last event the input ends: the watermark jumps to EndWatermark
// and every window still open fires, at the last event's processing time.
func (s *EventTimeSim) Next() (st EventTimeStep, ok bool) {
	for s.outPos == len(s.out) {
		if s.done {
			return EventTimeStep{}, false
		}
		s.out, s.outPos = s.out[:0], 0
		s.advance()
	}
	st = s.out[s.outPos]
	s.outPos++
	return st, true
}

const etNever int64 = math.MaxInt64

func (s *EventTimeSim) advance() {
	if s.pos == len(s.deliv) && s.qpos == len(s.qdrops) {
		s.endOfInput()
		return
	}
	tArr, tDrop := etNever, etNever
	if s.pos < len(s.deliv) {
		tArr = s.ProcessedMs[s.deliv[s.pos]]
	}
	if s.qpos < len(s.qdrops) {
		tDrop = s.qdropMs[s.qpos]
	}
	tTimer, tIdle := s.peekTimer(), s.nextIdle()
	switch next := min(tArr, tDrop); {
	case tTimer <= next && tTimer <= tIdle:
		s.fireTimer()
	case tIdle <= next:
		s.idleStep(tIdle)
	case tDrop <= tArr:
		row := s.qdrops[s.qpos]
		s.qpos++
		s.now = tDrop
		s.catchUp()
		s.Status[row] = 6
		s.out = append(s.out, EventTimeStep{Kind: StepQueueDrop, TimeMs: tDrop, Event: row, Status: EventQueueDropped, WatermarkMs: s.wm})
	default:
		s.arrive()
	}
}

func (s *EventTimeSim) endOfInput() {
	s.done = true
	s.wm = EndWatermark
	s.out = append(s.out, EventTimeStep{Kind: StepWatermark, TimeMs: s.now, Event: -1, WatermarkMs: s.wm})
	s.fireWatermark(FiredEndOfStream)
}

// peekTimer returns when the next processing-time trigger fires.
func (s *EventTimeSim) peekTimer() int64 {
	for len(s.ptHeap) > 0 {
		top := s.ptHeap[0]
		if top.w.alive && top.w.timerSeq == top.seq {
			return top.at
		}
		s.ptHeap.pop()
	}
	return etNever
}

func (s *EventTimeSim) fireTimer() {
	e := s.ptHeap.pop()
	w := e.w
	s.now = e.at
	s.catchUp()
	if w.timerSeq != e.seq {
		return // the watermark, caught up, fired the window at this instant
	}
	if w.onTimeFired {
		s.fire(w, TimingLate, FiredLateTimer)
	} else {
		s.fire(w, TimingEarly, FiredTimer)
	}
}

func (s *EventTimeSim) setTimer(w *etWindow, at int64) {
	s.seq++
	w.timerSeq, w.timerAt = s.seq, at
	s.ptHeap.push(etEntry{at: at, kind: 2, seq: s.seq, w: w})
}

// peekWatermark returns the next event time at which a window fires or
// expires.
func (s *EventTimeSim) peekWatermark() (int64, bool) {
	for len(s.wmHeap) > 0 {
		top := s.wmHeap[0]
		w := top.w
		if w.alive && w.gen == top.seq && !(top.kind == 0 && w.onTimeFired) {
			return top.at, true
		}
		s.wmHeap.pop()
	}
	return 0, false
}

// nextIdle returns when the idle watermark next matters: when the idle
// time is up, then whenever the clock-driven watermark reaches the next
// window end or expiry.
func (s *EventTimeSim) nextIdle() int64 {
	idle := s.cfg.Watermark.IdleMs
	if idle == 0 || s.pos == 0 {
		return etNever
	}
	start := s.lastArr + idle
	if !s.idleOn {
		return start
	}
	th, ok := s.peekWatermark()
	if !ok {
		return etNever
	}
	return max(start, th+s.cfg.Watermark.AllowedDelayMs)
}

func (s *EventTimeSim) idleStep(t int64) {
	was := s.idleOn // the first idle step is a jump; later ones follow the clock
	s.now, s.idleOn = t, true
	if w := t - s.cfg.Watermark.AllowedDelayMs; w > s.wm {
		s.moveWatermark(w, FiredWatermark, was)
	}
}

// catchUp brings an idle watermark to the clock before anything is
// judged or emitted at s.now: while idle it follows the clock (now −
// allowed delay) all the time, though the simulation only steps it where
// it passes a window's end or expiry. An event arriving, or lost, while
// idle is judged against, and shows, the watermark of its instant.
func (s *EventTimeSim) catchUp() {
	if !s.idleOn {
		return
	}
	if w := s.now - s.cfg.Watermark.AllowedDelayMs; w > s.wm {
		s.moveWatermark(w, FiredWatermark, true)
	}
}

func (s *EventTimeSim) moveWatermark(w int64, fired string, clock bool) {
	s.wm = w
	s.out = append(s.out, EventTimeStep{Kind: StepWatermark, TimeMs: s.now, Event: -1, WatermarkMs: w, Clock: clock})
	s.fireWatermark(fired)
}

// fireWatermark fires the on-time panes and expiries the watermark has
// passed, in event-time order.
func (s *EventTimeSim) fireWatermark(fired string) {
	for {
		at, ok := s.peekWatermark()
		if !ok || at > s.wm {
			return
		}
		e := s.wmHeap.pop()
		w := e.w
		if e.kind == 0 {
			w.onTimeFired = true
			s.fire(w, TimingOnTime, fired)
			w.onTimePane = len(s.panes) - 1
			continue
		}
		if w.newCount > 0 {
			f := FiredExpiry
			if fired == FiredEndOfStream {
				f = fired
			}
			s.fire(w, TimingLate, f)
		}
		s.expire(w)
	}
}

func (s *EventTimeSim) expire(w *etWindow) {
	w.alive, w.timerSeq = false, 0
	switch s.cfg.Window.Kind {
	case WindowSession:
		list := s.sess[w.key]
		if i := slices.Index(list, w); i >= 0 {
			s.sess[w.key] = slices.Delete(list, i, i+1)
		}
	default:
		delete(s.wins, etWinKey{w.key, w.start})
		if s.cache[w.key] == w {
			s.cache[w.key] = nil
		}
	}
}

func (s *EventTimeSim) fire(w *etWindow, timing, fired string) {
	p := &EventTimePane{Key: s.Keys[w.key], StartMs: w.start, EndMs: w.end, Index: w.panes, Timing: timing, Fired: fired,
		EmittedMs: s.now, WatermarkMs: s.wm, AddedCount: w.newCount, AddedCents: w.newCents,
		TotalCount: w.count, TotalCents: w.cents, win: w.id}
	if s.cfg.Trigger.Accumulate {
		p.Count, p.Cents = w.count, w.cents
	} else {
		p.Count, p.Cents = w.newCount, w.newCents
	}
	w.panes++
	w.newCount, w.newCents, w.timerSeq = 0, 0, 0
	w.lastPane = len(s.panes)
	s.panes = append(s.panes, p)
	s.out = append(s.out, EventTimeStep{Kind: StepPane, TimeMs: s.now, Event: -1, WatermarkMs: s.wm, Pane: p})
}

func (s *EventTimeSim) newWindow(key int32, start, end int64) *etWindow {
	w := &etWindow{id: s.nextID, key: key, start: start, end: end, alive: true, lastPane: -1, onTimePane: -1, rep: -1}
	s.nextID++
	s.windows = append(s.windows, w)
	s.schedule(w)
	return w
}

// schedule sets a window's watermark timers: its end (unless the watermark
// is already past it: a window born late has no on-time pane) and its
// expiry.
func (s *EventTimeSim) schedule(w *etWindow) {
	w.onTimeFired = s.wm >= w.end
	if !w.onTimeFired {
		s.wmHeap.push(etEntry{at: w.end, kind: 0, seq: w.gen, w: w})
	}
	s.wmHeap.push(etEntry{at: w.end + s.cfg.Trigger.AllowedLatenessMs, kind: 1, seq: w.gen, w: w})
}

// judge classifies a window of an event against the watermark before it:
// 0 on time, 1 late, 2 dropped.
func (s *EventTimeSim) judge(end int64) uint8 {
	switch {
	case s.wm >= end+s.cfg.Trigger.AllowedLatenessMs:
		return 2
	case s.wm >= end:
		return 1
	}
	return 0
}

func (s *EventTimeSim) arrive() {
	row := s.deliv[s.pos]
	s.pos++
	p, e, k := s.ProcessedMs[row], s.EventMs[row], s.KeyOf[row]
	s.now = p
	s.catchUp()
	s.WatermarkAt[row] = s.wm
	ws := s.cfg.Window

	// The event's windows, by start.
	s.starts = s.starts[:0]
	size := ws.SizeMs
	switch ws.Kind {
	case WindowTumbling:
		s.starts = append(s.starts, num.FloorDiv(e, size)*size)
	case WindowSliding:
		for st := num.FloorDiv(e, ws.PeriodMs) * ws.PeriodMs; st > e-size; st -= ws.PeriodMs {
			s.starts = append(s.starts, st)
		}
	case WindowSession:
		s.starts = append(s.starts, e)
		size = ws.GapMs
	}
	var on, late, drop uint8
	for _, st := range s.starts {
		switch s.judge(st + size) {
		case 0:
			on++
		case 1:
			late++
		default:
			drop++
		}
	}
	s.WinOnTime[row], s.WinLate[row], s.WinDropt[row] = on, late, drop
	var status uint8
	switch {
	case drop == uint8(len(s.starts)) && s.cfg.Trigger.DeadLetter:
		status = 4
	case drop == uint8(len(s.starts)):
		status = 3
	case drop > 0:
		status = 5
	case late > 0:
		status = 2
	default:
		status = 1
	}
	s.Status[row] = status
	step := len(s.out)
	s.out = append(s.out, EventTimeStep{Kind: StepArrive, TimeMs: p, Event: row, Status: eventStatusNames[status], WatermarkMs: s.wm})

	c := s.Cents[row]
	for _, st := range s.starts {
		end := st + size
		if s.judge(end) == 2 {
			s.dropped = append(s.dropped, etDrop{row: row, at: p, wm: s.wm, start: st, end: end})
			continue
		}
		var w *etWindow
		if ws.Kind == WindowSession {
			w = s.session(k, st, end)
			// Beam drops by the event's own window [e, e+gap), before
			// merging; but whether it is late is the merged session's
			// matter: late once that session's on-time pane has fired
			// (its panes then say late), on time while it is still open
			// (an event behind the watermark that joins a session
			// reaching past it is in that session's on-time pane).
			status = 1
			if w.onTimeFired {
				status = 2
			}
			s.WinOnTime[row], s.WinLate[row] = 2-status, status-1
			s.Status[row], s.out[step].Status = status, eventStatusNames[status]
		} else {
			w = s.cache[k]
			if w == nil || w.start != st {
				w = s.wins[etWinKey{k, st}]
				if w == nil {
					w = s.newWindow(k, st, end)
					s.wins[etWinKey{k, st}] = w
				}
				s.cache[k] = w
			}
		}
		if w.rep < 0 {
			w.rep = row
		}
		s.add(w, c)
	}

	s.lastArr, s.idleOn = p, false
	nw := s.wm
	if s.cfg.Watermark.Kind == WatermarkPerfect {
		nw = max(nw, s.sufMin[s.pos])
	} else if e-s.cfg.Watermark.AllowedDelayMs > nw {
		nw = e - s.cfg.Watermark.AllowedDelayMs
	}
	if nw > s.wm {
		s.moveWatermark(nw, FiredWatermark, false)
	}
}

// session returns the live session of key that the window [start, end)
// joins, merging the sessions it overlaps.
func (s *EventTimeSim) session(key int32, start, end int64) *etWindow {
	list := s.sess[key]
	j := sort.Search(len(list), func(i int) bool { return list[i].end > start })
	m := j
	for m < len(list) && list[m].start < end {
		m++
	}
	if m == j {
		w := s.newWindow(key, start, end)
		s.sess[key] = slices.Insert(list, j, w)
		return w
	}
	// The first overlapping session takes in the others and the new
	// window: its state is theirs together, its pane index continues from
	// the furthest of them. When its end moves, its timers move too (a
	// session that grows past the watermark is open again).
	w := list[j]
	w.start = min(w.start, start)
	newEnd := max(end, list[m-1].end, w.end)
	timer := etNever
	if w.timerSeq != 0 {
		timer = w.timerAt
	}
	for _, o := range list[j+1 : m] {
		w.count += o.count
		w.cents += o.cents
		w.newCount += o.newCount
		w.newCents += o.newCents
		w.panes = max(w.panes, o.panes)
		if o.timerSeq != 0 {
			timer = min(timer, o.timerAt)
		}
		o.alive, o.merged, o.timerSeq = false, true, 0
	}
	if newEnd != w.end {
		w.end = newEnd
		w.gen++
		s.schedule(w)
	}
	if timer != etNever && (w.timerSeq == 0 || timer < w.timerAt) {
		s.setTimer(w, timer)
	}
	if m > j+1 {
		s.sess[key] = slices.Delete(list, j+1, m)
	}
	return w
}

// add counts an event in w and runs the element triggers: early panes
// before the window's on-time pane, late panes after it.
func (s *EventTimeSim) add(w *etWindow, cents int64) {
	w.count++
	w.cents += cents
	w.newCount++
	w.newCents += cents
	tr := &s.cfg.Trigger
	if !w.onTimeFired {
		if tr.EarlyEveryEvents > 0 && w.newCount >= int64(tr.EarlyEveryEvents) {
			s.fire(w, TimingEarly, FiredCount)
		} else if tr.EarlyEveryMs > 0 && w.timerSeq == 0 {
			s.setTimer(w, s.now+tr.EarlyEveryMs)
		}
		return
	}
	if tr.LateEveryMs == 0 {
		s.fire(w, TimingLate, FiredLateEvent)
	} else if w.timerSeq == 0 {
		s.setTimer(w, s.now+tr.LateEveryMs)
	}
}
