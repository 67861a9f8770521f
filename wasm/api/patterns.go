package api

// Patterns: each one the page runs, its summary, its replay and sweeps.

import (
	"strings"

	"github.com/ingestkit/playground/core/quality"
	"github.com/ingestkit/playground/core/sales"
	"github.com/ingestkit/playground/core/table"

	"github.com/ingestkit/playground/core"
)

type faultInfo struct {
	Kind  string `json:"kind"`
	Count int    `json:"count"`
}

func faults(fs []sales.FaultCount) []faultInfo {
	out := []faultInfo{}
	for _, f := range fs {
		out = append(out, faultInfo{f.Kind, len(f.Rows)})
	}
	return out
}

type batchSummary struct {
	Pattern  string         `json:"pattern"`
	Settings map[string]any `json:"settings"`
	*core.BatchResult
	ByCategory struct {
		Category []string  `json:"category"`
		Revenue  []float64 `json:"revenue"`
		Orders   []int64   `json:"orders"`
	} `json:"byCategory"`
	Faults []faultInfo `json:"faults"`
	Tables []tableInfo `json:"tables"`
}

type streamSummary struct {
	Pattern  string         `json:"pattern"`
	Settings map[string]any `json:"settings"`
	*core.StreamResult
	Batches int `json:"batches"`
	// Chart: the first 120 micro-batches as columns.
	Chart struct {
		Size       []int     `json:"size"`
		AvgLatency []float64 `json:"avgLatencyMs"`
		Trigger    []string  `json:"trigger"`
	} `json:"chart"`
	Faults []faultInfo `json:"faults"`
	Tables []tableInfo `json:"tables"`
}

type etlSummary struct {
	Pattern  string         `json:"pattern"`
	Settings map[string]any `json:"settings"`
	*core.ETLResult
	Faults []faultInfo `json:"faults"`
	Tables []tableInfo `json:"tables"`
}

type compareSummary struct {
	Pattern  string         `json:"pattern"`
	Settings map[string]any `json:"settings"`
	*core.CompareResult
	Tables []tableInfo `json:"tables"`
}

// pattern is one of the patterns the page runs: its name (also its
// tables' prefix, name_), how its work is called in a message ("a batch
// run"), its default settings, and how a request's settings become a job.
type pattern struct {
	name, what string
	defaults   func() map[string]any
	// job reads settings over the defaults (unvalidated: the job's
	// validate says what is wrong).
	job func(settings map[string]any) (job, error)
}

// job is a pattern's run as its settings ask for it.
type job struct {
	validate func() error
	source   sales.Config // the data it generates
	rules    string       // its quality rules ("" for none)
	memory   int64        // bytes the run takes
	run      func(e *Engine) (any, error)
}

// patternTable lists the patterns in the order the page shows them; run,
// validate and defaults take them from here.
var patternTable = []pattern{
	{name: "batch", what: "a batch run", defaults: func() map[string]any { return batchSettings(core.DefaultBatchConfig()) },
		job: func(s map[string]any) (job, error) {
			cfg, err := BatchConfig(s)
			return job{cfg.Validate, cfg.Source, "", cfg.MemoryBytes(), func(e *Engine) (any, error) { return e.runBatch(cfg) }}, err
		}},
	{name: "stream", what: "a stream", defaults: func() map[string]any { return streamSettings(core.DefaultStreamConfig()) },
		job: func(s map[string]any) (job, error) {
			cfg, err := StreamConfig(s)
			return job{cfg.Validate, cfg.Source, cfg.Rules, cfg.MemoryBytes(), func(e *Engine) (any, error) { return e.runStream(cfg) }}, err
		}},
	{name: "etl", what: "an ETL run", defaults: func() map[string]any { return etlSettings(core.DefaultETLConfig()) },
		job: func(s map[string]any) (job, error) {
			cfg, err := ETLConfig(s)
			return job{cfg.Validate, cfg.Source, cfg.Rules, cfg.MemoryBytes(), func(e *Engine) (any, error) { return e.runETL(cfg) }}, err
		}},
	{name: "compare", what: "a comparison", defaults: func() map[string]any { return compareSettings(core.DefaultCompareConfig()) },
		job: func(s map[string]any) (job, error) {
			cfg, err := CompareConfig(s)
			return job{cfg.Validate, cfg.Stream.Source, cfg.Stream.Rules, cfg.Stream.MemoryBytes(), func(e *Engine) (any, error) { return e.runCompare(cfg) }}, err
		}},
	{name: "time", what: "an event-time run", defaults: func() map[string]any { return timeSettings(defaultTimeConfig()) },
		job: func(s map[string]any) (job, error) {
			cfg, err := EventTimeConfig(s)
			return job{cfg.Validate, cfg.Source, "", cfg.MemoryBytes(), func(e *Engine) (any, error) { return e.runTime(cfg) }}, err
		}},
}

// patternJob reads a {pattern, config} request into its pattern and job.
func patternJob(a *reader) (*pattern, job, error) {
	name := a.str("pattern", "")
	settings := a.obj("config")
	if err := a.done(); err != nil {
		return nil, job{}, err
	}
	for i := range patternTable {
		if p := &patternTable[i]; p.name == name {
			j, err := p.job(settings)
			return p, j, err
		}
	}
	names := make([]string, len(patternTable))
	for i, p := range patternTable {
		names[i] = p.name
	}
	return nil, job{}, reqErr("pattern", "unknown pattern %q: use %s or %s", name, strings.Join(names[:len(names)-1], ", "), names[len(names)-1])
}

// run runs a pattern: its last results (tables name_…) are replaced, and
// their memory is free for the run.
func (e *Engine) run(a *reader) (map[string]any, error) {
	p, j, err := patternJob(a)
	if err == nil {
		err = e.room(p.name+"_", j.validate(), j.memory, p.what, j.source.Records)
	}
	if err != nil {
		return nil, err
	}
	out, err := j.run(e)
	if err != nil {
		return nil, err
	}
	return plain(out).(map[string]any), nil
}

// validate checks a pattern's settings as run would, without running: the
// config, its rules against the data's columns, and its memory against
// what would be free once the pattern's last results are replaced.
func (e *Engine) validate(a *reader) (map[string]any, error) {
	p, j, err := patternJob(a)
	if err == nil {
		err = j.validate()
	}
	if err != nil {
		return nil, err
	}
	var replaced int64
	for name, t := range e.tables {
		if strings.HasPrefix(name, p.name+"_") {
			replaced += table.TableBytes(t)
		}
	}
	if err := e.fits(j.memory, replaced, p.what, j.source.Records); err != nil {
		return nil, err
	}
	if j.rules != "" {
		// Rules must fit the data's columns: bind them to a one-row sample.
		src := j.source
		src.Records = 1
		sample, _, err := sales.Generate(src)
		if err != nil {
			return nil, err
		}
		parsed, err := quality.Parse(j.rules)
		if err != nil {
			return nil, err
		}
		if err := quality.Bind(sample, parsed); err != nil {
			return nil, err
		}
	}
	return map[string]any{"ok": true}, nil
}

func (e *Engine) runBatch(cfg core.BatchConfig) (any, error) {
	cfg.Progress = e.Progress
	res, err := core.RunBatch(cfg, nil)
	if err != nil {
		return nil, err
	}
	res.Output.Name, res.ByCategory.Name, res.ByRegion.Name, res.Jobs.Name = "batch_output", "batch_by_category", "batch_by_region", "batch_jobs"
	s := &batchSummary{Pattern: "batch", Settings: batchSettings(cfg), BatchResult: res, Faults: faults(res.Faults),
		Tables: e.keep("batch_", res.Output, res.ByCategory, res.ByRegion, res.Jobs)}
	s.ByCategory.Category = res.ByCategory.Col("category").Str
	s.ByCategory.Revenue = res.ByCategory.Col("total_revenue").Dec
	s.ByCategory.Orders = res.ByCategory.Col("orders").Int
	return s, nil
}

func (e *Engine) runStream(cfg core.StreamConfig) (any, error) {
	cfg.Progress = e.Progress
	res, err := core.RunStream(cfg, nil)
	if err != nil {
		return nil, err
	}
	res.Events.Name, res.Batches.Name, res.ByCategory.Name = "stream_events", "stream_batches", "stream_by_category"
	cfg.Progress = nil
	e.lastStream = &cfg
	ss := &streamSummary{Pattern: "stream", Settings: streamSettings(cfg), StreamResult: res, Batches: len(res.Micro), Faults: faults(res.Faults),
		Tables: e.keep("stream_", res.Events, res.Batches, res.ByCategory)}
	for _, mb := range res.Micro[:min(len(res.Micro), 120)] {
		ss.Chart.Size = append(ss.Chart.Size, mb.Size)
		ss.Chart.AvgLatency = append(ss.Chart.AvgLatency, mb.AvgLatencyMs)
		ss.Chart.Trigger = append(ss.Chart.Trigger, mb.Trigger)
	}
	return ss, nil
}

func (e *Engine) runETL(cfg core.ETLConfig) (any, error) {
	cfg.Progress = e.Progress
	res, err := core.RunETL(cfg, nil)
	if err != nil {
		return nil, err
	}
	return &etlSummary{Pattern: "etl", Settings: etlSettings(cfg), ETLResult: res, Faults: faults(res.Faults),
		Tables: e.keep("etl_", res.Clean, res.Rejected)}, nil
}

func (e *Engine) runCompare(cfg core.CompareConfig) (any, error) {
	res, err := core.RunCompare(cfg)
	if err != nil {
		return nil, err
	}
	return &compareSummary{Pattern: "compare", Settings: compareSettings(cfg), CompareResult: res, Tables: []tableInfo{}}, nil
}

func (e *Engine) replay(a *reader) (map[string]any, error) {
	limit := int(a.int("limit", 5000))
	pattern := a.str("pattern", "stream")
	if err := a.done(); err != nil {
		return nil, err
	}
	switch pattern {
	case "stream":
	case "time":
		if limit < 1 || limit > 20000 {
			return nil, reqErr("limit", "limit must be between 1 and 20,000, got %d", limit)
		}
		return e.replayTime(limit)
	default:
		return nil, reqErr("pattern", "no replay for %q: use stream or time", pattern)
	}
	if e.lastStream == nil {
		return nil, reqErr("", "run the stream first")
	}
	if limit < 1 || limit > 20000 {
		return nil, reqErr("limit", "limit must be between 1 and 20,000, got %d", limit)
	}
	sim, err := core.NewStreamSim(*e.lastStream, nil)
	if err != nil {
		return nil, err
	}
	var kind, trig []any
	var at, ev, buffered, batch, size []any
	complete := true
	start := e.lastStream.Source.Start
	for {
		st, ok := sim.Next()
		if !ok {
			break
		}
		if len(kind) == limit {
			complete = false
			break
		}
		b, tr, sz := 0, "", 0
		if st.Batch != nil {
			b, tr, sz = st.Batch.Index, st.Batch.Trigger, st.Batch.Size
		}
		kind, at, ev, buffered = append(kind, st.Kind), append(at, st.TimeMs-start), append(ev, st.Event), append(buffered, st.Buffered)
		batch, trig, size = append(batch, b), append(trig, tr), append(size, sz)
	}
	return map[string]any{"kind": kind, "timeMs": at, "event": ev, "buffered": buffered, "batch": batch, "trigger": trig, "size": size,
		"complete": complete, "bufferSize": e.lastStream.BufferSize, "lingerMs": e.lastStream.LingerMs}, nil
}

// sweep answers {pattern, config}: for stream, latency and flushes against
// the buffer size and against the linger; for batch, freshness and job
// runs against the job interval (core's SweepStream and SweepBatch).
func (e *Engine) sweep(a *reader) (map[string]any, error) {
	pattern := a.str("pattern", "")
	settings := a.obj("config")
	if err := a.done(); err != nil {
		return nil, err
	}
	switch pattern {
	case "stream":
		cfg, err := valid(StreamConfig(settings))
		if err == nil {
			err = e.fits(int64(cfg.Source.Records)*48, 0, "a sweep", cfg.Source.Records)
		}
		if err != nil {
			return nil, err
		}
		sw, err := core.SweepStream(cfg, core.SweepSizes, core.SweepLingers)
		if err != nil {
			return nil, err
		}
		return plain(sw).(map[string]any), nil
	case "batch":
		cfg, err := valid(BatchConfig(settings))
		if err == nil {
			err = e.fits(cfg.MemoryBytes(), 0, "a sweep", cfg.Source.Records)
		}
		if err != nil {
			return nil, err
		}
		pts, err := core.SweepBatch(cfg, core.SweepIntervals)
		if err != nil {
			return nil, err
		}
		return plain(map[string]any{"byInterval": pts}).(map[string]any), nil
	case "time":
		return e.sweepTime(settings)
	}
	return nil, reqErr("pattern", "no sweep for %q: use stream, batch or time", pattern)
}
