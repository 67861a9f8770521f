package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// luminance of the page's background, 0 (black) to 255 (white).
func (p *page) background() int {
	p.t.Helper()
	rgb := p.eval(`getComputedStyle(document.body).backgroundColor`)
	parts := strings.FieldsFunc(rgb, func(r rune) bool { return r < '0' || r > '9' })
	require.GreaterOrEqual(p.t, len(parts), 3, rgb)
	sum := 0
	for _, s := range parts[:3] {
		v, err := strconv.Atoi(s)
		require.NoError(p.t, err)
		sum += v
	}
	return sum / 3
}

func (p *page) screenshot(name string) {
	p.t.Helper()
	if dir := os.Getenv("SCREENSHOT_DIR"); dir != "" {
		png, err := chromedp.Run(p.ctx, chromedp.FullScreenshot(100))
		require.NoError(p.t, err)
		require.NoError(p.t, os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644))
	}
}

// The page follows the system's dark setting, and theme= in the link
// forces either look (an embed matching a dark course page).
func TestDarkModeFollowsTheSystemAndTheLink(t *testing.T) {
	p := openPage(t, "#p=etl&theme=dark")
	p.waitText("etl-valid", "138")
	assert.Less(t, p.background(), 40, "theme=dark")
	p.screenshot("etl-dark")

	q := openPage(t, "")
	assert.Greater(t, q.background(), 200, "light by default")
	_, err := chromedp.Call(q.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
		Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: "dark"}}})
	require.NoError(t, err)
	assert.Less(t, q.background(), 40, "the system's dark setting")
	q.eval(`location.hash = '#theme=light', 'ok'`)
	q.waitJS(`document.documentElement.dataset.theme === 'light'`)
	assert.Greater(t, q.background(), 200, "theme=light wins over the system")
}

// On a phone (375 px) and a laptop (1280 px): nothing wider than the
// screen, every diagram box inside the page, and on the phone the results
// before the settings.
func TestNarrowScreens(t *testing.T) {
	for _, width := range []int64{375, 1280} {
		p := openPage(t, "#p=etl")
		_, err := chromedp.Call(p.ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{Width: width, Height: 800, DeviceScaleFactor: 1, Mobile: width < 600})
		require.NoError(t, err)
		p.waitText("etl-valid", "138")
		for _, tab := range []string{"batch", "stream", "etl", "time"} {
			p.click("nav-" + tab)
			p.waitJS(fmt.Sprintf(`!document.querySelector('[data-testid="section-%s"]').hidden`, tab))
			assert.Equal(t, "true", p.eval(`(document.documentElement.scrollWidth <= innerWidth).toString()`), "%d px, %s: no sideways scrolling", width, tab)
			assert.Equal(t, "true", p.eval(fmt.Sprintf(`[...document.querySelectorAll('#%s .diagram .node')].every((n) => { const r = n.getBoundingClientRect(), d = n.closest('.diagram').getBoundingClientRect(); return r.right <= d.right + 1 && r.left >= d.left - 1; }).toString()`, tab)), "%d px, %s: the whole diagram shows", width, tab)
			if width < 600 {
				assert.Equal(t, "true", p.eval(fmt.Sprintf(`(document.querySelector('#%s .right').getBoundingClientRect().top < document.querySelector('#%s .left').getBoundingClientRect().top).toString()`, tab, tab)), "results first on a phone")
			}
		}
		p.click("nav-etl")
		assert.Equal(t, "true", p.eval(`(document.querySelector('#etl .rules-report table').getBoundingClientRect().width <= document.querySelector('#etl .rules-report').getBoundingClientRect().width).toString()`), "%d px: the rule results fit", width)
		p.screenshot(fmt.Sprintf("etl-%d", width))
	}
}

// On a phone (375 px) and a small one (320 px) no tab makes the page wider
// than the screen, the overview above the tabs included, with the results
// drawn and every fold (details) open: a wide table scrolls sideways in a
// box of its own (the overview's "When to use which" is 533 px wide on a
// phone) and a picture scales to the screen.
func TestNoTabScrollsSideways(t *testing.T) {
	ready := map[string]string{
		"batch":   `document.querySelector('[data-testid="sweep-interval"]') !== null`,
		"stream":  `document.querySelector('[data-testid="sweep-linger"]') !== null && document.querySelector('[data-testid="stream-queue-chart"]') !== null`,
		"etl":     `document.querySelectorAll('[data-testid="rule-result"]').length > 0`,
		"compare": `document.querySelector('[data-testid="compare-equal"]') !== null`,
		"time":    `document.querySelector('[data-testid="time-sweep-current"]') !== null && document.querySelector('[data-testid="time-processing"]') !== null`,
		"data":    `true`,
	}
	fits := `(document.documentElement.scrollWidth <= document.documentElement.clientWidth).toString()`
	for _, width := range []int64{375, 320} {
		p := openPage(t, "#p=batch")
		_, err := chromedp.Call(p.ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{Width: width, Height: 800, DeviceScaleFactor: 1, Mobile: true})
		require.NoError(t, err)
		p.defaultsShown()
		for _, tab := range []string{"batch", "stream", "etl", "compare", "time", "data"} {
			// (On a phone the tab bar scrolls: a tab off its edge is clicked as a tap would.)
			p.eval(fmt.Sprintf(`document.querySelector('[data-testid="nav-%s"]').click(), 'ok'`, tab))
			p.waitJS(fmt.Sprintf(`!document.querySelector('[data-testid="section-%s"]').hidden && %s`, tab, ready[tab]))
			assert.Equal(t, "true", p.eval(fits), "%d px, %s: %s", width, tab, p.eval(tooWide))
			p.eval(`document.querySelectorAll('details:not([open])').forEach((d) => { d.open = true; d.dataset.opened = ''; }), 'ok'`)
			assert.Equal(t, "true", p.eval(fits), "%d px, %s, every fold open: %s", width, tab, p.eval(tooWide))
			if width == 375 {
				p.screenshot(fmt.Sprintf("%s-375-open", tab))
			}
			p.eval(`document.querySelectorAll('details[data-opened]').forEach((d) => { d.open = false; delete d.dataset.opened; }), 'ok'`)
		}
		// The overview's table is wider than a phone: it scrolls in itself.
		assert.Equal(t, "true", p.eval(`(() => { const t = document.querySelector('[data-testid="when-table"]'); return (t.scrollWidth > t.clientWidth && getComputedStyle(t).overflowX === 'auto').toString(); })()`), "%d px: the table scrolls", width)
	}
}

// tooWide names the elements that reach past the screen's right edge
// outside any box that scrolls or clips them (what a failure is about).
const tooWide = `(() => {
	const w = document.documentElement.clientWidth, out = [];
	for (const el of document.querySelectorAll('body *')) {
		const r = el.getBoundingClientRect();
		if (!r.width || r.right <= w + 0.5) continue;
		let a = el.parentElement;
		while (a && a !== document.body && getComputedStyle(a).overflowX === 'visible') a = a.parentElement;
		if (a && a !== document.body) continue;
		out.push(el.tagName.toLowerCase() + '.' + (el.getAttribute('class') || '') + ' (' + Math.round(r.right) + ' px)');
	}
	return out.slice(0, 6).join(', ');
})()`

// Once the page is idle, it lays out every font size, weight and family
// its screen styles name (fonts.js), so that a tab's first large result
// does not wait on the system's font settings in one long task; the box
// it used is gone afterwards and nothing on the page moved.
func TestFontsWarmUp(t *testing.T) {
	p := openPage(t, "#p=etl")
	p.waitText("etl-extracted", "150")
	p.waitJS(`performance.getEntriesByName('fonts-warm').length > 0`)
	n, err := strconv.Atoi(p.eval(`String(performance.getEntriesByName('fonts-warm')[0].detail.variants)`))
	require.NoError(t, err)
	// 20-odd sizes, three weights, the page's two families.
	assert.Greater(t, n, 60, "font variants laid out")
	assert.Equal(t, "0", p.eval(`String([...document.body.querySelectorAll('[aria-hidden="true"]')].filter((e) => e.style.clipPath === 'inset(50%)').length)`), "the warm-up's box is removed")
}

// TestStartUpLayoutShiftIsSmall: as each tab starts (the skeleton, then
// the tab drawn from the recorded answers, its table and charts a frame or
// two later, then the engine's own answers), what is on screen moves little:
// the layout shifts the browser reports add up to less than 0.1, what Web
// Vitals calls good. (The footer under the bare header jumped by 0.12-0.15.)
// On a first visit, and on a return visit, where the snapshot of the
// first result (js/snapshot.js) is painted first and then gives way to
// the page's own.
func TestStartUpLayoutShiftIsSmall(t *testing.T) {
	for _, hash := range []string{"", "#p=stream", "#p=etl", "#p=compare", "#p=time", "#p=data", "#p=etl&embed=1"} {
		t.Run(hash, func(t *testing.T) {
			first := openURLFrom(t, allocCtx, baseURL, baseURL+"/"+hash, chromedp.WithNewBrowserContext())
			shifted := func(p *page, visit string) {
				p.waitJS(`performance.getEntriesByName('engine-warm').length > 0`)
				out, err := chromedp.Run(p.ctx, chromedp.Evaluate[string](`new Promise((r) => { let sum = 0; const seen = []; new PerformanceObserver((l) => { for (const e of l.getEntries()) if (!e.hadRecentInput) { sum += e.value; seen.push(Math.round(e.startTime) + ' ms: ' + e.value.toFixed(4)); } }).observe({ type: 'layout-shift', buffered: true }); setTimeout(() => r(sum.toFixed(4) + ' (' + seen.join(', ') + ')'), 100); })`, chromedp.EvalAwaitPromise))
				require.NoError(t, err)
				var sum float64
				_, err = fmt.Sscan(out, &sum)
				require.NoError(t, err, out)
				assert.Less(t, sum, 0.1, "layout shifts at start-up, %s: %s", visit, out)
			}
			shifted(first, "first visit")
			if hash == "#p=data" {
				return // Your data keeps no snapshot
			}
			first.waitJS(snapshotStored(hash))
			again := openURLFrom(t, first.ctx, baseURL, baseURL+"/"+hash)
			shifted(again, "return visit")
			assert.Equal(t, "snapshot", again.eval(`performance.getEntriesByName('first-result-painted')[0].detail`))
		})
	}
}
