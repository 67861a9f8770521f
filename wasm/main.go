//go:build js && wasm

// Command wasm is the playground's engine for the browser: it runs in a
// dedicated Web Worker, takes requests from the worker script and answers
// with postMessage. All work is done by package api (and so by core); this
// file only moves bytes between JavaScript and Go.
//
// The worker calls the global function
//
//	ingestEngine(id, method, argsJSON)
//
// which returns at once. The answer arrives as a message posted from a
// goroutine (a handler that blocked would deadlock the Go instance):
//
//	{id, result: JSON text}                       on success
//	{id, result: JSON text, bytes: Uint8Array}    for csv (the buffer is transferred, not copied)
//	{id, error: {code, message, field, line, column}}
//
// Calls are handled one at a time, in order. A panic anywhere is recovered
// and answered as an error, so the engine survives any request.
package main

import (
	"fmt"
	"runtime/debug"

	"github.com/hack-pad/safejs"
	"github.com/ingestkit/playground/wasm/api"
)

type request struct {
	id     int
	method string
	args   string
}

func main() {
	// Tables of a million rows come and go; trading memory for fewer
	// collections keeps runs fast in the browser.
	debug.SetGCPercent(400)
	engine := api.New()
	queue := make(chan request, 64)
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
		panic(err) // before the engine exists there is nobody to answer
	}
	global := safejs.Global()
	if err := global.Set("ingestEngine", fn); err != nil {
		panic(err)
	}
	post(0, []byte(`{"ready":true}`), nil, nil)
	for req := range queue {
		result, bin, e := engine.Call(req.method, []byte(req.args))
		post(req.id, result, bin, e)
	}
}

func readRequest(args []safejs.Value) (request, error) {
	var r request
	if len(args) != 3 {
		return r, fmt.Errorf("ingestEngine needs 3 arguments (id, method, args), got %d", len(args))
	}
	var err error
	if r.id, err = args[0].Int(); err != nil {
		return r, err
	}
	if r.method, err = args[1].String(); err != nil {
		return r, err
	}
	if r.args, err = args[2].String(); err != nil {
		return r, err
	}
	return r, nil
}

// post sends one answer to the worker script; it never panics.
func post(id int, result, bin []byte, e *api.Error) {
	defer func() { _ = recover() }()
	msg := map[string]any{"id": id}
	if e != nil {
		msg["error"] = map[string]any{"code": e.Code, "message": e.Message, "field": e.Field, "line": e.Line, "column": e.Column}
	} else {
		msg["result"] = string(result)
	}
	var transfer []any
	if bin != nil {
		arr, err := newBytes(bin)
		if err != nil {
			msg = map[string]any{"id": id, "error": map[string]any{"code": "internal", "message": "could not hand the file to the page: " + err.Error()}}
		} else {
			msg["bytes"] = arr
			buf, err := arr.Get("buffer")
			if err == nil {
				transfer = append(transfer, buf)
			}
		}
	}
	v, err := safejs.ValueOf(msg)
	if err != nil {
		return
	}
	poster, err := safejs.Global().Get("ingestPost")
	if err != nil || poster.IsUndefined() {
		return
	}
	_, _ = poster.Invoke(v, toArray(transfer))
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

func toArray(vs []any) any {
	out := make([]any, len(vs))
	copy(out, vs)
	return out
}
