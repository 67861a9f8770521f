package core

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/ingestkit/playground/core/sales"
	"github.com/ingestkit/playground/core/table"

	"github.com/ingestkit/playground/core/internal/num"
	"github.com/ingestkit/playground/core/internal/say"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hev is a hand-made event: when it happened and when it arrived, as m:ss
// after a minute-aligned start.
type hev struct {
	name     string
	ev, arr  string
	cents    int64
	category string
}

const hT0 = sales.DefaultStart

func ms(t *testing.T, s string) int64 {
	var m, sec int64
	_, err := fmt.Sscanf(s, "%d:%d", &m, &sec)
	require.NoError(t, err, s)
	return hT0 + m*Minute + sec*Second
}

// handSim builds a simulation over hand-made events (in event-time order).
func handSim(t *testing.T, cfg EventTimeConfig, evs []hev) *EventTimeSim {
	t.Helper()
	cfg.Source.Records = len(evs)
	require.NoError(t, cfg.Validate())
	n := len(evs)
	names, cats := make([]string, n), make([]string, n)
	s := &EventTimeSim{cfg: cfg, EventMs: make([]int64, n), ArriveMs: make([]int64, n), Class: make([]uint8, n), Cents: make([]int64, n), KeyOf: make([]int32, n)}
	ids := map[string]int32{}
	for i, e := range evs {
		names[i], cats[i] = e.name, e.category
		s.EventMs[i], s.ArriveMs[i], s.Cents[i] = ms(t, e.ev), ms(t, e.arr), e.cents
		if s.Cents[i] == 0 {
			s.Cents[i] = 100
		}
		k := ""
		if cfg.KeyBy != "" {
			k = e.category
		}
		id, ok := ids[k]
		if !ok {
			id = int32(len(s.Keys))
			ids[k] = id
			s.Keys = append(s.Keys, k)
		}
		s.KeyOf[i] = id
	}
	s.Source = mustTable("hand", table.NewStringColumn(sales.ColOrderID, names, nil), table.NewStringColumn(sales.ColCategory, cats, nil))
	require.NoError(t, s.prepare())
	return s
}

func handRun(t *testing.T, cfg EventTimeConfig, evs []hev) (*EventTimeSim, *EventTimeResult) {
	s := handSim(t, cfg, evs)
	return s, s.run(newStopwatch(nil))
}

// paneLine writes a pane as "[m:ss,m:ss) #i timing by count=n added=a @m:ss".
func paneLine(p *EventTimePane) string {
	f := func(v int64) string {
		d, sign := v-hT0, ""
		if d < 0 {
			d, sign = -d, "-"
		}
		return fmt.Sprintf("%s%d:%02d", sign, d/Minute, d%Minute/Second)
	}
	key := ""
	if p.Key != "" {
		key = p.Key + " "
	}
	return fmt.Sprintf("%s[%s,%s) #%d %s %s count=%d added=%d @%s", key, f(p.StartMs), f(p.EndMs), p.Index, p.Timing, p.Fired, p.Count, p.AddedCount, f(p.EmittedMs))
}

func handCfg() EventTimeConfig {
	c := DefaultEventTimeConfig()
	c.Window = WindowSpec{Kind: WindowTumbling, SizeMs: Minute}
	c.Watermark = WatermarkSpec{Kind: WatermarkBounded, AllowedDelayMs: 10 * Second}
	c.Trigger = TriggerSpec{EarlyEveryEvents: 2, AllowedLatenessMs: Minute, Accumulate: true}
	return c
}

// The timeline drawn in eventtime.go's package notes.
var docEvents = []hev{
	{name: "a", ev: "0:05", arr: "0:06"}, {name: "b", ev: "0:20", arr: "0:21"}, {name: "c", ev: "0:50", arr: "0:52"},
	{name: "d", ev: "1:12", arr: "1:13"}, {name: "e", ev: "0:55", arr: "1:20"}, {name: "f", ev: "0:40", arr: "2:12"},
	{name: "h", ev: "2:20", arr: "2:21"}, {name: "g", ev: "0:30", arr: "2:30"},
}

func TestEventTimeHandMadePanes(t *testing.T) {
	tumbling := func(mod func(*EventTimeConfig)) EventTimeConfig { c := handCfg(); mod(&c); return c }
	cases := []struct {
		name    string
		cfg     EventTimeConfig
		evs     []hev
		panes   []string
		status  map[string]string
		dropped int
	}{
		{"the documented timeline: early, on time, late, dropped; accumulating", handCfg(), docEvents, []string{
			"[0:00,1:00) #0 early count count=2 added=2 @0:21",
			"[0:00,1:00) #1 on_time watermark count=3 added=1 @1:13",
			"[0:00,1:00) #2 late late_event count=4 added=1 @1:20",
			"[0:00,1:00) #3 late late_event count=5 added=1 @2:12",
			"[1:00,2:00) #0 on_time watermark count=1 added=1 @2:21",
			"[2:00,3:00) #0 on_time end_of_stream count=1 added=1 @2:30",
		}, map[string]string{"a": EventOnTime, "c": EventOnTime, "e": EventLate, "f": EventLate, "g": EventDropped}, 1},
		{"discarding panes hold only what is new", tumbling(func(c *EventTimeConfig) { c.Trigger.Accumulate = false }), docEvents, []string{
			"[0:00,1:00) #0 early count count=2 added=2 @0:21",
			"[0:00,1:00) #1 on_time watermark count=1 added=1 @1:13",
			"[0:00,1:00) #2 late late_event count=1 added=1 @1:20",
			"[0:00,1:00) #3 late late_event count=1 added=1 @2:12",
			"[1:00,2:00) #0 on_time watermark count=1 added=1 @2:21",
			"[2:00,3:00) #0 on_time end_of_stream count=1 added=1 @2:30",
		}, nil, 1},
		{"no allowed lateness: late events are dropped, to a dead letter output", tumbling(func(c *EventTimeConfig) {
			c.Trigger.AllowedLatenessMs, c.Trigger.EarlyEveryEvents, c.Trigger.DeadLetter = 0, 0, true
		}), docEvents, []string{
			"[0:00,1:00) #0 on_time watermark count=3 added=3 @1:13",
			"[1:00,2:00) #0 on_time watermark count=1 added=1 @2:21",
			"[2:00,3:00) #0 on_time end_of_stream count=1 added=1 @2:30",
		}, map[string]string{"e": EventDeadLetter, "f": EventDeadLetter, "g": EventDeadLetter}, 3},
		{"early panes on a timer, late panes on a timer, expiry flushes the rest", tumbling(func(c *EventTimeConfig) {
			c.Trigger.EarlyEveryEvents, c.Trigger.EarlyEveryMs, c.Trigger.LateEveryMs = 0, 20*Second, 30*Second
		}), []hev{
			{name: "a", ev: "0:05", arr: "0:06"}, {name: "b", ev: "0:20", arr: "0:21"}, {name: "c", ev: "0:50", arr: "0:52"},
			{name: "d", ev: "1:12", arr: "1:13"}, {name: "e", ev: "0:55", arr: "1:20"}, {name: "f", ev: "0:57", arr: "1:25"},
			{name: "h", ev: "2:20", arr: "2:21"},
		}, []string{
			"[0:00,1:00) #0 early timer count=2 added=2 @0:26",       // a's timer: 0:06 + 20 s
			"[0:00,1:00) #1 early timer count=3 added=1 @1:12",       // c's: 0:52 + 20 s
			"[0:00,1:00) #2 on_time watermark count=3 added=0 @1:13", // fires even with nothing new
			"[1:00,2:00) #0 early timer count=1 added=1 @1:33",
			"[0:00,1:00) #3 late late_timer count=5 added=2 @1:50", // e's late timer: 1:20 + 30 s, with f
			"[1:00,2:00) #1 on_time watermark count=1 added=0 @2:21",
			"[2:00,3:00) #0 on_time end_of_stream count=1 added=1 @2:21",
		}, map[string]string{"e": EventLate, "f": EventLate}, 0},
		{"a late event pending at expiry fires a final pane", tumbling(func(c *EventTimeConfig) {
			c.Trigger.EarlyEveryEvents, c.Trigger.LateEveryMs = 0, 90*Second
		}), []hev{
			{name: "a", ev: "0:05", arr: "0:06"}, {name: "d", ev: "1:12", arr: "1:13"}, {name: "e", ev: "0:55", arr: "1:20"},
			{name: "h", ev: "2:20", arr: "2:21"},
		}, []string{
			"[0:00,1:00) #0 on_time watermark count=1 added=1 @1:13",
			"[1:00,2:00) #0 on_time watermark count=1 added=1 @2:21", // thresholds at 2:00: on time before expiry
			"[0:00,1:00) #1 late expiry count=2 added=1 @2:21",
			"[2:00,3:00) #0 on_time end_of_stream count=1 added=1 @2:21",
		}, nil, 0},
		{"a window whose first event is late has no on-time pane", tumbling(func(c *EventTimeConfig) { c.Trigger.EarlyEveryEvents = 0 }), []hev{
			{name: "a", ev: "0:05", arr: "0:06"}, {name: "d", ev: "1:12", arr: "1:13"}, {name: "x", ev: "0:59", arr: "1:14"},
		}, []string{
			"[0:00,1:00) #0 on_time watermark count=1 added=1 @1:13",
			"[0:00,1:00) #1 late late_event count=2 added=1 @1:14",
			"[1:00,2:00) #0 on_time end_of_stream count=1 added=1 @1:14",
		}, nil, 0},
		{"per key: each category its own windows", tumbling(func(c *EventTimeConfig) { c.KeyBy, c.Trigger.EarlyEveryEvents = sales.ColCategory, 0 }), []hev{
			{name: "a", ev: "0:05", arr: "0:06", category: "Books"}, {name: "b", ev: "0:20", arr: "0:21", category: "Home"},
			{name: "d", ev: "1:12", arr: "1:13", category: "Books"},
		}, []string{
			"Books [0:00,1:00) #0 on_time watermark count=1 added=1 @1:13",
			"Home [0:00,1:00) #0 on_time watermark count=1 added=1 @1:13",
			"Books [1:00,2:00) #0 on_time end_of_stream count=1 added=1 @1:13",
		}, nil, 0},
		{"sliding windows: one event dropped from one window, counted in the other", EventTimeConfig{
			Source: DefaultEventTimeConfig().Source, IntervalMs: Second,
			Window:    WindowSpec{Kind: WindowSliding, SizeMs: Minute, PeriodMs: 30 * Second},
			Watermark: WatermarkSpec{Kind: WatermarkBounded},
			Trigger:   TriggerSpec{Accumulate: true},
		}, []hev{
			{name: "a", ev: "0:10", arr: "0:11"}, {name: "c", ev: "0:20", arr: "0:45"}, {name: "b", ev: "0:40", arr: "0:41"},
			{name: "d", ev: "1:35", arr: "1:36"},
		}, []string{
			"[-0:30,0:30) #0 on_time watermark count=1 added=1 @0:41",
			"[0:00,1:00) #0 on_time watermark count=3 added=3 @1:36",
			"[0:30,1:30) #0 on_time watermark count=1 added=1 @1:36",
			"[1:00,2:00) #0 on_time end_of_stream count=1 added=1 @1:36",
			"[1:30,2:30) #0 on_time end_of_stream count=1 added=1 @1:36",
		}, map[string]string{"a": EventOnTime, "c": EventPartlyDropped, "b": EventOnTime}, 1},
		{"sessions: a late event extends a fired session, which fires late", EventTimeConfig{
			Source: DefaultEventTimeConfig().Source, IntervalMs: Second,
			Window:    WindowSpec{Kind: WindowSession, GapMs: 30 * Second},
			Watermark: WatermarkSpec{Kind: WatermarkBounded},
			Trigger:   TriggerSpec{AllowedLatenessMs: Minute, Accumulate: true},
		}, []hev{
			{name: "x1", ev: "0:00", arr: "0:01"}, {name: "x2", ev: "0:20", arr: "0:21"}, {name: "y", ev: "0:40", arr: "1:45"},
			{name: "x3", ev: "1:40", arr: "1:41"},
		}, []string{
			"[0:00,0:50) #0 on_time watermark count=2 added=2 @1:41",
			"[0:00,1:10) #1 late late_event count=3 added=1 @1:45",
			"[1:40,2:10) #0 on_time end_of_stream count=1 added=1 @1:45",
		}, map[string]string{"y": EventLate}, 0},
		{"sessions: an event bridging two sessions merges them and reopens the window", EventTimeConfig{
			Source: DefaultEventTimeConfig().Source, IntervalMs: Second,
			Window:    WindowSpec{Kind: WindowSession, GapMs: 40 * Second},
			Watermark: WatermarkSpec{Kind: WatermarkBounded},
			Trigger:   TriggerSpec{AllowedLatenessMs: Minute, Accumulate: true},
		}, []hev{
			{name: "a", ev: "0:00", arr: "0:01"}, {name: "c", ev: "0:30", arr: "1:05"}, {name: "b", ev: "1:00", arr: "1:01"},
		}, []string{
			"[0:00,0:40) #0 on_time watermark count=1 added=1 @1:01",
			"[0:00,1:40) #1 on_time end_of_stream count=3 added=2 @1:05",
		}, map[string]string{"c": EventOnTime}, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, res := handRun(t, tc.cfg, tc.evs)
			var got []string
			for _, p := range res.PaneList {
				got = append(got, paneLine(p))
			}
			assert.Equal(t, tc.panes, got)
			for i, e := range tc.evs {
				if want, ok := tc.status[e.name]; ok {
					assert.Equal(t, want, eventStatusNames[s.Status[i]], e.name)
				}
			}
			assert.Equal(t, tc.dropped, res.Dropped.Len())
			checkEventTimeInvariants(t, s, res)
		})
	}
}

// The final session windows equal the batch sessions, and the last-pane
// flags mark the bridged session's last pane only.
func TestEventTimeSessionLastPane(t *testing.T) {
	cfg := EventTimeConfig{Source: DefaultEventTimeConfig().Source, IntervalMs: Second,
		Window: WindowSpec{Kind: WindowSession, GapMs: 40 * Second}, Watermark: WatermarkSpec{Kind: WatermarkBounded},
		Trigger: TriggerSpec{AllowedLatenessMs: Minute, Accumulate: true}}
	_, res := handRun(t, cfg, []hev{{name: "a", ev: "0:00", arr: "0:01"}, {name: "c", ev: "0:30", arr: "1:05"}, {name: "b", ev: "1:00", arr: "1:01"}})
	assert.Equal(t, []bool{false, true}, res.Panes.Col("last").Bool)
	require.Equal(t, 1, res.Windows.Len())
	assert.Equal(t, []int64{3}, res.Windows.Col("final_count").Int)
	assert.True(t, res.Windows.Col("on_time_count").IsNull(0) == false)
}

func TestEventTimeIdleAdvance(t *testing.T) {
	cfg := handCfg()
	cfg.Trigger.EarlyEveryEvents = 0
	evs := []hev{{name: "a", ev: "0:05", arr: "0:06"}, {name: "b", ev: "0:50", arr: "0:51"}, {name: "z", ev: "5:00", arr: "5:01"}}
	_, res := handRun(t, cfg, evs)
	assert.Equal(t, "[0:00,1:00) #0 on_time watermark count=2 added=2 @5:01", paneLine(res.PaneList[0]), "without idle advance the window waits for the next event")

	cfg.Watermark.IdleMs = 30 * Second
	_, res = handRun(t, cfg, evs)
	// Idle from 1:21: the watermark follows the clock, now − 10 s, and
	// passes 1:00 at 1:21 already (1:11).
	assert.Equal(t, "[0:00,1:00) #0 on_time watermark count=2 added=2 @1:21", paneLine(res.PaneList[0]))
	assert.Equal(t, 0, res.Summary.Late)
}

// An event arriving while the watermark is idle is judged against the
// watermark of its instant (now − allowed delay), not the last value the
// simulation stepped to: here c's window ended before the idle watermark
// reached it, so c is dropped, and its row shows that watermark.
func TestEventTimeIdleWatermarkAtArrival(t *testing.T) {
	cfg := handCfg()
	cfg.Trigger = TriggerSpec{Accumulate: true}
	cfg.Watermark.IdleMs = 30 * Second
	evs := []hev{{name: "a", ev: "0:05", arr: "0:06"}, {name: "b", ev: "0:50", arr: "0:51"}, {name: "c", ev: "1:30", arr: "2:30"}}
	s, res := handRun(t, cfg, evs)
	assert.Equal(t, []string{"[0:00,1:00) #0 on_time watermark count=2 added=2 @1:21"}, []string{paneLine(res.PaneList[0])})
	assert.Len(t, res.PaneList, 1)
	assert.Equal(t, EventDropped, eventStatusNames[s.Status[2]])
	assert.Equal(t, ms(t, "2:20"), s.WatermarkAt[2], "the idle watermark at 2:30")
	require.Equal(t, 1, res.Dropped.Len())
	assert.Equal(t, []int64{20 * Second}, res.Dropped.Col("late_by_ms").Int, "2:20 − the window's end 2:00")
	checkEventTimeInvariants(t, s, res)

	// Without the idle advance the watermark is still at 0:40 and c is
	// on time.
	cfg.Watermark.IdleMs = 0
	s, _ = handRun(t, cfg, evs)
	assert.Equal(t, EventOnTime, eventStatusNames[s.Status[2]])
}

func TestEventTimeQueue(t *testing.T) {
	cfg := BackpressureConfig{Capacity: 3, BatchSize: 2, PerBatchMs: 100, Policy: QueueBlock}
	arr := []int64{0, 10, 20, 30, 40, 50}
	q, err := SimulateQueue(arr, cfg)
	require.NoError(t, err)
	// [a]@0→100, [b c]@100→200, [d e]@200→300, [f]@300→400; e blocks the
	// producer from 40 until 100, so f, arriving at 50, enters at 100 too.
	assert.Equal(t, []int64{100, 200, 200, 300, 300, 400}, q.ProcessedMs)
	assert.Equal(t, []int64{0, 10, 20, 30, 100, 100}, q.EnqueuedMs)
	assert.Equal(t, int64(60), q.BlockedMs)
	assert.Equal(t, 1, q.Blocked, "the producer found the queue full once")
	assert.Equal(t, 2, q.Delayed, "e, and f behind it, entered late")
	assert.Equal(t, 3, q.MaxDepth)
	assert.Equal(t, 0, q.Dropped)

	cfg.Policy = QueueDropNewest
	q, err = SimulateQueue(arr, cfg)
	require.NoError(t, err)
	assert.Equal(t, []int64{-1, -1, -1, -1, 40, 50}, q.DroppedMs)
	assert.Equal(t, []int64{100, 200, 200, 300, -1, -1}, q.ProcessedMs)

	cfg.Policy = QueueDropOldest
	q, err = SimulateQueue(arr, cfg)
	require.NoError(t, err)
	assert.Equal(t, []int64{-1, 40, 50, -1, -1, -1}, q.DroppedMs)
	assert.Equal(t, []int64{100, -1, -1, 200, 200, 300}, q.ProcessedMs)

	_, err = SimulateQueue(arr, BackpressureConfig{})
	var fe *table.FieldError
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, "backpressure.capacity", fe.Field)
}

func TestEventTimeConfigErrorsNameTheField(t *testing.T) {
	mod := func(f func(*EventTimeConfig)) error { c := DefaultEventTimeConfig(); f(&c); return c.Validate() }
	cases := []struct {
		name, field, msg string
		err              error
	}{
		{"records", "records", "between 1 and", mod(func(c *EventTimeConfig) { c.Source.Records = 0 })},
		{"interval", "intervalMs", "between 1 ms and", mod(func(c *EventTimeConfig) { c.IntervalMs = 0 })},
		{"shares", "delay", "add up to", mod(func(c *EventTimeConfig) { c.Delay.StragglerShare, c.Delay.OfflineShare = 0.7, 0.5 })},
		{"burst size", "delay.burstSize", "between 2 and", mod(func(c *EventTimeConfig) { c.Delay.BurstSize = 1 })},
		{"NaN share", "delay.stragglerShare", "fraction", mod(func(c *EventTimeConfig) { c.Delay.StragglerShare = -0.1 })},
		{"size 0", "window.sizeMs", "between 1,000", mod(func(c *EventTimeConfig) { c.Window.SizeMs = 0 })},
		{"period > size", "window.periodMs", "window size", mod(func(c *EventTimeConfig) {
			c.Window = WindowSpec{Kind: WindowSliding, SizeMs: Minute, PeriodMs: 2 * Minute}
		})},
		{"too many sliding windows", "window.periodMs", "at most 100", mod(func(c *EventTimeConfig) { c.Window = WindowSpec{Kind: WindowSliding, SizeMs: Hour, PeriodMs: Second} })},
		{"gap", "window.gapMs", "between 1,000", mod(func(c *EventTimeConfig) { c.Window = WindowSpec{Kind: WindowSession, SizeMs: Minute, GapMs: 500} })},
		{"kind", "window.kind", "tumbling, sliding or session", mod(func(c *EventTimeConfig) { c.Window.Kind = "hopping" })},
		{"key", "keyBy", "category", mod(func(c *EventTimeConfig) { c.KeyBy = "email" })},
		{"watermark", "watermark.kind", "bounded or perfect", mod(func(c *EventTimeConfig) { c.Watermark.Kind = "" })},
		{"lateness", "trigger.allowedLatenessMs", "between 0", mod(func(c *EventTimeConfig) { c.Trigger.AllowedLatenessMs = -1 })},
		{"early", "trigger.earlyEveryEvents", "between 0 (off)", mod(func(c *EventTimeConfig) { c.Trigger.EarlyEveryEvents = -1 })},
		{"queue policy", "backpressure.policy", "block, drop_oldest or drop_newest", mod(func(c *EventTimeConfig) { c.Backpressure = BackpressureConfig{Capacity: 5, BatchSize: 1} })},
		{"queue batch", "backpressure.batchSize", "between 1", mod(func(c *EventTimeConfig) { c.Backpressure = BackpressureConfig{Capacity: 5, Policy: QueueBlock} })},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var fe *table.FieldError
			require.ErrorAs(t, tc.err, &fe)
			assert.Equal(t, tc.field, fe.Field)
			assert.Contains(t, fe.Msg, tc.msg)
			assert.True(t, errors.Is(tc.err, table.ErrConfig))
		})
	}
	assert.NoError(t, DefaultEventTimeConfig().Validate())
}

// The defaults show every case: on time, late but counted, dropped.
func TestEventTimeDefaults(t *testing.T) {
	res, err := RunEventTime(DefaultEventTimeConfig(), nil)
	require.NoError(t, err)
	s := res.Summary
	assert.Equal(t, 200, s.Events)
	assert.Positive(t, s.OnTime)
	assert.Positive(t, s.Late)
	assert.Positive(t, s.Dropped)
	assert.Equal(t, s.Events, s.OnTime+s.Late+s.Dropped)
	assert.Positive(t, s.EarlyPanes)
	assert.Positive(t, s.LatePanes)
	assert.Equal(t, 10, s.Windows)
	assert.Equal(t, s.Dropped, res.Dropped.Len())
	assert.Equal(t, "event_time_dropped", res.Dropped.Name)
	assert.Nil(t, res.QueueDepth)
	assert.Greater(t, DefaultEventTimeConfig().MemoryBytes(), int64(0))
}

// randomEventTimeConfig draws a small config; some draws are invalid on
// purpose when wild is set.
func randomEventTimeConfig(r *rand.Rand, wild bool) EventTimeConfig {
	c := DefaultEventTimeConfig()
	c.Source.Records = 1 + r.IntN(250)
	c.Source.Seed = r.Uint64()
	c.IntervalMs = 100 + r.Int64N(5000)
	d := &c.Delay
	d.TypicalMs = r.Int64N(10_000)
	d.StragglerShare, d.StragglerMs = r.Float64()*0.3, r.Int64N(120_000)
	d.OfflineShare, d.OfflineMs = r.Float64()*0.1, r.Int64N(20*Minute)
	d.BurstShare, d.BurstSize = r.Float64()*0.2, 2+r.IntN(8)
	switch r.IntN(3) {
	case 0:
		c.Window = WindowSpec{Kind: WindowTumbling, SizeMs: Second * (1 + r.Int64N(180))}
	case 1:
		size := Second * (2 + r.Int64N(180))
		c.Window = WindowSpec{Kind: WindowSliding, SizeMs: size, PeriodMs: max(Second, size/(1+r.Int64N(6)))}
	default:
		c.Window = WindowSpec{Kind: WindowSession, GapMs: Second * (1 + r.Int64N(60))}
	}
	c.KeyBy = eventTimeKeys[r.IntN(len(eventTimeKeys))]
	if r.IntN(4) == 0 {
		c.Watermark = WatermarkSpec{Kind: WatermarkPerfect}
	} else {
		c.Watermark = WatermarkSpec{Kind: WatermarkBounded, AllowedDelayMs: r.Int64N(30_000)}
		if r.IntN(3) == 0 {
			c.Watermark.IdleMs = 100 + r.Int64N(30_000)
		}
	}
	tr := &c.Trigger
	*tr = TriggerSpec{AllowedLatenessMs: r.Int64N(3 * Minute), Accumulate: r.IntN(2) == 0, DeadLetter: r.IntN(4) == 0}
	if r.IntN(2) == 0 {
		tr.EarlyEveryEvents = 1 + r.IntN(5)
	}
	if r.IntN(2) == 0 {
		tr.EarlyEveryMs = 100 + r.Int64N(30_000)
	}
	if r.IntN(2) == 0 {
		tr.LateEveryMs = 100 + r.Int64N(30_000)
	}
	if r.IntN(3) == 0 {
		c.Backpressure = BackpressureConfig{Capacity: 1 + r.IntN(10), BatchSize: 1 + r.IntN(5), PerBatchMs: r.Int64N(3000), PerEventMs: r.Int64N(800),
			Policy: []string{QueueBlock, QueueDropOldest, QueueDropNewest}[r.IntN(3)]}
	}
	if wild {
		// Push a field out of range now and then.
		switch r.IntN(12) {
		case 0:
			c.Window.SizeMs = -r.Int64N(10)
		case 1:
			c.Window.PeriodMs = c.Window.SizeMs + 1
		case 2:
			c.Window.GapMs = 0
		case 3:
			c.Trigger.AllowedLatenessMs = -1
		case 4:
			c.Backpressure.Capacity = -1
		case 5:
			c.Delay.BurstSize = r.IntN(2)
		case 6:
			c.IntervalMs = 0
		case 7:
			c.Delay.StragglerShare = 2
		}
	}
	return c
}

// checkEventTimeInvariants checks what must hold for any run.
func checkEventTimeInvariants(t *testing.T, s *EventTimeSim, res *EventTimeResult) {
	t.Helper()
	// Panes in processing-time order; discarding panes add up to the
	// window's total, accumulating panes are the total.
	var last int64 = -1 << 62
	byWin := map[int]int64{}
	for _, p := range s.panes {
		require.GreaterOrEqual(t, p.EmittedMs, last, "panes in processing-time order")
		last = p.EmittedMs
		if s.cfg.Window.Kind == WindowSession {
			// A merged session also takes in its neighbours' totals.
			require.GreaterOrEqual(t, p.TotalCount, byWin[p.win]+p.AddedCount)
			byWin[p.win] = p.TotalCount
		} else {
			byWin[p.win] += p.AddedCount
			require.Equal(t, byWin[p.win], p.TotalCount, "a pane adds what is new, once")
		}
		if s.cfg.Trigger.Accumulate {
			require.Equal(t, p.TotalCount, p.Count)
		} else {
			require.Equal(t, p.AddedCount, p.Count)
		}
	}
	// Every processed event, in each of its windows: counted or dropped,
	// never both, never twice. Per event: its windows add up; overall:
	// counted (the final windows' totals) + dropped = all (event, window)
	// pairs.
	var pairs, counted int64
	for _, row := range s.deliv {
		nw := int64(s.WinOnTime[row]) + int64(s.WinLate[row]) + int64(s.WinDropt[row])
		switch s.cfg.Window.Kind {
		case WindowTumbling, WindowSession:
			require.Equal(t, int64(1), nw)
		default:
			var want int64
			e, ws := s.EventMs[row], s.cfg.Window
			for st := num.FloorDiv(e, ws.PeriodMs) * ws.PeriodMs; st > e-ws.SizeMs; st -= ws.PeriodMs {
				want++
			}
			require.Equal(t, want, nw)
		}
		pairs += nw
	}
	for _, w := range s.windows {
		if !w.merged {
			counted += w.count
			require.False(t, w.alive, "every window closes at the end of the input")
			require.Zero(t, w.newCount, "nothing left unemitted")
		}
	}
	require.Equal(t, pairs, counted+int64(len(s.dropped)))
	// Every step in processing-time order; the watermark never goes back.
	sum := res.Summary
	require.Equal(t, len(s.EventMs), sum.OnTime+sum.Late+sum.Dropped+sum.PartlyDropped+sum.QueueDropped)
	checkEventTimeSummary(t, s, res, counted)
}

// checkEventTimeSummary holds the summary to the tables: the summary never
// contradicts itself, whatever the window kind.
func checkEventTimeSummary(t *testing.T, s *EventTimeSim, res *EventTimeResult, counted int64) {
	t.Helper()
	sum, kind := res.Summary, s.cfg.Window.Kind
	require.GreaterOrEqual(t, sum.LatePanes, sum.Corrections, "a corrected window has a late pane")
	require.LessOrEqual(t, sum.ProcessingTimeCountError, int64(sum.Events), "at most every event in a wrong window")
	if s.cfg.Trigger.LateEveryMs == 0 && sum.Late > 0 && kind != WindowSliding {
		require.Positive(t, sum.LatePanes, "each late event fires a late pane")
	}
	w := res.Windows
	require.Equal(t, sum.Windows, w.Len())
	var events, on, final, panes int64
	for i := range w.Len() {
		events += w.Col("events").Int[i]
		panes += w.Col("panes").Int[i]
		if !w.Col("on_time_count").IsNull(i) {
			on += w.Col("on_time_count").Int[i]
		}
		if !w.Col("final_count").IsNull(i) {
			final += w.Col("final_count").Int[i]
		}
	}
	require.Equal(t, int64(sum.Panes), panes, "every pane belongs to a window of the truth")
	if events > 0 {
		require.InDelta(t, float64(on)/float64(events), sum.Completeness, 1e-12)
	}
	if kind == WindowSliding {
		return
	}
	require.Equal(t, int64(sum.Events), events, "the truth holds every event once")
	require.Equal(t, int64(sum.OnTime), on, "the on-time panes hold the on-time events")
	require.Equal(t, counted, final, "the final panes hold every counted event")
	if kind == WindowSession {
		require.NotEmpty(t, sum.ProcessingTimeNote)
		require.Zero(t, res.Compare.Len())
		require.Zero(t, sum.ProcessingTimeWrong+sum.ProcessingTimeWindows)
	} else {
		require.Empty(t, sum.ProcessingTimeNote)
	}
}

// replaySteps runs a fresh simulation step by step, checking the
// watermark and the clock, and returns the steps.
func replaySteps(t *testing.T, cfg EventTimeConfig) []EventTimeStep {
	t.Helper()
	s, err := NewEventTimeSim(cfg, nil)
	require.NoError(t, err)
	var steps []EventTimeStep
	wm, now := NoWatermark, int64(-1<<62)
	for {
		st, ok := s.Next()
		if !ok {
			break
		}
		require.GreaterOrEqual(t, st.TimeMs, now, "steps in processing-time order")
		now = st.TimeMs
		require.GreaterOrEqual(t, st.WatermarkMs, wm, "the watermark never goes back")
		if st.Kind == StepWatermark {
			require.Greater(t, st.WatermarkMs, wm, "a watermark step moves it forward")
		}
		wm = st.WatermarkMs
		steps = append(steps, st)
	}
	require.Equal(t, EndWatermark, wm, "the input ends with the watermark at the end of time")
	return steps
}

func TestEventTimeProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	for i := range 300 {
		cfg := randomEventTimeConfig(r, false)
		name := fmt.Sprintf("%d %s/%s", i, cfg.Window.Kind, cfg.Watermark.Kind)
		require.NoError(t, cfg.Validate(), name)
		t.Run(name, func(t *testing.T) {
			steps := replaySteps(t, cfg)
			s, err := NewEventTimeSim(cfg, nil)
			require.NoError(t, err)
			res := s.run(newStopwatch(nil))
			require.Equal(t, len(steps), res.StepsReplayed, "RunEventTime is the replay")
			checkEventTimeInvariants(t, s, res)

			if cfg.Watermark.Kind == WatermarkPerfect {
				assert.Zero(t, res.Summary.Late+res.Summary.Dropped+res.Summary.PartlyDropped, "a perfect watermark has no late data")
			}

			// Allowed lateness ≥ the longest delay, accumulating: each
			// window's last pane is the batch result over the processed
			// events.
			var longest int64
			for _, row := range s.deliv {
				longest = max(longest, s.ProcessedMs[row]-s.EventMs[row])
			}
			c2 := cfg
			c2.Trigger.AllowedLatenessMs, c2.Trigger.Accumulate = longest, true
			if c2.Validate() != nil {
				return
			}
			s2, err := NewEventTimeSim(c2, nil)
			require.NoError(t, err)
			res2 := s2.run(newStopwatch(nil))
			assert.Zero(t, res2.Summary.Dropped+res2.Summary.PartlyDropped, "nothing is later than the longest delay")
			rows := append([]int(nil), s2.deliv...)
			slicesSortByTime(rows, s2.EventMs)
			truth := s2.windowTotals(rows, s2.EventMs)
			final := map[etBounds][2]int64{}
			for _, w := range s2.windows {
				if w.merged {
					continue
				}
				p := s2.panes[w.lastPane]
				assert.Equal(t, p.TotalCount, p.Count)
				final[etBounds{w.key, w.start, w.end}] = [2]int64{p.Count, p.Cents}
			}
			require.Len(t, final, len(truth))
			for _, a := range truth {
				assert.Equal(t, [2]int64{a.count, a.cents}, final[etBounds{a.key, a.start, a.end}], "window %v", a)
			}
		})
	}
}

func slicesSortByTime(rows []int, t []int64) {
	for i := 1; i < len(rows); i++ {
		for j := i; j > 0 && t[rows[j]] < t[rows[j-1]]; j-- {
			rows[j], rows[j-1] = rows[j-1], rows[j]
		}
	}
}

// With no delay at all, grouping by arrival is grouping by event time.
func TestEventTimeZeroDelayProcessingTimeAgrees(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 9))
	for range 60 {
		cfg := randomEventTimeConfig(r, false)
		cfg.Delay = DelayModel{}
		cfg.Backpressure = BackpressureConfig{}
		res, err := RunEventTime(cfg, nil)
		require.NoError(t, err)
		assert.Zero(t, res.Summary.ProcessingTimeWrong)
		assert.Zero(t, res.Summary.ProcessingTimeCountError)
		assert.Zero(t, res.Summary.Late+res.Summary.Dropped)
	}
}

func eventTimeTables(res *EventTimeResult) []*table.Table {
	out := []*table.Table{res.Panes, res.Dropped, res.Events, res.Windows, res.Compare}
	if res.QueueDepth != nil {
		out = append(out, res.QueueDepth, res.QueueDropped)
	}
	return out
}

func TestEventTimeSameSeedSameBytes(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 3))
	for range 20 {
		cfg := randomEventTimeConfig(r, false)
		a, err := RunEventTime(cfg, nil)
		require.NoError(t, err)
		b, err := RunEventTime(cfg, nil)
		require.NoError(t, err)
		ta, tb := eventTimeTables(a), eventTimeTables(b)
		require.Len(t, tb, len(ta))
		for i := range ta {
			assert.Equal(t, string(table.AppendCSV(nil, ta[i], table.CSVWriteOptions{})), string(table.AppendCSV(nil, tb[i], table.CSVWriteOptions{})), ta[i].Name)
		}
		assert.Equal(t, a.Summary, b.Summary)
	}
	cfg := DefaultEventTimeConfig()
	a, _ := RunEventTime(cfg, nil)
	cfg.Source.Seed++
	b, _ := RunEventTime(cfg, nil)
	assert.NotEqual(t, csvHash(a.Events), csvHash(b.Events), "another seed gives other arrivals")
}

// Any config: an error naming a field, or a run; never a panic.
func TestEventTimeNeverPanics(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 11))
	for range 400 {
		cfg := randomEventTimeConfig(r, true)
		res, err := RunEventTime(cfg, nil)
		if err != nil {
			var fe *table.FieldError
			require.ErrorAs(t, err, &fe, "%v", err)
			continue
		}
		require.NotNil(t, res.Panes)
	}
}

func TestEventTimeBackpressureRun(t *testing.T) {
	cfg := DefaultEventTimeConfig()
	cfg.Backpressure = BackpressureConfig{Capacity: 3, BatchSize: 2, PerBatchMs: 4000, PerEventMs: 500, Policy: QueueDropOldest}
	res, err := RunEventTime(cfg, nil)
	require.NoError(t, err)
	s := res.Summary
	assert.Positive(t, s.QueueDropped)
	assert.Equal(t, s.QueueDropped, res.QueueDropped.Len())
	assert.Equal(t, 3, s.MaxQueueDepth)
	assert.Positive(t, s.QueueWait.P95Ms)
	require.NotNil(t, res.QueueDepth)

	cfg.Backpressure.Policy = QueueBlock
	res, err = RunEventTime(cfg, nil)
	require.NoError(t, err)
	assert.Zero(t, res.Summary.QueueDropped)
	assert.Positive(t, res.Summary.BlockedMs)
	assert.Greater(t, res.Summary.MaxDelayMs, int64(0))
}

// Switching the defaults to sliding windows leaves the period 0: that is
// half the window size, so the run just works (each event in two windows).
func TestEventTimeSlidingPeriodDefault(t *testing.T) {
	cfg := DefaultEventTimeConfig()
	cfg.Window.Kind = WindowSliding
	require.Zero(t, cfg.Window.PeriodMs)
	require.NoError(t, cfg.Validate())
	assert.Equal(t, 30*Second, cfg.WithDefaults().Window.PeriodMs)
	res, err := RunEventTime(cfg, nil)
	require.NoError(t, err)
	explicit := cfg
	explicit.Window.PeriodMs = 30 * Second
	want, err := RunEventTime(explicit, nil)
	require.NoError(t, err)
	assert.Equal(t, want.Summary, res.Summary)
	assert.Equal(t, res.Summary.Events, res.Summary.OnTime+res.Summary.Late+res.Summary.Dropped+res.Summary.PartlyDropped)
	ev := res.Events.Col("windows_on_time").Int
	lt, dr := res.Events.Col("windows_late").Int, res.Events.Col("windows_dropped").Int
	for i := range ev {
		assert.Equal(t, int64(2), ev[i]+lt[i]+dr[i], "event %d is in two windows", i)
	}
	// Tumbling and session configs keep their period untouched.
	assert.Zero(t, DefaultEventTimeConfig().WithDefaults().Window.PeriodMs)
}

// At the end of the input every window fires (Beam: the watermark goes to
// +∞), even one whose end is still ahead in processing time: its result
// latency counts as 0, never negative, and the summary says how many.
func TestEventTimeEndOfInputLatencyNotNegative(t *testing.T) {
	cfg := DefaultEventTimeConfig()
	cfg.Source.Records = 2
	res, err := RunEventTime(cfg, nil)
	require.NoError(t, err)
	s := res.Summary
	require.Equal(t, 1, s.OnTimePanes)
	p := res.PaneList[0]
	assert.Equal(t, FiredEndOfStream, p.Fired)
	assert.Less(t, p.EmittedMs, p.EndMs, "the pane keeps its true emit time, before the window's end")
	assert.Zero(t, p.LatencyMs())
	assert.Equal(t, Latency{}, s.OnTimeLatency)
	assert.Equal(t, 1, s.EndOfInputEarly)
	assert.Equal(t, []int64{0}, res.Panes.Col("latency_ms").Int)
	assert.Contains(t, res.Steps[len(res.Steps)-1].Notes[1], "1 on-time pane fired at the end of the input, before its window's end")

	// Random setups: on-time and late panes never have a negative latency.
	r := rand.New(rand.NewPCG(7, 7))
	for range 60 {
		cfg := randomEventTimeConfig(r, false)
		res, err := RunEventTime(cfg, nil)
		require.NoError(t, err)
		for _, p := range res.PaneList {
			if p.Timing != TimingEarly {
				require.GreaterOrEqual(t, p.LatencyMs(), int64(0), "%+v", p)
			}
		}
		require.GreaterOrEqual(t, res.Summary.OnTimeLatency.MinMs, int64(0))
	}
}

// Result latency percentiles are core's ((n−1)×p/100-th in sorted order,
// as the stream's and the batch's): with the defaults' ten windows p95 is
// the 9th value, and the slowest — the last window's on-time pane, fired
// by the end of the input — is MaxMs, named in the compare step's notes.
func TestEventTimeLatencySlowestVisible(t *testing.T) {
	res, err := RunEventTime(DefaultEventTimeConfig(), nil)
	require.NoError(t, err)
	var on []int64
	var last *EventTimePane
	for _, p := range res.PaneList {
		if p.Timing == TimingOnTime {
			on = append(on, p.LatencyMs())
			last = p
		}
	}
	l, _ := delayStats(on)
	assert.Equal(t, l, res.Summary.OnTimeLatency)
	assert.Equal(t, FiredEndOfStream, last.Fired)
	assert.Equal(t, last.LatencyMs(), res.Summary.OnTimeLatency.MaxMs)
	assert.Greater(t, res.Summary.OnTimeLatency.MaxMs, res.Summary.OnTimeLatency.P95Ms)
	assert.Contains(t, res.Steps[len(res.Steps)-1].Notes[0], "slowest "+say.Span(last.LatencyMs()))
}

// Sessions: an event behind the watermark that joins a session still open
// is on time (in its on-time pane); one that joins a session whose on-time
// pane fired is late and fires a late pane. The windows table lists the
// truth sessions with what their panes held.
func TestEventTimeSessionSummary(t *testing.T) {
	cfg := EventTimeConfig{Source: DefaultEventTimeConfig().Source, IntervalMs: Second,
		Window: WindowSpec{Kind: WindowSession, GapMs: 40 * Second}, Watermark: WatermarkSpec{Kind: WatermarkBounded},
		Trigger: TriggerSpec{AllowedLatenessMs: 2 * Minute, Accumulate: true}}
	evs := []hev{
		{name: "v", ev: "0:00", arr: "0:52"}, // [0:00,0:40) is behind the watermark 0:50, but joins [0:30,1:30)
		{name: "a", ev: "0:30", arr: "0:31"},
		{name: "b", ev: "0:50", arr: "0:51"},
		{name: "x", ev: "1:05", arr: "2:42"}, // joins [0:00,1:30), whose on-time pane fired at 2:41
		{name: "c", ev: "2:40", arr: "2:41"},
	}
	s, res := handRun(t, cfg, evs)
	var got []string
	for _, p := range res.PaneList {
		got = append(got, paneLine(p))
	}
	assert.Equal(t, []string{
		"[0:00,1:30) #0 on_time watermark count=3 added=3 @2:41",
		"[0:00,1:45) #1 late late_event count=4 added=1 @2:42",
		"[2:40,3:20) #0 on_time end_of_stream count=1 added=1 @2:42",
	}, got)
	status := map[string]string{}
	for i, e := range evs {
		status[e.name] = eventStatusNames[s.Status[i]]
	}
	assert.Equal(t, map[string]string{"v": EventOnTime, "a": EventOnTime, "b": EventOnTime, "x": EventLate, "c": EventOnTime}, status)
	sum := res.Summary
	assert.Equal(t, []int{4, 1, 0, 2, 1, 1}, []int{sum.OnTime, sum.Late, sum.Dropped, sum.Windows, sum.LatePanes, sum.Corrections})
	assert.InDelta(t, 0.8, sum.Completeness, 1e-12)
	w := res.Windows
	assert.Equal(t, []int64{ms(t, "0:00"), ms(t, "2:40")}, w.Col("window_start").Int)
	assert.Equal(t, []int64{ms(t, "1:45"), ms(t, "3:20")}, w.Col("window_end").Int)
	assert.Equal(t, []int64{3, 1}, w.Col("on_time_count").Int)
	assert.Equal(t, []int64{4, 1}, w.Col("final_count").Int)
	assert.Equal(t, []int64{2, 1}, w.Col("panes").Int)
	assert.Zero(t, res.Compare.Len())
	assert.Contains(t, sum.ProcessingTimeNote, "does not apply to session windows")
	checkEventTimeInvariants(t, s, res)
}

// The reviewer's page: the defaults with 10-second sessions
// (#p=time&t.wk=session&t.wg=10000). One truth session (events 3 s
// apart), emitted in pieces where dropped events left gaps.
func TestEventTimeSessionDefaults(t *testing.T) {
	cfg := DefaultEventTimeConfig()
	cfg.Window = WindowSpec{Kind: WindowSession, SizeMs: Minute, GapMs: 10 * Second}
	s, err := NewEventTimeSim(cfg, nil)
	require.NoError(t, err)
	res := s.run(newStopwatch(nil))
	checkEventTimeInvariants(t, s, res)
	sum := res.Summary
	assert.Equal(t, 1, sum.Windows)
	assert.Equal(t, sum.Events-sum.Dropped, int(res.Windows.Col("final_count").Int[0]))
	assert.InDelta(t, float64(sum.OnTime)/float64(sum.Events), sum.Completeness, 1e-12)
	assert.Equal(t, int64(sum.Panes), res.Windows.Col("panes").Int[0])
	assert.Zero(t, sum.ProcessingTimeCountError)
	notes := res.Steps[len(res.Steps)-1].Notes
	assert.Contains(t, notes[len(notes)-1], "does not apply to session windows")
}

// Events put in another window by processing time: never more than the
// events, and the defaults' figure.
func TestEventTimeMisplacedEvents(t *testing.T) {
	res, err := RunEventTime(DefaultEventTimeConfig(), nil)
	require.NoError(t, err)
	var byHand int64
	ev, proc := res.Events.Col("event_ts").Int, res.Events.Col("processed_at").Int
	for i := range ev {
		if ev[i]/Minute != proc[i]/Minute {
			byHand++
		}
	}
	assert.Equal(t, byHand, res.Summary.ProcessingTimeCountError)
	var errSum int64
	for _, e := range res.Compare.Col("count_error").Int {
		errSum += max(e, -e)
	}
	assert.LessOrEqual(t, errSum, 2*res.Summary.ProcessingTimeCountError, "each misplaced event is one too few in one window, one too many in another")
	assert.LessOrEqual(t, res.Summary.ProcessingTimeCountError, int64(res.Summary.Events))
}

// Switching to sessions (or sliding windows) with their gap (period) left
// at 0 runs with half the window size, as the exports do.
func TestSessionGapZeroIsHalfTheWindow(t *testing.T) {
	c := DefaultEventTimeConfig()
	c.Window.Kind = WindowSession
	require.NoError(t, c.Validate())
	require.Equal(t, 30*Second, c.WithDefaults().Window.GapMs)
	a, err := RunEventTime(c, nil)
	require.NoError(t, err)
	c.Window.GapMs = 30 * Second
	b, err := RunEventTime(c, nil)
	require.NoError(t, err)
	require.Equal(t, b.Summary, a.Summary)
}

// A perfect watermark knows every event time: an idle advance carried with
// it (a link; the page hides the knob) is off, not an error about a
// setting the learner cannot see.
func TestPerfectWatermarkIgnoresIdleAdvance(t *testing.T) {
	c := DefaultEventTimeConfig()
	c.Watermark = WatermarkSpec{Kind: WatermarkPerfect, IdleMs: 5000}
	require.NoError(t, c.Validate())
	off := c
	off.Watermark.IdleMs = 0
	with, err := RunEventTime(c, nil)
	require.NoError(t, err)
	without, err := RunEventTime(off, nil)
	require.NoError(t, err)
	assert.Equal(t, without.Summary, with.Summary)
	assert.Equal(t, string(table.AppendCSV(nil, without.Panes, table.CSVWriteOptions{})), string(table.AppendCSV(nil, with.Panes, table.CSVWriteOptions{})))
}

// While idle the watermark follows the clock: a step it reached that way
// says so (the picture draws it as a slope) and is now − allowed delay;
// without the idle advance no step does.
func TestEventTimeIdleStepsFollowTheClock(t *testing.T) {
	c := DefaultEventTimeConfig()
	c.Watermark.IdleMs = 10 * Second
	s, err := NewEventTimeSim(c, nil)
	require.NoError(t, err)
	clock := 0
	for {
		st, ok := s.Next()
		if !ok {
			break
		}
		if st.Clock {
			clock++
			assert.Equal(t, StepWatermark, st.Kind)
			assert.Equal(t, st.TimeMs-c.Watermark.AllowedDelayMs, st.WatermarkMs)
		}
	}
	assert.Positive(t, clock)
	c.Watermark.IdleMs = 0
	s, err = NewEventTimeSim(c, nil)
	require.NoError(t, err)
	for {
		st, ok := s.Next()
		if !ok {
			break
		}
		require.False(t, st.Clock)
	}
}

// A setting that does not apply is not checked, and changes nothing: a
// perfect watermark's delay (even one out of range, from a link), a late
// pane's timer without allowed lateness.
func TestSettingsThatDoNotApplyAreNotChecked(t *testing.T) {
	base := DefaultEventTimeConfig()
	for name, mod := range map[string]func(*EventTimeConfig){
		"perfect watermark, delay -5 ms": func(c *EventTimeConfig) { c.Watermark = WatermarkSpec{Kind: WatermarkPerfect, AllowedDelayMs: -5} },
		"no allowed lateness, late pane after 5 ms": func(c *EventTimeConfig) {
			c.Trigger.AllowedLatenessMs, c.Trigger.LateEveryMs = 0, 5
		},
	} {
		c, ref := base, base
		mod(&c)
		mod(&ref)
		ref.Watermark.AllowedDelayMs = max(ref.Watermark.AllowedDelayMs, 0)
		ref.Trigger.LateEveryMs = 0
		require.NoError(t, c.Validate(), name)
		got, err := RunEventTime(c, nil)
		require.NoError(t, err, name)
		want, err := RunEventTime(ref, nil)
		require.NoError(t, err, name)
		assert.Equal(t, want.Summary, got.Summary, name)
		_, err = SweepEventTime(c, []int64{0, Second})
		require.NoError(t, err, name)
	}
}

// With the dead letter on, the windows step says where the too-late
// events went, as the tables and the page do.
func TestDeadLetterStepSaysDeadLetter(t *testing.T) {
	c := DefaultEventTimeConfig()
	c.Trigger.DeadLetter = true
	res, err := RunEventTime(c, nil)
	require.NoError(t, err)
	var note string
	for _, st := range res.Steps {
		if st.Name == "windows" {
			note = st.Notes[0]
		}
	}
	assert.Equal(t, "186 on time, 9 late but counted, 5 sent to the dead letter; 37 panes", note)
}
