package api

import (
	"bytes"
	"fmt"
	"maps"
	"slices"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ingestkit/playground/core/workload"
)

// localHelpers are helper engines in this process that share nothing with
// the leader: what goes between them is copied, as messages between
// workers are.
type localHelpers struct {
	engines []*Engine
	mu      []sync.Mutex
	calls   map[string]int
	cmu     sync.Mutex
}

func newLocalHelpers(n int) *localHelpers {
	h := &localHelpers{mu: make([]sync.Mutex, n), calls: map[string]int{}}
	for range n {
		h.engines = append(h.engines, New())
	}
	return h
}

func (h *localHelpers) Len() int { return len(h.engines) }

func (h *localHelpers) Call(i int, method string, args map[string]any) (map[string]any, error) {
	h.cmu.Lock()
	h.calls[method]++
	h.cmu.Unlock()
	h.mu[i].Lock()
	defer h.mu[i].Unlock()
	res, _, err := h.engines[i].Call(method, deepCopy(args).(map[string]any))
	if err != nil {
		return nil, err
	}
	return deepCopy(res).(map[string]any), nil
}

func deepCopy(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, y := range x {
			out[k] = deepCopy(y)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, y := range x {
			out[i] = deepCopy(y)
		}
		return out
	case []byte:
		return slices.Clone(x)
	case int:
		return float64(x) // numbers cross as JavaScript numbers
	}
	return v
}

// withoutTimes drops what differs from run to run (step times) and says
// how many engines read the file.
func withoutTimes(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, y := range x {
			if k == "durationMs" || k == "parts" {
				continue
			}
			out[k] = withoutTimes(y)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, y := range x {
			out[i] = withoutTimes(y)
		}
		return out
	}
	return v
}

// A large file read and checked by an engine and its helpers answers what
// one engine answers: the load's summary, the check's, every page of rows
// (across the parts' edges, sorted too), and every download byte for
// byte; an export and a rule comparing values across rows work too.
func TestHelpersAnswerAsOneEngine(t *testing.T) {
	defer func(n int) { PartsFrom = n }(PartsFrom)
	PartsFrom = 1 << 10
	data := workload.W1(20_000, 3)
	one := New()
	lead := New()
	h := newLocalHelpers(2)
	lead.Helpers = h
	same := func(method string, args map[string]any) map[string]any {
		t.Helper()
		want, wbin, werr := one.Call(method, deepCopy(args).(map[string]any))
		got, gbin, gerr := lead.Call(method, deepCopy(args).(map[string]any))
		require.Equal(t, werr, gerr, method)
		require.Equal(t, withoutTimes(deepCopy(want)), withoutTimes(deepCopy(got)), "%s %v", method, args)
		require.True(t, bytes.Equal(wbin, gbin), "%s %v: %d bytes, not %d", method, args, len(gbin), len(wbin))
		return got
	}
	r := same("loadData", map[string]any{"name": "w1.csv", "data": data})
	require.Equal(t, 3, r["parts"], "read by three engines")
	require.Positive(t, h.calls["partRead"])
	pages := func(name string) {
		for _, off := range []int{0, 6_660, 6_670, 13_330, 19_990, 20_000, 25_000} {
			same("rows", map[string]any{"table": name, "offset": off, "limit": 20})
		}
	}
	pages("data_input")
	same("csv", map[string]any{"table": "data_input"})
	cfg := map[string]any{"rules": "price not null\nquantity > 0\n", "trim": true, "case": map[string]any{"category": "title", "region": "upper"},
		"dateParts": []any{"order_date"}, "product": map[string]any{"a": "price", "b": "quantity", "name": "revenue"}, "groupBy": "category", "measure": "revenue"}
	r = same("checkData", map[string]any{"config": cfg})
	require.Positive(t, h.calls["partCheckFinish"])
	for _, name := range []string{"data_clean", "data_rejected", "data_rule_report", "data_aggregate"} {
		pages(name)
		same("csv", map[string]any{"table": name, "formulaGuard": true})
	}
	// Rows sorted across the file: sorted in parts and merged, every
	// kind of column, both ways, pages across the parts' runs and past
	// the end; the file stays in parts.
	sorted := func(name string, cols ...string) {
		t.Helper()
		for _, col := range cols {
			for _, desc := range []bool{false, true} {
				for _, off := range []int{0, 100, 9_990, 19_000, 25_000} {
					same("rows", map[string]any{"table": name, "offset": off, "limit": 30, "sort": col, "desc": desc})
				}
			}
		}
	}
	sorted("data_clean", "revenue", "customer_id", "order_date", "quantity", "order_date_year", "category")
	sorted("data_rejected", "price", "region")
	sorted("data_input", "price", "product")
	same("rows", map[string]any{"table": "data_input", "offset": 0, "limit": 30, "sort": "nope"})
	require.NotNil(t, lead.file.parted, "a sort keeps the file in parts")
	require.Positive(t, h.calls["partSort"])
	// A new check: the clean rows' orders are the new check's.
	cfg2 := maps.Clone(cfg)
	cfg2["rules"] = "price not null\nquantity > 2\n"
	same("checkData", map[string]any{"config": cfg2})
	sorted("data_clean", "revenue")
	sorted("data_input", "price")
	same("checkData", map[string]any{"config": cfg})
	sorted("data_clean", "revenue")
	// An export: the file made whole.
	pages("data_clean")
	same("csv", map[string]any{"table": "data_rejected"})
	same("export", map[string]any{"pattern": "data", "target": "pandas", "config": cfg})
	// A new file in parts again, and a rule comparing values across rows.
	same("loadData", map[string]any{"name": "w1.csv", "data": data})
	cfg["rules"] = "order_id unique\nquantity > 0"
	same("checkData", map[string]any{"config": cfg})
	pages("data_rejected")
	same("csv", map[string]any{"table": "data_clean"})
	// Read again with other types, in parts.
	same("loadData", map[string]any{"types": map[string]any{"quantity": "decimal"}})
	same("checkData", map[string]any{"config": map[string]any{"rules": "quantity > 1"}})
	pages("data_clean")
	// A semicolon file in Windows-1252 with decimal commas.
	sc := bytes.ReplaceAll(bytes.ReplaceAll(bytes.ReplaceAll(data, []byte(","), []byte(";")), []byte("."), []byte(",")), []byte("Cable; USB-C"), []byte("C\xe2ble USB-C"))
	r = same("loadData", map[string]any{"name": "w1-de.csv", "data": sc})
	require.Equal(t, 3, r["parts"])
	same("checkData", map[string]any{"config": map[string]any{"rules": "quantity > 0", "case": map[string]any{"product": "upper"}, "product": map[string]any{"a": "price", "b": "quantity"}}})
	same("csv", map[string]any{"table": "data_clean"})
	same("csv", map[string]any{"table": "data_input"})
	// The sample and small files stay on one engine.
	r = same("loadData", map[string]any{"sample": true})
	require.Equal(t, 1, r["parts"])
	fmt.Println(h.calls)
}

// heldBytes are bytes a transport keeps (Held), as the browser's keeps a
// helper's CSV piece in JavaScript.
type heldBytes []byte

func (h heldBytes) Len() int      { return len(h) }
func (h heldBytes) Bytes() []byte { return h }

// holdingHelpers hold an answer's msg when the call asks to.
type holdingHelpers struct{ *localHelpers }

func (h holdingHelpers) Call(i int, method string, args map[string]any) (map[string]any, error) {
	res, err := h.localHelpers.Call(i, method, args)
	if hold, _ := args["hold"].(bool); err == nil && hold {
		res["msg"] = heldBytes(res["msg"].([]byte))
	}
	return res, err
}

// heldWriter takes held pieces as they are, counting them.
type heldWriter struct {
	bytes.Buffer
	held int
}

func (w *heldWriter) WriteHeld(h Held) error {
	w.held++
	_, err := w.Write(h.Bytes())
	return err
}

// A download of a file held in parts takes the helpers' pieces as their
// transport holds them (never through the leader's memory) when its
// writer can, and reads them when it cannot: the same bytes either way.
func TestHelpersPiecesStayWithTheTransport(t *testing.T) {
	defer func(n int) { PartsFrom = n }(PartsFrom)
	PartsFrom = 1 << 10
	data := workload.W1(20_000, 5)
	one, lead := New(), New()
	lead.Helpers = holdingHelpers{newLocalHelpers(2)}
	cfg := map[string]any{"rules": "price not null\nquantity > 0\n", "case": map[string]any{"region": "upper"}}
	for _, e := range []*Engine{one, lead} {
		_, _, err := e.Call("loadData", map[string]any{"name": "w1.csv", "data": data})
		require.Nil(t, err)
		_, _, err = e.Call("checkData", map[string]any{"config": cfg})
		require.Nil(t, err)
	}
	for _, name := range []string{"data_input", "data_clean", "data_rejected"} {
		_, want, err := one.Call("csv", map[string]any{"table": name})
		require.Nil(t, err)
		var w heldWriter
		res, err := lead.WriteCSV(map[string]any{"table": name}, &w)
		require.Nil(t, err)
		assert.Equal(t, 2, w.held, "%s: the two helpers' pieces held", name)
		assert.Equal(t, len(want), res["bytes"], name)
		assert.True(t, bytes.Equal(want, w.Bytes()), name)
		var plain bytes.Buffer
		_, err = lead.WriteCSV(map[string]any{"table": name}, &plain)
		require.Nil(t, err)
		assert.True(t, bytes.Equal(want, plain.Bytes()), "%s, to a plain writer", name)
		_, got, err := lead.Call("csv", map[string]any{"table": name})
		require.Nil(t, err)
		assert.True(t, bytes.Equal(want, got), "%s, csv", name)
	}
}

// sharingHelpers hand a helper the file itself, by the handle loadData was
// given (as the browser's hand each helper the learner's File to read):
// files maps a handle to the file's bytes as the helper would read them.
type sharingHelpers struct {
	*localHelpers
	files map[int][]byte
	sent  int // bytes of file the leader sent in its calls
}

func (h *sharingHelpers) SharesFiles() bool { return true }

func (h *sharingHelpers) Call(i int, method string, args map[string]any) (map[string]any, error) {
	if b, ok := args["data"].([]byte); ok {
		h.sent += len(b)
	}
	if ref, ok := args["fileRef"].(int); ok && h.files[ref] != nil {
		args = deepCopy(args).(map[string]any)
		args["data"] = slices.Clone(h.files[ref])
	}
	return h.localHelpers.Call(i, method, args)
}

// With a transport that hands helpers the file itself, the leader sends
// no file in its calls, and the answers are one engine's; a helper whose
// copy differs from the leader's (the file changed on disk between the
// reads) fails, and the leader reads the file whole.
func TestHelpersReadTheFileForThemselves(t *testing.T) {
	defer func(n int) { PartsFrom = n }(PartsFrom)
	PartsFrom = 1 << 10
	data := workload.W1(20_000, 9)
	one := New()
	want, _, err := one.Call("loadData", map[string]any{"name": "w1.csv", "data": data})
	require.Nil(t, err)
	_, wantCSV, err := one.Call("csv", map[string]any{"table": "data_input"})
	require.Nil(t, err)

	h := &sharingHelpers{localHelpers: newLocalHelpers(2), files: map[int][]byte{7: data}}
	lead := New()
	lead.Helpers = h
	got, _, err := lead.Call("loadData", map[string]any{"name": "w1.csv", "data": data, "fileRef": 7})
	require.Nil(t, err)
	assert.Equal(t, 3, got["parts"])
	assert.Zero(t, h.sent, "the leader sent no file")
	assert.Equal(t, withoutTimes(deepCopy(want)), withoutTimes(deepCopy(got)))
	_, gotCSV, err := lead.Call("csv", map[string]any{"table": "data_input"})
	require.Nil(t, err)
	assert.True(t, bytes.Equal(wantCSV, gotCSV))
	// Read again with a type: the same handle.
	_, _, err = lead.Call("loadData", map[string]any{"types": map[string]any{"quantity": "decimal"}})
	require.Nil(t, err)
	assert.Zero(t, h.sent, "nor when it read the file again")

	changed := slices.Clone(data)
	changed = append(changed, "20001,2025-01-01T00:00:00Z,C00001,Mouse,Audio,1.00,1,north\n"...)
	h.files[8] = changed
	got, _, err = lead.Call("loadData", map[string]any{"name": "w1.csv", "data": data, "fileRef": 8})
	require.Nil(t, err)
	assert.Equal(t, 1, got["parts"], "read whole by the leader")
	assert.Equal(t, want["records"], got["records"])
}
