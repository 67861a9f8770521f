package core

import (
	"math"
	"math/rand/v2"

	"github.com/ingestkit/playground/core/internal/say"
	"github.com/ingestkit/playground/core/sales"
)

// Event time: the orders of [sales.Generate] happen at one time (event
// time) and reach the pipeline later (processing time). Windows group them
// by event time; a watermark says how far event time has surely got; a
// trigger decides when a window's result (a pane) is emitted. The model is
// Apache Beam's, so that a run can be replayed on Beam (Flink's differences
// are named where they matter):
//
//   - Windows are half-open, [start, end), aligned to the Unix epoch:
//     tumbling (size), sliding (size, every period; an event is in every
//     window whose start is in (t − size, t]) or session (a key's events
//     less than gap apart; an event's own window is [t, t+gap), and
//     overlapping windows merge, as Beam's Sessions). Windows are per key
//     (category or region) or global (one key, "").
//   - The watermark never goes back. Bounded out-of-orderness: largest
//     event time seen − allowed delay (Flink subtracts another 1 ms and
//     fires at end − 1: the same moments). Perfect: the smallest event
//     time still to come, which makes no event late. Optional idle advance
//     (as Beam's KafkaIO limited-delay policy): after IdleMs without an
//     arrival, the watermark follows the clock, now − allowed delay.
//   - An event is judged against the watermark before it (its own time
//     cannot make it late): on time while watermark < window end; late once
//     watermark ≥ end; dropped once watermark ≥ end + allowed lateness
//     (the window is gone: Beam's expiry, window.maxTimestamp() +
//     allowedLateness < watermark).
//   - Panes: early panes (every N events in the pane and/or T of
//     processing time after the pane's first event, Beam's
//     AfterPane.elementCountAtLeast / AfterProcessingTime
//     .pastFirstElementInPane().plusDelayOf); one on-time pane when the
//     watermark passes the end — only for windows holding data, and then
//     always, even with nothing new since an early pane (Beam's
//     FIRE_ALWAYS); late panes for each late event (LateEveryMs 0) or T
//     after the first late event of the pane; a final late pane when the
//     window expires with late events not yet emitted (Beam's
//     FIRE_IF_NON_EMPTY on garbage collection). Pane indexes count from 0.
//     A window whose first event arrives late has no on-time pane.
//   - At the end of the input the watermark jumps to the end of time (as a
//     Beam TestStream's advanceWatermarkToInfinity): every window fires.
//
// Tumbling 1-minute windows, allowed delay 10 s, allowed lateness 1 min,
// an early pane every 2 events, accumulating (TestEventTimeHandMadePanes
// checks this timeline). Processing time runs down; e is event time:
//
//	arrives  event (e)   watermark after   panes of [0:00,1:00)            other windows
//	0:06     a 0:05      −0:05
//	0:21     b 0:20      0:10              #0 early   {a b}
//	0:52     c 0:50      0:40
//	1:13     d 1:12      1:02 ≥ 1:00       #1 on time {a b c}
//	1:20     e 0:55 late 1:02              #2 late    {a b c e}
//	2:12     f 0:40 late 1:02              #3 late    {a b c e f}
//	2:21     h 2:20      2:10 ≥ 1:00+1:00  (expires: nothing new)     [1:00,2:00) #0 on time {d}
//	2:30     g 0:30      2:10              g dropped: 70 s behind, 10 s beyond the lateness
//	end      —           +∞                                          [2:00,3:00) #0 on time {h}
//
// Processing-time windows group the same events by when they were
// processed instead: [EventTimeResult.Compare] shows, window by window,
// how far that is from the event-time truth (every event, batch).

// Window kinds.
const (
	WindowTumbling = "tumbling"
	WindowSliding  = "sliding"
	WindowSession  = "session"
)

// Watermark kinds.
const (
	WatermarkBounded = "bounded" // largest event time seen − allowed delay
	WatermarkPerfect = "perfect" // the smallest event time still to come
)

// NoWatermark is the watermark before any event has moved it (−∞);
// EndWatermark the watermark at the end of the input (+∞).
const (
	NoWatermark  int64 = math.MinInt64
	EndWatermark int64 = math.MaxInt64
)

// Delay classes of events, as the events table names them.
const (
	DelayTypical   = "typical"   // most events: 0 to TypicalMs
	DelayStraggler = "straggler" // between half and all of StragglerMs
	DelayOffline   = "offline"   // a phone offline: between half and all of OfflineMs
	DelayBurst     = "burst"     // held back and sent with the next events, newest first
)

var delayClassNames = [...]string{DelayTypical, DelayStraggler, DelayOffline, DelayBurst}

// DelayModel sets how long events take to arrive. Counts are exact:
// round(share × events) of each kind, chosen by the seed, on distinct events.
type DelayModel struct {
	TypicalMs      int64   `json:"typicalMs"`      // most events arrive 0 to this long after they happen (uniform)
	StragglerShare float64 `json:"stragglerShare"` // share of events with a long delay
	StragglerMs    int64   `json:"stragglerMs"`    // their delay: between half and all of this
	OfflineShare   float64 `json:"offlineShare"`   // share of very late events (a phone offline)
	OfflineMs      int64   `json:"offlineMs"`      // their delay: between half and all of this
	// BurstShare of the events come in out-of-order bursts of BurstSize
	// consecutive events: held back, then sent together with the last
	// one, newest first (1 ms apart).
	BurstShare float64 `json:"burstShare"`
	BurstSize  int     `json:"burstSize"`
}

// WindowSpec sets the windows: tumbling (SizeMs), sliding (SizeMs, every
// PeriodMs; 0 means every half window, see [EventTimeConfig.WithDefaults])
// or session (GapMs).
type WindowSpec struct {
	Kind     string `json:"kind"`
	SizeMs   int64  `json:"sizeMs"`
	PeriodMs int64  `json:"periodMs"`
	GapMs    int64  `json:"gapMs"`
}

// WatermarkSpec sets the watermark.
type WatermarkSpec struct {
	Kind           string `json:"kind"`           // bounded or perfect
	AllowedDelayMs int64  `json:"allowedDelayMs"` // bounded: how far behind the largest event time seen
	IdleMs         int64  `json:"idleMs"`         // bounded: after this long without arrivals the watermark follows the clock (0: off)
}

// TriggerSpec sets when panes fire and what they hold.
type TriggerSpec struct {
	EarlyEveryEvents  int   `json:"earlyEveryEvents"`  // early pane after this many events in the pane (0: off)
	EarlyEveryMs      int64 `json:"earlyEveryMs"`      // early pane this long after the pane's first event (0: off)
	LateEveryMs       int64 `json:"lateEveryMs"`       // late pane this long after the pane's first late event (0: one per late event)
	AllowedLatenessMs int64 `json:"allowedLatenessMs"` // how long after its end a window still takes late events
	// Accumulate: each pane holds the window's whole result so far (Beam's
	// accumulatingFiredPanes); otherwise only what is new since the last
	// pane (discardingFiredPanes, Beam's default).
	Accumulate bool `json:"accumulate"`
	// DeadLetter sends events later than the allowed lateness to a dead
	// letter output (Flink's sideOutputLateData) instead of dropping them;
	// either way they are counted and listed.
	DeadLetter bool `json:"deadLetter"`
}

// Keys events can be grouped by.
var eventTimeKeys = []string{"", sales.ColCategory, sales.ColRegion}

// EventTimeConfig configures an event-time run. Get one from
// [DefaultEventTimeConfig].
type EventTimeConfig struct {
	// Source generates the orders (Records, Seed, Start, sales.Faults); Span is
	// ignored: event i happens at Start + i × IntervalMs plus a uniform
	// offset within the interval. Revenue is price × quantity in cents; a
	// null price adds 0. There is no quality gate here.
	Source       sales.Config       `json:"source"`
	IntervalMs   int64              `json:"intervalMs"` // mean time between events (the rate)
	Delay        DelayModel         `json:"delay"`
	Window       WindowSpec         `json:"window"`
	KeyBy        string             `json:"keyBy"` // "" (global), "category" or "region"
	Watermark    WatermarkSpec      `json:"watermark"`
	Trigger      TriggerSpec        `json:"trigger"`
	Backpressure BackpressureConfig `json:"backpressure"`
	// Progress, when set, is called with each step's name as it finishes.
	Progress func(step string) `json:"-"`
}

// DefaultEventTimeConfig: 200 orders 3 s apart (10 minutes), global
// 1-minute tumbling windows, a watermark 5 s behind the largest event time,
// early panes 30 s after a pane's first event, a late pane per late event
// for 1 minute after a window's end, accumulating. Most events arrive
// within 2 s (on time); 10 % straggle 15–30 s (many late but counted); 3 %
// come from a phone offline 5–10 minutes (dropped); 5 % in bursts of 5.
func DefaultEventTimeConfig() EventTimeConfig {
	return EventTimeConfig{
		Source:     sales.Config{Records: 200, Seed: 42, Start: sales.DefaultStart, Span: 10 * Minute},
		IntervalMs: 3 * Second,
		Delay: DelayModel{TypicalMs: 2 * Second, StragglerShare: 0.1, StragglerMs: 30 * Second,
			OfflineShare: 0.03, OfflineMs: 10 * Minute, BurstShare: 0.05, BurstSize: 5},
		Window:    WindowSpec{Kind: WindowTumbling, SizeMs: Minute},
		Watermark: WatermarkSpec{Kind: WatermarkBounded, AllowedDelayMs: 5 * Second},
		Trigger:   TriggerSpec{EarlyEveryMs: 30 * Second, AllowedLatenessMs: Minute, Accumulate: true},
	}
}

// WithDefaults fills the settings whose 0 means "the usual value": a
// sliding window's period 0 becomes half the window size (a window every
// half window, each event in two windows — the usual hopping window), and
// a session's gap 0 half the window size too, so that switching a
// tumbling setup to sliding windows or sessions just works.
// [NewEventTimeSim] and Validate apply it; callers that hand the config on
// (exports) should too.
func (c EventTimeConfig) WithDefaults() EventTimeConfig {
	if c.Window.Kind == WindowSliding && c.Window.PeriodMs == 0 {
		c.Window.PeriodMs = max(Second, c.Window.SizeMs/2)
	}
	if c.Window.Kind == WindowSession && c.Window.GapMs == 0 {
		c.Window.GapMs = max(Second, c.Window.SizeMs/2)
	}
	// A perfect watermark already knows every event time: an idle advance
	// has nothing to add (the page hides the knob; a link may still carry
	// one), so it is off rather than an error about a setting not shown.
	if c.Watermark.Kind == WatermarkPerfect {
		c.Watermark.IdleMs = 0
	}
	return c
}

// Validate reports the first invalid field as a *table.FieldError naming the
// field as in JSON ("window.sizeMs") and what is allowed. It checks the
// config as [EventTimeConfig.WithDefaults] completes it.
func (c EventTimeConfig) Validate() error {
	c = c.WithDefaults()
	g := c.Source
	g.Span = 1 // set by IntervalMs, not by the learner
	if err := g.Validate(); err != nil {
		return err
	}
	if err := recordsAtMost(g, MaxEventTimeRecords); err != nil {
		return err
	}
	d, w, wm, tr := c.Delay, c.Window, c.Watermark, c.Trigger
	share := func(field string, v float64) error {
		if !(v >= 0 && v <= 1) {
			return fieldErr(field, "must be a fraction between 0 and 1, got %v", v)
		}
		return nil
	}
	dur := func(field string, v, lo, hi int64, what string) error {
		if v < lo || v > hi {
			return fieldErr(field, "must be between %s ms and %s ms (%s), got %s ms", say.Count(lo), say.Count(hi), what, say.Count(v))
		}
		return nil
	}
	for _, err := range []error{
		dur("intervalMs", c.IntervalMs, 1, Hour, "one hour"),
		dur("delay.typicalMs", d.TypicalMs, 0, Day, "one day"),
		share("delay.stragglerShare", d.StragglerShare),
		dur("delay.stragglerMs", d.StragglerMs, 0, Day, "one day"),
		share("delay.offlineShare", d.OfflineShare),
		dur("delay.offlineMs", d.OfflineMs, 0, 7*Day, "one week"),
		share("delay.burstShare", d.BurstShare),
	} {
		if err != nil {
			return err
		}
	}
	if d.StragglerShare+d.OfflineShare+d.BurstShare > 1+1e-9 {
		return fieldErr("delay", "shares of stragglers, offline and burst events add up to %.2f; each event has one kind of delay, so they must add up to at most 1",
			d.StragglerShare+d.OfflineShare+d.BurstShare)
	}
	if d.BurstShare > 0 && (d.BurstSize < 2 || d.BurstSize > 10_000) {
		return fieldErr("delay.burstSize", "must be between 2 and 10,000 events when burstShare is on, got %s", say.Count(int64(d.BurstSize)))
	}
	switch w.Kind {
	case WindowTumbling, WindowSliding:
		if err := dur("window.sizeMs", w.SizeMs, Second, 30*Day, "30 days"); err != nil {
			return err
		}
		if w.Kind == WindowSliding {
			if w.PeriodMs < Second || w.PeriodMs > w.SizeMs {
				return fieldErr("window.periodMs", "must be between 1,000 ms and the window size (%s ms), or 0 for half the window size: a sliding window starts every period, got %s ms", say.Count(w.SizeMs), say.Count(w.PeriodMs))
			}
			if w.SizeMs/w.PeriodMs > 100 {
				return fieldErr("window.periodMs", "puts each event in %s windows; at most 100 (a period of at least size / 100 = %s ms)", say.Count(w.SizeMs/w.PeriodMs), say.Count((w.SizeMs+99)/100))
			}
		}
	case WindowSession:
		if err := dur("window.gapMs", w.GapMs, Second, 30*Day, "30 days, or 0 for half the window size"); err != nil {
			return err
		}
	default:
		return fieldErr("window.kind", "must be tumbling, sliding or session, got %q", w.Kind)
	}
	okKey := false
	for _, k := range eventTimeKeys {
		okKey = okKey || c.KeyBy == k
	}
	if !okKey {
		return fieldErr("keyBy", "must be \"\" (one global key), \"category\" or \"region\", got %q", c.KeyBy)
	}
	switch wm.Kind {
	case WatermarkBounded, WatermarkPerfect:
	default:
		return fieldErr("watermark.kind", "must be bounded or perfect, got %q", wm.Kind)
	}
	// A setting that does not apply is not checked (the page hides it; a
	// link may still carry one): a perfect watermark has no delay, and
	// without allowed lateness no late pane fires.
	if wm.Kind == WatermarkBounded {
		if err := dur("watermark.allowedDelayMs", wm.AllowedDelayMs, 0, Day, "one day"); err != nil {
			return err
		}
	}
	if wm.IdleMs != 0 {
		if err := dur("watermark.idleMs", wm.IdleMs, 100, Day, "one day, or 0 for off"); err != nil {
			return err
		}
	}
	if tr.EarlyEveryEvents < 0 || tr.EarlyEveryEvents > 1_000_000 {
		return fieldErr("trigger.earlyEveryEvents", "must be between 0 (off) and 1,000,000, got %s", say.Count(int64(tr.EarlyEveryEvents)))
	}
	if tr.EarlyEveryMs != 0 {
		if err := dur("trigger.earlyEveryMs", tr.EarlyEveryMs, 100, Day, "one day, or 0 for off"); err != nil {
			return err
		}
	}
	if tr.LateEveryMs != 0 && tr.AllowedLatenessMs != 0 {
		if err := dur("trigger.lateEveryMs", tr.LateEveryMs, 100, Day, "one day, or 0 for a pane per late event"); err != nil {
			return err
		}
	}
	if err := dur("trigger.allowedLatenessMs", tr.AllowedLatenessMs, 0, 30*Day, "30 days"); err != nil {
		return err
	}
	if n := int64(c.Source.Records) * c.IntervalMs; n > 3650*Day {
		return fieldErr("intervalMs", "spreads %s events over more than 10 years; choose a shorter interval or fewer records", say.Count(int64(c.Source.Records)))
	}
	return c.Backpressure.Validate()
}

// eventTimeRecordBytes is the memory per event of [RunEventTime], on the
// generous side: BenchmarkEventTime allocates about 290 bytes per event at
// 1,000,000 events (1-minute tumbling windows per category, early and late
// panes), and a generated source adds its own table; sliding windows add
// the windows each event is in.
const eventTimeRecordBytes = 900

// MemoryBytes estimates the memory [RunEventTime] takes at its peak.
func (c EventTimeConfig) MemoryBytes() int64 {
	c = c.WithDefaults()
	per := int64(eventTimeRecordBytes)
	if c.Window.Kind == WindowSliding && c.Window.PeriodMs > 0 {
		per += 64 * min(c.Window.SizeMs/c.Window.PeriodMs, 100)
	}
	if c.Backpressure.On() {
		per += 80
	}
	return int64(c.Source.Records) * per
}

// eventTimeArrivals is the event-time clock for n events: when each
// happens, when it arrives and its delay class (an index into
// delayClassNames). Event i happens at Start + i × IntervalMs plus a
// uniform offset within the interval, so event times ascend.
func eventTimeArrivals(cfg EventTimeConfig, n int) (eventMs, arriveMs []int64, class []uint8) {
	r := rand.New(rand.NewPCG(cfg.Source.Seed, 0xe7e7_7153))
	d := cfg.Delay
	eventMs, arriveMs, class = make([]int64, n), make([]int64, n), make([]uint8, n)
	iv := cfg.IntervalMs
	for i := range eventMs {
		eventMs[i] = cfg.Source.Start + int64(i)*iv
		if iv > 1 {
			eventMs[i] += r.Int64N(iv)
		}
	}
	count := func(share float64) int { return int(share*float64(n) + 0.5) }
	// Bursts: whole blocks of BurstSize consecutive events.
	if d.BurstShare > 0 && d.BurstSize >= 2 {
		blocks := n / d.BurstSize
		nb := min(count(d.BurstShare)/d.BurstSize, blocks)
		if nb == 0 && count(d.BurstShare) > 0 && blocks > 0 {
			nb = 1
		}
		for _, b := range r.Perm(blocks)[:nb] {
			for j := b * d.BurstSize; j < (b+1)*d.BurstSize; j++ {
				class[j] = 3
			}
		}
	}
	ns, no := count(d.StragglerShare), count(d.OfflineShare)
	for _, i := range r.Perm(n) {
		if class[i] != 0 {
			continue
		}
		switch {
		case ns > 0:
			class[i], ns = 1, ns-1
		case no > 0:
			class[i], no = 2, no-1
		}
		if ns == 0 && no == 0 {
			break
		}
	}
	between := func(lo, hi int64) int64 { return lo + r.Int64N(hi-lo+1) }
	for i := range arriveMs {
		var delay int64
		switch class[i] {
		case 1:
			delay = between(d.StragglerMs/2, d.StragglerMs)
		case 2:
			delay = between(d.OfflineMs/2, d.OfflineMs)
		default:
			delay = between(0, d.TypicalMs)
		}
		arriveMs[i] = eventMs[i] + delay
	}
	// A burst is sent when its last event arrives, newest first.
	for i := 0; i < n; {
		if class[i] != 3 {
			i++
			continue
		}
		end := i + d.BurstSize - 1
		at := arriveMs[end]
		for j := end; j >= i; j-- {
			arriveMs[j] = at + int64(end-j)
		}
		i = end + 1
	}
	return eventMs, arriveMs, class
}
