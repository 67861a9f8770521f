//go:build js && wasm

// Command wasm is the playground's engine for the browser. It runs in a
// dedicated Web Worker (site/web/worker.js loads it), takes requests from
// the worker script and answers through it. All work is done by package api
// (and so by core); this file only converts values between JavaScript and
// Go.
//
// The worker defines ingestPost(message, transfer) and then calls
//
//	ingestEngine(id, method, args)
//
// which returns at once. The answer is posted from a goroutine, because a
// JavaScript callback that blocked would deadlock the Go instance:
//
//	{id, result}                      on success (a plain object)
//	{id, result, parts: [Uint8Array]} for csv: the file in pieces of about
//	                                  1 MiB, their buffers transferred, not copied
//	{id, error: {code, message, field, line, column}}
//	{id, progress: step}              while a run works: the step it just finished
//
// On start it posts {id: 0, result: {ready: true}}. Calls are handled one at
// a time, in order. The method testCrash ends the engine with exit code 2,
// as running out of memory does, for the page's recovery tests. A panic anywhere is recovered and answered as an error,
// so the engine survives any request.
package main

import (
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"strings"
	"time"

	"github.com/hack-pad/safejs"
	"github.com/ingestkit/playground/wasm/api"
)

// idleGC is how long the engine waits without a request before it collects
// the garbage of a large run.
const idleGC = 400 * time.Millisecond

// heapLive is the heap's bytes after the engine's last collection.
var heapLive uint64

// helperSlack is how much garbage beyond heapLive a helper engine leaves
// for its leader's collection (see partsGarbage).
var helperSlack uint64 = 256 << 20

func collectNow() {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	heapLive = m.HeapAlloc
}

// partsGarbage says a helper engine, idle but for its leader's calls, holds
// so much garbage that it collects without waiting for its leader: more
// than its live heap and more than helperSlack. (Its leader collects
// when the page goes quiet and asks its helpers to, at once; but a leader
// called back to back never goes quiet, and the helpers' memory grew to
// the limit.)
func partsGarbage() bool {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc > max(2*heapLive, heapLive+helperSlack)
}

type request struct {
	id     int
	method string
	args   map[string]any
	idle   bool // the engine's own idle timer, not a call from the page
	// collect: this engine's leader, collecting, asks it to collect
	// too (see ingestCollect).
	collect bool
}

func main() {
	// The collector runs when the page is idle after a large run (see
	// idleGC) and otherwise only when the heap nears 1 GiB. In WebAssembly it
	// shares the one thread with the work, and while a cycle is under way
	// every pointer write pays a barrier: on a million-row file, cycles
	// paced by GOGC stretched over seconds and slowed the run ~20 % (see
	// the README's figures). WebAssembly memory never shrinks, so the
	// limit is also the most this tab ever asks of the machine.
	debug.SetGCPercent(-1)
	debug.SetMemoryLimit(1 << 30)
	if err := start(); err != nil {
		println("ingest engine: cannot start:", err.Error())
		return
	}
	select {} // keep the instance alive; the work happens in start's goroutine
}

// start registers ingestEngine, posts the ready message and serves requests
// from a goroutine.
func start() error {
	engine := api.New()
	helpers, err := newJSHelpers()
	if err != nil {
		return err
	}
	engine.Helpers = helpers
	queue := make(chan request, 256)
	fn, err := safejs.FuncOf(func(_ safejs.Value, args []safejs.Value) any {
		req, err := readRequest(args)
		if err != nil {
			go post(req.id, nil, nil, &api.Error{Code: "request", Message: err.Error()})
			return nil
		}
		go func() { queue <- req }()
		return nil
	})
	if err != nil {
		return err
	}
	if err := safejs.Global().Set("ingestEngine", fn); err != nil {
		return err
	}
	// A helper engine (one holding parts of a large file for the engine
	// the page asks) collects on its own idle timer only when its garbage
	// is large (partsGarbage): it is idle whenever the leader works alone,
	// and a collection there (~0.3–0.5 s) made the leader's next call to
	// it wait. It collects when the leader does, at once with it, on other
	// cores: the leader's worker calls ingestCollect through the pool's
	// ports.
	collect, err := safejs.FuncOf(func(safejs.Value, []safejs.Value) any {
		go func() { queue <- request{collect: true} }()
		return nil
	})
	if err != nil {
		return err
	}
	if err := safejs.Global().Set("ingestCollect", collect); err != nil {
		return err
	}
	go func() {
		post(0, map[string]any{"ready": true}, nil, nil)
		// After a large run, collect once the page has been idle for idleGC
		// (the learner is reading the results), so the next run starts with
		// room under the limit instead of collecting in the middle of its
		// work. After each request while garbage is pending, a timer
		// request is queued carrying the count of requests served: if
		// others came since, the engine was not idle and a later timer
		// decides. (A timer goroutine and one queue, not select with
		// time.After: that would add 30 KB to the download.)
		served, pending, parts := 0, false, false
		for req := range queue {
			switch {
			case req.collect:
				if parts {
					collectNow()
					parts = false
				}
				continue
			case req.idle:
				switch {
				case req.id != served:
				case pending:
					helpers.Collect()
					collectNow()
					pending, parts = false, false
				case parts && partsGarbage():
					// A helper whose leader is never idle (calls back
					// to back): its garbage goes once there is much of it.
					collectNow()
					parts = false
				}
				continue
			}
			served++
			id := req.id
			engine.Progress = func(step string) { postProgress(id, step) }
			switch req.method {
			case "testCrash":
				// A test hook: the engine ends as running out of memory
				// ends it (runtime exit code 2), so the page's recovery
				// can be tested without filling 4 GB.
				os.Exit(2)
			case "csv":
				// The file goes to JavaScript piece by piece as it is
				// written: the engine never holds all of it.
				parts := &jsParts{}
				result, e := engine.WriteCSV(req.args, parts)
				post(req.id, result, parts, e)
				pending = true // (a file held in parts came through this engine's memory)
			case "exportZip", "exportInput":
				// Files go to JavaScript as parts, as csv's do.
				result, bin, e := engine.Call(req.method, req.args)
				parts := &jsParts{}
				if e == nil {
					parts.Write(bin)
				}
				post(req.id, result, parts, e)
				pending = true
			case "run", "loadData", "checkData", "warmup":
				pending = true
				fallthrough
			default:
				result, _, e := engine.Call(req.method, req.args)
				post(req.id, result, nil, e)
				// A helper's part of a large file: its garbage goes when
				// the leader's does (or see partsGarbage).
				parts = parts || strings.HasPrefix(req.method, "part")
			}
			if pending || parts {
				n := served
				go func() {
					time.Sleep(idleGC)
					queue <- request{id: n, idle: true}
				}()
			}
		}
	}()
	return nil
}

func readRequest(args []safejs.Value) (r request, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("unreadable request: %v", p)
		}
	}()
	if len(args) != 3 {
		return r, fmt.Errorf("ingestEngine needs 3 arguments (id, method, args), got %d", len(args))
	}
	if r.id, err = args[0].Int(); err != nil {
		return r, err
	}
	if r.method, err = args[1].String(); err != nil {
		return r, err
	}
	v, err := toGo(args[2], 0)
	if err != nil {
		return r, err
	}
	if v != nil {
		m, ok := v.(map[string]any)
		if !ok {
			return r, fmt.Errorf("the arguments of %s must be an object", r.method)
		}
		r.args = m
	}
	return r, nil
}

// toGo converts a JavaScript value made of objects, arrays, strings, numbers,
// booleans and null into the plain Go values package api reads.
func toGo(v safejs.Value, depth int) (any, error) {
	if depth > 32 {
		return nil, fmt.Errorf("the request is nested too deeply")
	}
	switch v.Type() {
	case safejs.TypeUndefined, safejs.TypeNull:
		return nil, nil
	case safejs.TypeBoolean:
		return v.Bool()
	case safejs.TypeNumber:
		return v.Float()
	case safejs.TypeString:
		return v.String()
	case safejs.TypeObject:
		// File contents arrive as a Uint8Array: copy them in one go.
		u8, err := safejs.Global().Get("Uint8Array")
		if err != nil {
			return nil, err
		}
		if isU8, err := v.InstanceOf(u8); err == nil && isU8 {
			n, err := v.Length()
			if err != nil {
				return nil, err
			}
			buf := make([]byte, n)
			if _, err := safejs.CopyBytesToGo(buf, v); err != nil {
				return nil, err
			}
			return buf, nil
		}
		array, err := safejs.Global().Get("Array")
		if err != nil {
			return nil, err
		}
		isArray, err := array.Call("isArray", v)
		if err != nil {
			return nil, err
		}
		if b, _ := isArray.Bool(); b {
			n, err := v.Length()
			if err != nil {
				return nil, err
			}
			out := make([]any, n)
			for i := range out {
				x, err := v.Index(i)
				if err != nil {
					return nil, err
				}
				if out[i], err = toGo(x, depth+1); err != nil {
					return nil, err
				}
			}
			return out, nil
		}
		object, err := safejs.Global().Get("Object")
		if err != nil {
			return nil, err
		}
		keys, err := object.Call("keys", v)
		if err != nil {
			return nil, err
		}
		n, err := keys.Length()
		if err != nil {
			return nil, err
		}
		out := make(map[string]any, n)
		for i := 0; i < n; i++ {
			k, err := keys.Index(i)
			if err != nil {
				return nil, err
			}
			key, err := k.String()
			if err != nil {
				return nil, err
			}
			x, err := v.Get(key)
			if err != nil {
				return nil, err
			}
			if out[key], err = toGo(x, depth+1); err != nil {
				return nil, err
			}
		}
		return out, nil
	}
	return nil, fmt.Errorf("the request holds a %s, which the engine cannot read", v.Type())
}

// post sends one answer through the worker's ingestPost; it never panics.
// A csv answer carries its file as parts, transferred, not copied.
func post(id int, result map[string]any, parts *jsParts, e *api.Error) {
	defer func() {
		if p := recover(); p != nil {
			println("ingest engine: could not post an answer:", fmt.Sprint(p))
		}
	}()
	msg := map[string]any{"id": id}
	transfer := []any{}
	if e != nil {
		msg["error"] = e.Value()
	} else {
		// (bytes, as in the part methods' answers, become Uint8Arrays)
		msg["result"] = toJS(result, &transfer)
	}
	v, err := safejs.ValueOf(msg)
	if err != nil {
		v, _ = safejs.ValueOf(map[string]any{"id": id, "error": (&api.Error{Code: "internal", Message: "could not encode the answer: " + err.Error()}).Value()})
		transfer = []any{}
	}
	if parts != nil && e == nil {
		list, err := safejs.ValueOf([]any{})
		for i, arr := range parts.arrays {
			if err == nil {
				err = list.SetIndex(i, arr)
			}
			if buf, err := arr.Get("buffer"); err == nil {
				transfer = append(transfer, buf)
			}
		}
		if err == nil {
			err = v.Set("parts", list)
		}
		if err != nil {
			v, _ = safejs.ValueOf(map[string]any{"id": id, "error": (&api.Error{Code: "internal", Message: "could not hand the file to the page: " + err.Error()}).Value()})
			transfer = []any{}
		}
	}
	poster, err := safejs.Global().Get("ingestPost")
	if err != nil || poster.Type() != safejs.TypeFunction {
		println("ingest engine: ingestPost is not defined")
		return
	}
	_, _ = poster.Invoke(v, transfer)
}

// jsParts is an io.Writer that copies each piece it is given into a new
// JavaScript Uint8Array.
type jsParts struct {
	arrays []safejs.Value
}

func (p *jsParts) Write(b []byte) (int, error) {
	arr, err := newBytes(b)
	if err != nil {
		return 0, err
	}
	p.arrays = append(p.arrays, arr)
	return len(b), nil
}

// WriteHeld takes a helper's CSV piece as the JavaScript array it came in:
// it goes to the page with the others, never through this engine's memory.
func (p *jsParts) WriteHeld(h api.Held) error {
	if j, ok := h.(*heldJS); ok {
		p.arrays = append(p.arrays, j.arr)
		return nil
	}
	_, err := p.Write(h.Bytes())
	return err
}

var _ api.HeldWriter = (*jsParts)(nil)

// postProgress tells the page that a run finished one of its steps.
func postProgress(id int, step string) {
	defer func() { _ = recover() }()
	poster, err := safejs.Global().Get("ingestPost")
	if err != nil {
		return
	}
	v, err := safejs.ValueOf(map[string]any{"id": id, "progress": step})
	if err == nil {
		_, _ = poster.Invoke(v, []any{})
	}
}

func newBytes(b []byte) (safejs.Value, error) {
	ctor, err := safejs.Global().Get("Uint8Array")
	if err != nil {
		return safejs.Value{}, err
	}
	arr, err := ctor.New(len(b))
	if err != nil {
		return safejs.Value{}, err
	}
	if _, err := safejs.CopyBytesToJS(arr, b); err != nil {
		return safejs.Value{}, err
	}
	return arr, nil
}
