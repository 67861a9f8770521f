package api

import (
	"strings"
	"testing"

	"github.com/ingestkit/playground/core/table"

	"github.com/ingestkit/playground/core"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The event-time defaults, sent back as settings, give core's default
// config (the queue's knobs filled in, the queue off), and run to the
// same summary.
func TestTimeDefaultsRoundTrip(t *testing.T) {
	e := New()
	d := call(t, e, "defaults", nil)["time"].(map[string]any)
	c, err := EventTimeConfig(d)
	require.NoError(t, err)
	want := core.DefaultEventTimeConfig()
	want.Backpressure = c.Backpressure
	assert.Equal(t, want, c)
	assert.False(t, c.Backpressure.On())
	assert.Equal(t, "block", d["backpressure.policy"])
	assert.Equal(t, true, d["trigger.accumulate"])
	assert.Equal(t, int64(5000), d["watermark.allowedDelayMs"])
	c2, err := EventTimeConfig(nil)
	require.NoError(t, err)
	assert.Equal(t, c, c2, "no settings: the defaults")
}

// Every setting of the wrong kind, and every value core refuses, is an
// error of code config naming the setting as the page names it.
func TestTimeSettingsErrorsNameTheField(t *testing.T) {
	for _, tc := range []struct {
		key  string
		val  any
		want string
	}{
		{"records", 0.0, "records must be"},
		{"records", "ten", "records must be a number"},
		{"seed", -1.0, "seed must be 0 or more"},
		{"intervalMs", 0.0, "intervalMs must be between 1 ms and 3,600,000 ms"},
		{"intervalMs", 1.5, "intervalMs must be a whole number"},
		{"delay.typicalMs", -1.0, "delay.typicalMs must be between 0 ms and"},
		{"delay.stragglerShare", 1.5, "delay.stragglerShare must be a fraction between 0 and 1"},
		{"delay.stragglerMs", -5.0, "delay.stragglerMs must be between 0"},
		{"delay.offlineShare", -0.1, "delay.offlineShare must be a fraction"},
		{"delay.offlineMs", 1e12, "delay.offlineMs must be between 0"},
		{"delay.burstShare", 2.0, "delay.burstShare must be a fraction"},
		{"delay.burstSize", 1.0, "delay.burstSize must be between 2 and 10,000"},
		{"delay.burstSize", 1e15, "delay.burstSize must be a whole number of a sensible size"},
		{"window.kind", "hopping", `window.kind must be tumbling, sliding or session, got "hopping"`},
		{"window.kind", 3.0, "window.kind must be text"},
		{"window.sizeMs", 10.0, "window.sizeMs must be between 1,000 ms and"},
		{"window.gapMs", 0.0, ""}, // only checked for sessions: fine here
		{"keyBy", "city", `keyBy must be "" (one global key), "category" or "region", got "city"`},
		{"watermark.kind", "psychic", "watermark.kind must be bounded or perfect"},
		{"watermark.allowedDelayMs", -1.0, "watermark.allowedDelayMs must be between 0 ms and"},
		{"watermark.idleMs", 5.0, "watermark.idleMs must be between 100 ms and"},
		{"trigger.earlyEveryEvents", -2.0, "trigger.earlyEveryEvents must be between 0 (off)"},
		{"trigger.earlyEveryMs", 5.0, "trigger.earlyEveryMs must be between 100 ms and"},
		{"trigger.lateEveryMs", 1.0, "trigger.lateEveryMs must be between 100 ms and"},
		{"trigger.allowedLatenessMs", -1.0, "trigger.allowedLatenessMs must be between 0 ms and"},
		{"trigger.accumulate", 1.0, "trigger.accumulate must be true or false"},
		{"trigger.deadLetter", "yes", "trigger.deadLetter must be true or false"},
		{"backpressure.capacity", -1.0, "backpressure.capacity must be between 0 (off) and 1,000,000"},
		{"backpressure.policy", "drop", ""}, // only checked with the queue on
		{"nonsense", 1.0, `unknown setting "nonsense"`},
	} {
		t.Run(tc.key, func(t *testing.T) {
			_, _, err := New().Call("validate", map[string]any{"pattern": "time", "config": map[string]any{tc.key: tc.val}})
			if tc.want == "" {
				assert.Nil(t, err)
				return
			}
			require.NotNil(t, err)
			assert.Equal(t, "config", err.Code)
			assert.Equal(t, tc.key, err.Field)
			assert.Contains(t, err.Message, tc.want)
		})
	}
	// Fields that only count in some setups.
	for _, tc := range []struct {
		cfg   map[string]any
		field string
		want  string
	}{
		{map[string]any{"window.kind": "sliding", "window.periodMs": 120000.0}, "window.periodMs", "must be between 1,000 ms and the window size"},
		{map[string]any{"window.kind": "session", "window.gapMs": 500.0}, "window.gapMs", "must be between 1,000"},
		{map[string]any{"backpressure.capacity": 10.0, "backpressure.policy": "drop"}, "backpressure.policy", "must be block, drop_oldest or drop_newest"},
		{map[string]any{"backpressure.capacity": 10.0, "backpressure.batchSize": 0.0}, "backpressure.batchSize", "must be between 1"},
		{map[string]any{"delay.stragglerShare": 0.6, "delay.offlineShare": 0.6}, "delay", "add up to"},
	} {
		_, _, err := New().Call("run", map[string]any{"pattern": "time", "config": tc.cfg})
		require.NotNil(t, err, tc.field)
		assert.Equal(t, tc.field, err.Field)
		assert.Contains(t, err.Message, tc.want)
	}
}

// run gives core's summary, the picture's data and the tables, whose
// CSVs are core's bytes under core's file names.
func TestTimeRunRowsCSV(t *testing.T) {
	e := New()
	r := call(t, e, "run", map[string]any{"pattern": "time"})
	want, err := core.RunEventTime(core.DefaultEventTimeConfig(), nil)
	require.NoError(t, err)
	s := want.Summary
	assert.Equal(t, "time", r["pattern"])
	assert.Equal(t, 200, r["events"])
	assert.Equal(t, s.OnTime, r["onTime"])
	assert.Equal(t, s.Late, r["late"])
	assert.Equal(t, s.Dropped, r["dropped"])
	assert.Equal(t, s.Panes, r["panes"].(int))
	assert.Equal(t, s.Completeness, r["completeness"])
	assert.Equal(t, int(s.OnTimeLatency.P95Ms), r["onTimeLatency"].(map[string]any)["p95Ms"])
	assert.Equal(t, []int{186, 9, 5, 37}, []int{r["onTime"].(int), r["late"].(int), r["dropped"].(int), r["panes"].(int)}, "the README's figures")

	pic := r["picture"].(map[string]any)
	assert.Len(t, pic["eventMs"], 200)
	assert.Len(t, pic["status"], 200)
	assert.NotEmpty(t, pic["watermark"].(map[string]any)["atMs"])
	assert.Len(t, pic["windows"].(map[string]any)["startMs"], s.Windows)
	pl := r["paneList"].(map[string]any)
	assert.Len(t, pl["timing"], s.Panes)
	assert.Equal(t, false, r["panesMore"])
	assert.Nil(t, r["queue"])
	proc := r["processing"].(map[string]any)
	assert.Len(t, proc["eventTime"], s.ProcessingTimeWindows)

	tables := r["tables"].([]any)
	files := map[string]string{}
	for _, x := range tables {
		m := x.(map[string]any)
		files[m["name"].(string)] = m["file"].(string)
	}
	assert.Equal(t, map[string]string{"time_panes": "event_time_panes.csv", "time_dropped": "event_time_dropped.csv", "time_events": "event_time_events.csv",
		"time_windows": "event_time_windows.csv", "time_processing": "event_time_processing.csv"}, files)
	for id, tab := range map[string]*table.Table{"time_panes": want.Panes, "time_dropped": want.Dropped, "time_events": want.Events,
		"time_windows": want.Windows, "time_processing": want.Compare} {
		res, b, err := e.Call("csv", map[string]any{"table": id})
		require.Nil(t, err)
		assert.Equal(t, string(table.AppendCSV(nil, tab, table.CSVWriteOptions{})), string(b), id)
		assert.Equal(t, files[id], res["file"])
	}
	p := call(t, e, "rows", map[string]any{"table": "time_dropped", "limit": 10.0})
	assert.Equal(t, s.Dropped, p["total"])

	// Dead letter and the queue: other file names, the queue's tables.
	r = call(t, e, "run", map[string]any{"pattern": "time", "config": map[string]any{"trigger.deadLetter": true, "backpressure.capacity": 5.0,
		"backpressure.policy": "drop_newest", "backpressure.perEventMs": 10000.0}})
	names := []string{}
	for _, x := range r["tables"].([]any) {
		names = append(names, x.(map[string]any)["file"].(string))
	}
	assert.Contains(t, names, "event_time_dead_letter.csv")
	assert.Contains(t, names, "event_time_queue_depth.csv")
	assert.Contains(t, names, "event_time_queue_dropped.csv")
	assert.Positive(t, r["queueDropped"])
	q := r["queue"].(map[string]any)
	assert.Equal(t, 5, q["capacity"])
	assert.NotEmpty(t, q["depth"])
	_, _, err2 := e.Call("rows", map[string]any{"table": "time_processing"})
	assert.Nil(t, err2, "the new run's tables replace the old ones")
}

// The replay is the simulation's steps: every event arrives (or is lost)
// once, and as many panes fire as the run has.
func TestTimeReplay(t *testing.T) {
	e := New()
	_, _, err := e.Call("replay", map[string]any{"pattern": "time"})
	require.NotNil(t, err, "nothing to replay yet")
	r := call(t, e, "run", map[string]any{"pattern": "time"})
	rep := call(t, e, "replay", map[string]any{"pattern": "time", "limit": 20000.0})
	assert.Equal(t, true, rep["complete"])
	kinds := map[string]int{}
	for _, k := range rep["kind"].([]any) {
		kinds[k.(string)]++
	}
	assert.Equal(t, 200, kinds["arrive"])
	assert.Equal(t, r["panes"], kinds["pane"])
	assert.Positive(t, kinds["watermark"])
	last := -1
	for i, k := range rep["kind"].([]any) {
		if k == "pane" {
			assert.Equal(t, last+1, rep["pane"].([]any)[i])
			last++
		}
	}
	short := call(t, e, "replay", map[string]any{"pattern": "time", "limit": 10.0})
	assert.Equal(t, false, short["complete"])
	assert.Len(t, short["kind"], 10)
	_, _, err = e.Call("replay", map[string]any{"pattern": "etl"})
	require.NotNil(t, err)
	assert.Equal(t, "pattern", err.Field)
}

// The sweep runs core once per watermark delay: a longer delay never
// drops more, and its on-time panes come no sooner; the current setting
// is one of the points.
func TestTimeSweep(t *testing.T) {
	e := New()
	sw := call(t, e, "sweep", map[string]any{"pattern": "time", "config": map[string]any{"watermark.allowedDelayMs": 7000.0}})
	assert.Equal(t, int64(7000), sw["current"])
	pts := sw["byDelay"].([]any)
	require.Len(t, pts, len(core.SweepWatermarkDelays)+1)
	prevX, found := -1, false
	for _, x := range pts {
		p := x.(map[string]any)
		assert.Greater(t, p["x"].(int), prevX)
		prevX = p["x"].(int)
		found = found || p["x"] == 7000
		cfg := core.DefaultEventTimeConfig()
		cfg.Watermark.AllowedDelayMs = int64(p["x"].(int))
		res, err := core.RunEventTime(cfg, nil)
		require.NoError(t, err)
		assert.Equal(t, res.Summary.Dropped, p["dropped"])
		assert.Equal(t, res.Summary.Completeness, p["completeness"])
		assert.Equal(t, int(res.Summary.OnTimeLatency.P95Ms), p["p95Ms"])
	}
	assert.True(t, found)
	first, last := pts[0].(map[string]any), pts[len(pts)-1].(map[string]any)
	assert.GreaterOrEqual(t, first["dropped"].(int), last["dropped"].(int))
	assert.LessOrEqual(t, first["p95Ms"].(int), last["p95Ms"].(int))
	// A perfect watermark has no current delay to mark.
	sw = call(t, e, "sweep", map[string]any{"pattern": "time", "config": map[string]any{"watermark.kind": "perfect"}})
	assert.Nil(t, sw["current"])
	_, _, err := e.Call("sweep", map[string]any{"pattern": "time", "config": map[string]any{"window.kind": "x"}})
	require.NotNil(t, err)
	assert.Equal(t, "window.kind", err.Field)
}

// The Streaming tab's queue: core's SimulateQueue over the stream's
// arrivals.
func TestTimeStreamQueue(t *testing.T) {
	e := New()
	r := call(t, e, "queue", map[string]any{"config": map[string]any{}, "capacity": 5.0, "batchSize": 2.0, "perBatchMs": 100.0, "perEventMs": 100.0, "policy": "block"})
	cfg := core.DefaultStreamConfig()
	sim, err := core.NewStreamSim(cfg, nil)
	require.NoError(t, err)
	arr := []int64{}
	for _, row := range sim.Order {
		arr = append(arr, sim.ArriveMs[row])
	}
	q, err := core.SimulateQueue(arr, core.BackpressureConfig{Capacity: 5, BatchSize: 2, PerBatchMs: 100, PerEventMs: 100, Policy: "block"})
	require.NoError(t, err)
	assert.Equal(t, int(q.BlockedMs), r["blockedMs"])
	assert.Equal(t, q.Blocked, r["blocked"])
	assert.Positive(t, r["blockedMs"])
	assert.Equal(t, 0, r["dropped"])
	assert.Equal(t, 50, r["processed"])
	// The latency the queue adds: arrival to the end of the event's batch.
	wait := q.Wait(arr)
	assert.Equal(t, plain(wait), r["wait"])
	assert.GreaterOrEqual(t, wait.MinMs, int64(200), "a batch of one takes 100 + 100 ms")
	assert.Greater(t, wait.MaxMs, wait.MinMs, "events wait behind a busy consumer")
	r = call(t, e, "queue", map[string]any{"capacity": 5.0, "batchSize": 2.0, "perBatchMs": 100.0, "perEventMs": 100.0, "policy": "drop_oldest"})
	assert.Positive(t, r["dropped"])
	assert.Equal(t, 50, r["processed"].(int)+r["dropped"].(int))
	// The events lost are a table to download, one row each.
	lost, body, cerr := e.Call("csv", map[string]any{"table": "stream_queue_dropped"})
	require.Nil(t, cerr)
	text := string(body)
	assert.Equal(t, r["dropped"].(int)+1, strings.Count(text, "\n"), text)
	assert.True(t, strings.HasPrefix(text, "order_id,arrived_at,dropped_at,policy\n"), text)
	assert.Contains(t, text, ",drop_oldest\n")
	assert.Equal(t, "stream_queue_dropped.csv", lost["file"])
	_, _, err2 := e.Call("queue", map[string]any{"capacity": 5.0, "policy": "later"})
	require.NotNil(t, err2)
	assert.Equal(t, "backpressure.policy", err2.Field)
	_, _, err2 = e.Call("queue", map[string]any{"capacity": 0.0})
	require.NotNil(t, err2)
	assert.Equal(t, "backpressure.capacity", err2.Field)
}

// jsReady fails unless v is made of the values syscall/js.ValueOf takes
// (the browser adapter hands results to it as they are).
func jsReady(t *testing.T, where string, v any) {
	t.Helper()
	switch x := v.(type) {
	case nil, bool, int, int64, float64, string:
	case []any:
		for _, y := range x {
			jsReady(t, where, y)
		}
	case map[string]any:
		for k, y := range x {
			jsReady(t, where+"."+k, y)
		}
	default:
		t.Errorf("%s: a %T cannot go to JavaScript", where, v)
	}
}

func TestTimeAnswersAreJSValues(t *testing.T) {
	e := New()
	jsReady(t, "defaults", call(t, e, "defaults", nil))
	jsReady(t, "run", call(t, e, "run", map[string]any{"pattern": "time", "config": map[string]any{"backpressure.capacity": 5.0}}))
	jsReady(t, "replay", call(t, e, "replay", map[string]any{"pattern": "time"}))
	jsReady(t, "sweep", call(t, e, "sweep", map[string]any{"pattern": "time"}))
	jsReady(t, "queue", call(t, e, "queue", map[string]any{"capacity": 3.0}))
	// Large runs carry no picture (the page draws each event).
	r := call(t, e, "run", map[string]any{"pattern": "time", "config": map[string]any{"records": 5000.0}})
	assert.Nil(t, r["picture"])
	assert.Equal(t, 5000, r["events"])
}

// The page switches to sliding windows with the period knob at 0: the run
// takes half the window size as the period.
func TestTimeSlidingDefaultPeriod(t *testing.T) {
	cfg, err := EventTimeConfig(map[string]any{"window.kind": "sliding"})
	require.NoError(t, err)
	assert.Equal(t, 30*core.Second, cfg.Window.PeriodMs)
	r := call(t, New(), "run", map[string]any{"pattern": "time", "config": map[string]any{"window.kind": "sliding", "window.sizeMs": 120000.0}})
	assert.Equal(t, 200, r["events"])
}
