package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Print report: each pattern's defaults print on at most three A4 pages
// that hold the settings, the summary figures and the link to reproduce
// them, without the controls.
func TestPrintReport(t *testing.T) {
	p := openPage(t, "")
	p.defaultsShown()
	p.eval(`window.print = () => { window.__printed = (window.__printed || 0) + 1; }, 'ok'`)
	for i, tc := range []struct{ pattern, summary, setting string }{
		{"batch", "batch-valid", "Records\t100"},
		{"stream", "stream-batches", "Flush at (size trigger)\t10 events"},
		{"etl", "etl-valid", "price not null\nquantity > 0"},
		{"time", "time-on-time", "Watermark delay\t5 s"},
	} {
		p.click("nav-" + tc.pattern)
		p.waitJS(fmt.Sprintf(`document.querySelectorAll('#%s .grid tbody tr:not(.loading)').length > 3`, tc.pattern))
		p.click("print-" + tc.pattern)
		p.waitJS(fmt.Sprintf(`window.__printed === %d && document.querySelectorAll('[data-testid="print-tables-%s"] table').length > 0`, i+1, tc.pattern))
		_, err := chromedp.Call(p.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
		require.NoError(t, err)
		text := p.eval(fmt.Sprintf(`document.querySelector('[data-testid="section-%s"]').innerText`, tc.pattern))
		assert.Contains(t, text, tc.setting)
		assert.Contains(t, text, "Reproduce this run: "+baseURL+"/#")
		assert.Contains(t, text, p.text(tid(tc.summary)))
		assert.Contains(t, text, "first 8 of")
		assert.Regexp(t, `engine [0-9a-f]{12}(\+changes)? \(\d{4}-\d\d-\d\d\)`, text, "the page's version")
		assert.NotContains(t, text, "Print report", "no buttons")
		assert.NotContains(t, text, "IN REAL SYSTEMS", "no notes")
		res, err := chromedp.Call(p.ctx, cdppage.PrintToPDF, cdppage.PrintToPDFParams{PaperWidth: 8.27, PaperHeight: 11.69})
		require.NoError(t, err)
		pages := len(regexp.MustCompile(`/Type\s*/Page[^s]`).FindAll(res.Data, -1))
		assert.LessOrEqual(t, pages, 3, "%s: pages", tc.pattern)
		assert.GreaterOrEqual(t, pages, 1)
		if dir := os.Getenv("SCREENSHOT_DIR"); dir != "" {
			require.NoError(t, os.WriteFile(filepath.Join(dir, tc.pattern+"-report.pdf"), res.Data, 0o644))
		}
		_, err = chromedp.Call(p.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{})
		require.NoError(t, err)
	}
}

// A printed page is dark ink on white whatever the theme: the dark
// theme's colours are the screen's only.
func TestPrintIsLightInDarkTheme(t *testing.T) {
	p := openPage(t, "#p=time&theme=dark")
	p.waitJS(`document.querySelector('[data-testid="time-on-time"]').textContent !== ''`)
	assert.Less(t, p.background(), 60, "dark on screen")
	_, err := chromedp.Call(p.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
	require.NoError(t, err)
	assert.Equal(t, 255, p.background(), "white on paper")
	assert.Equal(t, "rgb(28, 35, 33)", p.eval(`getComputedStyle(document.body).color`), "dark ink on paper")
	_, err = chromedp.Call(p.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{})
	require.NoError(t, err)
}

// printText is the text section sec prints, laid out as on paper.
func (p *page) printText(sec string) string {
	p.t.Helper()
	_, err := chromedp.Call(p.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
	require.NoError(p.t, err)
	text := p.eval(fmt.Sprintf(`document.querySelector('[data-testid="section-%s"]').innerText`, sec))
	_, err = chromedp.Call(p.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{})
	require.NoError(p.t, err)
	return text
}

// The browser's own print (Ctrl+P, the menu) prints the report the Print
// report button prints: the same header, settings, link and first rows,
// laid out in beforeprint; afterprint closes what it opened.
func TestPrintCtrlPIsTheReport(t *testing.T) {
	p := openPage(t, "#p=time")
	p.waitJS(`document.querySelectorAll('#time .grid tbody tr:not(.loading)').length > 3`)
	openDetails := `String(document.querySelectorAll('#time details[open]').length)`
	before := p.eval(openDetails)
	// Ctrl+P: the browser fires beforeprint, and prints at once. (Its rows
	// are kept ready once the result is drawn: wait for them as a learner
	// who reads the result first would.)
	p.waitJS(`(window.dispatchEvent(new Event('beforeprint')), document.querySelectorAll('[data-testid="print-tables-time"] table').length > 0)`)
	ctrlP := p.printText("time")
	p.eval(`window.dispatchEvent(new Event('afterprint')), 'ok'`)
	assert.Equal(t, before, p.eval(openDetails), "afterprint closes the details the report opened")
	assert.Contains(t, ctrlP, "Ingestion Playground report")
	assert.Contains(t, ctrlP, "Watermark delay\t5 s")
	assert.Contains(t, ctrlP, "Reproduce this run: "+baseURL+"/#p=time&run=1")
	assert.Contains(t, ctrlP, "first 8 of")

	p.eval(`window.print = () => { window.__printed = (window.__printed || 0) + 1; }, 'ok'`)
	p.click("print-time")
	p.waitJS(`window.__printed === 1`)
	button := p.printText("time")
	stamp := regexp.MustCompile(`report — \d{4}-\d\d-\d\d \d\d:\d\d UTC`)
	assert.Equal(t, stamp.ReplaceAllString(button, "report — (date)"), stamp.ReplaceAllString(ctrlP, "report — (date)"), "Ctrl+P prints what the button prints")
}

// A large setup waits for Run: printed before it has run, the report says
// so, with its settings and link, and prints no empty result headings.
func TestPrintBeforeRunSaysNotRun(t *testing.T) {
	p := openPage(t, "#p=batch&b.n=400000")
	p.waitJS(`document.querySelector('#batch').innerText.includes('Press Run to process 400,000 records.')`)
	check := func(how, text string) {
		assert.Contains(t, text, "This setup has not been run yet", how)
		assert.Contains(t, text, "Records\t400,000", how)
		assert.Contains(t, text, "Open this setup: "+baseURL+"/#b.n=400000&run=1", how)
		assert.NotContains(t, text, "What happened", how)
		assert.NotContains(t, text, "Reproduce this run", how)
	}
	p.eval(`window.dispatchEvent(new Event('beforeprint')), 'ok'`)
	check("Ctrl+P", p.printText("batch"))
	p.eval(`window.dispatchEvent(new Event('afterprint')), 'ok'`)
	p.eval(`window.print = () => { window.__printed = (window.__printed || 0) + 1; }, 'ok'`)
	p.click("print-batch")
	p.waitJS(`window.__printed === 1`)
	check("button", p.printText("batch"))
	assert.Equal(t, "0", p.eval(`String(document.querySelectorAll('[data-testid="print-tables-batch"] table').length)`))
}

// With the Event time tab's backpressure queue on, its chart and two
// more tables print too: the report takes at most four pages (each table
// prints its first 5 rows when a run has more than six).
func TestPrintReportWithTheQueue(t *testing.T) {
	p := openPage(t, "#p=time&t.qc=10&t.qpe=4000")
	p.waitJS(`(document.querySelector('[data-testid="time-queue-lost"]') || {}).textContent > ''`)
	p.waitJS(`document.querySelectorAll('#time .grid tbody tr:not(.loading)').length > 3`)
	p.eval(`window.print = () => { window.__printed = 1; }, 'ok'`)
	p.click("print-time")
	p.waitJS(`window.__printed === 1 && document.querySelectorAll('[data-testid="print-tables-time"] table').length > 0`)
	_, err := chromedp.Call(p.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
	require.NoError(t, err)
	text := p.eval(`document.querySelector('[data-testid="section-time"]').innerText`)
	assert.Contains(t, text, "event_time_queue_depth.csv — first 5 of")
	res, err := chromedp.Call(p.ctx, cdppage.PrintToPDF, cdppage.PrintToPDFParams{PaperWidth: 8.27, PaperHeight: 11.69})
	require.NoError(t, err)
	pages := len(regexp.MustCompile(`/Type\s*/Page[^s]`).FindAll(res.Data, -1))
	assert.LessOrEqual(t, pages, 4)
}
