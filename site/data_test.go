package main

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/ingestkit/playground/core/sales"
	"github.com/ingestkit/playground/core/table"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
	"github.com/ingestkit/playground/core"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// download clicks a download button and returns the file's bytes.
func (p *page) download(dir, id string) []byte {
	p.t.Helper()
	progress := chromedp.BrowserEvents(p.ctx, browser.DownloadProgress)
	p.click(id)
	for ev, err := range progress {
		require.NoError(p.t, err)
		require.NotEqual(p.t, browser.DownloadProgressStateCanceled, ev.State)
		if ev.State == browser.DownloadProgressStateCompleted {
			b, err := os.ReadFile(filepath.Join(dir, ev.GUID))
			require.NoError(p.t, err)
			return b
		}
	}
	p.t.Fatal("no download")
	return nil
}

func (p *page) allowDownloads() string {
	dir := p.t.TempDir()
	require.NoError(p.t, chromedp.Do(p.ctx, chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
			Behavior: browser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: dir, EventsEnabled: ptr(true)})
		return err
	})))
	return dir
}

// TestYourDataFlow loads a real messy file through the file input, changes
// a type, writes rules, picks standardize and enrich options, checks, and
// downloads: the files are byte-identical to what core writes natively.
func TestYourDataFlow(t *testing.T) {
	p := openPage(t, "#p=data")
	assert.Equal(t, "false", p.eval(`document.querySelector('[data-testid="section-data"]').hidden.toString()`))
	file, err := filepath.Abs("../core/testdata/files/orders_messy.csv")
	require.NoError(t, err)
	require.NoError(t, chromedp.Do(p.ctx, chromedp.SetUploadFiles(chromedp.CSS(tid("file-input")), []string{file})))
	p.waitText("data-rows", "9")
	// The chooser is emptied once its file is taken: choosing the same
	// file again (after a cancel, say) fires a change and reads it again.
	assert.Equal(t, "", p.eval(`document.querySelector('[data-testid="file-input"]').value`))
	assert.Equal(t, "2", p.text(tid("data-unreadable-count")))
	assert.Contains(t, p.text(tid("file-problems")), "has 3 fields, expected 9")
	assert.Contains(t, p.text(tid("file-warnings")), `repeats the name "notes"`)
	assert.Equal(t, "9", p.eval(`document.querySelectorAll('[data-testid="profile-table"] tbody tr').length.toString()`))
	assert.Equal(t, "string", p.eval(`document.querySelector('[data-testid="type-ZIP"]').value`))
	assert.Contains(t, p.text(tid("profile-table")), "leading zeros")
	assert.Contains(t, p.text(tid("suggestions")), `"Order Date" is date`)

	// Read Qty as text, then back as an integer.
	p.eval(`(() => { const s = document.querySelector('[data-testid="type-Qty"]'); s.value = 'string'; s.dispatchEvent(new Event('change')); return 'ok'; })()`)
	p.waitJS(`document.querySelector('[data-testid="type-Qty"]').value === 'string' && !document.querySelector('[data-testid="run-data"]').disabled`)
	p.eval(`(() => { const s = document.querySelector('[data-testid="type-Qty"]'); s.value = 'integer'; s.dispatchEvent(new Event('change')); return 'ok'; })()`)
	p.waitJS(`document.querySelector('[data-testid="type-Qty"]').value === 'integer' && !document.querySelector('[data-testid="run-data"]').disabled`)

	// A rule mistake is shown at its line.
	p.eval(`(() => { const a = document.querySelector('[data-testid="rules-data"]'); a.value = '"Unit Price" not null\nQty >'; return 'ok'; })()`)
	p.click("run-data")
	p.waitJS(`!document.querySelector('[data-testid="field-error-data-rules"]').hidden`)
	assert.Contains(t, p.text(tid("field-error-data-rules")), "rule line 2")

	rules := "\"Order ID\" unique\n\"Unit Price\" not null\nQty > 0\n\"Order Date\" is date\n"
	p.eval(`(() => { const a = document.querySelector('[data-testid="rules-data"]'); a.value = ` + jsString(rules) + `; return 'ok'; })()`)
	p.eval(`(() => {
		const set = (id, v) => { const el = document.querySelector('[data-testid="' + id + '"]'); el.value = v; el.dispatchEvent(new Event('change')); };
		set('case-Category', 'title');
		for (const id of ['iso-Order Date', 'parts-Order Date']) { const b = document.querySelector('[data-testid="' + id + '"]'); b.checked = true; b.dispatchEvent(new Event('change')); }
		set('product-a', 'Unit Price'); set('product-b', 'Qty'); set('group-by', 'Category'); set('measure', '(the product)');
		const trim = document.querySelector('[data-testid="option-trim"]'); trim.checked = true; trim.dispatchEvent(new Event('change'));
		return 'ok'; })()`)
	p.click("run-data")
	p.waitText("data-records", "11")
	assert.Equal(t, "3", p.text(tid("data-valid")))
	assert.Equal(t, "6", p.text(tid("data-rejected")))
	assert.Equal(t, "2", p.text(tid("data-unreadable")))
	assert.Equal(t, "4", p.eval(`document.querySelectorAll('[data-testid="rule-result-data"]').length.toString()`))

	// Downloads equal core's output for the same file and config.
	data, err := os.ReadFile(file)
	require.NoError(t, err)
	csv, err := table.ReadCSV(data, table.CSVOptions{Types: map[string]table.Type{}})
	require.NoError(t, err)
	want, err := core.RunDataCheck(core.DataCheckConfig{Rules: rules, Samples: 20, Now: sales.DefaultStart + 3660*core.Day,
		Standardize: table.Standardize{Trim: true, NullTokens: table.DefaultNullTokens, Case: []table.ColumnCase{{Column: "Category", Mode: "title"}}, Timestamps: []string{"Order Date"}},
		DateParts:   []string{"Order Date"}, Product: core.Product{A: "Unit Price", B: "Qty", Name: "revenue"}, GroupBy: "Category", Measure: "revenue"}, csv)
	require.NoError(t, err)
	dir := p.allowDownloads()
	// They keep the file's byte order mark and CRLF line ends.
	opts := csv.WriteOptions()
	require.Equal(t, "\r\n", opts.LineEnd)
	assert.Equal(t, string(table.AppendCSV(nil, want.Clean, opts)), string(p.download(dir, "download-data_clean")))
	assert.Equal(t, string(table.AppendCSV(nil, want.Rejected, opts)), string(p.download(dir, "download-data_rejected")))
	assert.Equal(t, string(table.AppendCSV(nil, want.Report, opts)), string(p.download(dir, "download-data_rule_report")))
	assert.Equal(t, string(table.AppendCSV(nil, want.Aggregate, opts)), string(p.download(dir, "download-data_aggregate")))
	assert.Contains(t, p.text(tid("outputs-data")), "orders_messy_clean.csv")
}

func jsString(s string) string {
	out := "`"
	for _, r := range s {
		if r == '`' || r == '\\' || r == '$' {
			out += "\\"
		}
		out += string(r)
	}
	return out + "`"
}

// TestBadFilesGetClearMessages: each gets a clear message, and the page stays usable.
func TestBadFilesGetClearMessages(t *testing.T) {
	p := openPage(t, "#p=data")
	dir := t.TempDir()
	write := func(name, content string) string {
		f := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(f, []byte(content), 0o644))
		return f
	}
	upload := func(f string) {
		require.NoError(t, chromedp.Do(p.ctx, chromedp.SetUploadFiles(chromedp.CSS(tid("file-input")), []string{f})))
	}
	upload(write("empty.csv", ""))
	p.waitJS(`document.querySelector('[data-testid="error-data"]').textContent.includes('empty.csv is empty')`)

	upload(write("blank.csv", "\n\n  \n"))
	p.waitJS(`document.querySelector('[data-testid="error-data"]').textContent.includes('needs a header row')`)

	upload(write("header.csv", "a,b,c\n"))
	p.waitText("data-rows", "0")
	assert.Contains(t, p.text(tid("file-warnings")), "header but no data rows")

	// No UTF-8 character at all: Windows-1252 text, read as such and said.
	upload(write("latin1.csv", "name,city\nJos\xe9,Z\xfcrich\nAna,Lima\n"))
	p.waitText("data-rows", "2")
	assert.Contains(t, p.text(tid("dialect-summary")), "Windows-1252")
	// UTF-8 with a line that is not: that line is refused, and the page
	// offers to read the file as Windows-1252.
	upload(write("mixed.csv", "name,city\nJos\xc3\xa9,Z\xfcrich\nAna,Lima\n"))
	p.waitText("data-rows", "1")
	assert.Contains(t, p.text(tid("file-problems")), "not valid UTF-8")
	assert.Contains(t, p.text(tid("encoding-suggestion")), "Read as Windows-1252")

	upload(write("quotes.csv", "id,note\n1,\"fine\"\n2,\"never closed\n3,ok\n"))
	p.waitText("data-rows", "2")
	assert.Contains(t, p.text(tid("file-problems")), "never closed")

	upload(write("dupes.csv", "id,,id\n1,2,3\n"))
	p.waitText("data-rows", "1")
	assert.Contains(t, p.text(tid("file-warnings")), `called "column_2"`)
	assert.Contains(t, p.text(tid("file-warnings")), `called "id_2"`)

	// Pasted text works too, and the page still checks files.
	p.eval(`(() => { const a = document.querySelector('[data-testid="paste-input"]'); a.value = 'x,y\n1,2\n3,4\n'; return 'ok'; })()`)
	p.click("paste-load")
	p.waitText("data-rows", "2")
	p.click("run-data")
	p.waitText("data-valid", "2")
}

// The sample file button loads the page's own copy of the messy file.
func TestSampleFile(t *testing.T) {
	p := openPage(t, "#p=data")
	p.click("sample-load")
	p.waitText("data-rows", "9")
	p.click("add-all-suggestions")
	p.click("run-data")
	p.waitText("data-records", "11")
	png, err := chromedp.Run(p.ctx, chromedp.FullScreenshot(100))
	require.NoError(t, err)
	require.Greater(t, len(png), 1000)
	if dir := os.Getenv("SCREENSHOT_DIR"); dir != "" {
		require.NoError(t, os.WriteFile(filepath.Join(dir, "data.png"), png, 0o644))
	}
}

// A file chosen while another is still being read waits for it: when the
// first read ends, the page does not show that file as ready (Cancel gone,
// Check file enabled) while the second is still being read; the second
// then shows. (The engine's answers are held back by the test, so that
// both reads are under way at once.)
func TestSecondFileChosenDuringARead(t *testing.T) {
	p := openPage(t, "#p=data")
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.csv"), filepath.Join(dir, "b.csv")
	require.NoError(t, os.WriteFile(a, []byte("x,y\n1,2\n3,4\n"), 0o644))
	require.NoError(t, os.WriteFile(b, []byte("x,y\n1,2\n3,4\n5,6\n7,8\n9,10\n"), 0o644))
	p.eval(`(() => { const e = window.__engine, load = e.loadData.bind(e); window.__held = [];
		e.loadData = (...a) => load(...a).then((r) => new Promise((ok) => window.__held.push(() => ok(r)))); return 'ok'; })()`)
	require.NoError(t, chromedp.Do(p.ctx, chromedp.SetUploadFiles(chromedp.CSS(tid("file-input")), []string{a})))
	p.waitJS(`window.__held.length === 1`)
	require.NoError(t, chromedp.Do(p.ctx, chromedp.SetUploadFiles(chromedp.CSS(tid("file-input")), []string{b})))
	// (Time for the page to take b.csv, as a learner's second choice is
	// taken while the first is read.)
	time.Sleep(500 * time.Millisecond)
	// a.csv's answer lands: b.csv is read next, and the page says so.
	p.eval(`(() => { window.__held.shift()(); return 'ok'; })()`)
	p.waitJS(`window.__held.length === 1`)
	assert.Equal(t, "false", p.eval(`document.querySelector('[data-testid="cancel-data"]').hidden.toString()`))
	assert.Equal(t, "true", p.eval(`document.querySelector('[data-testid="run-data"]').disabled.toString()`))
	assert.Contains(t, p.text(tid("file-summary")), "Reading")
	p.eval(`(() => { window.__held.shift()(); return 'ok'; })()`)
	p.waitText("data-rows", "5")
	assert.Equal(t, "true", p.eval(`document.querySelector('[data-testid="cancel-data"]').hidden.toString()`))
	assert.Equal(t, "false", p.eval(`document.querySelector('[data-testid="run-data"]').disabled.toString()`))
}
