package main

// End-to-end tests: the real page, built as `make serve` builds it (the
// engine compiled with GOOS=js GOARCH=wasm), served on 127.0.0.1, driven in
// Debian's Chromium through chromedp. Every test also checks that the page
// logged no error, threw no exception and sent no request off its origin.

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ingestkit/playground/core/table"

	"github.com/chromedp/cdproto/browser"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
	"github.com/ingestkit/playground/core"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var (
	baseURL  string
	distDir  string
	allocCtx context.Context
)

// chromiumPath finds the browser: $CHROMIUM, then Debian's chromium.
func chromiumPath() (string, error) {
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p, nil
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("chromium not found: `make test` installs it (apt-get install chromium), or set CHROMIUM to a Chromium binary")
}

// served counts the test server's requests by path (the page's and its
// workers': the browser's own events do not show what a worker fetches).
var (
	served   = map[string]int{}
	servedMu sync.Mutex
)

// servedCount is how many times path was asked for so far.
func servedCount(path string) int {
	servedMu.Lock()
	defer servedMu.Unlock()
	return served[path]
}

func TestMain(m *testing.M) {
	code, err := setup(m)
	if err != nil {
		fmt.Fprintln(os.Stderr, "browser tests cannot start:", err)
		os.Exit(1)
	}
	os.Exit(code)
}

func setup(m *testing.M) (int, error) {
	chrome, err := chromiumPath()
	if err != nil && toolsRequired() {
		return 0, err
	}
	if err != nil {
		// A newcomer's go test ./... before make deps: the tests that
		// need the browser skip with how to install it; the rest run.
		noBrowser = err.Error()
		fmt.Fprintln(os.Stderr, "browser tests skipped:", noBrowser)
	}
	root, err := moduleRoot()
	if err != nil {
		return 0, err
	}
	distDir, err = os.MkdirTemp("", "playground-dist-")
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(distDir)
	if err := Build(root, distDir); err != nil {
		return 0, err
	}
	files := Handler(distDir)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		servedMu.Lock()
		served[r.URL.Path]++
		servedMu.Unlock()
		files.ServeHTTP(w, r)
	}))
	defer srv.Close()
	baseURL = srv.URL
	if noBrowser != "" {
		return m.Run(), nil
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chrome),
		chromedp.NoSandbox,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-sync", true),
		chromedp.WindowSize(1400, 1000),
	)
	var cancel context.CancelFunc
	allocCtx, cancel = chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	// Start the browser once; each test opens its own tab.
	bctx, bcancel := chromedp.NewContext(allocCtx)
	defer bcancel()
	if err := chromedp.Do(bctx); err != nil {
		return 0, fmt.Errorf("starting %s: %w", chrome, err)
	}
	allocCtx = bctx
	return m.Run(), nil
}

// page is one browser tab with what it logged.
type page struct {
	t           *testing.T
	ctx         context.Context
	origin      string // where the page's requests may go
	alsoAllowed string // and another origin (of a frame in it)
	mu          sync.Mutex
	problems    []string
	requests    []string
	expected    []string // problems a test causes on purpose (substrings)
}

func openPage(t *testing.T, hash string) *page {
	t.Helper()
	p := openURL(t, baseURL, baseURL+"/"+hash)
	p.waitJS(`document.querySelector('[data-testid="status"]').textContent.startsWith('Engine ready')`)
	return p
}

// openURL opens a tab on url, whose requests must stay on origin, and
// records what the page logs; it does not wait for the engine.
func openURL(t *testing.T, origin, url string) *page {
	t.Helper()
	return openURLFrom(t, allocCtx, origin, url)
}

// openURLFrom opens url as openURL does, in a tab of parent's browser
// context (allocCtx: the browser's own, whose storage every test shares;
// with chromedp.WithNewBrowserContext, one of its own: nothing stored by
// other tests; a page's ctx: the same storage as that page).
func openURLFrom(t *testing.T, parent context.Context, origin, url string, opts ...chromedp.ContextOption) *page {
	t.Helper()
	needBrowser(t)
	ctx, cancel := chromedp.NewContext(parent, opts...)
	ctx, cancel2 := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() { cancel2(); cancel() })
	p := &page{t: t, ctx: ctx, origin: origin}
	require.NoError(t, chromedp.Do(ctx))
	require.NoError(t, chromedp.Listen(ctx, func(ev any) {
		p.mu.Lock()
		defer p.mu.Unlock()
		switch e := ev.(type) {
		case *runtime.EventExceptionThrown:
			p.problems = append(p.problems, "exception: "+e.ExceptionDetails.Text+" "+describeException(e.ExceptionDetails))
		case *runtime.EventConsoleAPICalled:
			if e.Type == "error" || e.Type == "warning" || e.Type == "assert" {
				var parts []string
				for _, a := range e.Args {
					parts = append(parts, string(a.Value)+a.Description)
				}
				p.problems = append(p.problems, fmt.Sprintf("console.%s: %s", e.Type, strings.Join(parts, " ")))
			}
		case *cdplog.EventEntryAdded:
			if e.Entry.Level == "error" || e.Entry.Level == "warning" {
				p.problems = append(p.problems, fmt.Sprintf("browser %s: %s %s", e.Entry.Level, e.Entry.Text, e.Entry.URL))
			}
		case *network.EventRequestWillBeSent:
			p.requests = append(p.requests, e.Request.URL)
		}
	}))
	t.Cleanup(p.checkClean)
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(url)))
	return p
}

func describeException(d *runtime.ExceptionDetails) string {
	if d.Exception != nil {
		return d.Exception.Description
	}
	return ""
}

// checkClean fails the test if the page logged an error, threw, or asked
// for anything outside its origin.
func (p *page) checkClean() {
	p.mu.Lock()
	defer p.mu.Unlock()
	var problems []string
outer:
	for _, pr := range p.problems {
		for _, e := range p.expected {
			if strings.Contains(pr, e) {
				continue outer
			}
		}
		problems = append(problems, pr)
	}
	assert.Empty(p.t, problems, "the page reported problems")
	for _, u := range p.requests {
		ok := strings.HasPrefix(u, p.origin+"/") || p.alsoAllowed != "" && strings.HasPrefix(u, p.alsoAllowed+"/") || strings.HasPrefix(u, "blob:"+p.origin) || strings.HasPrefix(u, "data:") || p.origin == "file:" && (strings.HasPrefix(u, "file://") || strings.HasPrefix(u, "blob:null/"))
		assert.True(p.t, ok, "request outside the page's origin: %s", u)
	}
}

// waitJS waits until a JavaScript expression is true; an expression that
// throws (an element not there yet) counts as false.
func (p *page) waitJS(expr string) {
	p.t.Helper()
	safe := "(() => { try { return (" + expr + "); } catch (e) { return false; } })()"
	_, err := chromedp.Run(p.ctx, chromedp.Poll[bool](safe, chromedp.WithPollingTimeout(60*time.Second), chromedp.WithPollingInterval(50*time.Millisecond)))
	require.NoError(p.t, err, "waiting for %s; status: %s", expr, p.text(`[data-testid="status"]`))
}

func (p *page) eval(expr string) string {
	p.t.Helper()
	v, err := chromedp.Run(p.ctx, chromedp.Evaluate[string](expr))
	require.NoError(p.t, err, expr)
	return v
}

func (p *page) text(sel string) string {
	v, err := chromedp.Run(p.ctx, chromedp.Evaluate[string](fmt.Sprintf(`(document.querySelector(%q) || {}).textContent || ''`, sel)))
	if err != nil {
		return "(" + err.Error() + ")"
	}
	return v
}

func tid(id string) string { return fmt.Sprintf(`[data-testid=%q]`, id) }

// waitText waits until the element with the test id shows want.
func (p *page) waitText(id, want string) {
	p.t.Helper()
	p.waitJS(fmt.Sprintf(`(document.querySelector(%q) || {}).textContent === %q`, tid(id), want))
}

// set types a value into a setting the way a user does (input events).
func (p *page) set(pattern, key, value string) {
	p.t.Helper()
	js := fmt.Sprintf(`(() => { const el = document.querySelector('#%s [data-key=%q]:not(div)'); el.value = %q; el.dispatchEvent(new Event('input', {bubbles: true})); return 'ok'; })()`, pattern, key, value)
	require.Equal(p.t, "ok", p.eval(js))
}

// click clicks an element as a person would: once the page has stopped
// scrolling (a smooth scroll moves it from under the pointer). A click the
// element never heard of (on a loaded machine the page can move between
// finding the element and the mouse press: a result drawn above it) is
// made again, up to twice, and said; a click on a disabled element, which
// no element hears, ends there all the same.
func (p *page) click(id string) {
	p.t.Helper()
	for attempt := 1; ; attempt++ {
		p.waitStill()
		p.waitClickable(id)
		p.eval(`(() => {
			window.__clickSel = ` + jsString(tid(id)) + `;
			window.__clicked = false;
			if (!window.__clickWatch) {
				window.__clickWatch = true;
				document.addEventListener('click', (e) => { if (window.__clickSel && e.target instanceof Element && e.target.closest(window.__clickSel)) window.__clicked = true; }, true);
			}
			return 'ok';
		})()`)
		require.NoError(p.t, chromedp.Do(p.ctx, chromedp.Click(chromedp.CSS(tid(id)))))
		// Unheard, on the same page, by an element that can hear it.
		missed := p.eval(`String(window.__clickWatch === true && window.__clicked === false && (() => { const el = document.querySelector(window.__clickSel); return el !== null && !el.disabled; })())`)
		if missed != "true" || attempt == 3 {
			return
		}
		p.t.Logf("the click on %s did not reach it (attempt %d): again", id, attempt)
	}
}

// waitClickable waits until the element has stopped moving (its box is the
// same 100 ms apart: a result or a note appearing above it shifts it) and is
// the topmost thing at its centre, so a mouse click lands on it.
func (p *page) waitClickable(id string) {
	p.t.Helper()
	expr := fmt.Sprintf(`new Promise((r) => {
		const el = document.querySelector(%q);
		if (!el) return r(false);
		const box = () => { const b = el.getBoundingClientRect(); return [b.x, b.y, b.width, b.height].join(); };
		const a = box();
		setTimeout(() => {
			const b = el.getBoundingClientRect();
			const top = document.elementFromPoint(b.x + b.width / 2, b.y + b.height / 2);
			const onTop = top !== null && (el === top || el.contains(top) || (top.tagName === 'LABEL' && top.contains(el)));
			r(box() === a && b.width > 0 && (b.y < 0 || b.bottom > innerHeight || onTop));
		}, 100);
	})`, tid(id))
	_, err := chromedp.Run(p.ctx, chromedp.Poll[bool](expr, chromedp.WithPollingTimeout(20*time.Second), chromedp.WithPollingInterval(10*time.Millisecond)))
	require.NoError(p.t, err, "waiting for %s to stay still and be on top", id)
}

func (p *page) defaultsShown() {
	p.t.Helper()
	p.waitText("batch-extracted", "100")
	p.waitText("batch-valid", "100")
	p.waitText("stream-events", "50")
	p.waitText("stream-batches", "5")
	p.waitText("stream-size-flushes", "5")
	p.waitText("etl-extracted", "150")
	p.waitText("etl-valid", "138")
	p.waitText("etl-rejected", "12")
}

// TestFirstResultPaintedWithoutElementTiming: in a browser that cannot
// say when it presented a frame (Firefox and Safari have no Element
// Timing), the first result counts as painted a task after the next
// frame, and the engine starts then, as in Chromium.
func TestFirstResultPaintedWithoutElementTiming(t *testing.T) {
	p := openURL(t, baseURL, "about:blank")
	_, err := chromedp.Call(p.ctx, cdppage.AddScriptToEvaluateOnNewDocument, cdppage.AddScriptToEvaluateOnNewDocumentParams{Source: `
		Object.defineProperty(PerformanceObserver, 'supportedEntryTypes', { get: () => ['mark', 'measure', 'navigation', 'resource', 'paint'] });`})
	require.NoError(t, err)
	require.NoError(t, chromedp.Do(p.ctx, chromedp.Navigate(baseURL+"/")))
	p.defaultsShown()
	p.waitJS(`performance.getEntriesByName('first-result-painted').length === 1 && performance.getEntriesByName('engine-ready').length === 1`)
	assert.Equal(t, "next frame", p.eval(`performance.getEntriesByName('first-result-painted')[0].detail`))
	assert.Equal(t, "painted", p.eval(`__engine.startReason`))
	assert.Equal(t, "0", p.eval(`String(document.querySelectorAll('[elementtiming]').length)`))
}

// TestFirstResultPaintedAfterTheEngineRan: a link whose settings no
// recorded answer covers waits for the engine, while the tab's settings are
// on screen; the result the engine then gives is what the mark waits for
// to be presented (not the text painted before, which Element Timing
// reports once only).
func TestFirstResultPaintedAfterTheEngineRan(t *testing.T) {
	for _, hash := range []string{"#p=time&t.seed=5", "#p=etl&e.n=149"} {
		p := openURL(t, baseURL, baseURL+"/"+hash)
		p.waitJS(`performance.getEntriesByName('first-result-painted').length === 1`)
		assert.Equal(t, "presented", p.eval(`performance.getEntriesByName('first-result-painted')[0].detail`), hash)
		assert.Equal(t, "true", p.eval(`String(performance.getEntriesByName('first-result-painted')[0].startTime - performance.getEntriesByName('first-result')[0].startTime < 1000)`), hash)
	}
}

func TestFirstOpenShowsTheDemoNumbers(t *testing.T) {
	// A first visit: nothing stored (no snapshot of an earlier visit).
	p := openURLFrom(t, allocCtx, baseURL, baseURL+"/", chromedp.WithNewBrowserContext())
	p.waitJS(`document.querySelector('[data-testid="status"]').textContent.startsWith('Engine ready')`)
	p.defaultsShown()
	// The start-up marks the browser benchmark reads: the first result,
	// then the same once painted.
	p.waitJS(`performance.getEntriesByName('first-result-painted').length === 1`)
	assert.Equal(t, "true", p.eval(`(performance.getEntriesByName('first-result')[0].startTime <= performance.getEntriesByName('first-result-painted')[0].startTime).toString()`))
	// Chromium says when it presented the frame holding the result
	// (Element Timing), and the page marks that moment; the attributes
	// that asked for it are gone.
	assert.Equal(t, "presented", p.eval(`performance.getEntriesByName('first-result-painted')[0].detail`))
	assert.Equal(t, "0", p.eval(`String(document.querySelectorAll('[elementtiming]').length)`))
	// The tables are there, paged from the engine.
	p.click("nav-etl")
	p.waitJS(`document.querySelectorAll('[data-testid="table-etl_output"] tbody tr:not(.loading)').length > 10`)
	assert.Equal(t, "ORD-000001", p.eval(`document.querySelector('[data-testid="table-etl_output"] tbody tr td:nth-child(2)').textContent`))
	assert.Equal(t, "2", p.eval(`document.querySelectorAll('[data-testid="rule-result"]').length.toString()`))
	assert.Equal(t, "fail", p.eval(`document.querySelector('[data-testid="rule-result"]').dataset.status`))
	// The step log tells the story.
	assert.Contains(t, p.text(tid("log-etl")), "injected null_price into 6 rows")

	// Each pattern renders; with SCREENSHOT_DIR set, the pictures are kept
	// for people to look at.
	for _, pattern := range []string{"batch", "stream", "etl"} {
		p.click("nav-" + pattern)
		p.waitJS(fmt.Sprintf(`!document.querySelector('[data-testid="section-%s"]').hidden`, pattern))
		time.Sleep(300 * time.Millisecond)
		png, err := chromedp.Run(p.ctx, chromedp.FullScreenshot(100))
		require.NoError(t, err)
		require.True(t, bytes.HasPrefix(png, []byte("\x89PNG")), "a PNG screenshot")
		if dir := os.Getenv("SCREENSHOT_DIR"); dir != "" {
			require.NoError(t, os.WriteFile(filepath.Join(dir, pattern+".png"), png, 0o644))
		}
	}
}

// The built page loads its scripts as one bundled module: index.html has no
// module preloads, js/ holds the bundle and the classic start-up guard only,
// and the page asks for no other script of js/.
func TestBuiltPageLoadsOneModule(t *testing.T) {
	page, err := os.ReadFile(filepath.Join(distDir, "index.html"))
	require.NoError(t, err)
	assert.NotContains(t, string(page), "modulepreload")
	assert.Contains(t, string(page), `<script type="module" src="js/app.js"></script>`)
	mods, err := filepath.Glob(filepath.Join(distDir, "js", "*"))
	require.NoError(t, err)
	for i := range mods {
		mods[i] = filepath.Base(mods[i])
	}
	assert.ElementsMatch(t, []string{"app.js", "boot.js"}, mods)

	p := openPage(t, "")
	p.defaultsShown()
	p.mu.Lock()
	defer p.mu.Unlock()
	var scripts []string
	for _, u := range p.requests {
		if strings.Contains(u, "/js/") {
			scripts = append(scripts, u[strings.Index(u, "/js/"):])
		}
	}
	assert.ElementsMatch(t, []string{"/js/boot.js", "/js/app.js"}, scripts)
}

func TestChangedSettingsChangeResults(t *testing.T) {
	p := openPage(t, "")
	p.defaultsShown()
	p.click("nav-etl")
	p.set("etl", "records", "300")
	p.waitText("etl-extracted", "300")
	// 4 % + 4 % of 300 rows fail the two rules.
	p.waitText("etl-valid", "276")
	p.set("etl", "faults.nullPrice", "10")
	p.waitText("etl-valid", "258")

	p.click("nav-stream")
	p.set("stream", "bufferSize", "7")
	p.waitText("stream-batches", "8")
	p.waitText("stream-end-flushes", "1")
	// The link follows the settings.
	p.waitJS(`location.hash.includes('s.bs=7') && location.hash.includes('e.n=300') && location.hash.includes('e.fp=0.1')`)
}

func TestBadSettingShowsItsMessageAndThePageRecovers(t *testing.T) {
	p := openPage(t, "")
	p.defaultsShown()
	// Typed by keyboard, like a learner.
	sel := chromedp.CSS(`#batch-records`)
	require.NoError(t, chromedp.Do(p.ctx, chromedp.Click(sel), chromedp.Evaluate[chromedp.Void](`document.querySelector('#batch-records').select()`), chromedp.SendKeys(sel, "0")))
	p.waitJS(`!document.querySelector('[data-testid="field-error-batch-records"]').hidden`)
	assert.Contains(t, p.text(tid("field-error-batch-records")), "Records must be from 1 to 5,000,000; you entered 0.")
	assert.Equal(t, "true", p.eval(`document.querySelector('[data-testid="run-batch"]').disabled.toString()`))
	assert.Equal(t, "100", p.text(tid("batch-extracted")), "the last good result stays")

	require.NoError(t, chromedp.Do(p.ctx, chromedp.Evaluate[chromedp.Void](`document.querySelector('#batch-records').select()`), chromedp.SendKeys(sel, "250")))
	p.waitText("batch-extracted", "250")
	p.waitJS(`document.querySelector('[data-testid="field-error-batch-records"]').hidden`)

	// A rule error points at its line.
	p.click("nav-etl")
	p.set("etl", "rules", "price not null\nquantity >")
	p.waitJS(`!document.querySelector('[data-testid="field-error-etl-rules"]').hidden`)
	assert.Contains(t, p.text(tid("field-error-etl-rules")), "rule line 2, column 11: expected a value to compare with")
	assert.Equal(t, "2", p.eval(`document.querySelector('#etl .gutter .bad').textContent`))
	p.set("etl", "rules", "price not null\nqty > 0")
	p.waitJS(`document.querySelector('[data-testid="field-error-etl-rules"]').textContent.includes('unknown column "qty"')`)
	p.set("etl", "rules", "price not null\nquantity > 0\norder_id unique")
	p.waitJS(`document.querySelectorAll('[data-testid="rule-result"]').length === 3`)
	p.waitText("etl-valid", "138")

	// A column chip inserts its name at the cursor.
	p.eval(`(() => { const a = document.querySelector('[data-testid="rules-etl"]'); a.value = ''; a.selectionStart = a.selectionEnd = 0; return 'ok'; })()`)
	p.eval(`[...document.querySelectorAll('[data-testid="column-chips-etl"] button')].find(b => b.textContent === 'discount').click(), 'ok'`)
	assert.Equal(t, "discount ", p.eval(`document.querySelector('[data-testid="rules-etl"]').value`))
	p.set("etl", "rules", "price not null\nquantity > 0\norder_id unique")
	p.waitJS(`document.querySelectorAll('[data-testid="rule-result"]').length === 3`)

	// Faults adding up to more than 100 %.
	p.set("etl", "faults.messyText", "99")
	p.waitJS(`document.querySelector('[data-testid="error-etl"]').textContent.includes('add up to')`)
	assert.Contains(t, p.text(tid("error-etl")), "Rates add up to 117 %; each faulty row gets one fault, so they must add up to at most 100 %")
	p.set("etl", "faults.messyText", "10")
	p.waitJS(`document.querySelector('[data-testid="error-etl"]').hidden`)
}

func TestDeepLinkRestoresAndRuns(t *testing.T) {
	p := openPage(t, "#p=etl&e.n=400&e.fp=0.1&s.bs=4&run=1")
	p.waitText("etl-extracted", "400")
	// 10 % null prices and 4 % bad quantities of 400.
	p.waitText("etl-valid", "344")
	assert.Equal(t, "false", p.eval(`document.querySelector('[data-testid="section-etl"]').hidden.toString()`))
	assert.Equal(t, "true", p.eval(`document.querySelector('[data-testid="section-batch"]').hidden.toString()`))
	assert.Equal(t, "400", p.eval(`document.querySelector('#etl-records').value`))
	assert.Equal(t, "10", p.eval(`document.querySelector('#etl-faults\\.nullPrice').value`))
	p.waitText("stream-batches", "13")

	// A long rule text travels compressed and comes back exactly.
	rules := `price not null
quantity > 0
order_id unique
price between 0 and 10000
category in ("Electronics", "Books", "Home", "Clothing", "Sports") mostly 0.95
warn: discount <= 0.15
email matches "^[^@]+@[^@]+$"
`
	p.set("etl", "rules", rules)
	p.waitJS(`document.querySelectorAll('[data-testid="rule-result"]').length === 7`)
	p.waitJS(`location.hash.includes('e.r=z:')`)
	hash := p.eval(`location.hash`)
	assert.Less(t, len(hash), 2000, "a typical link stays short")

	q := openPage(t, hash+"&run=1")
	q.waitJS(`document.querySelectorAll('[data-testid="rule-result"]').length === 7`)
	assert.Equal(t, rules, q.eval(`document.querySelector('[data-testid="rules-etl"]').value`))

	// A broken link is reported, and the rest of it still applies.
	r := openPage(t, "#p=stream&s.zz=1&s.n=abc&s.bs=3")
	r.waitJS(`document.querySelector('[data-testid="status"]').textContent.includes('unknown setting "s.zz"')`)
	r.waitText("stream-batches", "17")
}

// An embed shows one tab without the tools, also in an iframe of a
// course page on another origin.
func TestEmbedModeShowsOneTab(t *testing.T) {
	p := openPage(t, "#p=stream&embed=1&run=1")
	p.waitText("stream-batches", "5")
	assert.Equal(t, "true", p.eval(`document.body.classList.contains('embed').toString()`))
	assert.Equal(t, "none", p.eval(`getComputedStyle(document.querySelector('.tools')).display`))
	assert.Equal(t, "true", p.eval(`document.querySelector('[data-testid="section-etl"]').hidden.toString()`))

	// It works inside an iframe of a course page on another origin.
	host := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprintf(w, `<!doctype html><title>A course</title><h1>Lesson 3</h1><iframe src="%s/#p=etl&embed=1&run=1" width="1000" height="700"></iframe>`, baseURL)
	}))
	defer host.Close()
	needBrowser(t)
	ctx, cancel := chromedp.NewContext(allocCtx)
	defer cancel()
	ctx, cancel2 := context.WithTimeout(ctx, 60*time.Second)
	defer cancel2()
	// localhost is another site than 127.0.0.1, so the frame is cross-site.
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(strings.Replace(host.URL, "127.0.0.1", "localhost", 1))))
	fctx, fcancel := chromedp.NewContext(ctx, chromedp.WithTargetID(frameTarget(t, ctx, baseURL)))
	defer fcancel()
	_, err := chromedp.Run(fctx, chromedp.Poll[bool](`(document.querySelector('[data-testid="etl-valid"]') || {}).textContent === '138' && document.body.classList.contains('embed')`,
		chromedp.WithPollingTimeout(40*time.Second)))
	require.NoError(t, err)
}

// frameTarget waits for the cross-origin frame whose address starts with
// prefix (it runs as its own target) and returns it.
func frameTarget(t *testing.T, ctx context.Context, prefix string) target.ID {
	t.Helper()
	var frame target.ID
	require.Eventually(t, func() bool {
		ts, err := chromedp.Targets(ctx)
		if err != nil {
			return false
		}
		for _, ti := range ts {
			if ti.Type == "iframe" && strings.HasPrefix(ti.URL, prefix) {
				frame = ti.TargetID
				return true
			}
		}
		return false
	}, 20*time.Second, 100*time.Millisecond, "the embedded page runs in its own (cross-origin) frame")
	return frame
}

// TestDownloadsAreByteIdenticalToCore downloads every output of the default
// runs through the page and compares it with what core writes natively.
func TestDownloadsAreByteIdenticalToCore(t *testing.T) {
	p := openPage(t, "")
	p.defaultsShown()
	dir := t.TempDir()
	require.NoError(t, chromedp.Do(p.ctx, chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
			Behavior: browser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: dir, EventsEnabled: ptr(true)})
		return err
	})))

	b, err := core.RunBatch(core.DefaultBatchConfig(), nil)
	require.NoError(t, err)
	s, err := core.RunStream(core.DefaultStreamConfig(), nil)
	require.NoError(t, err)
	e, err := core.RunETL(core.DefaultETLConfig(), nil)
	require.NoError(t, err)
	want := map[string]*table.Table{
		"batch_output": b.Output, "batch_by_category": b.ByCategory, "batch_by_region": b.ByRegion,
		"stream_events": s.Events, "stream_batches": s.Batches,
		"etl_output": e.Clean, "etl_rejected": e.Rejected,
	}
	tabs := map[string]string{"batch": "nav-batch", "stream": "nav-stream", "etl": "nav-etl"}
	for name, tab := range want {
		p.click(tabs[strings.SplitN(name, "_", 2)[0]])
		progress := chromedp.BrowserEvents(p.ctx, browser.DownloadProgress)
		p.click("download-" + name)
		var guid string
		for ev, err := range progress {
			require.NoError(t, err)
			if ev.State == browser.DownloadProgressStateCompleted {
				guid = ev.GUID
				break
			}
			require.NotEqual(t, browser.DownloadProgressStateCanceled, ev.State)
		}
		got, err := os.ReadFile(filepath.Join(dir, guid))
		require.NoError(t, err)
		assert.Equal(t, string(table.AppendCSV(nil, tab, table.CSVWriteOptions{})), string(got), name)
	}
}

func ptr[T any](v T) *T { return &v }

func TestStreamTriggersAndReplay(t *testing.T) {
	p := openPage(t, "#p=stream&s.n=20&s.ei=1500&s.lg=1000&run=1")
	// A quiet stream: every batch but the last flushes on time.
	p.waitText("stream-time-flushes", "19")
	p.waitText("stream-end-flushes", "1")
	p.waitText("stream-size-flushes", "0")
	// The batch chart colours each flush by its trigger.
	assert.Equal(t, "19", p.eval(`document.querySelectorAll('[data-testid="chart-stream-sizes"] .col.time').length.toString()`))
	assert.Equal(t, "1", p.eval(`document.querySelectorAll('[data-testid="chart-stream-sizes"] .col.end').length.toString()`))
	// The replay ends with all 20 micro-batches listed, labelled by trigger.
	p.waitJS(`document.querySelectorAll('[data-testid="replay-flushes"] li').length >= 12`)
	p.eval(`(() => { document.querySelector('#stream .replay select').value = '100'; document.querySelector('#stream .replay select').dispatchEvent(new Event('change')); return 'ok'; })()`)
	p.waitJS(`document.querySelector('[data-testid="replay-counter"]').textContent.startsWith('20 events arrived · 20 micro-batches')`)
	assert.Equal(t, "end", p.eval(`document.querySelector('[data-testid="replay-flushes"] li').dataset.trigger`))
	assert.Equal(t, "time", p.eval(`document.querySelector('[data-testid="replay-flushes"] li:nth-child(2)').dataset.trigger`))
}

func TestTablesSortAndPage(t *testing.T) {
	p := openPage(t, "#p=batch&b.n=5000&run=1")
	p.waitText("batch-extracted", "5,000")
	grid := tid("table-batch_output")
	p.waitJS(fmt.Sprintf(`document.querySelectorAll('%s tbody tr:not(.loading)').length > 5`, grid))
	// Sort by revenue, descending on the second click.
	revenue := fmt.Sprintf(`[...document.querySelectorAll('%s thead th')].find(th => th.textContent.startsWith('revenue'))`, grid)
	p.eval(revenue + `.click(), 'ok'`)
	p.eval(revenue + `.click(), 'ok'`)
	p.waitJS(revenue + `.getAttribute('aria-sort') === 'descending'`)
	col := p.eval(fmt.Sprintf(`(%s.cellIndex + 1).toString()`, revenue))
	p.waitJS(fmt.Sprintf(`document.querySelectorAll('%s tbody tr:not(.loading)').length > 5`, grid))
	first := p.eval(fmt.Sprintf(`document.querySelector('%s tbody tr td:nth-child(%s)').textContent`, grid, col))
	second := p.eval(fmt.Sprintf(`document.querySelector('%s tbody tr:nth-child(2) td:nth-child(%s)').textContent`, grid, col))
	f1, _ := table.ParseDecimal(first)
	f2, _ := table.ParseDecimal(second)
	assert.GreaterOrEqual(t, f1, f2)
	// A third click restores the source order; scrolling to the end fetches
	// the last rows, and only the visible rows are in the DOM.
	p.eval(revenue + `.click(), 'ok'`)
	p.waitJS(revenue + `.getAttribute('aria-sort') === 'none'`)
	p.eval(fmt.Sprintf(`(() => { const s = document.querySelector('%s'); s.scrollTop = s.scrollHeight; return 'ok'; })()`, grid))
	p.waitJS(fmt.Sprintf(`[...document.querySelectorAll('%s tbody tr')].some(tr => tr.firstChild.textContent === '5001')`, grid))
	rows, err := strconv.Atoi(p.eval(fmt.Sprintf(`document.querySelectorAll('%s tbody tr').length.toString()`, grid)))
	require.NoError(t, err)
	assert.Less(t, rows, 60, "only the visible rows are in the DOM")
}

func TestCancelALongRun(t *testing.T) {
	p := openPage(t, "#p=etl&e.n=2000000")
	p.waitJS(`document.querySelector('[data-testid="error-etl"]').textContent.includes('Press Run')`)
	p.click("run-etl")
	p.waitJS(`!document.querySelector('[data-testid="cancel-etl"]').hidden`)
	p.click("cancel-etl")
	p.waitJS(`document.querySelector('[data-testid="error-etl"]').textContent.includes('Cancelled')`)
	p.waitJS(`document.querySelector('[data-testid="status"]').textContent.startsWith('Engine ready')`)
	// The engine works again.
	p.set("etl", "records", "150")
	p.waitText("etl-valid", "138")
	p.waitText("batch-valid", "100")
}

// A preset sets up its pattern, opens its tab, runs it and says so.
func TestPresetSetsUpAndRunsItsTab(t *testing.T) {
	p := openPage(t, "")
	p.defaultsShown()
	p.eval(`(() => { const s = document.querySelector('[data-testid="presets"]'); s.value = 'dirty'; s.dispatchEvent(new Event('change')); return 'ok'; })()`)
	p.waitText("etl-extracted", "1,000")
	p.waitJS(`document.querySelectorAll('[data-testid="rule-result"]').length === 8`)
	assert.Equal(t, "false", p.eval(`document.querySelector('[data-testid="section-etl"]').hidden.toString()`))
	p.waitJS(`document.querySelector('[data-testid="status"]').textContent.includes('Very dirty data')`)
}

// The built page carries the engine's defaults for a quick start: they are
// the engine's own answer, field for field.
func TestInlineDefaultsAreTheEngines(t *testing.T) {
	p := openPage(t, "")
	p.defaultsShown()
	same, err := chromedp.Run(p.ctx, chromedp.Evaluate[string](`(async () => {
		const canon = (v) => Array.isArray(v) ? v.map(canon) : v && typeof v === 'object'
			? Object.fromEntries(Object.keys(v).sort().map((k) => [k, canon(v[k])])) : v;
		const inline = JSON.stringify(canon(JSON.parse(document.getElementById('ingest-defaults').textContent)));
		const live = JSON.stringify(canon(await window.__engine.call('defaults')));
		return inline === live ? 'same' : inline + ' vs ' + live;
	})()`, chromedp.EvalAwaitPromise))
	require.NoError(t, err)
	assert.Equal(t, "same", same)
}
