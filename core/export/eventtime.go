package export

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/ingestkit/playground/core/internal/say"
	"github.com/ingestkit/playground/core/quality"
	"github.com/ingestkit/playground/core/sales"
	"github.com/ingestkit/playground/core/table"

	"github.com/ingestkit/playground/core"
)

// Event-time export file names: the input (the event log) and the page's
// downloads the programs write.
const (
	TimeInput      = "event_time_input.csv"
	TimeDropped    = "event_time_dropped.csv"
	TimeDeadLetter = "event_time_dead_letter.csv"
	TimeProcessing = "event_time_processing.csv"
	// TimeFinal is the page's event_time_windows.csv without the columns
	// that need the trigger's panes (on_time_count, on_time_completeness,
	// panes): the truth per window beside its final result after the
	// allowed lateness.
	TimeFinal = "event_time_final.csv"
	// Beam's program: its panes, and each window's final result.
	BeamPanes = "beam_panes.csv"
	BeamFinal = "beam_final.csv"
	// ColProcessedAt is when the windows saw an event: its arrival, or
	// with backpressure on, when the queue's consumer took it (empty when
	// the queue lost it).
	ColProcessedAt = "processed_at"
)

// TimeInputTable returns the event log of an event-time run of cfg: each
// order's id, category and region, its revenue, when it happened
// (event_ts), when it arrived and when the windows processed it, in event
// order. The exported programs replay it.
func TimeInputTable(cfg core.EventTimeConfig) (*table.Table, error) {
	sim, err := core.NewEventTimeSim(cfg, nil)
	if err != nil {
		return nil, err
	}
	return timeInput(sim), nil
}

func timeInput(sim *core.EventTimeSim) *table.Table {
	n := len(sim.EventMs)
	var cols []*table.Column
	for _, name := range []string{sales.ColOrderID, sales.ColCategory, sales.ColRegion} {
		if c := sim.Source.Col(name); c != nil {
			cols = append(cols, c)
		}
	}
	rev := make([]float64, n)
	for i, c := range sim.Cents {
		rev[i] = float64(c) / 100
	}
	proc := slices.Clone(sim.ProcessedMs)
	var lost []bool
	for i, p := range proc {
		if p < 0 {
			if lost == nil {
				lost = make([]bool, n)
			}
			lost[i], proc[i] = true, 0
		}
	}
	cols = append(cols, table.NewDecimalColumn("revenue", rev, nil, 2), table.NewTimestampColumn("event_ts", slices.Clone(sim.EventMs), nil),
		table.NewTimestampColumn(ColArrivedAt, slices.Clone(sim.ArriveMs), nil), table.NewTimestampColumn(ColProcessedAt, proc, lost))
	t, _ := table.NewTable("event_time_input", cols...)
	return t
}

// timeFinal is the windows table without the pane columns.
func timeFinal(windows *table.Table) *table.Table {
	var cols []*table.Column
	for _, c := range windows.Cols {
		switch c.Name {
		case "on_time_count", "on_time_completeness", "panes":
			continue
		}
		cols = append(cols, c)
	}
	t, _ := table.NewTable("event_time_final", cols...)
	return t
}

// beamPanes is the engine's panes as Beam's program writes its own: by
// key, window and pane index, with what each pane held.
func beamPanes(res *core.EventTimeResult) *table.Table {
	panes := slices.Clone(res.PaneList)
	slices.SortStableFunc(panes, func(a, b *core.EventTimePane) int {
		return cmp.Or(strings.Compare(a.Key, b.Key), cmp.Compare(a.StartMs, b.StartMs), cmp.Compare(a.EndMs, b.EndMs), cmp.Compare(a.Index, b.Index))
	})
	return paneRows("beam_panes", panes)
}

func paneRows(name string, panes []*core.EventTimePane) *table.Table {
	m := len(panes)
	keys, timing := make([]string, m), make([]string, m)
	start, end, idx, cnt := make([]int64, m), make([]int64, m), make([]int64, m), make([]int64, m)
	rev := make([]float64, m)
	for i, p := range panes {
		keys[i], timing[i], start[i], end[i], idx[i], cnt[i], rev[i] = p.Key, p.Timing, p.StartMs, p.EndMs, int64(p.Index), p.Count, float64(p.Cents)/100
	}
	t, _ := table.NewTable(name, table.NewStringColumn("key", keys, nil), table.NewTimestampColumn("window_start", start, nil),
		table.NewTimestampColumn("window_end", end, nil), table.NewIntColumn("pane_index", idx, nil), table.NewStringColumn("timing", timing, nil),
		table.NewIntColumn("count", cnt, nil), table.NewDecimalColumn("revenue", rev, nil, 2))
	return t
}

// beamFinal is each window's final result (its last pane's totals), by
// key and window: what Beam's program writes from its panes.
func beamFinal(res *core.EventTimeResult) *table.Table {
	var last []*core.EventTimePane
	final := res.Panes.Col("last")
	for i, p := range res.PaneList {
		if final.Bool[i] {
			q := *p
			q.Count, q.Cents = p.TotalCount, p.TotalCents
			last = append(last, &q)
		}
	}
	slices.SortStableFunc(last, func(a, b *core.EventTimePane) int {
		return cmp.Or(strings.Compare(a.Key, b.Key), cmp.Compare(a.StartMs, b.StartMs), cmp.Compare(a.EndMs, b.EndMs))
	})
	m := len(last)
	keys := make([]string, m)
	start, end, cnt := make([]int64, m), make([]int64, m), make([]int64, m)
	rev := make([]float64, m)
	for i, p := range last {
		keys[i], start[i], end[i], cnt[i], rev[i] = p.Key, p.StartMs, p.EndMs, p.Count, float64(p.Cents)/100
	}
	t, _ := table.NewTable("beam_final", table.NewStringColumn("key", keys, nil), table.NewTimestampColumn("window_start", start, nil),
		table.NewTimestampColumn("window_end", end, nil), table.NewIntColumn("count", cnt, nil), table.NewDecimalColumn("revenue", rev, nil, 2))
	return t
}

// Time exports an event-time run of cfg to target: the program, its
// README, the event log and the engine's outputs under expected/.
func Time(cfg core.EventTimeConfig, target Target) (*Bundle, error) {
	return timeBundle(cfg, target, true)
}

// TimeProgram is Time without the data.
func TimeProgram(cfg core.EventTimeConfig, target Target) (*Bundle, error) {
	return timeBundle(cfg, target, false)
}

// timeOutputs are the files a target's program writes, as the README and
// the program's head name them.
func timeOutputs(cfg core.EventTimeConfig, target Target) []string {
	dropped := TimeDropped
	if cfg.Trigger.DeadLetter {
		dropped = TimeDeadLetter
	}
	if target == Beam {
		return []string{dropped, BeamPanes, BeamFinal}
	}
	return []string{TimeFinal, dropped, TimeProcessing}
}

// timeExpected is the engine's outputs of res as a target's program
// writes them, under expected/.
func timeExpected(res *core.EventTimeResult, target Target, outs []string) []File {
	if target == Beam {
		return []File{{"expected/" + outs[0], csvBytes(res.Dropped)}, {"expected/" + BeamPanes, csvBytes(beamPanes(res))},
			{"expected/" + BeamFinal, csvBytes(beamFinal(res))}}
	}
	return []File{{"expected/" + TimeFinal, csvBytes(timeFinal(res.Windows))}, {"expected/" + outs[1], csvBytes(res.Dropped)},
		{"expected/" + TimeProcessing, csvBytes(res.Compare)}}
}

// timeUntranslated names the settings no program expresses: they change
// the page's results, so the expected/ outputs may differ from the
// program's where they are on. It says by how much, per file: the
// program's outputs are the page's with the setting off.
// res is the engine's run of cfg.
func timeUntranslated(cfg core.EventTimeConfig, res *core.EventTimeResult, target Target) ([]string, error) {
	var out []string
	if cfg.Watermark.IdleMs > 0 {
		diff, err := idleDifference(cfg, res, target)
		if err != nil {
			return nil, err
		}
		out = append(out, fmt.Sprintf("The idle advance of the watermark (after %s without arrivals the page's watermark follows the clock): "+
			"the program's watermark follows the event times only, so after a pause its windows fire later than the page's "+
			"(on a real runner, a source's timestamp policy does it: KafkaIO's CustomTimestampPolicyWithLimitedDelay moves an idle "+
			"partition's watermark on with processing time; Flink's withIdleness only lets the other splits' watermarks move on). %s",
			quality.FormatDuration(cfg.Watermark.IdleMs), diff))
	}
	return out, nil
}

// idleDifference runs cfg without the watermark's idle advance and says,
// per output file, how many of the page's rows (with, the engine's run of
// cfg) the program's file (the engine's without it) does not have.
func idleDifference(cfg core.EventTimeConfig, with *core.EventTimeResult, target Target) (string, error) {
	off := cfg
	off.Watermark.IdleMs = 0
	without, err := core.RunEventTime(off, nil)
	if err != nil {
		return "", err
	}
	outs := timeOutputs(cfg, target)
	page, prog := timeExpected(with, target, outs), timeExpected(without, target, outs)
	var parts []string
	for i := range page {
		n, total, other := rowDifference(page[i].Data, prog[i].Data)
		if n > 0 || other > 0 {
			parts = append(parts, fmt.Sprintf("%s: %s of the page's %s not in the program's as they are, which has %s the page's lacks (a row differs in any value: the same order with another watermark or lateness counts)",
				strings.TrimPrefix(page[i].Name, "expected/"), say.Count(int64(n)), rowsText(total), rowsText(other)))
		}
	}
	if len(parts) == 0 {
		return "With these events it changes nothing: the program's outputs equal expected/.", nil
	}
	return "Here the page's outputs (expected/) differ from the program's: " + strings.Join(parts, "; ") +
		". With the idle advance off the two are equal.", nil
}

// rowDifference counts the data rows of a (past its header) that b lacks,
// as multisets of lines, the rows of a, and the rows of b that a lacks.
func rowDifference(a, b []byte) (n, total, other int) {
	lines := func(x []byte) []string {
		ls := strings.Split(strings.TrimSuffix(string(x), "\n"), "\n")
		return ls[min(1, len(ls)):]
	}
	count := map[string]int{}
	la, lb := lines(a), lines(b)
	for _, l := range lb {
		count[l]++
	}
	for _, l := range la {
		if count[l] > 0 {
			count[l]--
		} else {
			n++
		}
	}
	for _, c := range count {
		other += c
	}
	return n, len(la), other
}

func rowsText(n int) string {
	if n == 1 {
		return "1 row"
	}
	return say.Count(int64(n)) + " rows"
}

func timeBundle(cfg core.EventTimeConfig, target Target, data bool) (*Bundle, error) {
	if err := ready(target); err != nil {
		return nil, err
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	cfg = cfg.WithDefaults() // the program gets the period and gap the engine runs with
	cfg.Progress = nil
	var res *core.EventTimeResult
	if data || cfg.Watermark.IdleMs > 0 {
		var err error
		if res, err = core.RunEventTime(cfg, nil); err != nil {
			return nil, err
		}
	}
	untranslated, err := timeUntranslated(cfg, res, target)
	if err != nil {
		return nil, err
	}
	b := &Bundle{Target: target, Pattern: "time", Input: TimeInput, Untranslated: untranslated}
	b.Main, b.Run = mainFile[target], runCommand[target]
	outs := timeOutputs(cfg, target)
	per := "one global key"
	if cfg.KeyBy != "" {
		per = "per " + cfg.KeyBy
	}
	title := fmt.Sprintf("Event time: %s events, seed %d, %s windows, %s", say.Count(int64(cfg.Source.Records)), cfg.Source.Seed,
		timeWindowText(cfg.Window), per)
	var files []File
	if data {
		sim, err := core.NewEventTimeSim(cfg, nil)
		if err != nil {
			return nil, err
		}
		input := timeInput(sim)
		files = append([]File{{TimeInput, csvBytes(input)}}, timeExpected(res, target, outs)...)
	}
	program, err := generate(func() string {
		d := dialects[target]
		g := &gen{d: d}
		tr, w := cfg.Trigger, cfg.Window
		g.add(nil, "title", title, "input_name", TimeInput, "outputs", strings.Join(outs[:len(outs)-1], ", ")+" and "+outs[len(outs)-1],
			"size", strconv.FormatInt(w.SizeMs, 10), "period", strconv.FormatInt(w.PeriodMs, 10), "gap", strconv.FormatInt(w.GapMs, 10),
			"perfect", d.boolean(cfg.Watermark.Kind == core.WatermarkPerfect), "delay", strconv.FormatInt(cfg.Watermark.AllowedDelayMs, 10),
			"early_events", strconv.Itoa(tr.EarlyEveryEvents), "early_ms", strconv.FormatInt(tr.EarlyEveryMs, 10),
			"late_ms", strconv.FormatInt(tr.LateEveryMs, 10), "lateness", strconv.FormatInt(tr.AllowedLatenessMs, 10),
			"accumulate", d.boolean(tr.Accumulate), "dead_letter", d.boolean(tr.DeadLetter))
		dropped := outs[1] // (Beam: outs[0])
		if target == Beam {
			dropped = outs[0]
		}
		g.add(d.str, "input", TimeInput, "window_kind", w.Kind, "key_col", cfg.KeyBy, "out_dropped", dropped, "out_panes", BeamPanes,
			"out_final", BeamFinal, "out_time_final", TimeFinal, "out_processing", TimeProcessing)
		return g.expand("time", nil)
	})
	if err != nil {
		return nil, err
	}
	what := timeWhat
	if target == Beam {
		what = timeBeamWhat
	}
	b.Files = append(programFiles(b, program, readme(title, b.Run, outs[0], what, b.Untranslated, timeDifferences[target]), "timepipeline"), files...)
	return b, nil
}

func timeWindowText(w core.WindowSpec) string {
	switch w.Kind {
	case core.WindowSliding:
		return quality.FormatDuration(w.SizeMs) + " sliding (every " + quality.FormatDuration(w.PeriodMs) + ")"
	case core.WindowSession:
		return "session (gap " + quality.FormatDuration(w.GapMs) + ")"
	}
	return quality.FormatDuration(w.SizeMs) + " tumbling"
}

// What a time bundle's README says the program does.
const (
	timeWhat = "It reads `" + TimeInput + "` (the event log: each order's key columns, revenue, event time `event_ts`, arrival\n" +
		"`" + ColArrivedAt + "` and `" + ColProcessedAt + "`, when the windows saw it: its arrival, or with backpressure on when the\n" +
		"queue's consumer took it, empty when the queue lost it). In processing order it follows the watermark, and writes\n" +
		"`" + TimeFinal + "` (per event-time window: the truth from every event, and the final result after the allowed\n" +
		"lateness, without the events the watermark left behind), the events later than the allowed lateness (`" + TimeDropped + "`,\n" +
		"or `" + TimeDeadLetter + "` with the dead letter output on) and `" + TimeProcessing + "` (the same events grouped\n" +
		"by processing time against the event-time truth). They are the page's downloads of those tables; `" + TimeFinal + "`\n" +
		"is the page's `event_time_windows.csv` without the columns that need the trigger's panes."
	timeBeamWhat = "It reads `" + TimeInput + "` (the event log: each order's key columns, revenue, event time `event_ts`, arrival\n" +
		"`" + ColArrivedAt + "` and `" + ColProcessedAt + "`, when the page's windows saw it) and replays it through a Beam\n" +
		"TestStream: each event at its event time, in processing order, with processing time and the watermark moving\n" +
		"between them as on the page. Beam's own windows (`beam.WindowInto` with `window.NewFixedWindows`,\n" +
		"`NewSlidingWindows` or `NewSessions`), trigger (`trigger.AfterEndOfWindow().EarlyFiring(…).LateFiring(…)`),\n" +
		"`beam.AllowedLateness` and accumulation mode make the panes; it writes `" + BeamPanes + "` (Beam's panes by key,\n" +
		"window and pane index, with their timing from Beam's PaneInfo), `" + BeamFinal + "` (each window's final result)\n" +
		"and the events later than the allowed lateness (`" + TimeDropped + "`, or `" + TimeDeadLetter + "`).\n" +
		"\n" +
		"To run it on a real stream, replace `teststream.Create` by a real source that sets event times and a watermark —\n" +
		"`kafkaio.Read` (github.com/apache/beam/sdks/v2/go/pkg/beam/io/xlang/kafkaio, with a timestamp policy) or `pubsubio.Read`\n" +
		"(with a timestamp attribute) — and run on Dataflow (`--runner=dataflow --project=P --region=R\n" +
		"--staging_location=gs://B/staging --streaming`), Flink (`--runner=flink --endpoint=localhost:8099`) or Spark\n" +
		"(`--runner=spark`), with `toKV` reading the source's records and `keepLive` left out (it needs the watermark the\n" +
		"TestStream's events carry). The windowing, trigger, allowed lateness and accumulation mode stay as they are; the runner\n" +
		"then drops the events later than the allowed lateness itself (Beam has no dead letter output for them: Flink's\n" +
		"`sideOutputLateData` is the nearest)."
)

// timeDifferences lists, per target, where the event-time programs'
// outputs differ from the page's.
var timeDifferences = map[Target][]string{
	Beam: {prismLatePanes, prismClosingPane, prismEmptyOnTime, prismTimerRearm, prismDrops, prismSessions},
}

// Where Prism (Beam 2.77's local runner) fires differently from the page's
// model, found by running the exports (TestTimeBeam holds them).
const (
	prismLatePanes = "After a window's on-time pane, Prism hands the late events to the early trigger: they come out in a pane " +
		"marked `early` (at once with `earlyEveryEvents`, after `earlyEveryMs` of processing time otherwise) followed by a second " +
		"`on_time` pane, where the page (and Beam's model) fires `late` panes by the late trigger. The values are the same: " +
		"each window's last pane holds its final result. A window whose first event came late has no on-time pane on the page; " +
		"Prism fires one."
	prismClosingPane = "When a window expires (the watermark passes its end plus the allowed lateness, or the input ends), Prism " +
		"fires a closing `late` pane with everything the window holds, even with nothing new since its last pane; the page fires " +
		"one only when late events are not yet emitted."
	prismEmptyOnTime = "Beam's Go SDK asks for an on-time pane only when it is not empty (FIRE_IF_NONEMPTY): with discarding panes, a " +
		"window whose last early pane took everything gets no on-time pane, where the page fires an empty one (Beam Java's default, FIRE_ALWAYS)."
	prismTimerRearm = "Prism re-arms an early processing-time trigger from the last event before the pane it fired, not from the next " +
		"pane's first event: with `earlyEveryMs`, early panes may fire at other moments than the page's (and hold other values)."
	prismSessions = "Prism refuses triggers that keep state (event counts, processing-time delays) on session windows (Beam issue 31438), " +
		"so on Prism the program gives sessions their on-time pane and a pane per late event only; and Prism merges the sessions of a " +
		"TestStream only within a bundle, so its sessions are pieces of the page's (each window's final result differs). Dataflow, " +
		"Flink and Spark merge sessions and take the whole trigger."
	prismDrops = "Prism drops an event later than the allowed lateness against its grouping stage's output watermark, which lags the " +
		"input's: it kept such an event in our tests (a window's state made anew after it expired). So the program lists those " +
		"events with the watermark it feeds the TestStream and keeps them out of the stream; on a real runner the runner drops " +
		"them itself."
)
