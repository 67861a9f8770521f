package api

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/ingestkit/playground/core/table"

	"github.com/ingestkit/playground/core"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func call(t *testing.T, e *Engine, method string, args map[string]any) map[string]any {
	t.Helper()
	res, _, err := e.Call(method, args)
	require.Nil(t, err, "%v", err)
	return res
}

func TestDefaultsRoundTrip(t *testing.T) {
	e := New()
	d := call(t, e, "defaults", nil)
	// The defaults, sent back as settings, give the default configs.
	b, err := BatchConfig(d["batch"].(map[string]any))
	require.NoError(t, err)
	assert.Equal(t, core.DefaultBatchConfig(), b)
	s, err := StreamConfig(d["stream"].(map[string]any))
	require.NoError(t, err)
	assert.Equal(t, core.DefaultStreamConfig(), s)
	c, err := ETLConfig(d["etl"].(map[string]any))
	require.NoError(t, err)
	assert.Equal(t, core.DefaultETLConfig(), c)
}

func TestRunAndPageThroughTables(t *testing.T) {
	e := New()
	r := call(t, e, "run", map[string]any{"pattern": "etl", "config": map[string]any{"records": 1000.0, "faults.nullPrice": 0.1}})
	assert.Equal(t, 1000, r["extracted"])
	assert.Equal(t, 860, r["valid"])
	tables := r["tables"].([]any)
	require.Len(t, tables, 2)
	assert.Equal(t, "etl_output.csv", tables[0].(map[string]any)["file"])

	p := call(t, e, "rows", map[string]any{"table": "etl_output", "offset": 10.0, "limit": 5.0})
	rows := p["rows"].([]any)
	require.Len(t, rows, 5)
	assert.Equal(t, 860, p["total"])
	first := rows[0].([]any)
	assert.IsType(t, 0, first[0], "line number first")

	asc := call(t, e, "rows", map[string]any{"table": "etl_output", "limit": 3.0, "sort": "revenue"})
	desc := call(t, e, "rows", map[string]any{"table": "etl_output", "limit": 3.0, "sort": "revenue", "desc": true})
	ai := indexOf(asc["columns"].([]any), "revenue") + 1
	lo := asc["rows"].([]any)[0].([]any)[ai].(string)
	hi := desc["rows"].([]any)[0].([]any)[ai].(string)
	lf, _ := table.ParseDecimal(lo)
	hf, _ := table.ParseDecimal(hi)
	assert.Less(t, lf, hf)

	// Past the end: an empty page, not an error.
	p = call(t, e, "rows", map[string]any{"table": "etl_output", "offset": 5000.0, "limit": 5.0})
	assert.Empty(t, p["rows"])
}

func indexOf(cols []any, name string) int {
	for i, c := range cols {
		if c.(map[string]any)["name"] == name {
			return i
		}
	}
	return -1
}

// The CSV the page downloads is byte for byte what core writes for the same
// config.
func TestCSVMatchesCore(t *testing.T) {
	e := New()
	settings := map[string]any{"records": 500.0, "seed": 9.0, "faults.badQuantity": 0.05, "faults.messyText": 0.2}
	call(t, e, "run", map[string]any{"pattern": "etl", "config": settings})
	_, got, err := e.Call("csv", map[string]any{"table": "etl_output"})
	require.Nil(t, err)
	cfg, cerr := ETLConfig(settings)
	require.NoError(t, cerr)
	res, cerr := core.RunETL(cfg, nil)
	require.NoError(t, cerr)
	assert.Equal(t, table.AppendCSV(nil, res.Clean, table.CSVWriteOptions{}), got)

	call(t, e, "run", map[string]any{"pattern": "stream"})
	meta, got, err := e.Call("csv", map[string]any{"table": "stream_batches"})
	require.Nil(t, err)
	assert.Equal(t, "stream_batches.csv", meta["file"])
	sres, cerr := core.RunStream(core.DefaultStreamConfig(), nil)
	require.NoError(t, cerr)
	assert.Equal(t, table.AppendCSV(nil, sres.Batches, table.CSVWriteOptions{}), got)
}

// replay gives every arrival and every flush of the last stream run, in
// order.
func TestReplayGivesEveryArrivalAndFlush(t *testing.T) {
	e := New()
	call(t, e, "run", map[string]any{"pattern": "stream", "config": map[string]any{"records": 25.0}})
	r := call(t, e, "replay", map[string]any{"limit": 1000.0})
	assert.Equal(t, true, r["complete"])
	kinds := r["kind"].([]any)
	assert.Len(t, kinds, 25+3, "25 arrivals and 3 flushes")
	last := len(kinds) - 1
	assert.Equal(t, "flush", kinds[last])
	assert.Equal(t, "end", r["trigger"].([]any)[last])
	r = call(t, e, "replay", map[string]any{"limit": 5.0})
	assert.Equal(t, false, r["complete"])
}

// Every refused call names its error code, the field at fault and what
// is allowed.
func TestErrorsNameCodeAndField(t *testing.T) {
	e := New()
	cases := []struct {
		method string
		args   map[string]any
		code   string
		field  string
		msg    string
	}{
		{"run", map[string]any{"pattern": "batch", "config": map[string]any{"records": -1.0}}, "config", "records", "records must be between 1 and 5,000,000, got -1"},
		{"run", map[string]any{"pattern": "batch", "config": map[string]any{"records": 2.5}}, "config", "records", "whole number"},
		{"run", map[string]any{"pattern": "batch", "config": map[string]any{"records": "ten"}}, "config", "records", "records must be a number"},
		{"run", map[string]any{"pattern": "batch", "config": map[string]any{"recrods": 10.0}}, "config", "recrods", `unknown setting "recrods"`},
		{"run", map[string]any{"pattern": "stream", "config": map[string]any{"bufferSize": 0.0, "lingerMs": 0.0}}, "config", "bufferSize", "both off"},
		{"run", map[string]any{"pattern": "etl", "config": map[string]any{"rules": "qty > 0"}}, "rule_bind", "rules", `unknown column "qty"`},
		{"run", map[string]any{"pattern": "etl", "config": map[string]any{"faults.nullPrice": 2.0}}, "config", "faults.nullPrice", "between 0 and 1"},
		{"run", map[string]any{"pattern": "lambda"}, "request", "pattern", "use batch, stream, etl, compare or time"},
		{"rows", map[string]any{"table": "nope", "limit": 5.0}, "request", "table", "run its pattern first"},
		{"replay", nil, "request", "", "run the stream first"},
		{"parseRules", map[string]any{"text": "price between 5"}, "rule_syntax", "rules", `expected "and"`},
		{"nope", nil, "request", "", "unknown method"},
	}
	for _, c := range cases {
		_, _, err := e.Call(c.method, c.args)
		require.NotNil(t, err, "%s %v", c.method, c.args)
		assert.Equal(t, c.code, err.Code, err.Message)
		assert.Equal(t, c.field, err.Field, err.Message)
		assert.Contains(t, err.Message, c.msg)
	}
	// After all that, the engine still works.
	r := call(t, e, "run", map[string]any{"pattern": "batch"})
	assert.Equal(t, 100, r["valid"])
}

// parseRules gives each rule back as canonical text.
func TestParseRulesGivesCanonicalText(t *testing.T) {
	r := call(t, New(), "parseRules", map[string]any{"text": "price   not null\nwarn:quantity>0"})
	assert.Equal(t, []any{"price not null", "warn: quantity > 0"}, r["rules"])
}

// validate accepts the largest setting the engine can hold and refuses
// a larger one as memory, naming the records field.
func TestValidateRefusesWhatMemoryCannotHold(t *testing.T) {
	e := New()
	r := call(t, e, "validate", map[string]any{"pattern": "etl", "config": map[string]any{"records": 2000000.0}})
	assert.Equal(t, true, r["ok"])
	// The largest setting is valid, but more than the engine's memory.
	_, _, err := e.Call("validate", map[string]any{"pattern": "etl", "config": map[string]any{"records": 5000000.0}})
	require.NotNil(t, err)
	assert.Equal(t, "memory", err.Code)
	assert.Equal(t, "records", err.Field)
	_, _, err = e.Call("validate", map[string]any{"pattern": "etl", "config": map[string]any{"rules": "price not null\nprce > 0"}})
	require.NotNil(t, err)
	assert.Equal(t, "rule_bind", err.Code)
	assert.Equal(t, 2, err.Line)
	_, _, err = e.Call("validate", map[string]any{"pattern": "stream", "config": map[string]any{"jitterMs": 500.0}})
	require.NotNil(t, err)
	assert.Equal(t, "jitterMs", err.Field)
	_, _, err = e.Call("validate", map[string]any{"pattern": "batch", "config": map[string]any{"interval": 10.0}})
	require.NotNil(t, err)
	assert.Equal(t, "interval", err.Field)
}

func TestLoadAndCheckData(t *testing.T) {
	data, err := os.ReadFile("../../core/testdata/files/orders_messy.csv")
	require.NoError(t, err)
	e := New()
	r := call(t, e, "loadData", map[string]any{"name": "orders_messy.csv", "data": data})
	assert.Equal(t, 11, r["records"])
	assert.Equal(t, 9, r["rows"])
	assert.Equal(t, 2, r["unreadable"])
	problems := r["problems"].([]any)
	assert.Equal(t, 11, problems[0].(map[string]any)["line"])
	assert.NotEmpty(t, r["suggestions"])
	cols := r["columns"].([]any)
	assert.Equal(t, "Order Date", cols[3].(map[string]any)["name"])
	assert.Equal(t, "string", cols[3].(map[string]any)["type"])

	// Re-read with Qty as text.
	r = call(t, e, "loadData", map[string]any{"types": map[string]any{"Qty": "string"}})
	assert.Equal(t, "string", r["columns"].([]any)[6].(map[string]any)["type"])
	_, _, aerr := e.Call("loadData", map[string]any{"types": map[string]any{"Nope": "string"}})
	require.NotNil(t, aerr)
	assert.Contains(t, aerr.Message, `no column "Nope"`)
	_, _, aerr = e.Call("loadData", map[string]any{"types": map[string]any{"Qty": "money"}})
	require.NotNil(t, aerr)
	assert.Contains(t, aerr.Message, "unknown type")
	call(t, e, "loadData", map[string]any{"types": map[string]any{}})

	r = call(t, e, "checkData", map[string]any{"config": map[string]any{
		"rules": "\"Unit Price\" not null\nQty > 0", "case": map[string]any{"Category": "title"},
		"timestamps": []any{"Order Date"}, "dateParts": []any{"Order Date"},
		"product": map[string]any{"a": "Unit Price", "b": "Qty", "name": "revenue"}, "groupBy": "Category", "measure": "revenue"}})
	assert.Equal(t, 11, r["records"])
	assert.Equal(t, r["records"], r["valid"].(int)+r["rejected"].(int)+r["unreadable"].(int))
	files := []string{}
	for _, ti := range r["tables"].([]any) {
		files = append(files, ti.(map[string]any)["file"].(string))
	}
	assert.Equal(t, []string{"orders_messy_clean.csv", "orders_messy_rejected.csv", "orders_messy_rule_report.csv", "orders_messy_aggregate.csv"}, files)
	_, b, aerr := e.Call("csv", map[string]any{"table": "data_rejected"})
	require.Nil(t, aerr)
	assert.Contains(t, string(b), "unreadable")

	_, _, aerr = e.Call("checkData", map[string]any{"config": map[string]any{"rules": "Price > 0"}})
	require.NotNil(t, aerr)
	assert.Equal(t, "rule_bind", aerr.Code)
	_, _, aerr = New().Call("checkData", nil)
	require.NotNil(t, aerr)
	assert.Contains(t, aerr.Message, "choose a CSV file first")
}

// The export methods: the program for each pattern and target, the .zip and
// the input as bytes, and clear errors for a target that does not exist
// and for work over the memory budget.
func TestExportMethods(t *testing.T) {
	e := New()
	for _, pattern := range []string{"batch", "stream", "etl"} {
		for _, target := range []string{"pandas", "duckdb"} {
			res, _, err := e.Call("export", map[string]any{"pattern": pattern, "target": target, "config": map[string]any{}})
			require.Nil(t, err, "%s %s", pattern, target)
			assert.Contains(t, res["program"], map[string]string{"pandas": "import pandas as pd", "duckdb": "read_csv("}[target])
			assert.Equal(t, pattern+"-"+target+".zip", res["zip"])
			zip, bin, err := e.Call("exportZip", map[string]any{"pattern": pattern, "target": target, "config": map[string]any{}})
			require.Nil(t, err)
			assert.Equal(t, "PK\x03\x04", string(bin[:4]))
			assert.Equal(t, len(bin), zip["bytes"])
		}
		in, bin, err := e.Call("exportInput", map[string]any{"pattern": pattern, "config": map[string]any{}})
		require.Nil(t, err)
		assert.Equal(t, pattern+"_input.csv", in["file"])
		assert.True(t, strings.HasPrefix(string(bin), "order_id,order_ts,"))
	}
	_, _, err := e.Call("export", map[string]any{"pattern": "etl", "target": "spark", "config": map[string]any{}})
	require.NotNil(t, err)
	assert.Contains(t, err.Message, "choose pandas, duckdb or beam")
	res, _, err := e.Call("export", map[string]any{"pattern": "etl", "target": "beam", "config": map[string]any{}})
	require.Nil(t, err)
	assert.Contains(t, res["program"], "beamx.Run")
	res, _, err = e.Call("export", map[string]any{"pattern": "stream", "target": "beam", "config": map[string]any{}})
	require.Nil(t, err)
	assert.Contains(t, res["program"], "batch.GroupIntoBatches")
	e.Budget = 64 << 20
	_, _, err = e.Call("exportZip", map[string]any{"pattern": "etl", "target": "pandas", "config": map[string]any{"records": 1_000_000}})
	require.NotNil(t, err)
	assert.Equal(t, "memory", err.Code)
}

// Your data exports the loaded file's check; the bundle's expected outputs
// are the page's own downloads of the same check.
func TestExportYourData(t *testing.T) {
	e := New()
	cfg := map[string]any{"rules": "Qty > 0\nCustomer not null\n", "trim": true, "groupBy": "Category", "case": map[string]any{"Category": "title"}}
	_, _, err := e.Call("export", map[string]any{"pattern": "data", "target": "pandas", "config": cfg})
	require.NotNil(t, err)
	assert.Contains(t, err.Message, "choose a CSV file first")
	_, _, err = e.Call("loadData", map[string]any{"sample": true})
	require.Nil(t, err)
	_, _, err = e.Call("checkData", map[string]any{"config": cfg})
	require.Nil(t, err)
	for _, target := range []string{"pandas", "duckdb", "beam"} {
		res, _, err := e.Call("export", map[string]any{"pattern": "data", "target": target, "config": cfg})
		require.Nil(t, err, target)
		assert.Contains(t, res["program"], "orders_messy.csv")
		assert.Equal(t, "data-"+target+".zip", res["zip"])
		_, bin, err := e.Call("exportZip", map[string]any{"pattern": "data", "target": target, "config": cfg})
		require.Nil(t, err, target)
		zr, zerr := zip.NewReader(bytes.NewReader(bin), int64(len(bin)))
		require.NoError(t, zerr)
		for table, name := range map[string]string{"data_clean": "orders_messy_clean.csv", "data_rejected": "orders_messy_rejected.csv", "data_aggregate": "orders_messy_aggregate.csv"} {
			_, want, err := e.Call("csv", map[string]any{"table": table})
			require.Nil(t, err)
			f, zerr := zr.Open("data-" + target + "/expected/" + name)
			require.NoError(t, zerr, name)
			got, zerr := io.ReadAll(f)
			require.NoError(t, zerr)
			assert.Equal(t, string(want), string(got), "%s %s", target, name)
		}
		_, zerr = zr.Open("data-" + target + "/orders_messy.csv")
		assert.Error(t, zerr, "the learner's file is not in the bundle")
	}
	_, _, err = e.Call("exportInput", map[string]any{"pattern": "data", "config": cfg})
	require.NotNil(t, err)
	assert.Contains(t, err.Message, "your own file orders_messy.csv")
}

// compare runs one stream both ways and answers with both sides' delays
// and totals; its settings come back with the defaults.
func TestCompareMethod(t *testing.T) {
	e := New()
	defs := call(t, e, "defaults", nil)
	cmp := defs["compare"].(map[string]any)
	assert.EqualValues(t, 3600000, cmp["batchInterval"])
	res := call(t, e, "run", map[string]any{"pattern": "compare", "config": map[string]any{"records": 500, "batchInterval": 600000}})
	assert.Equal(t, true, res["equal"])
	assert.EqualValues(t, 500, res["events"])
	b, s := res["batch"].(map[string]any), res["stream"].(map[string]any)
	assert.Greater(t, b["delay"].(map[string]any)["p95Ms"], s["delay"].(map[string]any)["p95Ms"])
	assert.Len(t, b["cdf"], 101)
	_, _, err := e.Call("run", map[string]any{"pattern": "compare", "config": map[string]any{"batchInterval": 5}})
	require.NotNil(t, err)
	assert.Equal(t, "batchInterval", err.Field)
	assert.Contains(t, err.Message, "between 1 second and 365 days")
}

func TestSweepMethod(t *testing.T) {
	e := New()
	sw := call(t, e, "sweep", map[string]any{"pattern": "stream", "config": map[string]any{}})
	assert.NotEmpty(t, sw["bySize"])
	assert.NotEmpty(t, sw["byLinger"])
	b := call(t, e, "sweep", map[string]any{"pattern": "batch", "config": map[string]any{}})
	assert.Len(t, b["byInterval"], len(core.SweepIntervals))
	_, _, err := e.Call("sweep", map[string]any{"pattern": "etl", "config": map[string]any{}})
	require.NotNil(t, err)
	assert.Contains(t, err.Message, "use stream, batch or time")
}
