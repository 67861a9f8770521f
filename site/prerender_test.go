package main

// Recorded answers (prerender.go, js/engine.js): the page draws its first
// result from the engine's answers recorded at build time, and the engine
// in the browser then gives the same answers, figure for figure.

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"testing"

	"github.com/chromedp/cdproto/browser"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	engine "github.com/ingestkit/playground/wasm/api"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// builtAnswers reads the recorded answers from a built page.
func builtAnswers(t *testing.T, path string) (Answers, []byte) {
	t.Helper()
	page, err := os.ReadFile(path)
	require.NoError(t, err)
	m := regexp.MustCompile(`<script type="application/json" id="` + AnswersID + `">(.*?)</script>`).FindSubmatch(page)
	require.NotNil(t, m, "%s carries no recorded answers", path)
	var a Answers
	require.NoError(t, json.Unmarshal(m[1], &a))
	return a, m[1]
}

// withoutTiming returns v (plain JSON values) with the values at the
// timing paths (TimingFields: "steps[].durationMs") set to nil.
func withoutTiming(v any, timing []string, path string) any {
	for _, p := range timing {
		if p == path {
			return nil
		}
	}
	switch x := v.(type) {
	case map[string]any:
		out := map[string]any{}
		for k, e := range x {
			sub := k
			if path != "" {
				sub = path + "." + k
			}
			out[k] = withoutTiming(e, timing, sub)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = withoutTiming(e, timing, path+"[]")
		}
		return out
	}
	return v
}

// jsonValue is v as encoding/json reads it back (numbers as float64).
func jsonValue(t *testing.T, v any) any {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	var out any
	require.NoError(t, json.Unmarshal(b, &out))
	return out
}

// firstDiff names the first place two JSON values differ.
func firstDiff(a, b any, path string) string {
	switch x := a.(type) {
	case map[string]any:
		y, ok := b.(map[string]any)
		if !ok {
			return fmt.Sprintf("%s: %v vs %v", path, a, b)
		}
		for k := range x {
			if d := firstDiff(x[k], y[k], path+"."+k); d != "" {
				return d
			}
		}
		for k := range y {
			if _, ok := x[k]; !ok {
				return fmt.Sprintf("%s.%s: missing vs %v", path, k, y[k])
			}
		}
		return ""
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return fmt.Sprintf("%s: %d elements vs %v", path, len(x), b)
		}
		for i := range x {
			if d := firstDiff(x[i], y[i], fmt.Sprintf("%s[%d]", path, i)); d != "" {
				return d
			}
		}
		return ""
	}
	if !reflect.DeepEqual(a, b) {
		return fmt.Sprintf("%s: %v vs %v", path, a, b)
	}
	return ""
}

// TestRecordedAnswersNative: the answers in the built page are what a
// fresh native engine answers to the same calls in the same order (timing
// fields aside); every pattern of the defaults has its run recorded; no
// two recordings share a key; and they weigh at most 20 KB gzipped, the
// issue's target (pages of 50 rows, not 200, made room for the event-time
// tab's run, rows and replay and the stream's backpressure card).
func TestRecordedAnswersNative(t *testing.T) {
	a, raw := builtAnswers(t, filepath.Join(distDir, "index.html"))
	assert.Equal(t, TimingFields, a.Timing)
	e := engine.New()
	defaults, _, cerr := e.Call("defaults", nil)
	require.Nil(t, cerr)
	runs := map[string]bool{}
	keys := map[string]bool{}
	for _, r := range a.Answers {
		key, err := CanonicalArgs(r.Args)
		require.NoError(t, err)
		key = r.Method + " " + key
		assert.False(t, keys[key], "two recordings of %s", key)
		keys[key] = true
		res, _, cerr := e.Call(r.Method, r.Args)
		require.Nil(t, cerr, "%s: %v", key, cerr)
		want := withoutTiming(jsonValue(t, res), TimingFields, "")
		got := withoutTiming(jsonValue(t, r.Result), TimingFields, "")
		assert.Empty(t, firstDiff(got, want, ""), "%s: the recording differs from the engine's answer", key)
		if r.Method == "run" {
			runs[r.Args["pattern"].(string)] = true
		}
	}
	for p, v := range defaults {
		if _, ok := v.(map[string]any); ok {
			assert.True(t, runs[p], "no recorded run for the pattern %q", p)
		}
	}
	// Weighed with the build's step timings left out: their digits vary from
	// one build to the next (by a few bytes gzipped), the rest does not.
	steady := a
	steady.Answers = slices.Clone(a.Answers)
	for i := range steady.Answers {
		steady.Answers[i].Result, _ = withoutTiming(jsonValue(t, a.Answers[i].Result), TimingFields, "").(map[string]any)
	}
	raw, err := json.Marshal(steady)
	require.NoError(t, err)
	var gz bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	zw.Write(raw)
	zw.Close()
	t.Logf("%d recorded answers: %d bytes, %d gzipped (timings aside)", len(a.Answers), len(raw), gz.Len())
	assert.LessOrEqual(t, gz.Len(), 20_000, "the recorded answers weigh more than 20 KB gzipped")
	// The single file carries the same.
	b, _ := builtAnswers(t, filepath.Join(distDir, SingleFileName))
	assert.Equal(t, a, b)
}

// prerenderCheck is one entry of engine.prerenderChecks.
type prerenderCheck struct {
	Method   string         `json:"method"`
	Args     map[string]any `json:"args"`
	Recorded any            `json:"recorded"`
	Real     any            `json:"real"`
	Error    *struct {
		Code, Message string
	} `json:"error"`
	Same   *bool   `json:"same"`
	At     float64 `json:"at"`
	RealAt float64 `json:"realAt"`
}

type prerenderState struct {
	Checks []prerenderCheck `json:"checks"`
	Missed []struct {
		Method string         `json:"method"`
		Args   map[string]any `json:"args"`
		At     float64        `json:"at"`
	} `json:"missed"`
	Open        bool    `json:"open"`
	FirstResult float64 `json:"firstResult"`
	EngineReady float64 `json:"engineReady"`
	// Painted: the first result painted; WorkerStart: when the worker was
	// let compile the engine, and StartedBy who let it ('page', or 'timer'
	// when the page never said).
	Painted     float64 `json:"painted"`
	WorkerStart float64 `json:"workerStart"`
	StartedBy   string  `json:"startedBy"`
	StartReason string  `json:"startReason"` // what the page started it for: painted, or the call it needed the engine for
	// Keys is canonical(args) in the page for each recording's args.
	Keys map[string]string `json:"keys"`
}

const prerenderStateJS = `JSON.stringify({checks: __engine.prerenderChecks, missed: __engine.prerenderMissed, open: __engine.recordingsOpen,
	firstResult: performance.getEntriesByName('first-result')[0].startTime, engineReady: performance.getEntriesByName('engine-ready')[0].startTime,
	painted: performance.getEntriesByName('first-result-painted')[0].startTime, workerStart: performance.getEntriesByName('worker-start')[0].startTime,
	startedBy: __engine.startedBy, startReason: __engine.startReason})`

// waitChecks waits until the engine has answered every call the page
// answered from a recording, and returns what the page kept of them.
func (p *page) prerender() prerenderState {
	p.t.Helper()
	p.waitJS(`performance.getEntriesByName('first-result-painted').length > 0 && performance.getEntriesByName('engine-ready').length > 0`)
	p.waitJS(`performance.getEntriesByName('engine-warm').length > 0 && __engine.prerenderChecks.every((c) => c.realAt !== undefined)`)
	var st prerenderState
	require.NoError(p.t, json.Unmarshal([]byte(p.eval(prerenderStateJS)), &st))
	return st
}

// TestPrerenderEqualsTheEngine opens each tab with the default settings (the served page,
// the embed and the single file from disk): the tab's first result is
// drawn from a recorded answer, before the engine's own answer came; every
// call of the page's start-up found its recording; and every recorded
// answer equals the engine's answer in the browser, figure for figure
// (timing fields aside).
func TestPrerenderEqualsTheEngine(t *testing.T) {
	single := "file://" + filepath.ToSlash(filepath.Join(distDir, SingleFileName))
	cases := []struct{ name, origin, url, pattern string }{
		{"default", baseURL, baseURL + "/", "batch"},
		{"stream", baseURL, baseURL + "/#p=stream", "stream"},
		{"etl", baseURL, baseURL + "/#p=etl", "etl"},
		{"compare", baseURL, baseURL + "/#p=compare", "compare"},
		{"embed-etl", baseURL, baseURL + "/#p=etl&embed=1", "etl"},
		{"single-file", "file:", single + "#p=stream", "stream"},
	}
	recorded, _ := builtAnswers(t, filepath.Join(distDir, "index.html"))
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := openURL(t, c.origin, c.url)
			st := p.prerender()
			require.NotEmpty(t, st.Checks, "no call was answered from a recording")
			run := st.Checks[0]
			assert.Equal(t, "run", run.Method)
			assert.Equal(t, c.pattern, run.Args["pattern"])
			// The first result came from the recording: drawn before the
			// engine's answer to the same run arrived.
			assert.Less(t, st.FirstResult, run.RealAt, "the first result was drawn after the engine's own answer")
			// The engine compiled only once that result was painted, at
			// the page's word (engine.js start).
			assert.Equal(t, "page", st.StartedBy, "the worker compiled the engine without the page's word")
			assert.Equal(t, "painted", st.StartReason, "the page needed the engine before its first result was painted")
			assert.GreaterOrEqual(t, st.WorkerStart, st.Painted, "the engine compiled while the first result was being drawn")
			t.Logf("first result at %.0f ms, engine ready at %.0f ms, its answer to the run at %.0f ms; %d calls answered from recordings",
				st.FirstResult, st.EngineReady, run.RealAt, len(st.Checks))
			for _, m := range st.Missed {
				// A start-up call with no recording: RecordedAnswers should make it.
				assert.Failf(t, "a start-up call found no recording", "%s %v at %.0f ms", m.Method, m.Args, m.At)
			}
			assert.True(t, st.Open, "the recordings stopped serving on a default link")
			for _, ch := range st.Checks {
				key, _ := CanonicalArgs(ch.Args)
				require.Nil(t, ch.Error, "%s %s: the engine refused it", ch.Method, key)
				got := withoutTiming(jsonValue(t, ch.Recorded), recorded.Timing, "")
				want := withoutTiming(jsonValue(t, ch.Real), recorded.Timing, "")
				assert.Empty(t, firstDiff(got, want, ""), "%s %s: the recorded answer differs from the engine's", ch.Method, key)
				if assert.NotNil(t, ch.Same) {
					assert.True(t, *ch.Same, "%s %s: the page found a difference", ch.Method, key)
				}
			}
			// The page keys a call as Go does (CanonicalArgs): the same text
			// for every recording's arguments.
			for _, r := range recorded.Answers {
				want, err := CanonicalArgs(r.Args)
				require.NoError(t, err)
				js, _ := json.Marshal(r.Args)
				got := p.eval(`(() => { const c = ` + string(js) + `; const canon = (v) => Array.isArray(v) ? '[' + v.map(canon).join(',') + ']' : v !== null && typeof v === 'object' ? '{' + Object.keys(v).sort().map((k) => JSON.stringify(k) + ':' + canon(v[k])).join(',') + '}' : JSON.stringify(v); return canon(c); })()`)
				assert.Equal(t, want, got)
			}
		})
	}
}

// TestPrerenderNotForOtherSettings: a link with other settings than the
// defaults waits for the engine (no recording answers its run, and none
// answers anything after it), and works.
func TestPrerenderNotForOtherSettings(t *testing.T) {
	p := openURL(t, baseURL, baseURL+"/#p=etl&e.n=120")
	p.waitText("etl-extracted", "120")
	st := p.prerender()
	for _, ch := range st.Checks {
		assert.NotEqual(t, "run", ch.Method, "a run was answered from a recording: %v", ch.Args)
	}
	require.NotEmpty(t, st.Missed)
	assert.Equal(t, "run", st.Missed[0].Method)
	assert.Equal(t, "etl", st.Missed[0].Args["pattern"])
	assert.False(t, st.Open, "the recordings still serve after a run with other settings")
	assert.Greater(t, st.FirstResult, st.EngineReady, "the first result was drawn before the engine was ready")
	// The run no recording answers let the engine compile at once.
	assert.Equal(t, "page", st.StartedBy)
	assert.Less(t, st.WorkerStart, st.FirstResult)
	// The other tabs' runs, with their defaults, came from the engine too.
	p.click("nav-batch")
	p.waitText("batch-extracted", "100")
	// And after a restart, never.
	require.Equal(t, "1", p.eval(`String(__engine.generation)`))
}

// TestPrerenderDownloadAtOnce: a download asked for as soon as the first
// result shows its button (from a recording, before the engine is ready)
// gives the engine's bytes: csv is never recorded, the call waits for the
// engine, which has run the recorded run meanwhile.
func TestPrerenderDownloadAtOnce(t *testing.T) {
	p := openURL(t, baseURL, "about:blank")
	dir := p.allowDownloads()
	// Clicked the moment the button is added to the page.
	_, err := chromedp.Call(p.ctx, cdppage.AddScriptToEvaluateOnNewDocument, cdppage.AddScriptToEvaluateOnNewDocumentParams{Source: `
		new MutationObserver((_, obs) => {
			const b = document.querySelector('[data-testid="download-batch_output"]');
			if (!b) return;
			obs.disconnect();
			window.__clickedBeforeReady = performance.getEntriesByName('engine-ready').length === 0;
			b.click();
		}).observe(document, { subtree: true, childList: true });`})
	require.NoError(t, err)
	progress := chromedp.BrowserEvents(p.ctx, browser.DownloadProgress)
	require.NoError(t, chromedp.Do(p.ctx, chromedp.Navigate(baseURL+"/")))
	var got []byte
	for ev, err := range progress {
		require.NoError(t, err)
		require.NotEqual(t, browser.DownloadProgressStateCanceled, ev.State)
		if ev.State == browser.DownloadProgressStateCompleted {
			got, err = os.ReadFile(filepath.Join(dir, ev.GUID))
			require.NoError(t, err)
			break
		}
	}
	_, want, cerr := engineWith(t, "batch").Call("csv", map[string]any{"table": "batch_output"})
	require.Nil(t, cerr)
	assert.Equal(t, string(want), string(got))
	t.Logf("clicked before the engine was ready: %s", p.eval(`String(window.__clickedBeforeReady)`))
	st := p.prerender()
	for _, ch := range st.Checks {
		assert.NotEqual(t, "csv", ch.Method)
	}
}

// engineWith is a native engine that has run pattern with its defaults.
func engineWith(t *testing.T, pattern string) *engine.Engine {
	t.Helper()
	e := engine.New()
	_, _, cerr := e.Call("run", map[string]any{"pattern": pattern})
	require.Nil(t, cerr)
	return e
}
