package api

import (
	"math"
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	"github.com/ingestkit/playground/core/table"

	"github.com/ingestkit/playground/core"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A file checked with no rules and no options downloads as it was loaded,
// under the name its button shows.
func TestFileComesBackAsItWent(t *testing.T) {
	for _, name := range []string{"weather.csv", "orders_crlf.csv", "sensors_bom.csv", "mixed_nulls.csv"} {
		data, err := os.ReadFile("../../core/table/testdata/roundtrip/" + name)
		require.NoError(t, err)
		e := New()
		call(t, e, "loadData", map[string]any{"name": name, "data": data})
		r := call(t, e, "checkData", map[string]any{"config": map[string]any{}})
		clean := r["tables"].([]any)[0].(map[string]any)
		res, b, err2 := e.Call("csv", map[string]any{"table": clean["name"]})
		require.Nil(t, err2)
		assert.Equal(t, string(data), string(b), name)
		assert.Equal(t, clean["file"], res["file"], "the saved name is the shown name")
		assert.Equal(t, strings.TrimSuffix(name, ".csv")+"_clean.csv", res["file"])
	}
}

func TestSampleFileIsBuiltIn(t *testing.T) {
	e := New()
	r := call(t, e, "loadData", map[string]any{"sample": true})
	assert.Equal(t, "orders_messy.csv", r["name"])
	assert.Equal(t, 11, r["records"])
}

func TestWorkOverTheBudgetIsRefused(t *testing.T) {
	e := New()
	e.Budget = 50 << 20
	_, _, err := e.Call("validate", map[string]any{"pattern": "etl", "config": map[string]any{"records": 1000000.0}})
	require.NotNil(t, err, "validate says so before a run")
	assert.Equal(t, "memory", err.Code)
	_, _, err = e.Call("run", map[string]any{"pattern": "etl", "config": map[string]any{"records": 1000000.0}})
	require.NotNil(t, err)
	assert.Equal(t, "memory", err.Code)
	assert.Equal(t, "records", err.Field)
	assert.Contains(t, err.Message, "an ETL run of 1,000,000 records would take about 420.0 MB of memory, more than the 52.4 MB the engine has free: choose 120,000 records or fewer")
	call(t, e, "run", map[string]any{"pattern": "etl", "config": map[string]any{"records": 100000.0}})

	var b strings.Builder
	b.WriteString("a,b,c\n")
	for i := 0; i < 900000; i++ {
		b.WriteString("1,2,3\n")
	}
	_, _, err = e.Call("loadData", map[string]any{"name": "big.csv", "data": []byte(b.String())})
	require.NotNil(t, err)
	assert.Equal(t, "memory", err.Code)
	assert.Contains(t, err.Message, "rows of 3 columns; reading it would take about")
	// The engine still works.
	call(t, e, "loadData", map[string]any{"sample": true})
}

// The README's memory figures.
func TestBudgetFigures(t *testing.T) {
	e := New()
	for pattern, want := range map[string]string{"batch": "2,500,000", "stream": "1,900,000", "etl": "2,500,000"} {
		_, _, err := e.Call("validate", map[string]any{"pattern": pattern, "config": map[string]any{"records": 5000000.0}})
		require.NotNil(t, err)
		assert.Contains(t, err.Message, "choose "+want+" records or fewer", pattern)
	}
	// 100 million rows of "1,2": refused.
	assert.Greater(t, table.EstimateReadBytes(199<<20, 100_000_000, 2), int64(MemoryBudget))
}

// Random requests, as the page could send them by mistake or a hostile
// script on purpose: every call answers, and none hits a panic.
func TestRandomRequests(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 8))
	n := 3000
	if testing.Short() {
		n = 300
	}
	e := New()
	e.Budget = 200 << 20
	for i := 0; i < n; i++ {
		method, args := randomRequest(r)
		callSafely(t, e, method, args)
		if t.Failed() {
			return
		}
	}
}

// FuzzCall feeds requests built from fuzzed bytes to the engine.
func FuzzCall(f *testing.F) {
	f.Add([]byte("run etl"), uint64(1))
	f.Add([]byte("loadData a,b\n1,2\n"), uint64(2))
	f.Add([]byte("csv data_clean"), uint64(3))
	f.Fuzz(func(t *testing.T, data []byte, seed uint64) {
		r := rand.New(rand.NewPCG(seed, uint64(len(data))))
		e := New()
		e.Budget = 64 << 20
		method, args := randomRequest(r)
		if len(data) > 0 {
			args[pick(r, argKeys)] = data
			args[pick(r, argKeys)] = string(data)
		}
		callSafely(t, e, method, args)
	})
}

func callSafely(t *testing.T, e *Engine, method string, args map[string]any) {
	t.Helper()
	res, _, err := e.Call(method, args)
	if err != nil {
		assert.NotContains(t, err.Message, "hit a bug", "%s %v", method, args)
		assert.NotEmpty(t, err.Message)
		assert.NotEmpty(t, err.Code)
		return
	}
	assert.NotNil(t, res, "%s answers", method)
	if method == "csv" {
		_, werr := e.WriteCSV(args, discard{})
		if werr != nil {
			assert.NotContains(t, werr.Message, "hit a bug")
		}
	}
}

type discard struct{}

func (discard) Write(b []byte) (int, error) { return len(b), nil }

var (
	methods = []string{"defaults", "run", "validate", "rows", "csv", "replay", "parseRules", "memory", "loadData", "checkData",
		"export", "exportZip", "exportInput", "sweep", "queue", "warmup", "nope", ""}
	// patterns are the pattern names a request may carry: every pattern
	// the engine runs (time: event time), Your data, and one it does not know.
	patterns = []string{"batch", "stream", "etl", "compare", "time", "data", "other"}
	argKeys  = []string{"pattern", "target", "config", "table", "offset", "limit", "sort", "desc", "text", "name", "data", "types", "sample", "formulaGuard", "rules", "records", "part",
		"capacity", "batchSize", "perBatchMs", "perEventMs", "policy", "zz"}
	configs = []string{"records", "seed", "span", "interval", "bufferSize", "lingerMs", "intervalMs", "jitterMs", "outOfOrder", "lateMs", "rules", "samples",
		"faults.nullPrice", "faults.badQuantity", "trim", "emptyNulls", "case", "timestamps", "money", "dateParts", "product", "groupBy", "measure", "now", "batchInterval",
		// event time
		"delay.typicalMs", "delay.stragglerShare", "delay.stragglerMs", "delay.offlineShare", "delay.offlineMs", "delay.burstShare", "delay.burstSize",
		"window.kind", "window.sizeMs", "window.periodMs", "window.gapMs", "keyBy", "watermark.kind", "watermark.allowedDelayMs", "watermark.idleMs",
		"trigger.earlyEveryEvents", "trigger.earlyEveryMs", "trigger.lateEveryMs", "trigger.allowedLatenessMs", "trigger.accumulate", "trigger.deadLetter",
		"backpressure.capacity", "backpressure.batchSize", "backpressure.perBatchMs", "backpressure.perEventMs", "backpressure.policy"}
	words = []string{"batch", "stream", "etl", "data", "compare", "time", "etl_output", "etl_rejected", "data_clean", "data_input", "batch_output", "stream_events",
		"time_panes", "time_dropped", "time_events", "time_windows", "time_processing", "time_queue_depth", "time_queue_dropped",
		"tumbling", "sliding", "session", "bounded", "perfect", "category", "region", "block", "drop_oldest", "drop_newest",
		"price not null\nquantity > 0", "price", "Qty", "\x00", "a,b\n1,2\n", "Order Date", strings.Repeat("x", 5000)}
)

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

func randomValue(r *rand.Rand, depth int) any {
	switch r.IntN(11) {
	case 0:
		return nil
	case 1:
		return r.IntN(2) == 0
	case 2:
		return float64(r.IntN(2000) - 100)
	case 3:
		return []float64{math.NaN(), math.Inf(1), -1e300, 1e18, 0.5, -0.0}[r.IntN(6)]
	case 4:
		return pick(r, words)
	case 5:
		if depth > 2 {
			return "deep"
		}
		list := make([]any, r.IntN(4))
		for i := range list {
			list[i] = randomValue(r, depth+1)
		}
		return list
	case 6:
		if depth > 2 {
			return 1.0
		}
		return randomConfig(r, depth+1)
	case 7:
		return []byte(pick(r, []string{"a,b\n1,2\n", "\x89PNG\r\n\x1a\n\x00\x00", "", "x\n\"open", string(core.SampleOrdersCSV)}))
	case 8:
		return r.IntN(100)
	case 9:
		return int64(r.IntN(5_000_001))
	}
	return map[string]any{"Qty": pick(r, []string{"string", "integer", "money", "timestamp"}), "Nope": "decimal"}
}

func randomConfig(r *rand.Rand, depth int) map[string]any {
	m := map[string]any{}
	for k := r.IntN(4); k > 0; k-- {
		key := pick(r, configs)
		switch r.IntN(3) {
		case 0:
			m[key] = float64(r.IntN(300))
		case 1:
			m[key] = []any{pick(r, words)}
		default:
			m[key] = randomValue(r, depth)
		}
	}
	return m
}

// timeConfig is an event-time config of plausible values, a few of them
// refused together (a session without a gap, a sliding window without a
// period): the run, its tables, replay, sweep and exports get exercised,
// not only the config reader.
func timeConfig(r *rand.Rand) map[string]any {
	return map[string]any{
		"records": float64(1 + r.IntN(400)), "seed": float64(r.IntN(5)), "intervalMs": pick(r, []float64{200, 3000}),
		"delay.stragglerShare": pick(r, []float64{0, 0.1, 1}), "delay.offlineShare": pick(r, []float64{0, 0.05}), "delay.burstShare": pick(r, []float64{0, 0.2}),
		"window.kind": pick(r, []string{"tumbling", "sliding", "session"}), "window.sizeMs": pick(r, []float64{1000, 60000}),
		"window.periodMs": pick(r, []float64{0, 20000}), "window.gapMs": pick(r, []float64{0, 30000}), "keyBy": pick(r, []string{"", "category", "region"}),
		"watermark.kind": pick(r, []string{"bounded", "perfect"}), "watermark.allowedDelayMs": pick(r, []float64{0, 5000, 120000}),
		"watermark.idleMs": pick(r, []float64{0, 10000}), "trigger.earlyEveryEvents": pick(r, []float64{0, 3}), "trigger.earlyEveryMs": pick(r, []float64{0, 10000}),
		"trigger.lateEveryMs": pick(r, []float64{0, 5000}), "trigger.allowedLatenessMs": pick(r, []float64{0, 60000, 3600000}),
		"trigger.accumulate": r.IntN(2) == 0, "trigger.deadLetter": r.IntN(2) == 0,
		"backpressure.capacity": pick(r, []float64{0, 0, 5, 50}), "backpressure.policy": pick(r, []string{"block", "drop_oldest", "drop_newest"}),
	}
}

func randomRequest(r *rand.Rand) (string, map[string]any) {
	method := pick(r, methods)
	args := map[string]any{}
	switch method {
	case "run", "validate", "export", "exportZip", "exportInput", "sweep", "replay":
		args["pattern"] = pick(r, patterns)
		if method == "replay" {
			args["limit"] = float64(r.IntN(50))
			break
		}
		args["config"] = randomConfig(r, 0)
		if args["pattern"] == "time" && r.IntN(2) == 0 {
			args["config"] = timeConfig(r) // mostly runs, through every kind of window, watermark and trigger
		}
		if method == "export" || method == "exportZip" {
			args["target"] = pick(r, []string{"pandas", "duckdb", "beam", "spark"})
		}
	case "queue":
		args["config"] = randomConfig(r, 0)
		for _, k := range []string{"capacity", "batchSize", "perBatchMs", "perEventMs"} {
			if r.IntN(4) > 0 {
				args[k] = float64(r.IntN(200) - 5)
			}
		}
		args["policy"] = pick(r, []string{"block", "drop_oldest", "drop_newest", "spill"})
	case "rows", "csv":
		args["table"] = pick(r, words)
	case "loadData":
		if r.IntN(3) == 0 {
			args["sample"] = true
		} else {
			args["data"] = randomValue(r, 2)
		}
	case "checkData":
		args["config"] = randomConfig(r, 0)
	}
	for k := r.IntN(3); k > 0; k-- {
		args[pick(r, argKeys)] = randomValue(r, 0)
	}
	return method, args
}

// Every pattern, event time too, refuses a run over the budget with a
// memory error that names the records, before it starts, and the engine
// works on.
func TestEveryPatternOverTheBudget(t *testing.T) {
	e := New()
	e.Budget = 20 << 20
	for _, pattern := range []string{"batch", "stream", "etl", "compare", "time"} {
		for _, method := range []string{"validate", "run"} {
			_, _, err := e.Call(method, map[string]any{"pattern": pattern, "config": map[string]any{"records": 1000000.0}})
			require.NotNil(t, err, "%s %s", method, pattern)
			assert.Equal(t, "memory", err.Code, "%s %s: %s", method, pattern, err.Message)
			assert.Equal(t, "records", err.Field, "%s %s", method, pattern)
		}
		call(t, e, "run", map[string]any{"pattern": pattern, "config": map[string]any{"records": 200.0}})
	}
	_, _, err := e.Call("queue", map[string]any{"config": map[string]any{"records": 1000000.0}})
	require.NotNil(t, err)
	assert.Equal(t, "memory", err.Code, err.Message)
}
