package main

// Browser benchmarks: what a learner waits for, measured in headless
// Chromium on the real page. Run with `make bench-browser`
// (go test -run '^$' -bench . ./site/...).

import (
	"bytes"
	"compress/gzip"
	"context"
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

// BenchmarkFirstResult: from navigation to the first default result on screen.
func BenchmarkFirstResult(b *testing.B) {
	var total float64
	for b.Loop() {
		ctx, done := benchTab(b)
		if err := chromedp.Do(ctx, chromedp.Navigate(baseURL+"/")); err != nil {
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

// void drops an action's value.
func void[T any](a chromedp.Action[T]) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		_, err := a(ctx, t)
		return chromedp.Void{}, err
	}
}
