//go:build js && wasm

package main

import (
	"runtime/debug"
	"testing"
	"time"

	"github.com/hack-pad/safejs"
	"github.com/ingestkit/playground/wasm/api"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// These tests run the real GOOS=js build under Node: they call the engine
// the way the worker does, through JavaScript values.

var answers = make(chan map[string]any, 16)

func TestMain(m *testing.M) {
	poster, err := safejs.FuncOf(func(_ safejs.Value, args []safejs.Value) any {
		v, err := toGo(args[0], 0)
		if err != nil {
			panic(err)
		}
		msg := v.(map[string]any)
		if parts, err := args[0].Get("parts"); err == nil && !parts.IsUndefined() {
			n, _ := parts.Length()
			var buf []byte
			for i := 0; i < n; i++ {
				part, _ := parts.Index(i)
				k, _ := part.Length()
				piece := make([]byte, k)
				safejs.CopyBytesToGo(piece, part)
				buf = append(buf, piece...)
			}
			msg["bytes"], msg["parts"] = buf, n
			tr, _ := args[1].Length()
			msg["transfer"] = tr
		}
		go func() { answers <- msg }()
		return nil
	})
	if err != nil {
		panic(err)
	}
	if err := safejs.Global().Set("ingestPost", poster); err != nil {
		panic(err)
	}
	if err := start(); err != nil {
		panic(err)
	}
	m.Run()
}

func next(t *testing.T) map[string]any {
	t.Helper()
	select {
	case a := <-answers:
		return a
	case <-time.After(20 * time.Second):
		t.Fatal("no answer from the engine")
	}
	return nil
}

var nextID = 0

// progress holds the progress messages of the last call.
var progress []string

// call invokes ingestEngine from JavaScript and waits for its answer.
func call(t *testing.T, method string, args any) map[string]any {
	t.Helper()
	nextID++
	fn, err := safejs.Global().Get("ingestEngine")
	require.NoError(t, err)
	jsArgs, err := safejs.ValueOf(args)
	require.NoError(t, err)
	_, err = fn.Invoke(nextID, method, jsArgs)
	require.NoError(t, err)
	progress = nil
	for {
		a := next(t)
		if a["id"] == float64(0) {
			continue // the ready message
		}
		if p, ok := a["progress"].(string); ok {
			progress = append(progress, p)
			continue
		}
		require.Equal(t, float64(nextID), a["id"])
		return a
	}
}

func TestRunDefaultsThroughJavaScript(t *testing.T) {
	a := call(t, "run", map[string]any{"pattern": "etl"})
	require.Nil(t, a["error"])
	r := a["result"].(map[string]any)
	assert.Equal(t, float64(150), r["extracted"])
	assert.Equal(t, float64(138), r["valid"])
	assert.Equal(t, float64(12), r["rejected"])
	assert.Equal(t, []string{"extract", "quality", "enrich", "standardize", "load"}, progress, "progress messages, step by step")

	a = call(t, "run", map[string]any{"pattern": "stream", "config": map[string]any{"bufferSize": 7, "records": 20}})
	r = a["result"].(map[string]any)
	assert.Equal(t, float64(3), r["batches"])
	assert.Equal(t, map[string]any{"size": float64(2), "time": float64(0), "end": float64(1)}, r["triggers"])

	a = call(t, "run", map[string]any{"pattern": "batch"})
	r = a["result"].(map[string]any)
	assert.Equal(t, float64(100), r["valid"])
}

func TestCSVBytesAreTransferred(t *testing.T) {
	call(t, "run", map[string]any{"pattern": "etl"})
	a := call(t, "csv", map[string]any{"table": "etl_rejected"})
	require.Nil(t, a["error"])
	b := a["bytes"].([]byte)
	assert.Contains(t, string(b), "order_id,order_ts")
	assert.Equal(t, float64(len(b)), a["result"].(map[string]any)["bytes"])
	assert.Equal(t, 1, a["parts"])
	assert.Equal(t, 1, a["transfer"], "the buffer is in the transfer list")
}

// A file over 1 MiB arrives in several pieces, every buffer transferred, and
// the pieces put together are the bytes the engine writes in one go.
func TestLargeCSVArrivesInPiecesWithTheSameBytes(t *testing.T) {
	cfg := map[string]any{"records": 30000, "seed": 11}
	call(t, "run", map[string]any{"pattern": "etl", "config": cfg})
	a := call(t, "csv", map[string]any{"table": "etl_output", "formulaGuard": true})
	require.Nil(t, a["error"])
	got := a["bytes"].([]byte)

	native := api.New()
	_, _, e := native.Call("run", map[string]any{"pattern": "etl", "config": cfg})
	require.Nil(t, e)
	_, want, e := native.Call("csv", map[string]any{"table": "etl_output", "formulaGuard": true})
	require.Nil(t, e)
	require.Greater(t, len(want), 2<<20)
	assert.Equal(t, want, got)
	assert.Greater(t, a["parts"], 1)
	assert.Equal(t, a["parts"], a["transfer"])
	assert.Equal(t, float64(len(want)), a["result"].(map[string]any)["bytes"])
}

func TestBadRequestsAnswerWithErrorsAndTheEngineSurvives(t *testing.T) {
	a := call(t, "run", map[string]any{"pattern": "etl", "config": map[string]any{"records": 0}})
	e := a["error"].(map[string]any)
	assert.Equal(t, "config", e["code"])
	assert.Equal(t, "records", e["field"])
	assert.Contains(t, e["message"], "between 1 and 5,000,000")

	a = call(t, "run", map[string]any{"pattern": "etl", "config": map[string]any{"rules": "price >"}})
	e = a["error"].(map[string]any)
	assert.Equal(t, "rule_syntax", e["code"])
	assert.Equal(t, float64(1), e["line"])

	a = call(t, "nope", nil)
	assert.Equal(t, "request", a["error"].(map[string]any)["code"])

	// A malformed call from JavaScript: wrong argument count.
	fn, _ := safejs.Global().Get("ingestEngine")
	_, err := fn.Invoke(99)
	require.NoError(t, err)
	a = next(t)
	assert.Equal(t, "request", a["error"].(map[string]any)["code"])

	// Still alive.
	a = call(t, "run", map[string]any{"pattern": "batch"})
	assert.Nil(t, a["error"])
}

func TestFileBytesCrossAsUint8Array(t *testing.T) {
	data := []byte("id,zip,amount\n1,00501,2.5\n2,10001\n3,02134,7\n")
	arr, err := newBytes(data)
	require.NoError(t, err)
	args, err := safejs.ValueOf(map[string]any{"name": "small.csv"})
	require.NoError(t, err)
	require.NoError(t, args.Set("data", arr))
	nextID++
	fn, err := safejs.Global().Get("ingestEngine")
	require.NoError(t, err)
	_, err = fn.Invoke(nextID, "loadData", args)
	require.NoError(t, err)
	var a map[string]any
	for {
		a = next(t)
		if _, isProgress := a["progress"]; !isProgress && a["id"] == float64(nextID) {
			break
		}
	}
	require.Nil(t, a["error"])
	r := a["result"].(map[string]any)
	assert.Equal(t, float64(3), r["records"])
	assert.Equal(t, float64(1), r["unreadable"])
	assert.Equal(t, "string", r["columns"].([]any)[1].(map[string]any)["type"], "zip keeps its leading zeros")
}

// After a large run the engine collects once it has been idle for idleGC —
// not while requests keep coming, and only once.
func TestIdleCollection(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	collections := func() float64 {
		a := call(t, "memory", nil)
		return a["result"].(map[string]any)["collections"].(float64)
	}
	a := call(t, "run", map[string]any{"pattern": "etl", "config": map[string]any{"records": 20000}})
	require.Nil(t, a["error"])
	before := collections()
	for range 4 { // busy: a request every idleGC/4
		time.Sleep(idleGC / 4)
		require.Equal(t, before, collections(), "no collection while the page keeps asking")
	}
	// Quiet: one collection comes idleGC after the last request. Polled
	// with a deadline, so a slow machine does not fail the test: each
	// look is itself a request, so looks are 1.5 idleGC apart.
	deadline := time.Now().Add(12 * idleGC)
	for time.Sleep(3 * idleGC / 2); collections() == before && time.Now().Before(deadline); {
		time.Sleep(3 * idleGC / 2)
	}
	assert.Equal(t, before+1, collections(), "one collection once the page is quiet")
	time.Sleep(3 * idleGC / 2)
	assert.Equal(t, before+1, collections(), "and no more until the next large run")
}

// A helper engine's part work leaves its garbage until the leader asks
// (ingestCollect): a collection on its own idle timer made the leader wait.
func TestHelperCollectsWhenTheLeaderDoes(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	collections := func() float64 {
		a := call(t, "memory", nil)
		return a["result"].(map[string]any)["collections"].(float64)
	}
	// Quiet first: what earlier tests left is collected.
	time.Sleep(3 * idleGC)
	before := collections()
	a := call(t, "partDrop", map[string]any{"keep": 0})
	require.Nil(t, a["error"])
	time.Sleep(3 * idleGC)
	require.Equal(t, before, collections(), "no collection of its own after part work")
	fn, err := safejs.Global().Get("ingestCollect")
	require.NoError(t, err)
	_, err = fn.Invoke()
	require.NoError(t, err)
	deadline := time.Now().Add(10 * idleGC)
	for time.Sleep(idleGC / 2); collections() == before && time.Now().Before(deadline); {
		time.Sleep(idleGC / 2)
	}
	assert.Equal(t, before+1, collections(), "one collection when the leader asks")
	_, err = fn.Invoke()
	require.NoError(t, err)
	time.Sleep(idleGC)
	assert.Equal(t, before+1, collections(), "and none when nothing of a part's is pending")
}

// A helper whose leader is never idle (calls back to back) collects on its
// own once its garbage is large (here: any, with no slack).
func TestHelperCollectsWhenItsGarbageIsLarge(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	defer func(s uint64) { helperSlack = s }(helperSlack)
	collections := func() float64 {
		a := call(t, "memory", nil)
		return a["result"].(map[string]any)["collections"].(float64)
	}
	time.Sleep(3 * idleGC)
	before := collections()
	helperSlack, heapLive = 0, 0
	a := call(t, "partDrop", map[string]any{"keep": 0})
	require.Nil(t, a["error"])
	deadline := time.Now().Add(10 * idleGC)
	for time.Sleep(2 * idleGC); collections() == before && time.Now().Before(deadline); {
		time.Sleep(idleGC)
	}
	assert.Equal(t, before+1, collections(), "one collection of its own")
}

// Event time through JavaScript: the defaults' figures, the replay and the
// sweep as values the page reads, and a bad setting named.
func TestEventTimeThroughJavaScript(t *testing.T) {
	a := call(t, "run", map[string]any{"pattern": "time"})
	require.Nil(t, a["error"])
	r := a["result"].(map[string]any)
	assert.Equal(t, []float64{200, 186, 9, 5, 37}, []float64{r["events"].(float64), r["onTime"].(float64), r["late"].(float64), r["dropped"].(float64), r["panes"].(float64)})
	assert.Len(t, r["picture"].(map[string]any)["eventMs"], 200)
	a = call(t, "replay", map[string]any{"pattern": "time"})
	require.Nil(t, a["error"])
	assert.Equal(t, true, a["result"].(map[string]any)["complete"])
	a = call(t, "sweep", map[string]any{"pattern": "time", "config": map[string]any{}})
	require.Nil(t, a["error"])
	assert.Equal(t, float64(5000), a["result"].(map[string]any)["current"])
	a = call(t, "run", map[string]any{"pattern": "time", "config": map[string]any{"window.kind": "hopping"}})
	e := a["error"].(map[string]any)
	assert.Equal(t, "window.kind", e["field"])
	assert.Contains(t, e["message"], "tumbling, sliding or session")
}
