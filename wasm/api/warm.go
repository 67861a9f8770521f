package api

import (
	"time"

	"github.com/ingestkit/playground/core/sales"
	"github.com/ingestkit/playground/core/table"

	"github.com/ingestkit/playground/core"
	"github.com/ingestkit/playground/core/profile"
)

// warmRows is the size of the warm-up's data: enough rows for the browser
// to find the hot loops and optimize them, few enough to take a moment.
const warmRows = 10_000

// WarmParts are the warm-up's parts, in the order the page asks for them:
// one at a time, so that a learner's request waits for one part at most.
// (time, the event-time run, measured under Node: about 0.25 s for its
// 10,000 events after the page's start-up runs, and a first 200,000-event
// run then took 0.64–0.84 s instead of 0.95 s; the read part takes as long.)
var WarmParts = []string{"etl", "batch", "stream", "read", "check", "time"}

// warmup runs each of the engine's main paths once on a little data and
// keeps nothing: a browser compiles a WebAssembly function the first time
// it is called and optimizes it once it has run a while, so without this a
// learner's first run pays for both (a first million-record run took
// about 1.5–2.5× a later one). The page asks for each part once start-up is
// over. It returns how long the part took, in ms.
func (e *Engine) warmup(part string) (map[string]any, error) {
	t0 := time.Now()
	if err := e.warm(part); err != nil {
		return nil, err
	}
	return map[string]any{"ms": ms(time.Since(t0))}, nil
}

func (e *Engine) warm(part string) error {
	etl := core.DefaultETLConfig()
	etl.Source.Records = warmRows
	switch part {
	case "etl":
		r, err := core.RunETL(etl, nil)
		plain(r)
		return err
	case "batch":
		batch := core.DefaultBatchConfig()
		batch.Source.Records = warmRows
		r, err := core.RunBatch(batch, nil)
		plain(r)
		return err
	case "stream":
		stream := core.DefaultStreamConfig()
		stream.Source.Records = warmRows
		r, err := core.RunStream(stream, nil)
		plain(r)
		return err
	case "time":
		c := defaultTimeConfig()
		c.Source.Records = warmRows
		r, err := core.RunEventTime(c, nil)
		if err == nil {
			plain(r.Summary)
		}
		return err
	case "read", "check":
	default:
		return reqErr("part", "no warm-up part %q: use one of etl, batch, stream, read, check, time", part)
	}
	// A learner's file: the ETL's source as CSV, read and profiled; then
	// checked (rules, trim, case, date parts, a product, an aggregate) and
	// written.
	if part == "read" || e.warmFile == nil {
		src, _, err := sales.Generate(etl.Source)
		if err != nil {
			return err
		}
		res, err := table.ReadCSV(table.AppendCSV(nil, src, table.CSVWriteOptions{}), table.CSVOptions{Shared: true})
		if err != nil {
			return err
		}
		plain(profile.Columns(res.Table, res.Formats))
		e.warmFile = res
		if part == "read" {
			return nil
		}
	}
	res := e.warmFile
	e.warmFile = nil
	check := core.DataCheckConfig{Rules: "price not null\nquantity > 0\n", Samples: 20, Now: sales.DefaultStart + 3660*core.Day,
		Standardize: table.Standardize{Trim: true, NullTokens: table.DefaultNullTokens,
			Case: []table.ColumnCase{{Column: sales.ColCategory, Mode: table.CaseTitle}, {Column: sales.ColRegion, Mode: table.CaseUpper}}},
		DateParts: []string{sales.ColOrderTS}, Product: core.Product{A: sales.ColPrice, B: sales.ColQuantity, Name: "revenue"},
		GroupBy: sales.ColCategory, Measure: "revenue"}
	fr, err := core.RunDataCheck(check, res)
	if err != nil {
		return err
	}
	plain(fr)
	table.AppendCSV(nil, fr.Clean, res.WriteOptions())
	return nil
}
