package main

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ingestkit/playground/core"
	"github.com/ingestkit/playground/core/table"
	"github.com/ingestkit/playground/core/workload"
	"github.com/ingestkit/playground/wasm/api"
)

// A large file is read, checked, paged and written by the page's engine
// and two helper engines at once (the pool), and every figure and file is
// one engine's: the downloads byte for byte as the native engine writes
// them. A helper that stops takes the pool down and the page recovers, as
// from a crash.
func TestPoolReadsALargeFileInParts(t *testing.T) {
	const n = 260_000 // 17.9 MB: over the pool's 16 MiB
	data := workload.W1(n, 7)
	require.Greater(t, len(data), api.PartsFrom)
	path := filepath.Join(t.TempDir(), "orders_large.csv")
	require.NoError(t, os.WriteFile(path, data, 0o644))

	before := map[string]int{}
	for _, path := range []string{"/engine.wasm", "/export/templates.json", "/worker.js"} {
		before[path] = servedCount(path)
	}
	p := openPage(t, "#p=data")
	p.eval(`(() => { window.__engine.poolSize = 2; return 'ok'; })()`)
	require.NoError(t, chromedp.Do(p.ctx, chromedp.SetUploadFiles(chromedp.CSS(tid("file-input")), []string{path})))
	p.waitText("data-rows", "260,000")
	assert.Contains(t, p.text(tid("data-load-time")), "3 engines at once")
	assert.Equal(t, "2", p.eval(`String(window.__engine.pool.length)`))
	assert.Equal(t, "leader,leader", p.eval(`window.__engine.poolCode.join()`), "the helpers run the page's engine's compiled code")
	for path, want := range map[string]int{"/engine.wasm": 1, "/export/templates.json": 1, "/worker.js": 3} {
		assert.Equal(t, want, servedCount(path)-before[path], "%s: the helpers download neither the engine nor the templates", path)
	}

	rules := "price not null\nquantity > 0\n"
	p.eval(`(() => {
		document.querySelector('[data-testid="rules-data"]').value = ` + jsString(rules) + `;
		const set = (id, v) => { const el = document.querySelector('[data-testid="' + id + '"]'); el.value = v; el.dispatchEvent(new Event('change')); };
		const tick = (id) => { const el = document.querySelector('[data-testid="' + id + '"]'); if (!el.checked) el.click(); };
		tick('option-trim'); set('case-category', 'title'); set('case-region', 'upper'); tick('parts-order_date');
		set('product-a', 'price'); set('product-b', 'quantity'); set('group-by', 'category'); set('measure', '(the product)');
		return 'ok'; })()`)
	p.click("run-data")
	p.waitText("data-records", "260,000")

	// What one engine gives, natively.
	res, err := table.ReadCSV(data, table.CSVOptions{})
	require.NoError(t, err)
	cfg, err := api.DataCheckConfig(map[string]any{"rules": rules, "trim": true, "case": map[string]any{"category": "title", "region": "upper"},
		"dateParts": []any{"order_date"}, "product": map[string]any{"a": "price", "b": "quantity", "name": "revenue"}, "groupBy": "category", "measure": "revenue"})
	require.NoError(t, err)
	want, err := core.RunDataCheck(cfg, res)
	require.NoError(t, err)
	assert.Equal(t, strconv.Itoa(want.Valid), p.eval(`document.querySelector('[data-testid="data-valid"]').textContent.replace(/,/g, '')`))
	assert.Equal(t, strconv.Itoa(want.RejectedRows), p.eval(`document.querySelector('[data-testid="data-rejected"]').textContent.replace(/,/g, '')`))
	dir := p.allowDownloads()
	opts := res.WriteOptions()
	assert.Equal(t, string(table.AppendCSV(nil, want.Clean, opts)), string(p.download(dir, "download-data_clean")))
	assert.Equal(t, string(table.AppendCSV(nil, want.Rejected, opts)), string(p.download(dir, "download-data_rejected")))
	assert.Equal(t, string(table.AppendCSV(nil, want.Aggregate, opts)), string(p.download(dir, "download-data_aggregate")))

	// Rows across the parts' edge, and sorted across the file.
	page := func(args string) string {
		v, err := chromedp.Run(p.ctx, chromedp.Evaluate[string](`window.__engine.call('rows', `+args+`).then((r) => r.total + ':' + r.rows.map((row) => row[0] + '/' + row[1]).join(' '))`, chromedp.EvalAwaitPromise))
		require.NoError(t, err)
		return v
	}
	mid := want.Clean.Len()/3 - 2
	got := page(`{table: 'data_clean', offset: ` + strconv.Itoa(mid) + `, limit: 5}`)
	exp := strconv.Itoa(want.Clean.Len()) + ":"
	for i := mid; i < mid+5; i++ {
		if i > mid {
			exp += " "
		}
		exp += strconv.Itoa(want.Clean.Line(i)) + "/" + want.Clean.Cols[0].Value(i)
	}
	assert.Equal(t, exp, got)
	order := table.SortIndex(want.Clean, "revenue", true)
	got = page(`{table: 'data_clean', offset: 0, limit: 3, sort: 'revenue', desc: true}`)
	exp = strconv.Itoa(want.Clean.Len()) + ":"
	for k, i := range order[:3] {
		if k > 0 {
			exp += " "
		}
		exp += strconv.Itoa(want.Clean.Line(i)) + "/" + want.Clean.Cols[0].Value(i)
	}
	assert.Equal(t, exp, got)

	// A helper that stops: the page restarts its engine, as after a crash.
	p.expected = append(p.expected, "a helper engine stopped")
	gen := p.eval(`String(window.__engine.generation)`)
	p.eval(`(() => { window.__engine.pool[0].postMessage({ id: 7, method: 'testCrash' }); return 'ok'; })()`)
	p.waitJS(`String(window.__engine.generation) !== ` + jsString(gen) + ` && window.__engine.pool.length === 0`)
	p.waitJS(`document.querySelector('[data-testid="status"]').textContent.startsWith('Engine ready')`)
}

// A helper that stops while the page holds nothing in the pool (a small
// file loaded, the pool started by a click on the file chooser) leaves the
// page's engine and its results alone: it goes on without a pool. Offline,
// helpers that cannot load their engine do the same.
func TestPoolFailingWhileIdleLeavesThePageAlone(t *testing.T) {
	for _, offline := range []bool{false, true} {
		p := openPage(t, "#p=data")
		p.eval(`(() => { window.__engine.poolSize = 2; return 'ok'; })()`)
		p.click("sample-load")
		p.waitText("data-rows", "9")
		p.click("run-data")
		p.waitText("data-records", "11")
		gen := p.eval(`String(window.__engine.generation)`)
		if offline {
			p.offline(true)
			p.expected = append(p.expected, "engine.wasm", "templates.json", "ERR_INTERNET_DISCONNECTED", "Failed to fetch", "could not load the engine")
			p.eval(`(() => { window.__engine.startPool(); return 'ok'; })()`)
		} else {
			p.eval(`(() => { window.__engine.startPool(); return 'ok'; })()`)
			p.evalAwait(`window.__engine.poolWarm.then(() => 'warm')`)
			p.eval(`(() => { window.__engine.pool[0].postMessage({ id: 7, method: 'testCrash' }); return 'ok'; })()`)
		}
		p.waitJS(`window.__engine.poolBroken && window.__engine.pool.length === 0`)
		assert.Equal(t, gen, p.eval(`String(window.__engine.generation)`), "the page's engine was not restarted")
		// The sample and its check are still there, and the engine works.
		p.waitText("data-records", "11")
		got := p.evalAwait(`window.__engine.call('rows', {table: 'data_clean', offset: 0, limit: 2}).then((r) => 'rows ' + r.total)`)
		assert.Equal(t, "rows "+p.text(tid("data-valid")), got)
		p.click("run-data")
		p.waitText("data-records", "11")
		// No pool again on this page: a click on the file chooser starts none.
		p.eval(`(() => { window.__engine.startPool(); return 'ok'; })()`)
		assert.Equal(t, "0", p.eval(`String(window.__engine.pool.length)`))
	}
}
