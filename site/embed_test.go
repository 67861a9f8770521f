package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hostScriptFromSource is the host script the embed dialog and the README
// give, read from embed.js.
func hostScriptFromSource(t *testing.T) string {
	b, err := os.ReadFile("web/js/embed.js")
	require.NoError(t, err)
	m := regexp.MustCompile("(?s)export const hostScript = `(.*?)`;").FindStringSubmatch(string(b))
	require.Len(t, m, 2)
	return strings.ReplaceAll(m[1], "${RESIZE_TYPE}", "ingestion-playground:resize")
}

// The README gives the same host script as the dialog.
func TestREADMEHostScript(t *testing.T) {
	b, err := os.ReadFile("../README.md")
	require.NoError(t, err)
	m := regexp.MustCompile("(?s)```html\n(.*?)```").FindStringSubmatch(string(b))
	require.Len(t, m, 2)
	var lines []string
	for _, l := range strings.Split(strings.TrimRight(m[1], "\n "), "\n") {
		lines = append(lines, strings.TrimPrefix(l, "  "))
	}
	assert.Equal(t, hostScriptFromSource(t), strings.Join(lines, "\n"))
}

// A course page on another origin embeds one pattern in a sandboxed
// iframe: the iframe takes the page's height from its messages, so the
// page has no scrollbar of its own, and show= keeps two knobs.
func TestEmbedSizesItself(t *testing.T) {
	script := hostScriptFromSource(t)
	host := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprintf(w, `<!doctype html><title>A course</title><h1>Lesson 3: micro-batches</h1>
<iframe data-ingestion-playground sandbox="allow-scripts allow-downloads" src="%s/#p=stream&embed=1&run=1&show=bs,lg" width="100%%" height="300" style="border:0"></iframe>
%s
<script>window.lti = 0; addEventListener('message', (e) => { if (e.data && e.data.subject === 'lti.frameResize') window.lti++; });</script>`, baseURL, script)
	}))
	defer host.Close()
	hostURL := strings.Replace(host.URL, "127.0.0.1", "localhost", 1)
	p := openURL(t, hostURL, hostURL+"/")
	p.alsoAllowed = baseURL
	frame := frameTarget(t, p.ctx, baseURL)
	fctx, cancel := chromedp.NewContext(p.ctx, chromedp.WithTargetID(frame))
	defer cancel()
	inFrame := func(expr string) {
		t.Helper()
		_, err := chromedp.Run(fctx, chromedp.Poll[bool](expr, chromedp.WithPollingTimeout(40*time.Second)))
		require.NoError(t, err, expr)
	}
	frameEval := func(expr string) string {
		t.Helper()
		v, err := chromedp.Run(fctx, chromedp.Evaluate[string](expr))
		require.NoError(t, err, expr)
		return v
	}
	inFrame(`(document.querySelector('[data-testid="stream-batches"]') || {}).textContent === '5'`)
	// The host sized the frame to the page: no scrollbar inside it.
	p.waitJS(`parseInt(document.querySelector('iframe').style.height) > 600`)
	inFrame(`document.documentElement.scrollHeight <= innerHeight + 1`)
	p.waitJS(`window.lti > 0`)
	assert.Equal(t, "none", frameEval(`getComputedStyle(document.querySelector('.nav')).display`), "one pattern, no tab strip")
	assert.Equal(t, "bufferSize,lingerMs", frameEval(`[...document.querySelectorAll('#stream .field[data-key]')].filter((f) => !f.hidden).map((f) => f.dataset.key).join(',')`))
	assert.Equal(t, "true", frameEval(`document.querySelector('[data-testid="settings-panel-stream"]').open.toString()`), "the settings show= names are open")
	// Results come before the settings.
	assert.Equal(t, "true", frameEval(`(document.querySelector('#stream .right').getBoundingClientRect().top < document.querySelector('#stream .left').getBoundingClientRect().top).toString()`))

	// Closing the settings shrinks the page, and the frame with it.
	before, err := strconv.Atoi(p.eval(`parseInt(document.querySelector('iframe').style.height).toString()`))
	require.NoError(t, err)
	frameEval(`document.querySelector('[data-testid="settings-panel-stream"] summary').click(), 'ok'`)
	p.waitJS(fmt.Sprintf(`parseInt(document.querySelector('iframe').style.height) < %d`, before))
	inFrame(`document.documentElement.scrollHeight <= innerHeight + 1`)
	p.screenshot("embed-host")
}

// Copy embed code: the teacher picks the pattern and its knobs; the code
// carries them, with the host script when the frame fits its content.
func TestEmbedDialog(t *testing.T) {
	p := openPage(t, "#p=stream")
	p.waitText("stream-batches", "5")
	p.settled()
	p.click("copy-embed")
	p.waitJS(`document.querySelector('[data-testid="embed-dialog"]').open`)
	p.eval(`(() => {
		for (const b of document.querySelectorAll('[data-testid="embed-dialog"] input[data-short]')) {
			b.checked = b.dataset.short === 'bs' || b.dataset.short === 'lg';
			b.dispatchEvent(new Event('change'));
		}
		const th = document.querySelector('[data-testid="embed-theme"]'); th.value = 'dark'; th.dispatchEvent(new Event('change'));
		return 'ok';
	})()`)
	p.waitJS(`document.querySelector('[data-testid="embed-code"]').value.includes('show=bs,lg')`)
	code := p.eval(`document.querySelector('[data-testid="embed-code"]').value`)
	assert.Contains(t, code, "#p=stream&run=1&embed=1&show=bs,lg&theme=dark")
	assert.Contains(t, code, "data-ingestion-playground")
	assert.Contains(t, code, hostScriptFromSource(t))
	p.eval(`(() => { const f = document.querySelector('[data-testid="embed-height"]'); f.value = 'fixed'; f.dispatchEvent(new Event('change')); return 'ok'; })()`)
	p.waitJS(`!document.querySelector('[data-testid="embed-code"]').value.includes('<script>')`)
}
