package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"

	engine "github.com/ingestkit/playground/wasm/api"
)

// AnswersID is the id of the script element (type application/json) that
// carries the engine's recorded answers in the built page.
const AnswersID = "ingest-answers"

// Recording is one answer of the engine, recorded at build time: what the
// page's engine client (site/web/js/engine.js) answers at once when the
// page makes the same call while the engine is still starting. Args are
// the request's arguments exactly as the page sends them (the client keys
// a call by its method and the JSON of its arguments with sorted keys).
// After, when set, names the pattern whose default run the answer depends
// on (the rows of its tables, its replay): the client uses the recording
// only after it has sent that run.
type Recording struct {
	Method string         `json:"method"`
	Args   map[string]any `json:"args"`
	After  string         `json:"after,omitempty"`
	Result map[string]any `json:"result"`
}

// Answers is the element's content.
type Answers struct {
	// Timing names the fields of an answer that hold wall-clock durations
	// the engine measured (at build time here, in the browser there): the
	// only figures of a recorded answer that differ from the browser
	// engine's. A path is dotted, [] standing for every element of a list.
	Timing  []string    `json:"timing"`
	Answers []Recording `json:"answers"`
}

// TimingFields are the paths of the measured durations in the recorded
// answers: each pipeline step's wall time (core.StepReport.DurationMs).
// (A stream's top-level durationMs is its virtual duration: deterministic,
// compared like any other figure.)
var TimingFields = []string{"steps[].durationMs", "batch.steps[].durationMs", "stream.steps[].durationMs"}

// The page's start-up calls for a pattern's tab (site/web/js/app.js run,
// render, drawSweeps, renderStream; site/web/js/table.js), with the
// arguments it sends: a run that fails or a call the engine refuses is not
// recorded. The browser test (prerender_test.go) lists any call of the
// page's start-up that found no recording.
const (
	rowsPage    = 50    // table.js PAGE: the first page of the first output table
	replayLimit = 20000 // app.js renderStream
)

// streamQueueArgs is what the Streaming tab's backpressure card asks the
// engine's queue method at start-up (site/web/js/renderTime.js
// drawStreamQueue): the run's settings, with the card's own defaults
// (site/web/js/state.js PAGE_SETTINGS.stream) and the stream's buffer as
// the batch size. Should the page's defaults change, the browser test
// finds the call without its recording (TestPrerenderEqualsTheEngine).
func streamQueueArgs(settings map[string]any) map[string]any {
	var batch any = 10
	if js, err := json.Marshal(settings["bufferSize"]); err == nil {
		var n float64
		if json.Unmarshal(js, &n) == nil && n != 0 {
			batch = n
		}
	}
	return map[string]any{"config": settings, "capacity": 10, "batchSize": batch, "perBatchMs": 50, "perEventMs": 150, "policy": "block"}
}

// RecordedAnswers runs, natively and through the same engine.Engine.Call
// the browser's engine uses, the calls the page makes when it opens on a
// pattern's tab with the default settings: for each pattern the defaults
// list (whatever patterns the engine has), its validate and run, the sweep
// of the run's settings, the first page of rows of the first table it
// lists, the stream's and event time's replays, and the stream's
// backpressure card. One engine answers them in that order,
// as the page's one worker does.
func RecordedAnswers() ([]Recording, error) {
	e := engine.New()
	defaults, _, cerr := e.Call("defaults", nil)
	if cerr != nil {
		return nil, fmt.Errorf("the engine's defaults: %s", cerr.Message)
	}
	var patterns []string
	for p, v := range defaults {
		if _, ok := v.(map[string]any); ok {
			patterns = append(patterns, p)
		}
	}
	sort.Strings(patterns)
	var out []Recording
	call := func(method string, args map[string]any, after string) map[string]any {
		res, _, err := e.Call(method, args)
		if err != nil {
			return nil // not the page's start-up (a pattern without it)
		}
		if _, jerr := json.Marshal(res); jerr != nil {
			return nil // NaN or ±Inf: JSON cannot carry it, the engine answers
		}
		out = append(out, Recording{Method: method, Args: args, After: after, Result: res})
		return res
	}
	for _, p := range patterns {
		config := defaults[p].(map[string]any)
		call("validate", map[string]any{"pattern": p, "config": config}, "")
		res := call("run", map[string]any{"pattern": p, "config": config}, "")
		if res == nil {
			continue
		}
		if settings, ok := res["settings"].(map[string]any); ok {
			call("sweep", map[string]any{"pattern": p, "config": settings}, "")
		}
		if tables, ok := res["tables"].([]any); ok && len(tables) > 0 {
			if t, ok := tables[0].(map[string]any); ok {
				call("rows", map[string]any{"table": t["name"], "offset": 0, "limit": rowsPage, "sort": "", "desc": false}, p)
			}
		}
		switch p {
		case "stream":
			call("replay", map[string]any{"limit": replayLimit}, p)
			if settings, ok := res["settings"].(map[string]any); ok {
				call("queue", streamQueueArgs(settings), p)
			}
		case "time":
			call("replay", map[string]any{"pattern": p, "limit": replayLimit}, p)
		}
	}
	return out, nil
}

// AnswersJSON is RecordedAnswers as the page carries them.
func AnswersJSON() ([]byte, error) {
	recs, err := RecordedAnswers()
	if err != nil {
		return nil, err
	}
	return json.Marshal(Answers{Timing: TimingFields, Answers: recs}) // escapes <, > and &: nothing in it can close the element
}

// CanonicalArgs is the key the page's engine client gives a call's
// arguments: their JSON with every object's keys sorted, numbers and
// strings written as JavaScript's JSON.stringify writes them (Go's
// encoding/json writes float64 the same way; HTML characters unescaped).
func CanonicalArgs(args map[string]any) (string, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(args); err != nil { // encoding/json sorts map keys
		return "", err
	}
	return strings.TrimSuffix(buf.String(), "\n"), nil
}

// injectAnswers puts AnswersJSON into the built page at path, at the end
// of its body (after the defaults): the parser reaches the header and a
// return visit's snapshot (the inline script after <main>) without first
// reading the answers' 100 KB, which only the modules, deferred, read.
func injectAnswers(path string) error {
	page, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	js, err := AnswersJSON()
	if err != nil {
		return err
	}
	if !strings.Contains(string(page), "</body>") {
		return fmt.Errorf("%s has no </body>", path)
	}
	el := `<script type="application/json" id="` + AnswersID + `">` + string(js) + "</script>\n</body>"
	return os.WriteFile(path, []byte(strings.Replace(string(page), "</body>", el, 1)), 0o644)
}
