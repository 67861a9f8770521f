package main

// The failure paths a learner, a course page or a hostile link can reach:
// each ends in a clear message and a page that still works (the ETL
// defaults give 150 → 138 afterwards).

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// etlWorks checks that the ETL defaults run again.
func (p *page) etlWorks() {
	p.t.Helper()
	p.click("nav-etl")
	p.set("etl", "records", "151")
	p.waitText("etl-extracted", "151")
	p.set("etl", "records", "150")
	p.waitText("etl-extracted", "150")
	p.waitText("etl-valid", "138")
}

func (p *page) evalAwait(expr string) string {
	p.t.Helper()
	v, err := chromedp.Run(p.ctx, chromedp.Evaluate[string](expr, chromedp.EvalAwaitPromise))
	require.NoError(p.t, err, expr)
	return v
}

// waitStill waits until the page has stopped scrolling (a smooth scroll
// moves buttons under a click, where a person would wait).
func (p *page) waitStill() {
	p.t.Helper()
	_, err := chromedp.Run(p.ctx, chromedp.Poll[bool](`new Promise((r) => { const y = scrollY; setTimeout(() => r(scrollY === y), 150); })`,
		chromedp.WithPollingTimeout(10*time.Second), chromedp.WithPollingInterval(10*time.Millisecond)))
	require.NoError(p.t, err)
}

func (p *page) settled() {
	p.t.Helper()
	p.waitJS(`window.__engine.waiting.size === 0 && document.querySelector('[data-testid="status"]').textContent.startsWith('Engine ready')`)
}

// Run → Cancel → Run → Cancel within a second: every call settles, nothing
// stays busy, and the engine works.
func TestCancelStormSettles(t *testing.T) {
	p := openPage(t, "#p=etl&e.n=1000000")
	p.waitJS(`document.querySelector('[data-testid="error-etl"]').textContent.includes('Press Run')`)
	// A loaded file lives in the same engine: it is unloaded with a note.
	p.click("nav-data")
	p.click("sample-load")
	p.waitText("data-rows", "9")
	p.click("nav-etl")
	p.evalAwait(`(async () => {
		const q = (s) => document.querySelector('[data-testid="' + s + '"]');
		const wait = (ms) => new Promise((r) => setTimeout(r, ms));
		q('run-etl').click(); await wait(120);
		q('cancel-etl').click(); await wait(150);
		q('run-etl').click(); await wait(120);
		q('cancel-etl').click();
		return 'ok';
	})()`)
	p.settled()
	p.waitJS(`document.querySelector('[data-testid="cancel-etl"]').hidden && !document.querySelector('[data-testid="run-etl"]').disabled`)
	assert.Contains(t, p.text(tid("error-etl")), "Cancelled. Its results were cleared")
	elapsed := p.eval(`document.querySelector('#etl .elapsed').textContent`)
	time.Sleep(300 * time.Millisecond)
	assert.Equal(t, elapsed, p.eval(`document.querySelector('#etl .elapsed').textContent`), "no timer is left counting")
	// The other patterns were rebuilt, the file was unloaded with a note.
	p.waitText("batch-valid", "100")
	p.waitText("stream-batches", "5")
	p.click("nav-data")
	assert.Contains(t, p.text(tid("error-data")), "Your file was unloaded from it; load it again when you are ready.")
	p.click("reload-data")
	p.waitText("data-rows", "9")
	p.etlWorks()
}

// The engine dies (as it does when it runs out of memory): the call in
// flight fails with a clear message, the engine restarts, and the page
// rebuilds what it showed.
func TestEngineCrashRecovers(t *testing.T) {
	p := openPage(t, "")
	p.defaultsShown()
	p.click("nav-etl")
	p.eval(`(() => {
		window.__crash = window.__engine.call('testCrash').catch((e) => e.code + ': ' + e.message);
		document.querySelector('[data-testid="run-etl"]').click();
		return 'ok';
	})()`)
	p.waitJS(`document.querySelector('[data-testid="status"]').textContent.includes('most likely out of memory')`)
	crash, err := chromedp.Run(p.ctx, chromedp.Evaluate[string](`window.__crash`, chromedp.EvalAwaitPromise))
	require.NoError(t, err)
	assert.Equal(t, "crashed: the engine stopped while working (the engine stopped (it ran out of memory or hit a fatal error, exit code 2)); it has been restarted", crash)
	p.waitJS(`document.querySelector('[data-testid="error-etl"]').textContent.includes('The engine stopped during this run')`)
	p.settled()
	p.waitText("batch-valid", "100")
	p.waitText("stream-batches", "5")
	p.etlWorks()
}

// A work too big for the engine's memory is refused before it starts.
func TestTooBigIsRefusedUpFront(t *testing.T) {
	p := openPage(t, "#p=etl&e.n=5000000")
	p.waitJS(`!document.querySelector('[data-testid="field-error-etl-records"]').hidden`)
	assert.Contains(t, p.text(tid("field-error-etl-records")), "An ETL run of 5,000,000 records would take about 2.1 GB of memory")
	assert.Equal(t, "true", p.eval(`document.querySelector('[data-testid="run-etl"]').disabled.toString()`))
	p.etlWorks()
}

func deflateRaw(t *testing.T, b []byte) string {
	var buf bytes.Buffer
	w, err := flate.NewWriter(&buf, flate.BestCompression)
	require.NoError(t, err)
	_, err = w.Write(b)
	require.NoError(t, err)
	require.NoError(t, w.Close())
	return base64.RawURLEncoding.EncodeToString(buf.Bytes())
}

// A 1.3 KB link that inflates to a million lines, a damaged link and a
// link with long rules: each is read at once, and what is wrong is said.
func TestHostileLinks(t *testing.T) {
	bomb := deflateRaw(t, bytes.Repeat([]byte("\n"), 1_000_000))
	require.Less(t, len(bomb), 2000)
	start := time.Now()
	p := openPage(t, "#p=etl&e.r=z:"+bomb)
	assert.Less(t, time.Since(start), 20*time.Second, "the page does not freeze")
	p.waitJS(`document.querySelector('[data-testid="status"]').textContent.includes('unpacks to more than 65,536 bytes, the limit for rules')`)
	p.waitText("etl-valid", "138")

	q := openPage(t, "#p=etl&e.r=z:AAAA_-x&e.n=150")
	q.waitJS(`document.querySelector('[data-testid="status"]').textContent.includes('setting "e.r" in the link cannot be read (its compressed text is damaged')`)
	q.waitText("etl-valid", "138")

	// Rules near the limit: the editor's gutter stays three elements.
	long := strings.Repeat("#\n", 30_000) + "price not null\nquantity > 0\n"
	r := openPage(t, "#p=etl&e.r=z:"+deflateRaw(t, []byte(long)))
	r.waitJS(`document.querySelectorAll('[data-testid="rule-result"]').length === 2`)
	r.waitText("etl-valid", "138")
	assert.Equal(t, "1", r.eval(`document.querySelector('#etl .gutter').children.length.toString()`))
	assert.Equal(t, "30003", r.eval(`document.querySelector('#etl .gutter').textContent.split('\n').length.toString()`))
}

// A link changed while the page starts, or just after, is followed.
func TestEarlyHashChange(t *testing.T) {
	p := openURL(t, baseURL, baseURL+"/")
	p.eval(`location.hash = '#p=etl&e.n=300', 'ok'`)
	p.waitText("etl-extracted", "300")
	p.waitText("etl-valid", "276")
	assert.Equal(t, "false", p.eval(`document.querySelector('[data-testid="section-etl"]').hidden.toString()`))

	q := openURL(t, baseURL, baseURL+"/")
	q.waitJS(`document.querySelector('[data-testid="status"]').textContent.startsWith('Engine ready')`)
	q.eval(`location.hash = '#p=etl&e.n=400', 'ok'`)
	q.waitText("etl-extracted", "400")
	q.etlWorks()
}

// While start-up still runs the other tabs (here a 2,000,000-record batch
// that the link asks to run), the link already follows the learner's
// settings, and a link changed by hand is applied at once.
func TestLinkFollowsDuringStartUp(t *testing.T) {
	p := openPage(t, "#p=etl&b.n=2000000&run=1")
	p.waitText("etl-valid", "138")
	batchRunning := `!document.querySelector('[data-testid="cancel-batch"]').hidden`
	p.waitJS(batchRunning)
	p.set("etl", "records", "300")
	p.waitJS(`location.hash.includes('e.n=300')`)
	assert.Equal(t, "true", p.eval(`(`+batchRunning+`).toString()`), "the link was written after start-up, not during it")
	assert.Contains(t, p.eval(`location.hash`), "b.n=2000000", "the link keeps the other tabs' settings")
	assert.NotContains(t, p.eval(`location.hash`), "run=1", "the page writes the link without run=1")

	p.eval(`location.hash = '#p=etl&e.n=400&b.n=2000000', 'ok'`)
	p.waitJS(`document.querySelector('#etl [data-key="records"]:not(div)').value === '400'`)
	assert.Equal(t, "true", p.eval(`(`+batchRunning+`).toString()`), "the changed link waited for start-up")
	p.waitText("etl-extracted", "400")
	p.waitText("batch-extracted", "2,000,000")
	hash := p.eval(`location.hash`)
	assert.Contains(t, hash, "e.n=400", "the page kept the link it was given")
	assert.Contains(t, hash, "b.n=2000000")
}

// The page in <iframe sandbox="allow-scripts"> on a course site (an opaque
// origin): it loads and runs. Where the host does not send CORS headers,
// it says why it cannot start.
func TestSandboxedEmbed(t *testing.T) {
	plain := httptest.NewServer(http.FileServer(http.Dir(distDir))) // a static host we do not control
	defer plain.Close()
	host := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		src := baseURL
		if r.URL.Path == "/plain" {
			src = plain.URL
		}
		fmt.Fprintf(w, `<!doctype html><title>A course</title><h1>Lesson 3</h1><iframe sandbox="allow-scripts" src="%s/#p=etl&embed=1&run=1" width="1000" height="700"></iframe>`, src)
	}))
	defer host.Close()
	for _, tc := range []struct{ path, origin, want string }{
		{"/", baseURL, `(document.querySelector('[data-testid="etl-valid"]') || {}).textContent === '138' && document.body.classList.contains('embed')`},
		{"/plain", plain.URL, `(document.querySelector('[data-testid="status"]') || {}).textContent.includes('could not be loaded here')`},
	} {
		t.Run(tc.path, func(t *testing.T) {
			p := openURL(t, strings.Replace(host.URL, "127.0.0.1", "localhost", 1), strings.Replace(host.URL, "127.0.0.1", "localhost", 1)+tc.path)
			p.alsoAllowed = tc.origin
			frame := frameTarget(t, p.ctx, tc.origin)
			fctx, cancel := chromedp.NewContext(p.ctx, chromedp.WithTargetID(frame))
			defer cancel()
			_, err := chromedp.Run(fctx, chromedp.Poll[bool](tc.want, chromedp.WithPollingTimeout(40*time.Second)))
			require.NoError(t, err)
			origin, err := chromedp.Run(fctx, chromedp.Evaluate[string](`self.origin`))
			require.NoError(t, err)
			assert.Equal(t, "null", origin, "a sandboxed frame has an opaque origin")
		})
	}
}

// Opened from disk, the page says how to open it instead of hanging.
func TestOpenedFromDisk(t *testing.T) {
	p := openURL(t, "file:", "file://"+filepath.ToSlash(distDir)+"/index.html#p=etl")
	p.expected = []string{"has been blocked by CORS policy", "net::ERR_FAILED"}
	p.waitJS(`document.querySelector('[data-testid="status"]').textContent.includes('opened from disk (file://)')`)
	assert.Contains(t, p.text(tid("status")), "python3 -m http.server")
}

// The sample file is inside the engine: it loads with the server gone.
func TestSampleWorksOffline(t *testing.T) {
	srv := httptest.NewServer(Handler(distDir))
	p := openURL(t, srv.URL, srv.URL+"/#p=data")
	p.waitJS(`document.querySelector('[data-testid="status"]').textContent.startsWith('Engine ready')`)
	srv.Close()
	p.click("sample-load")
	p.waitText("data-rows", "9")
	assert.Contains(t, p.text(tid("file-summary")), "orders_messy.csv")
	p.etlWorks()
}

// downloadNamed clicks a download button and returns the name the browser
// was given and the bytes.
func (p *page) downloadNamed(dir, id string) (string, []byte) {
	p.t.Helper()
	ctx, cancel := context.WithCancel(p.ctx)
	defer cancel()
	names, done := make(chan string, 4), make(chan string, 4)
	require.NoError(p.t, chromedp.ListenBrowser(ctx, func(ev any) {
		switch e := ev.(type) {
		case *browser.EventDownloadWillBegin:
			names <- e.SuggestedFilename
		case *browser.EventDownloadProgress:
			if e.State == browser.DownloadProgressStateCompleted || e.State == browser.DownloadProgressStateCanceled {
				done <- e.GUID + "\x00" + string(e.State)
			}
		}
	}))
	p.click(id)
	name := ""
	select {
	case name = <-names:
	case <-time.After(30 * time.Second):
		p.t.Fatal("no download began")
	}
	select {
	case d := <-done:
		guid, state, _ := strings.Cut(d, "\x00")
		require.Equal(p.t, string(browser.DownloadProgressStateCompleted), state)
		b, err := os.ReadFile(filepath.Join(dir, guid))
		require.NoError(p.t, err)
		return name, b
	case <-time.After(30 * time.Second):
		p.t.Fatal("the download did not complete")
	}
	return "", nil
}

// A real file checked with no rules and no options downloads byte for byte
// as it was loaded, under the name its button shows.
func TestYourFileComesBackUnchanged(t *testing.T) {
	for _, name := range []string{"sensors_bom.csv", "weather.csv", "orders_crlf.csv"} {
		t.Run(name, func(t *testing.T) {
			p := openPage(t, "#p=data")
			file, err := filepath.Abs("../core/table/testdata/roundtrip/" + name)
			require.NoError(t, err)
			require.NoError(t, chromedp.Do(p.ctx, chromedp.SetUploadFiles(chromedp.CSS(tid("file-input")), []string{file})))
			p.waitJS(`!document.querySelector('[data-testid="run-data"]').disabled`)
			p.click("run-data")
			p.waitJS(`!!document.querySelector('[data-testid="download-data_clean"]')`)
			dir := p.allowDownloads()
			shown := strings.TrimPrefix(p.text(tid("download-data_clean")), "⬇ ")
			got, body := p.downloadNamed(dir, "download-data_clean")
			want, err := os.ReadFile(file)
			require.NoError(t, err)
			assert.Equal(t, string(want), string(body))
			assert.Equal(t, strings.TrimSuffix(name, ".csv")+"_clean.csv", shown)
			assert.Equal(t, shown, got, "the saved name is the shown name")
		})
	}
}

// Files that are not CSV text are named for what they are.
func TestNotACSVFile(t *testing.T) {
	p := openPage(t, "#p=data")
	png, err := chromedp.Run(p.ctx, chromedp.CaptureScreenshot())
	require.NoError(t, err)
	dir := t.TempDir()
	for name, content := range map[string][]byte{"picture.png": png, "notes-utf16.csv": []byte("a\x00,\x00b\x00\n\x001\x00,\x002\x00\n\x00")} {
		path := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(path, content, 0o644))
	}
	require.NoError(t, chromedp.Do(p.ctx, chromedp.SetUploadFiles(chromedp.CSS(tid("file-input")), []string{filepath.Join(dir, "picture.png")})))
	p.waitJS(`document.querySelector('[data-testid="error-data"]').textContent.includes('this looks like a PNG image, not a CSV file')`)
	require.NoError(t, chromedp.Do(p.ctx, chromedp.SetUploadFiles(chromedp.CSS(tid("file-input")), []string{filepath.Join(dir, "notes-utf16.csv")})))
	p.waitJS(`document.querySelector('[data-testid="error-data"]').textContent.includes('UTF-16 text without a byte order mark: save it as UTF-8')`)
	p.click("sample-load")
	p.waitText("data-rows", "9")
}

// TestServerAnswersNotModified: the dev server sends validators, as static
// hosts do, so that a return visit's revalidation (every file is
// "no-cache") gets 304 Not Modified and the browser keeps what it cached
// with the file, the compiled scripts and engine too; a changed file is
// sent again, even with its modification time kept.
func TestServerAnswersNotModified(t *testing.T) {
	dir := t.TempDir()
	page, err := os.ReadFile(filepath.Join(distDir, "index.html"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "index.html"), page, 0o644))
	script := filepath.Join(dir, "app.js")
	require.NoError(t, os.WriteFile(script, []byte("export const a = 1;\n"), 0o644))
	srv := httptest.NewServer(Handler(dir))
	defer srv.Close()
	get := func(method, path, encoding string, hdr ...string) (*http.Response, []byte) {
		req, err := http.NewRequest(method, srv.URL+path, nil)
		require.NoError(t, err)
		req.Header.Set("Accept-Encoding", encoding)
		for i := 0; i+1 < len(hdr); i += 2 {
			req.Header.Set(hdr[i], hdr[i+1])
		}
		res, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer res.Body.Close()
		body, err := io.ReadAll(res.Body)
		require.NoError(t, err)
		return res, body
	}
	gunzip := func(b []byte) string {
		zr, err := gzip.NewReader(bytes.NewReader(b))
		require.NoError(t, err)
		out, err := io.ReadAll(zr)
		require.NoError(t, err)
		return string(out)
	}
	for _, path := range []string{"/", "/app.js"} {
		// Compressed: a weak entity tag (it names the content, not the
		// compressed bytes).
		first, body := get(http.MethodGet, path, "gzip")
		require.Equal(t, http.StatusOK, first.StatusCode, path)
		assert.Equal(t, "gzip", first.Header.Get("Content-Encoding"), path)
		assert.Equal(t, "no-cache", first.Header.Get("Cache-Control"), path)
		assert.NotEmpty(t, gunzip(body), path)
		tag := first.Header.Get("ETag")
		require.True(t, strings.HasPrefix(tag, `W/"`), "%s: %q", path, tag)
		for _, inm := range []string{tag, strings.TrimPrefix(tag, "W/"), `"other", ` + tag, "*"} {
			again, rest := get(http.MethodGet, path, "gzip", "If-None-Match", inm)
			assert.Equal(t, http.StatusNotModified, again.StatusCode, "%s %s", path, inm)
			assert.Empty(t, rest)
			assert.Empty(t, again.Header.Get("Content-Encoding"), path)
			assert.NotEmpty(t, again.Header.Get("Content-Security-Policy"), path)
			assert.Equal(t, tag, again.Header.Get("ETag"), path)
		}
		other, _ := get(http.MethodGet, path, "gzip", "If-None-Match", `W/"other"`)
		assert.Equal(t, http.StatusOK, other.StatusCode, path)
		// No range of the compressed bytes: the whole file, which decodes.
		ranged, part := get(http.MethodGet, path, "gzip", "Range", "bytes=0-1,5-6")
		assert.Equal(t, http.StatusOK, ranged.StatusCode, path)
		assert.Equal(t, gunzip(body), gunzip(part), path)
		assert.Empty(t, ranged.Header.Get("Accept-Ranges"), path)
		head, none := get(http.MethodHead, path, "gzip")
		assert.Equal(t, http.StatusOK, head.StatusCode, path)
		assert.Empty(t, none, path)
		assert.Equal(t, tag, head.Header.Get("ETag"), path)
		// Uncompressed: the modification time.
		plain, _ := get(http.MethodGet, path, "identity")
		require.Equal(t, http.StatusOK, plain.StatusCode, path)
		assert.Empty(t, plain.Header.Get("Content-Encoding"), path)
		notModified, _ := get(http.MethodGet, path, "identity", "If-Modified-Since", plain.Header.Get("Last-Modified"))
		assert.Equal(t, http.StatusNotModified, notModified.StatusCode, path)
	}
	// A changed file is not the one the browser holds, even when the
	// change kept its modification time (cp -p, tar).
	res, _ := get(http.MethodGet, "/app.js", "gzip")
	old := res.Header.Get("ETag")
	st, err := os.Stat(script)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(script, []byte("export const a = 2;\n"), 0o644))
	require.NoError(t, os.Chtimes(script, st.ModTime(), st.ModTime()))
	changed, body := get(http.MethodGet, "/app.js", "gzip", "If-None-Match", old)
	assert.Equal(t, http.StatusOK, changed.StatusCode)
	assert.NotEqual(t, old, changed.Header.Get("ETag"))
	assert.Equal(t, "export const a = 2;\n", gunzip(body))
}
