//go:build js && wasm

package main

import (
	"errors"
	"sync"

	"github.com/hack-pad/safejs"
	"github.com/ingestkit/playground/wasm/api"
)

// jsHelpers are the page's other engine workers, which this engine hands
// parts of a large file to (api.Helpers): the worker script holds a
// MessagePort to each (ingestHelperCall posts a request on helper h's,
// ingestHelperCount says how many it holds) and hands each answer back
// through ingestHelperAnswer. A call waits on a channel: the engine's
// goroutine sleeps and the worker's event loop runs, and several calls
// (one per helper) are under way at once.
type jsHelpers struct {
	mu      sync.Mutex
	next    int
	waiting map[int]chan helperAnswer
	holding map[int]bool // calls whose answer's msg stays a JavaScript array (args' "hold")
}

type helperAnswer struct {
	result map[string]any
	err    error
}

func newJSHelpers() (*jsHelpers, error) {
	h := &jsHelpers{waiting: map[int]chan helperAnswer{}, holding: map[int]bool{}}
	fn, err := safejs.FuncOf(func(_ safejs.Value, args []safejs.Value) any {
		h.answer(args)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return h, safejs.Global().Set("ingestHelperAnswer", fn)
}

// Len is how many helpers the worker script holds ports to.
func (h *jsHelpers) Len() int {
	count, err := safejs.Global().Get("ingestHelperCount")
	if err != nil || count.Type() != safejs.TypeFunction {
		return 0
	}
	v, err := count.Invoke()
	if err != nil {
		return 0
	}
	n, err := v.Int()
	if err != nil {
		return 0
	}
	return n
}

// SharesFiles: the worker script hands a helper the File a load's fileRef
// names, and the helper reads it for itself (see worker.js's files).
func (h *jsHelpers) SharesFiles() bool { return true }

// Collect asks every helper to collect its garbage (the leader is idle,
// and collects too).
func (h *jsHelpers) Collect() {
	defer func() { _ = recover() }()
	if fn, err := safejs.Global().Get("ingestHelperCollect"); err == nil && fn.Type() == safejs.TypeFunction {
		_, _ = fn.Invoke()
	}
}

// Call runs method on helper i and waits for its answer.
func (h *jsHelpers) Call(i int, method string, args map[string]any) (map[string]any, error) {
	ch := make(chan helperAnswer, 1)
	h.mu.Lock()
	h.next++
	id := h.next
	h.waiting[id] = ch
	if hold, _ := args["hold"].(bool); hold {
		h.holding[id] = true
	}
	h.mu.Unlock()
	if err := h.send(i, id, method, args); err != nil {
		h.mu.Lock()
		delete(h.waiting, id)
		delete(h.holding, id)
		h.mu.Unlock()
		return nil, err
	}
	a := <-ch
	return a.result, a.err
}

func (h *jsHelpers) send(i, id int, method string, args map[string]any) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = errors.New("could not send a request to a helper engine")
		}
	}()
	call, err := safejs.Global().Get("ingestHelperCall")
	if err != nil {
		return err
	}
	var transfer []any
	v, err := safejs.ValueOf(toJS(args, &transfer))
	if err != nil {
		return err
	}
	ok, err := call.Invoke(i, id, method, v, transfer)
	if err != nil {
		return err
	}
	if b, _ := ok.Bool(); !b {
		return errors.New("no such helper engine")
	}
	return nil
}

// answer takes a helper's answer: (id, {result} or {error}).
func (h *jsHelpers) answer(args []safejs.Value) {
	if len(args) != 2 {
		return
	}
	id, err := args[0].Int()
	if err != nil {
		return
	}
	h.mu.Lock()
	ch := h.waiting[id]
	hold := h.holding[id]
	delete(h.waiting, id)
	delete(h.holding, id)
	h.mu.Unlock()
	if ch == nil {
		return
	}
	var a helperAnswer
	// A held answer's msg (a helper's CSV piece) stays in JavaScript: it
	// goes to the page as it came (jsParts.WriteHeld).
	held := heldOf(args[1], hold)
	msg, err := toGo(args[1], 0)
	m, _ := msg.(map[string]any)
	switch {
	case err != nil:
		a.err = err
	case m == nil:
		a.err = errors.New("a helper engine sent an answer that is not an object")
	case m["error"] != nil:
		e, _ := m["error"].(map[string]any)
		text, _ := e["message"].(string)
		a.err = errors.New("a helper engine refused: " + text)
	default:
		a.result, _ = m["result"].(map[string]any)
		if a.result == nil {
			a.result = map[string]any{}
		}
		if held != nil {
			a.result["msg"] = held
		}
	}
	ch <- a
}

// heldJS is a helper's answer bytes kept as the JavaScript Uint8Array
// they came in (api.Held).
type heldJS struct {
	arr safejs.Value
	n   int
}

func (h *heldJS) Len() int { return h.n }

func (h *heldJS) Bytes() []byte {
	b := make([]byte, h.n)
	if _, err := safejs.CopyBytesToGo(b, h.arr); err != nil {
		return nil
	}
	return b
}

// heldOf takes a held answer's msg out of answer (so that toGo does not
// copy it): nil when the call did not ask to hold or the answer has no
// such array.
func heldOf(answer safejs.Value, hold bool) (held *heldJS) {
	if !hold {
		return nil
	}
	defer func() {
		if p := recover(); p != nil {
			held = nil
		}
	}()
	res, err := answer.Get("result")
	if err != nil || res.Type() != safejs.TypeObject {
		return nil
	}
	arr, err := res.Get("msg")
	if err != nil || arr.Type() != safejs.TypeObject {
		return nil
	}
	ctor, err := safejs.Global().Get("Uint8Array")
	if err != nil {
		return nil
	}
	if ok, err := arr.InstanceOf(ctor); err != nil || !ok {
		return nil
	}
	n, err := arr.Length()
	if err != nil || res.Delete("msg") != nil {
		return nil
	}
	return &heldJS{arr: arr, n: n}
}

// toJS readies a plain value for safejs.ValueOf: bytes become Uint8Arrays
// (their buffers listed in transfer, to be handed over, not copied).
func toJS(v any, transfer *[]any) any {
	switch x := v.(type) {
	case []byte:
		arr, err := newBytes(x)
		if err != nil {
			return nil
		}
		if buf, err := arr.Get("buffer"); err == nil {
			*transfer = append(*transfer, buf)
		}
		return safejs.Unsafe(arr)
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, y := range x {
			out[k] = toJS(y, transfer)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, y := range x {
			out[i] = toJS(y, transfer)
		}
		return out
	}
	return v
}

var (
	_ api.Helpers    = (*jsHelpers)(nil)
	_ api.FileSharer = (*jsHelpers)(nil)
	_ api.Held       = (*heldJS)(nil)
)
