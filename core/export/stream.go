package export

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/ingestkit/playground/core/internal/say"
	"github.com/ingestkit/playground/core/quality"
	"github.com/ingestkit/playground/core/sales"
	"github.com/ingestkit/playground/core/table"

	"github.com/ingestkit/playground/core"
)

// Streaming export file names: the page's downloads, and the input — the
// events with their event time (order_ts) and arrival time (arrived_at),
// as a source would deliver them.
const (
	StreamInput      = "stream_input.csv"
	StreamEvents     = "stream_events.csv"
	StreamBatches    = "stream_batches.csv"
	StreamByCategory = "stream_by_category.csv"
	// Beam's streaming program: the checked events (stream_events.csv
	// without the page's micro-batch columns) and Beam's own batches.
	StreamChecked = "stream_checked.csv"
	BeamBatches   = "beam_batches.csv"
	ColArrivedAt  = "arrived_at"
)

// StreamInputTable returns the events of a stream run of cfg in event
// order, each with its arrival time: the exported programs replay them.
func StreamInputTable(cfg core.StreamConfig) (*table.Table, error) {
	sim, err := core.NewStreamSim(cfg, nil)
	if err != nil {
		return nil, err
	}
	t := sim.Events // the simulation's own table: it is not used again
	t.Name = "stream_input"
	t.AddColumn(table.NewTimestampColumn(ColArrivedAt, sim.ArriveMs, nil))
	return t, nil
}

// Stream exports a streaming run of cfg to target: the program, its
// README, the events with their arrival times and the engine's outputs.
func Stream(cfg core.StreamConfig, target Target) (*Bundle, error) {
	return streamBundle(cfg, target, true)
}

// StreamProgram is Stream without the data.
func StreamProgram(cfg core.StreamConfig, target Target) (*Bundle, error) {
	return streamBundle(cfg, target, false)
}

// What a stream bundle's README says the program does.
const (
	streamWhat = "It reads `" + StreamInput + "` (the events, each with its event time `order_ts` and arrival time `" + ColArrivedAt + "`), replays\n" +
		"them in arrival order through the micro-batch buffer on a virtual clock, and writes\n" +
		"`" + StreamEvents + "` (every event with its micro-batch and latency), `" + StreamBatches + "` (one row per flush) and\n" +
		"`" + StreamByCategory + "` (revenue of the valid events per category)."
	streamBeamWhat = "It reads `" + StreamInput + "` (the events, each with its event time `order_ts` and arrival time `" + ColArrivedAt + "`), checks\n" +
		"them and buffers them with Beam's GroupIntoBatches (BatchSize = the buffer size, MaxBufferingDuration =\n" +
		"the linger time), and writes `" + StreamChecked + "` (every event with its verdict and revenue, in arrival order),\n" +
		"`" + BeamBatches + "` (one row per Beam batch) and `" + StreamByCategory + "` (revenue of the valid events per category).\n" +
		"\n" +
		"Beam runs on a real clock: its linger is processing time on the runner, where the page replays the\n" +
		"arrival times on a virtual clock. So the checked events and the totals per category are the page's\n" +
		"(compare with `expected/" + StreamChecked + "` and `expected/" + StreamByCategory + "`); Beam's batches have the\n" +
		"sizes of the page's size flushes when the linger is off, and are the runner's own otherwise. On Prism\n" +
		"(Beam 2.77) GroupIntoBatches lost events in our tests and a processing-time timer never fires for a file\n" +
		"input, so there the program groups the events, puts them in arrival order and cuts them every buffer-size\n" +
		"events (the page's size flushes; the linger is left out); Dataflow, Flink and Spark use GroupIntoBatches."
)

func streamBundle(cfg core.StreamConfig, target Target, data bool) (*Bundle, error) {
	if err := ready(target); err != nil {
		return nil, err
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	rules, err := quality.Parse(cfg.Rules)
	if err != nil {
		return nil, err
	}
	b := &Bundle{Target: target, Pattern: "stream", Input: StreamInput}
	b.Main, b.Run = mainFile[target], runCommand[target]
	buffer, linger := "off", "off"
	if cfg.BufferSize > 0 {
		buffer = strconv.Itoa(cfg.BufferSize) + " events"
	}
	if cfg.LingerMs > 0 {
		linger = quality.FormatDuration(cfg.LingerMs)
	}
	title := fmt.Sprintf("Streaming ingestion: %s events, seed %d, buffer %s, linger %s", say.Count(int64(cfg.Source.Records)), cfg.Source.Seed, buffer, linger)
	small := cfg
	if !data {
		small.Source.Records = 1
	}
	input, err := StreamInputTable(small)
	if err != nil {
		return nil, err
	}
	var files []File
	if data {
		res, err := core.RunStream(cfg, nil)
		if err != nil {
			return nil, err
		}
		files = []File{{StreamInput, csvBytes(input)}, {"expected/" + StreamEvents, csvBytes(res.Events)},
			{"expected/" + StreamBatches, csvBytes(res.Batches)}, {"expected/" + StreamByCategory, csvBytes(res.ByCategory)}}
		if target == Beam {
			files = append(files, File{"expected/" + StreamChecked, csvBytes(checkedEvents(res.Events))})
		}
	}
	var cols []column
	for _, c := range input.Cols {
		cols = append(cols, column{c.Name, c.Type})
	}
	s := &etlSpec{columns: cols, rules: rules, cases: map[string]string{}}
	program, err := generate(func() string {
		outputs := StreamEvents + ", " + StreamBatches + " and " + StreamByCategory
		if target == Beam {
			outputs = StreamChecked + ", " + BeamBatches + " and " + StreamByCategory
		}
		g := newGen(target, title, StreamInput, cols, table.DefaultNullTokens, nil, outputs)
		d := g.d
		if target == Beam {
			g.add(nil, "extra_imports", "\n\t\"time\"", "extra_beam_imports", "\n\t\"github.com/apache/beam/sdks/v2/go/pkg/beam/runners\"\n\t\"github.com/apache/beam/sdks/v2/go/pkg/beam/transforms/batch\"")
		}
		g.add(d.id, "ts", sales.ColOrderTS, "arrived", ColArrivedAt, "price", sales.ColPrice, "qty", sales.ColQuantity, "category", sales.ColCategory)
		g.add(d.str, "out_checked", StreamChecked, "out_beam_batches", BeamBatches, "out_events", StreamEvents, "out_batches", StreamBatches, "out_by_category", StreamByCategory)
		g.add(nil, "size", strconv.Itoa(cfg.BufferSize), "linger", strconv.FormatInt(cfg.LingerMs, 10), "start", strconv.FormatInt(cfg.Source.Start, 10),
			"now", g.inline("stream_now", nil), "now_text", "a stream's checks use its last event's time plus one day")
		// The DuckDB script finds micro-batches by jumps of 2^level batches.
		var levels, steps []listItem
		for l := 0; l < 23; l++ {
			lv := vars{"level", strconv.Itoa(l), "next", strconv.Itoa(l + 1), "batches", strconv.Itoa(1 << l)}
			if l < 22 {
				levels = append(levels, listItem{"stream_level", lv})
			}
			steps = append([]listItem{{"stream_step", lv}}, steps...)
		}
		g.global = append(g.global, "stream_levels", g.list(levels), "stream_walk", g.list(steps))
		parts, helpers := g.start("")
		b.Helpers = helpers
		parts = append(parts, g.expand("quality", nil))
		for i, r := range rules {
			parts = append(parts, s.rule(g, i+1, r))
		}
		if target == Beam {
			parts = append(parts, g.expand("split", nil)) // the end of the rules, and their counts
		}
		return strings.Join(append(parts, g.expand("stream", nil)), "")
	})
	if err != nil {
		return nil, err
	}
	what := streamWhat
	if target == Beam {
		what = streamBeamWhat
	}
	example := StreamEvents
	if target == Beam {
		example = StreamChecked
	}
	b.Files = append(programFiles(b, program, readme(title, b.Run, example, what, nil, differences[target]), "streampipeline"), files...)
	return b, nil
}

// checkedEvents is stream_events without the columns of the page's
// micro-batches (batch, processed_at, latency_ms): what Beam's program
// writes, whatever its batches.
func checkedEvents(ev *table.Table) *table.Table {
	var cols []*table.Column
	for _, c := range ev.Cols {
		switch c.Name {
		case "batch", "processed_at", "latency_ms":
			continue
		}
		cols = append(cols, c)
	}
	t, _ := table.NewTable("stream_checked", cols...)
	return t
}
