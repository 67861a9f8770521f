package main

// Browser benchmarks: what a learner waits for, measured in headless
// Chromium on the real page. Run with `make bench-browser`
// (go test -run '^$' -bench . ./site/...).

import (
	"bytes"
	"compress/gzip"
	"context"
	"github.com/chromedp/cdproto/browser"
	"github.com/ingestkit/playground/core"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// BenchmarkPageDownload reports the gzip size of everything the page loads.
func BenchmarkPageDownload(b *testing.B) {
	files := []string{"index.html", "style.css", "icon.svg", "worker.js", "wasm_exec.js", "engine.wasm"}
	js, _ := filepath.Glob(filepath.Join(distDir, "js", "*.js"))
	for _, f := range js {
		rel, _ := filepath.Rel(distDir, f)
		files = append(files, rel)
	}
	var raw, gz, wasmGz int
	for b.Loop() {
		raw, gz, wasmGz = 0, 0, 0
		for _, f := range files {
			data, err := os.ReadFile(filepath.Join(distDir, f))
			if err != nil {
				b.Fatal(err)
			}
			var buf bytes.Buffer
			w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
			w.Write(data)
			w.Close()
			raw += len(data)
			gz += buf.Len()
			if f == "engine.wasm" {
				wasmGz = buf.Len()
			}
		}
	}
	b.ReportMetric(float64(gz)/1e6, "MB-gzip")
	b.ReportMetric(float64(wasmGz)/1e6, "MB-wasm-gzip")
	b.ReportMetric(float64(raw)/1e6, "MB-raw")
}

func benchTab(b *testing.B) (context.Context, func()) {
	ctx, cancel := chromedp.NewContext(allocCtx)
	ctx, cancel2 := context.WithTimeout(ctx, 3*time.Minute)
	if err := chromedp.Do(ctx); err != nil {
		b.Fatal(err)
	}
	return ctx, func() { cancel2(); cancel() }
}

func evalFloat(b *testing.B, ctx context.Context, expr string) float64 {
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](expr))
	if err != nil {
		b.Fatal(err)
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		b.Fatalf("%s = %q", expr, s)
	}
	return f
}

// BenchmarkFirstResult: from navigation to the first default result on
// screen, for the served page and for the single file opened from disk.
func BenchmarkFirstResult(b *testing.B) {
	b.Run("served", func(b *testing.B) { firstResult(b, baseURL+"/") })
	b.Run("single-file", func(b *testing.B) {
		firstResult(b, "file://"+filepath.ToSlash(filepath.Join(distDir, SingleFileName)))
		st, err := os.Stat(filepath.Join(distDir, SingleFileName))
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(st.Size())/1e6, "MB-file")
	})
}

func firstResult(b *testing.B, url string) {
	var total float64
	for b.Loop() {
		ctx, done := benchTab(b)
		if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
			b.Fatal(err)
		}
		if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`performance.getEntriesByName('first-result').length > 0`, chromedp.WithPollingTimeout(time.Minute))); err != nil {
			b.Fatal(err)
		}
		total += evalFloat(b, ctx, `String(performance.getEntriesByName('first-result')[0].startTime)`)
		done()
	}
	b.ReportMetric(total/float64(b.N), "ms/first-result")
}

// BenchmarkETLMillion: a 1,000,000-record ETL run in the worker, from the
// click on Run to the result on screen, and the longest main-thread task
// meanwhile (PerformanceObserver 'longtask').
func BenchmarkETLMillion(b *testing.B) {
	var total, longest float64
	for b.Loop() {
		ctx, done := benchTab(b)
		err := chromedp.Do(ctx,
			chromedp.Navigate(baseURL+"/#p=etl&e.n=1000000"),
			void(chromedp.Poll[bool](`(document.querySelector('[data-testid="error-etl"]') || {}).textContent?.includes('Press Run')`, chromedp.WithPollingTimeout(time.Minute))),
			chromedp.Evaluate[chromedp.Void](`window.__long = []; new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__long.push(e.duration); }).observe({type: 'longtask'}); window.__t0 = performance.now(); document.querySelector('[data-testid="run-etl"]').click();`),
			void(chromedp.Poll[bool](`(document.querySelector('[data-testid="etl-extracted"]') || {}).textContent === '1,000,000' && document.querySelector('[data-testid="cancel-etl"]').hidden`, chromedp.WithPollingTimeout(2*time.Minute), chromedp.WithPollingInterval(5*time.Millisecond))),
		)
		if err != nil {
			b.Fatal(err)
		}
		total += evalFloat(b, ctx, `String(performance.now() - window.__t0)`)
		longest = max(longest, evalFloat(b, ctx, `String(Math.max(0, ...window.__long))`))
		done()
	}
	b.ReportMetric(total/float64(b.N), "ms/run")
	b.ReportMetric(longest, "ms-longest-main-task")
}

// BenchmarkSweep: the Streaming tab's sweep request (buffer size and
// linger, 27 runs of the buffer) over 100,000 events, in the worker, timed
// from the page.
func BenchmarkSweep(b *testing.B) {
	ctx, done := benchTab(b)
	defer done()
	if err := chromedp.Do(ctx, chromedp.Navigate(baseURL+"/#p=stream"),
		void(chromedp.Poll[bool](`(document.querySelector('[data-testid="status"]') || {}).textContent?.startsWith('Engine ready')`, chromedp.WithPollingTimeout(time.Minute)))); err != nil {
		b.Fatal(err)
	}
	var total float64
	for b.Loop() {
		ms, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(async () => { const t0 = performance.now(); await window.__engine.call('sweep', { pattern: 'stream', config: { records: 100000 } }); return String(performance.now() - t0); })()`, chromedp.EvalAwaitPromise))
		if err != nil {
			b.Fatal(err)
		}
		f, err := strconv.ParseFloat(ms, 64)
		if err != nil {
			b.Fatal(err)
		}
		total += f
	}
	b.ReportMetric(total/float64(b.N), "ms/sweep-100k")
}

// void drops an action's value.
func void[T any](a chromedp.Action[T]) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		_, err := a(ctx, t)
		return chromedp.Void{}, err
	}
}

// benchFile writes a 1,000,000-row, 8-column sales CSV (about 65 MB) with
// about 8 % bad rows (null prices, quantities ≤ 0) and quoted fields that
// hold commas.
func benchFile(b *testing.B) string {
	b.Helper()
	path := filepath.Join(b.TempDir(), "sales_1m.csv")
	tab, _, err := core.GenerateSales(core.GenConfig{Records: 1_000_000, Seed: 3, Start: core.DefaultStart, Span: 365 * core.Day,
		Faults: core.Faults{NullPrice: 0.04, BadQuantity: 0.04}})
	if err != nil {
		b.Fatal(err)
	}
	cust := tab.Col(core.ColCustomerID).Str
	for i := range cust {
		if i%10 == 0 {
			cust[i] = "Customer " + strconv.Itoa(i%500) + ", Ltd."
		}
	}
	keep := []string{core.ColOrderID, core.ColOrderTS, core.ColCustomerID, core.ColProduct, core.ColCategory, core.ColRegion, core.ColPrice, core.ColQuantity}
	cols := make([]*core.Column, len(keep))
	for i, k := range keep {
		cols[i] = tab.Col(k)
	}
	t8, err := core.NewTable("sales", cols...)
	if err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(path, core.AppendCSV(nil, t8, core.CSVWriteOptions{}), 0o644); err != nil {
		b.Fatal(err)
	}
	return path
}

// BenchmarkYourDataMillion: the "Your data" flow on a 1M-row, 8-column CSV.
// Inside the worker (the target, "w-" metrics): parse, profile,
// check (two rules, standardize two text columns, four derived columns,
// aggregate by category) and write (the clean CSV). On the page ("page-"
// metrics): from choosing the file to its summary, from Run to the results,
// from Download to the file on disk. Then, after a pause, the check again:
// the engine collects while idle, so a second run is as fast as the first.
func BenchmarkYourDataMillion(b *testing.B) {
	path := benchFile(b)
	st, _ := os.Stat(path)
	var parse, check, write time.Duration
	var wParse, wProfile, wCheck, wWrite, wRecheck float64
	var peak float64
	for b.Loop() {
		ctx, done := benchTab(b)
		dir := b.TempDir()
		wait := func(expr string) {
			if _, err := chromedp.Run(ctx, chromedp.Poll[bool](expr, chromedp.WithPollingTimeout(3*time.Minute), chromedp.WithPollingInterval(10*time.Millisecond))); err != nil {
				b.Fatal(expr, err)
			}
		}
		eval := func(expr string) float64 {
			v, err := chromedp.Run(ctx, chromedp.Evaluate[float64](expr, chromedp.EvalAwaitPromise))
			if err != nil {
				b.Fatal(expr, err)
			}
			return v
		}
		// The worker's own time for the last call of a method.
		workerMs := func(method string) float64 {
			return eval(`window.__engine.timings.filter((t) => t.method === '` + method + `').at(-1).workerMs`)
		}
		if err := chromedp.Do(ctx, chromedp.Navigate(baseURL+"/#p=data")); err != nil {
			b.Fatal(err)
		}
		wait(`(document.querySelector('[data-testid="status"]') || {}).textContent?.startsWith('Engine ready')`)
		if err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			_, err := chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
				Behavior: browser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: dir, EventsEnabled: ptr(true)})
			return err
		})); err != nil {
			b.Fatal(err)
		}
		t0 := time.Now()
		if err := chromedp.Do(ctx, chromedp.SetUploadFiles(chromedp.CSS(`[data-testid="file-input"]`), []string{path})); err != nil {
			b.Fatal(err)
		}
		wait(`(document.querySelector('[data-testid="data-rows"]') || {}).textContent === '1,000,000'`)
		parse += time.Since(t0)
		wParse += eval(`+document.querySelector('[data-testid="data-load-time"]').dataset.parseMs`)
		wProfile += eval(`+document.querySelector('[data-testid="data-load-time"]').dataset.profileMs`)
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => {
			document.querySelector('[data-testid="rules-data"]').value = 'price not null\nquantity > 0\n';
			const set = (id, v) => { const el = document.querySelector('[data-testid="' + id + '"]'); el.value = v; el.dispatchEvent(new Event('change')); };
			set('case-category', 'title'); set('case-region', 'upper');
			const parts = document.querySelector('[data-testid="parts-order_ts"]'); parts.checked = true; parts.dispatchEvent(new Event('change'));
			set('product-a', 'price'); set('product-b', 'quantity'); set('group-by', 'category'); set('measure', '(the product)');
			return 'ok'; })()`)); err != nil {
			b.Fatal(err)
		}
		checked := `(document.querySelector('[data-testid="data-records"]') || {}).textContent === '1,000,000' && document.querySelector('[data-testid="cancel-data"]').hidden`
		t1 := time.Now()
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`[data-testid="run-data"]`))); err != nil {
			b.Fatal(err)
		}
		wait(checked)
		check += time.Since(t1)
		wCheck += workerMs("checkFile")
		// The results scroll into view smoothly: click once the page is still.
		wait(`new Promise((r) => { const y = scrollY; setTimeout(() => r(scrollY === y), 150); })`)
		progress := chromedp.BrowserEvents(ctx, browser.DownloadProgress)
		t2 := time.Now()
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`[data-testid="download-file_clean"]`))); err != nil {
			b.Fatal(err)
		}
		for ev, err := range progress {
			if err != nil {
				b.Fatal(err)
			}
			if ev.State == browser.DownloadProgressStateCompleted {
				break
			}
		}
		write += time.Since(t2)
		wWrite += workerMs("csv")
		peak = max(peak, eval(`window.__engine.call('memory').then((m) => m.sysBytes)`))
		// A second check after a pause, as a learner would after reading.
		time.Sleep(time.Second)
		before := eval(`window.__engine.timings.filter((t) => t.method === 'checkFile').length`)
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`[data-testid="run-data"]`))); err != nil {
			b.Fatal(err)
		}
		wait(checked + ` && window.__engine.timings.filter((t) => t.method === 'checkFile').length > ` + strconv.Itoa(int(before)))
		wRecheck += workerMs("checkFile")
		peak = max(peak, eval(`window.__engine.call('memory').then((m) => m.sysBytes)`))
		calls, err := chromedp.Run(ctx, chromedp.Evaluate[string](`window.__engine.timings.filter((t) => t.workerMs > 50).map((t) => t.method + ' ' + Math.round(t.ms) + ' ms (worker ' + Math.round(t.workerMs) + ')').join('; ')`))
		if err != nil {
			b.Fatal(err)
		}
		b.Logf("engine calls over 50 ms: %s", calls)
		steps, err := chromedp.Run(ctx, chromedp.Evaluate[string](`[...document.querySelectorAll('[data-testid="log-data"] > li')].map((li) => li.firstChild.textContent + li.childNodes[1].textContent).join('; ')`))
		if err != nil {
			b.Fatal(err)
		}
		b.Logf("check steps (second run): %s", steps)
		done()
	}
	n := float64(b.N)
	b.ReportMetric(wParse/n, "w-ms-parse")
	b.ReportMetric(wProfile/n, "w-ms-profile")
	b.ReportMetric(wCheck/n, "w-ms-check+transform+aggregate")
	b.ReportMetric(wWrite/n, "w-ms-write")
	b.ReportMetric((wParse+wCheck+wWrite)/n, "w-ms-total-excl-profile")
	b.ReportMetric(wRecheck/n, "w-ms-recheck")
	b.ReportMetric(float64(parse.Milliseconds())/n, "page-ms-load")
	b.ReportMetric(float64(check.Milliseconds())/n, "page-ms-check")
	b.ReportMetric(float64(write.Milliseconds())/n, "page-ms-download")
	b.ReportMetric(float64(st.Size())/1e6, "MB-file")
	b.ReportMetric(peak/1e6, "MB-engine-memory")
	b.ReportMetric(1e6/((wParse+wProfile+wCheck)/n/1000), "rows/s-parse+profile+check")
}
