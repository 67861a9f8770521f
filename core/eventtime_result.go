package core

import (
	"fmt"
	"slices"
	"sort"

	"github.com/ingestkit/playground/core/sales"
	"github.com/ingestkit/playground/core/table"

	"github.com/ingestkit/playground/core/internal/num"
	"github.com/ingestkit/playground/core/internal/say"
)

// EventTimeSummary holds the figures of an event-time run. Event counts are
// of events; a sliding window's event is judged once per window it is in.
type EventTimeSummary struct {
	Events        int `json:"events"`
	OnTime        int `json:"onTime"`        // on time in every window it is in
	Late          int `json:"late"`          // late in some window, but counted everywhere
	Dropped       int `json:"dropped"`       // later than the allowed lateness everywhere (dropped or dead letter)
	PartlyDropped int `json:"partlyDropped"` // sliding windows: dropped from some of its windows only
	QueueDropped  int `json:"queueDropped"`  // lost by the backpressure queue
	DroppedRows   int `json:"droppedRows"`   // rows of the dropped table: (event, window) pairs
	// Windows is the number of event-time windows in the truth (every
	// event, batch); Panes and the next counts are the panes fired.
	//
	// Session windows: the truth is the sessions of every event by event
	// time. The sessions the panes were emitted for are built from the
	// events not dropped (nor lost by the queue) as they arrived, so each
	// lies within one truth session, and a truth session may have been
	// emitted in pieces (a dropped event bridged them). Each pane belongs
	// to the truth session holding its events; windows, corrections and
	// completeness count truth sessions. An event is late when the
	// session it joins has fired its on-time pane (the watermark passed
	// the merged session's end), on time while that session is open, even
	// if its own window [e, e+gap) is behind the watermark; dropped by its
	// own window, as Beam drops before merging. So Events = OnTime + Late
	// + Dropped + PartlyDropped + QueueDropped for every window kind.
	Windows     int `json:"windows"`
	Panes       int `json:"panes"`
	EarlyPanes  int `json:"earlyPanes"`
	OnTimePanes int `json:"onTimePanes"`
	LatePanes   int `json:"latePanes"`
	// Corrections counts windows whose on-time pane was followed by a
	// late pane that changed their result (so at most LatePanes).
	Corrections int `json:"corrections"`
	// Completeness is the share of the truth's events (summed over
	// windows) that the on-time panes held — for sessions, the events
	// that were on time; CompleteWindows the windows whose on-time panes
	// held all of theirs.
	Completeness    float64 `json:"completeness"`
	CompleteWindows int     `json:"completeWindows"`
	// Result latency ([EventTimePane.LatencyMs]: emitted − window end,
	// never negative for on-time and late panes), for on-time panes and for
	// all panes (early ones negative). Percentiles are as everywhere in
	// core: the value at index (n−1)×p/100 in sorted order, so with few
	// windows p95 is not the slowest: MaxMs is (often the last window's
	// on-time pane, fired by the end of the input).
	OnTimeLatency Latency `json:"onTimeLatency"`
	PaneLatency   Latency `json:"paneLatency"`
	// EndOfInputEarly counts the on-time panes the end of the input fired
	// before their window's end in processing time (latency counted as 0).
	EndOfInputEarly int `json:"endOfInputEarly"`
	// Processing-time windows against the event-time truth: how many
	// windows either side has, how many differ, and how many events were
	// put in another window by their processing time than by their event
	// time (at most Events; the table's count errors sum to up to twice
	// that: one too few here, one too many there). ProcessingTimeNote,
	// when set, says why the comparison does not apply (session windows:
	// sessions by arrival have other bounds than sessions by event time,
	// so there is no same window to compare) and the figures are 0.
	ProcessingTimeWindows    int    `json:"processingTimeWindows"`
	ProcessingTimeWrong      int    `json:"processingTimeWrong"`
	ProcessingTimeCountError int64  `json:"processingTimeCountError"`
	ProcessingTimeNote       string `json:"processingTimeNote,omitempty"`
	// MaxDelayMs is the longest time from an event to its processing.
	MaxDelayMs int64 `json:"maxDelayMs"`
	// Backpressure (zero when off): producer blocked time, the times it
	// found the queue full and the events that entered it late, the deepest queue, micro-batches, and the time from
	// arrival to processing.
	BlockedMs     int64   `json:"blockedMs"`
	Blocked       int     `json:"blocked"`
	Delayed       int     `json:"delayed"` // events that entered the queue after they arrived
	MaxQueueDepth int     `json:"maxQueueDepth"`
	QueueBatches  int     `json:"queueBatches"`
	QueueWait     Latency `json:"queueWait"`
}

// EventTimeResult is what [RunEventTime] produced. Tables, by download name:
type EventTimeResult struct {
	Panes   *table.Table `json:"-"` // event_time_panes.csv: every pane, in the order fired
	Dropped *table.Table `json:"-"` // event_time_dropped.csv (or _dead_letter): one row per (event, window) dropped
	Events  *table.Table `json:"-"` // event_time_events.csv: every event in event-time order, with its arrival, watermark and status
	Windows *table.Table `json:"-"` // event_time_windows.csv: the truth per window, with what its on-time and last panes held
	Compare *table.Table `json:"-"` // event_time_processing.csv: processing-time windows against the truth
	// With backpressure on: event_time_queue_depth.csv and event_time_queue_dropped.csv.
	QueueDepth   *table.Table `json:"-"`
	QueueDropped *table.Table `json:"-"`
	// PaneList holds the panes as values, in the order fired.
	PaneList []*EventTimePane `json:"-"`
	Summary  EventTimeSummary `json:"summary"`
	// StepsReplayed is how many steps the replay took.
	StepsReplayed int          `json:"stepsReplayed"`
	Steps         []StepReport `json:"steps"`
}

// RunEventTime runs the simulation of [NewEventTimeSim] to the end — the
// same steps the page replays — and returns its tables and summary.
func RunEventTime(cfg EventTimeConfig, input *table.Table) (*EventTimeResult, error) {
	sw := newStopwatch(cfg.Progress)
	s, err := NewEventTimeSim(cfg, input)
	if err != nil {
		return nil, err
	}
	n := len(s.EventMs)
	src := sw.finish(StepReport{Name: "source", In: n, Out: len(s.deliv),
		Notes: []string{say.Counted(n, "event") + ", one every " + say.Span(cfg.IntervalMs) + "; " + say.Count(int64(len(s.qdrops))) + " lost by the queue"}})
	return s.run(sw, src), nil
}

// run replays the simulation to the end and builds the result.
func (s *EventTimeSim) run(sw *stopwatch, steps ...StepReport) *EventTimeResult {
	n := len(s.EventMs)
	res := &EventTimeResult{Steps: steps}
	for {
		if _, ok := s.Next(); !ok {
			break
		}
		res.StepsReplayed++
	}
	sum := &res.Summary
	sum.Events = n
	for _, st := range s.Status {
		switch st {
		case 1:
			sum.OnTime++
		case 2:
			sum.Late++
		case 3, 4:
			sum.Dropped++
		case 5:
			sum.PartlyDropped++
		case 6:
			sum.QueueDropped++
		}
	}
	sum.DroppedRows = len(s.dropped)
	dropWord := "dropped"
	if s.cfg.Trigger.DeadLetter {
		dropWord = "sent to the dead letter"
	}
	res.Steps = append(res.Steps, sw.finish(StepReport{Name: "windows", In: len(s.deliv), Out: len(s.deliv) - sum.Dropped, Rejected: sum.Dropped,
		Notes: []string{fmt.Sprintf("%s on time, %s late but counted, %s %s; %s", say.Count(int64(sum.OnTime)), say.Count(int64(sum.Late)), say.Count(int64(sum.Dropped)), dropWord, say.Counted(len(s.panes), "pane"))}}))

	res.PaneList = s.panes
	truth := s.windowTotals(s.allRows(), s.EventMs)
	group := s.paneGroups(truth)
	res.Panes = s.paneTable(sum, group)
	res.Dropped = s.droppedTable()
	res.Events = s.eventTable(sum)
	res.Windows = s.windowsTable(truth, group, sum)
	var proc []etAgg
	if s.cfg.Window.Kind == WindowSession {
		sum.ProcessingTimeNote = "does not apply to session windows: sessions grouped by arrival have other bounds than sessions by event time, so no window compares with another"
	} else {
		proc = s.windowTotals(s.deliv, s.ProcessedMs)
		sum.ProcessingTimeCountError = s.misplaced()
	}
	res.Compare = s.compareTable(truth, proc, sum)
	if q := s.Queue; q != nil {
		res.QueueDepth, res.QueueDropped = s.queueTables()
		sum.BlockedMs, sum.Blocked, sum.Delayed, sum.MaxQueueDepth, sum.QueueBatches = q.BlockedMs, q.Blocked, q.Delayed, q.MaxDepth, q.Batches
		wait := make([]int64, 0, len(s.deliv))
		for _, row := range s.deliv {
			wait = append(wait, s.ProcessedMs[row]-s.ArriveMs[row])
		}
		sum.QueueWait, _ = delayStats(wait)
	}
	res.Steps = append(res.Steps, sw.finish(StepReport{Name: "compare", In: len(truth), Out: len(proc),
		Notes: s.compareNotes(sum)}))
	return res
}

// compareNotes are the compare step's notes: completeness, result latency
// (with the slowest on-time pane, which p95 of a few windows leaves out)
// and the processing-time comparison.
func (s *EventTimeSim) compareNotes(sum *EventTimeSummary) []string {
	l := sum.OnTimeLatency
	notes := []string{fmt.Sprintf("on-time panes held %.1f %% of the events; result latency p50 %s, p95 %s, slowest %s",
		100*sum.Completeness, say.Span(l.P50Ms), say.Span(l.P95Ms), say.Span(l.MaxMs))}
	if sum.EndOfInputEarly > 0 {
		notes = append(notes, say.Counted(sum.EndOfInputEarly, "on-time pane")+" fired at the end of the input, before "+map[bool]string{true: "its", false: "their"}[sum.EndOfInputEarly == 1]+" window's end: latency counted as 0")
	}
	if sum.ProcessingTimeNote != "" {
		return append(notes, "processing-time windows: "+sum.ProcessingTimeNote)
	}
	notes = append(notes, fmt.Sprintf("processing-time windows: %s of %s wrong; %s in another window than by event time",
		say.Count(int64(sum.ProcessingTimeWrong)), say.Count(int64(sum.ProcessingTimeWindows)), say.Counted(int(sum.ProcessingTimeCountError), "event")))
	return notes
}

// misplaced counts the processed events whose processing time puts them
// in other windows than their event time (tumbling and sliding windows:
// an event's windows follow from floor(t / period)).
func (s *EventTimeSim) misplaced() int64 {
	period := s.cfg.Window.SizeMs
	if s.cfg.Window.Kind == WindowSliding {
		period = s.cfg.Window.PeriodMs
	}
	var n int64
	for _, row := range s.deliv {
		if num.FloorDiv(s.EventMs[row], period) != num.FloorDiv(s.ProcessedMs[row], period) {
			n++
		}
	}
	return n
}

// paneGroups gives each pane the index in truth of its window: by bounds
// for tumbling and sliding windows; for sessions, the truth session that
// holds the events of the pane's session (any one: its first row).
func (s *EventTimeSim) paneGroups(truth []etAgg) []int {
	group := make([]int, len(s.panes))
	if s.cfg.Window.Kind == WindowSession {
		of := s.truthSession(truth)
		for i, p := range s.panes {
			group[i] = -1
			if r := s.windows[p.win].rep; r >= 0 {
				group[i] = of(r)
			}
		}
		return group
	}
	at := make(map[etBounds]int, len(truth))
	for i, a := range truth {
		at[etBounds{a.key, a.start, a.end}] = i
	}
	for i, p := range s.panes {
		j, ok := at[etBounds{s.keyID(p.Key), p.StartMs, p.EndMs}]
		if !ok {
			j = -1
		}
		group[i] = j
	}
	return group
}

// truthSession returns, for a row, the index in truth (sessions sorted by
// key, then start; disjoint within a key) of the session holding it.
func (s *EventTimeSim) truthSession(truth []etAgg) func(row int) int {
	// Per key: where its sessions begin and end in truth (a binary search
	// within them, not a walk: a key can have a million sessions).
	first, last := make([]int, len(s.Keys)), make([]int, len(s.Keys))
	for i := len(truth) - 1; i >= 0; i-- {
		first[truth[i].key] = i
	}
	for i, t := range truth {
		last[t.key] = i + 1
	}
	return func(row int) int {
		k, e := s.KeyOf[row], s.EventMs[row]
		lo, hi := first[k], last[k]
		j := lo + sort.Search(hi-lo, func(i int) bool { return truth[lo+i].end > e })
		if j < hi && truth[j].start <= e {
			return j
		}
		return -1
	}
}

// allRows returns every row by event time (generated rows already are).
func (s *EventTimeSim) allRows() []int {
	rows := make([]int, len(s.EventMs))
	sorted := true
	for i := range rows {
		rows[i] = i
		sorted = sorted && (i == 0 || s.EventMs[i-1] <= s.EventMs[i])
	}
	if !sorted {
		slices.SortStableFunc(rows, func(a, b int) int { return num.Compare(s.EventMs[a], s.EventMs[b]) })
	}
	return rows
}

// etAgg is one window's batch result.
type etAgg struct {
	key          int32
	start, end   int64
	count, cents int64
}

// windowTotals is the batch result: rows (in ascending order of t) grouped
// into windows by t, sorted by key, start and end.
func (s *EventTimeSim) windowTotals(rows []int, t []int64) []etAgg {
	ws := s.cfg.Window
	var out []etAgg
	switch ws.Kind {
	case WindowSession:
		cur := make([]int, len(s.Keys))
		for k := range cur {
			cur[k] = -1
		}
		for _, row := range rows {
			k, at := s.KeyOf[row], t[row]
			if j := cur[k]; j >= 0 && at < out[j].end {
				out[j].end = max(out[j].end, at+ws.GapMs)
				out[j].count++
				out[j].cents += s.Cents[row]
				continue
			}
			cur[k] = len(out)
			out = append(out, etAgg{key: k, start: at, end: at + ws.GapMs, count: 1, cents: s.Cents[row]})
		}
	default:
		period := ws.SizeMs
		if ws.Kind == WindowSliding {
			period = ws.PeriodMs
		}
		at := map[etWinKey]int{}
		last := make([]int, len(s.Keys)) // per key: the window last used
		for k := range last {
			last[k] = -1
		}
		for _, row := range rows {
			k, e := s.KeyOf[row], t[row]
			for st := num.FloorDiv(e, period) * period; st > e-ws.SizeMs; st -= period {
				if j := last[k]; j >= 0 && out[j].start == st {
					out[j].count++
					out[j].cents += s.Cents[row]
					continue
				}
				j, ok := at[etWinKey{k, st}]
				if !ok {
					j = len(out)
					at[etWinKey{k, st}] = j
					out = append(out, etAgg{key: k, start: st, end: st + ws.SizeMs})
				}
				if ws.Kind == WindowTumbling {
					last[k] = j
				}
				out[j].count++
				out[j].cents += s.Cents[row]
			}
		}
	}
	rank := s.keyRank()
	slices.SortFunc(out, func(a, b etAgg) int {
		if c := num.Compare(int64(rank[a.key]), int64(rank[b.key])); c != 0 {
			return c
		}
		if c := num.Compare(a.start, b.start); c != 0 {
			return c
		}
		return num.Compare(a.end, b.end)
	})
	return out
}

// keyRank gives each key its place in sorted order.
func (s *EventTimeSim) keyRank() []int {
	idx := make([]int, len(s.Keys))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int {
		switch {
		case s.Keys[a] < s.Keys[b]:
			return -1
		case s.Keys[a] > s.Keys[b]:
			return 1
		}
		return 0
	})
	rank := make([]int, len(idx))
	for r, k := range idx {
		rank[k] = r
	}
	return rank
}

func centsToDec(c []int64) []float64 {
	out := make([]float64, len(c))
	for i, v := range c {
		out[i] = float64(v) / 100
	}
	return out
}

// watermarkCol writes NoWatermark and EndWatermark as null.
func watermarkCol(name string, wm []int64) *table.Column {
	var null []bool
	for i, w := range wm {
		if w == NoWatermark || w == EndWatermark {
			if null == nil {
				null = make([]bool, len(wm))
			}
			null[i], wm[i] = true, 0
		}
	}
	return table.NewTimestampColumn(name, wm, null)
}

func (s *EventTimeSim) paneTable(sum *EventTimeSummary, group []int) *table.Table {
	m := len(s.panes)
	keys, timing, fired := make([]string, m), make([]string, m), make([]string, m)
	start, end, idx, emitted, wm := make([]int64, m), make([]int64, m), make([]int64, m), make([]int64, m), make([]int64, m)
	cnt, cents, acnt, acents, tcnt, tcents, lat := make([]int64, m), make([]int64, m), make([]int64, m), make([]int64, m), make([]int64, m), make([]int64, m), make([]int64, m)
	last := make([]bool, m)
	for _, w := range s.windows {
		if !w.merged && w.lastPane >= 0 {
			last[w.lastPane] = true
		}
	}
	var onLat []int64
	onTime := map[int]bool{} // truth windows with an on-time pane so far
	corrected := map[int]bool{}
	for i, p := range s.panes {
		keys[i], timing[i], fired[i] = p.Key, p.Timing, p.Fired
		start[i], end[i], idx[i], emitted[i], wm[i] = p.StartMs, p.EndMs, int64(p.Index), p.EmittedMs, p.WatermarkMs
		cnt[i], cents[i], acnt[i], acents[i], tcnt[i], tcents[i] = p.Count, p.Cents, p.AddedCount, p.AddedCents, p.TotalCount, p.TotalCents
		lat[i] = p.LatencyMs()
		switch p.Timing {
		case TimingEarly:
			sum.EarlyPanes++
		case TimingOnTime:
			sum.OnTimePanes++
			if p.EmittedMs < p.EndMs {
				sum.EndOfInputEarly++
			}
			onLat = append(onLat, lat[i])
			onTime[group[i]] = true
		case TimingLate:
			sum.LatePanes++
			if onTime[group[i]] && p.AddedCount > 0 {
				corrected[group[i]] = true
			}
		}
	}
	sum.Panes = m
	sum.Corrections = len(corrected)
	sum.OnTimeLatency, _ = delayStats(onLat)
	sum.PaneLatency, _ = delayStats(lat)
	return mustTable("event_time_panes",
		table.NewStringColumn("key", keys, nil), table.NewTimestampColumn("window_start", start, nil), table.NewTimestampColumn("window_end", end, nil),
		table.NewIntColumn("pane_index", idx, nil), table.NewStringColumn("timing", timing, nil), table.NewStringColumn("fired_by", fired, nil),
		table.NewTimestampColumn("emitted_at", emitted, nil), watermarkCol("watermark", wm),
		table.NewIntColumn("count", cnt, nil), table.NewDecimalColumn("revenue", centsToDec(cents), nil, 2),
		table.NewIntColumn("added_count", acnt, nil), table.NewDecimalColumn("added_revenue", centsToDec(acents), nil, 2),
		table.NewIntColumn("window_count", tcnt, nil), table.NewDecimalColumn("window_revenue", centsToDec(tcents), nil, 2),
		table.NewIntColumn("latency_ms", lat, nil), table.NewBoolColumn("last", last, nil))
}

// sourceText returns the named column's text for rows, or nil if the
// source lacks it.
func (s *EventTimeSim) sourceText(name string, rows []int) *table.Column {
	c := s.Source.Col(name)
	if c == nil {
		return nil
	}
	v := make([]string, len(rows))
	if c.Type == table.TypeString && c.Null == nil {
		for j, r := range rows {
			v[j] = c.Str[r]
		}
	} else {
		for j, r := range rows {
			v[j] = c.Value(r)
		}
	}
	return table.NewStringColumn(name, v, nil)
}

func (s *EventTimeSim) droppedTable() *table.Table {
	m := len(s.dropped)
	rows := make([]int, m)
	keys := make([]string, m)
	ev, at, wm, start, end, by, beyond := make([]int64, m), make([]int64, m), make([]int64, m), make([]int64, m), make([]int64, m), make([]int64, m), make([]int64, m)
	for i, d := range s.dropped {
		rows[i], keys[i] = d.row, s.Keys[s.KeyOf[d.row]]
		ev[i], at[i], wm[i], start[i], end[i] = s.EventMs[d.row], d.at, d.wm, d.start, d.end
		by[i], beyond[i] = d.wm-d.end, d.wm-d.end-s.cfg.Trigger.AllowedLatenessMs
	}
	name := "event_time_dropped"
	if s.cfg.Trigger.DeadLetter {
		name = "event_time_dead_letter"
	}
	var cols []*table.Column
	if c := s.sourceText(sales.ColOrderID, rows); c != nil {
		cols = append(cols, c)
	}
	cols = append(cols, table.NewStringColumn("key", keys, nil), table.NewTimestampColumn("event_ts", ev, nil), table.NewTimestampColumn("processed_at", at, nil),
		watermarkCol("watermark", wm), table.NewTimestampColumn("window_start", start, nil), table.NewTimestampColumn("window_end", end, nil),
		table.NewIntColumn("late_by_ms", by, nil), table.NewIntColumn("beyond_lateness_ms", beyond, nil))
	return mustTable(name, cols...)
}

// eventTable lists every event in event-time (row) order: the source's
// columns are shared, not copied.
func (s *EventTimeSim) eventTable(sum *EventTimeSummary) *table.Table {
	n := len(s.EventMs)
	var cols []*table.Column
	for _, name := range []string{sales.ColOrderID, sales.ColCategory, sales.ColRegion} {
		if c := s.Source.Col(name); c != nil {
			cols = append(cols, c)
		}
	}
	proc, delay := slices.Clone(s.ProcessedMs), make([]int64, n)
	cls, status := make([]string, n), make([]string, n)
	var lost []bool
	for i, p := range proc {
		if p < 0 {
			if lost == nil {
				lost = make([]bool, n)
			}
			lost[i], proc[i] = true, 0
			continue
		}
		delay[i] = p - s.EventMs[i]
		sum.MaxDelayMs = max(sum.MaxDelayMs, delay[i])
	}
	for i, c := range s.Class {
		cls[i] = delayClassNames[c]
	}
	for i, st := range s.Status {
		status[i] = eventStatusNames[st]
	}
	// The run is over: the table takes the sim's own slices.
	cols = append(cols, table.NewDecimalColumn("revenue", centsToDec(s.Cents), nil, 2),
		table.NewTimestampColumn("event_ts", s.EventMs, nil), table.NewTimestampColumn("arrived_at", s.ArriveMs, nil),
		table.NewTimestampColumn("processed_at", proc, lost), table.NewIntColumn("delay_ms", delay, lost),
		table.NewStringColumn("delay_class", cls, nil), watermarkCol("watermark_at_arrival", s.WatermarkAt),
		table.NewStringColumn("status", status, nil))
	if s.cfg.Window.Kind == WindowSliding {
		// An event is in several windows: in how many was it on time, late, dropped?
		on, late, drop := make([]int64, n), make([]int64, n), make([]int64, n)
		for i := range on {
			on[i], late[i], drop[i] = int64(s.WinOnTime[i]), int64(s.WinLate[i]), int64(s.WinDropt[i])
		}
		cols = append(cols, table.NewIntColumn("windows_on_time", on, nil), table.NewIntColumn("windows_late", late, nil), table.NewIntColumn("windows_dropped", drop, nil))
	}
	t := mustTable("event_time_events", cols...)
	t.KeepLines(s.Source)
	return t
}

type etBounds struct {
	key        int32
	start, end int64
}

// windowsTable is the truth per window beside what its on-time pane and
// its last pane held (null when it had none), and fills the summary's
// completeness. group is paneGroups. Sessions: a row per truth session;
// on_time_count is its events that were on time, final_count the last
// panes of the sessions emitted within it, summed (one session, or the
// pieces a dropped event left apart), panes all their panes.
func (s *EventTimeSim) windowsTable(truth []etAgg, group []int, sum *EventTimeSummary) *table.Table {
	m := len(truth)
	onTime, final, panes := make([]int64, m), make([]int64, m), make([]int64, m)
	finalCents := make([]int64, m)
	noOn, noFinal := make([]bool, m), make([]bool, m)
	for i := range noOn {
		noOn[i], noFinal[i] = true, true
	}
	session := s.cfg.Window.Kind == WindowSession
	for k, p := range s.panes {
		i := group[k]
		if i < 0 {
			continue
		}
		panes[i]++
		if p.Timing == TimingOnTime && noOn[i] {
			onTime[i], noOn[i] = p.TotalCount, false
		}
	}
	if session {
		of := s.truthSession(truth)
		clear(onTime)
		for row, st := range s.Status {
			if st == 1 {
				onTime[of(row)]++
			}
		}
	}
	for _, w := range s.windows {
		if w.merged || w.lastPane < 0 {
			continue
		}
		if i := group[w.lastPane]; i >= 0 {
			p := s.panes[w.lastPane]
			final[i] += p.TotalCount
			finalCents[i] += p.TotalCents
			noFinal[i] = false
		}
	}
	keys := make([]string, m)
	start, end, cnt, cents := make([]int64, m), make([]int64, m), make([]int64, m), make([]int64, m)
	compl := make([]float64, m)
	var held, all int64
	for i, a := range truth {
		keys[i], start[i], end[i], cnt[i], cents[i] = s.Keys[a.key], a.start, a.end, a.count, a.cents
		all += a.count
		if !noOn[i] {
			held += onTime[i]
			compl[i] = float64(onTime[i]) / float64(a.count)
			if onTime[i] == a.count {
				sum.CompleteWindows++
			}
		}
	}
	sum.Windows = m
	if all > 0 {
		sum.Completeness = float64(held) / float64(all)
	}
	return mustTable("event_time_windows",
		table.NewStringColumn("key", keys, nil), table.NewTimestampColumn("window_start", start, nil), table.NewTimestampColumn("window_end", end, nil),
		table.NewIntColumn("events", cnt, nil), table.NewDecimalColumn("revenue", centsToDec(cents), nil, 2),
		table.NewIntColumn("on_time_count", onTime, noOn), table.NewDecimalColumn("on_time_completeness", compl, noOn, 3),
		table.NewIntColumn("final_count", final, noFinal), table.NewDecimalColumn("final_revenue", centsToDec(finalCents), noFinal, 2),
		table.NewIntColumn("panes", panes, nil))
}

// keyID returns the index of key in Keys (0 when absent).
func (s *EventTimeSim) keyID(key string) int32 {
	if s.keyIdx == nil {
		s.keyIdx = make(map[string]int32, len(s.Keys))
		for i, k := range s.Keys {
			s.keyIdx[k] = int32(i)
		}
	}
	return s.keyIdx[key]
}

// compareTable joins the truth and the processing-time windows on key and
// bounds (a window only one side has counts 0 on the other); it has no
// rows when the comparison does not apply (ProcessingTimeNote).
func (s *EventTimeSim) compareTable(truth, proc []etAgg, sum *EventTimeSummary) *table.Table {
	rank := s.keyRank()
	cmp := func(a, b etAgg) int {
		if c := num.Compare(int64(rank[a.key]), int64(rank[b.key])); c != 0 {
			return c
		}
		if c := num.Compare(a.start, b.start); c != 0 {
			return c
		}
		return num.Compare(a.end, b.end)
	}
	var keys []string
	var start, end, ec, eCents, pc, pCents, errC, errCents []int64
	row := func(a etAgg, e, p etAgg) {
		keys = append(keys, s.Keys[a.key])
		start, end = append(start, a.start), append(end, a.end)
		ec, eCents, pc, pCents = append(ec, e.count), append(eCents, e.cents), append(pc, p.count), append(pCents, p.cents)
		errC, errCents = append(errC, p.count-e.count), append(errCents, p.cents-e.cents)
		if p.count != e.count || p.cents != e.cents {
			sum.ProcessingTimeWrong++
		}
	}
	i, j := 0, 0
	if sum.ProcessingTimeNote != "" {
		i = len(truth) // does not apply: no rows
	}
	for i < len(truth) || j < len(proc) {
		switch {
		case j == len(proc) || i < len(truth) && cmp(truth[i], proc[j]) < 0:
			row(truth[i], truth[i], etAgg{})
			i++
		case i == len(truth) || cmp(truth[i], proc[j]) > 0:
			row(proc[j], etAgg{}, proc[j])
			j++
		default:
			row(truth[i], truth[i], proc[j])
			i, j = i+1, j+1
		}
	}
	sum.ProcessingTimeWindows = len(keys)
	return mustTable("event_time_processing",
		table.NewStringColumn("key", keys, nil), table.NewTimestampColumn("window_start", start, nil), table.NewTimestampColumn("window_end", end, nil),
		table.NewIntColumn("event_time_count", ec, nil), table.NewDecimalColumn("event_time_revenue", centsToDec(eCents), nil, 2),
		table.NewIntColumn("processing_time_count", pc, nil), table.NewDecimalColumn("processing_time_revenue", centsToDec(pCents), nil, 2),
		table.NewIntColumn("count_error", errC, nil), table.NewDecimalColumn("revenue_error", centsToDec(errCents), nil, 2))
}

func (s *EventTimeSim) queueTables() (depth, lost *table.Table) {
	q := s.Queue
	depth = q.depthTable("event_time_queue_depth")
	m := len(s.qdrops)
	ev, arr, at := make([]int64, m), make([]int64, m), make([]int64, m)
	pol := make([]string, m)
	for i, row := range s.qdrops {
		ev[i], arr[i], at[i], pol[i] = s.EventMs[row], s.ArriveMs[row], s.qdropMs[i], s.cfg.Backpressure.Policy
	}
	var cols []*table.Column
	if c := s.sourceText(sales.ColOrderID, s.qdrops); c != nil {
		cols = append(cols, c)
	}
	cols = append(cols, table.NewTimestampColumn("event_ts", ev, nil), table.NewTimestampColumn("arrived_at", arr, nil),
		table.NewTimestampColumn("dropped_at", at, nil), table.NewStringColumn("policy", pol, nil))
	return depth, mustTable("event_time_queue_dropped", cols...)
}
