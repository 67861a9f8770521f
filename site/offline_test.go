package main

// The page works offline once it is loaded: the exports' templates are
// downloaded by the engine's worker while the engine starts, and kept, so
// an export opened with no network shows its program; where they could not be loaded, the
// export panel says what failed and what to do. And what a learner has
// loaded stays: a file that is refused does not unload the one before.

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/ingestkit/playground/core"
	"github.com/ingestkit/playground/core/export"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// offline cuts the tab off the network (every request fails, as with no
// connection) or, with off false, puts it back.
func (p *page) offline(off bool) {
	p.t.Helper()
	conds := []*network.Conditions{}
	if off {
		conds = append(conds, &network.Conditions{Offline: true, DownloadThroughput: -1, UploadThroughput: -1})
	}
	_, err := chromedp.Call(p.ctx, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{MatchedNetworkConditions: conds})
	require.NoError(p.t, err)
	_, err = chromedp.Call(p.ctx, network.OverrideNetworkState, network.OverrideNetworkStateParams{Offline: off, DownloadThroughput: -1, UploadThroughput: -1})
	require.NoError(p.t, err)
}

// programText is the export panel's program, as the page shows it.
func programText(pattern string) string {
	return `[...document.querySelectorAll('[data-testid="export-code-` + pattern + `"] pre')].map((x) => x.textContent).join('')`
}

// Loaded, then offline: every export still shows its program, for each
// engine, on the generated patterns and on Your data.
func TestOfflineExportsAfterLoad(t *testing.T) {
	// The network goes the moment the page says it is ready: the worker
	// fetched the templates while the engine started, and the ready
	// message waited for them.
	p := openPage(t, "#p=etl")
	p.offline(true)
	p.waitText("etl-valid", "138")
	assert.Equal(t, "1", p.eval(`String(performance.getEntriesByName('worker-templates').length)`), "the worker had them when it said it was ready")
	require.Equal(t, "false", p.eval(`String(navigator.onLine)`))
	before := len(p.requests)

	p.click("export-open-etl")
	p.waitJS(`document.querySelector('[data-testid="export-code-etl"]').textContent.includes('import pandas as pd')`)
	want, err := export.ETLProgram(core.DefaultETLConfig(), export.Pandas)
	require.NoError(t, err)
	assert.Equal(t, shownProgram(want), p.eval(programText("etl")))
	for target, marker := range map[string]string{"duckdb": "read_csv(", "beam": "beamx.Run"} {
		p.click("export-tab-etl-" + target)
		p.waitJS(`document.querySelector('[data-testid="export-code-etl"]').textContent.includes(` + jsString(marker) + `)`)
	}
	assert.Equal(t, "true", p.eval(`String(document.querySelector('[data-testid="export-error-etl"]').hidden)`))

	// Your data, offline too: the sample is inside the engine, and its
	// check's export needs nothing from the network.
	p.click("nav-data")
	p.click("sample-load")
	p.waitText("data-rows", "9")
	p.click("run-data")
	p.waitText("data-records", "11")
	p.click("export-open-data")
	p.waitJS(`document.querySelector('[data-testid="export-code-data"]').textContent.includes('import pandas as pd')`)

	p.mu.Lock()
	asked := append([]string(nil), p.requests[before:]...)
	p.mu.Unlock()
	assert.Empty(t, asked, "an export asks nothing of the network once the page is loaded")
}

// Where the templates could not be downloaded, the export panel says what
// failed and what to do; once they can be, the program shows.
func TestOfflineExportTemplatesFailInPanel(t *testing.T) {
	var refuse atomic.Bool
	refuse.Store(true)
	files := Handler(distDir)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if refuse.Load() && strings.HasSuffix(r.URL.Path, "/export/templates.json") {
			http.Error(w, "not now", http.StatusServiceUnavailable)
			return
		}
		files.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	p := openURL(t, srv.URL, srv.URL+"/#p=etl")
	p.expected = append(p.expected, "templates.json", "503", "ERR_INTERNET_DISCONNECTED")
	p.waitJS(`document.querySelector('[data-testid="status"]').textContent.startsWith('Engine ready')`)
	p.waitText("etl-valid", "138")
	assert.Equal(t, "0", p.eval(`String(performance.getEntriesByName('worker-templates').length)`), "the worker could not have them")

	// The server refuses.
	p.click("export-open-etl")
	p.waitJS(`!document.querySelector('[data-testid="export-error-etl"]').hidden`)
	msg := p.text(tid("export-error-etl"))
	assert.Contains(t, msg, "The program templates (export/templates.json) could not be downloaded: the server answered 503")
	assert.Contains(t, msg, "Reload the page")
	assert.Equal(t, "", p.eval(programText("etl")))
	assert.Equal(t, "", p.text(tid("error-etl")), "the panel says it, not the pattern far above it")

	// No network at all.
	p.offline(true)
	p.click("export-tab-etl-duckdb")
	p.waitJS(`document.querySelector('[data-testid="export-error-etl"]').textContent.includes('Failed to fetch')`)
	assert.Contains(t, p.text(tid("export-error-etl")), "Reload the page when you are online")

	// Back online, the server answers: the next try shows the program.
	p.offline(false)
	refuse.Store(false)
	p.click("export-tab-etl-pandas")
	p.waitJS(`document.querySelector('[data-testid="export-code-etl"]').textContent.includes('import pandas as pd')`)
	assert.Equal(t, "true", p.eval(`String(document.querySelector('[data-testid="export-error-etl"]').hidden)`))
}

// A refused file (an image, UTF-16 without a byte order mark, 100,000
// columns, an empty file) leaves the file loaded before, its summary, its
// check's results and their downloads as they were; the message names the
// refused file and the one still loaded.
func TestYourDataRefusedFileKeepsTheLoadedOne(t *testing.T) {
	p := openPage(t, "#p=data")
	file, err := filepath.Abs("../core/testdata/files/orders_messy.csv")
	require.NoError(t, err)
	require.NoError(t, chromedp.Do(p.ctx, chromedp.SetUploadFiles(chromedp.CSS(tid("file-input")), []string{file})))
	p.waitText("data-rows", "9")
	p.eval(`(() => { const a = document.querySelector('[data-testid="rules-data"]'); a.value = 'Qty > 0\n'; return 'ok'; })()`)
	p.click("run-data")
	p.waitText("data-records", "11")
	dir := p.allowDownloads()
	clean := p.download(dir, "download-data_clean")
	require.NotEmpty(t, clean)
	summary := p.text(tid("file-summary"))
	results := p.text(tid("summary-data"))
	require.Contains(t, summary, "orders_messy.csv")

	png, err := chromedp.Run(p.ctx, chromedp.CaptureScreenshot())
	require.NoError(t, err)
	files := t.TempDir()
	for _, f := range []struct{ name, content, says string }{
		{"photo.png", string(png), "photo.png was not loaded: this looks like a PNG image, not a CSV file; orders_messy.csv is still loaded."},
		{"notes.csv", "a\x00,\x00b\x00\n\x001\x00,\x002\x00\n\x00", "notes.csv was not loaded: this file looks like UTF-16 text without a byte order mark"},
		{"wide.csv", strings.Repeat("c,", 99999) + "c\n1" + strings.Repeat(",1", 99999) + "\n", "wide.csv was not loaded: line 1: the header has 100,000 columns"},
		{"empty.csv", "", "empty.csv is empty, so it was not loaded: a CSV file needs a header row naming the columns; orders_messy.csv is still loaded."},
	} {
		path := filepath.Join(files, f.name)
		require.NoError(t, os.WriteFile(path, []byte(f.content), 0o644))
		require.NoError(t, chromedp.Do(p.ctx, chromedp.SetUploadFiles(chromedp.CSS(tid("file-input")), []string{path})))
		p.waitJS(`document.querySelector('[data-testid="error-data"]').textContent.includes(` + jsString(f.says) + `)`)
		assert.Contains(t, p.text(tid("error-data")), "orders_messy.csv is still loaded.", f.name)
		p.waitJS(`!document.querySelector('[data-testid="run-data"]').disabled`)
		assert.Equal(t, summary, p.text(tid("file-summary")), "the loaded file's summary is still shown after %s", f.name)
		assert.Equal(t, results, p.text(tid("summary-data")), "and its check's results")
		assert.Equal(t, "9", p.eval(`String(document.querySelectorAll('[data-testid="profile-table"] tbody tr').length)`))
	}
	// Its downloads still work, and it can be checked again.
	assert.Equal(t, string(clean), string(p.download(dir, "download-data_clean")))
	p.click("run-data")
	p.waitJS(`document.querySelector('[data-testid="error-data"]').hidden`)
	p.waitText("data-records", "11")

	// A file that loads replaces it, and the old check's results go with it.
	p.click("sample-load")
	p.waitJS(`document.querySelector('[data-testid="file-summary"]').textContent.startsWith('orders_messy.csv — ') && !document.querySelector('[data-testid="run-data"]').disabled`)
	assert.Equal(t, "", p.text(tid("summary-data")), "a new file's check results start empty")
}
