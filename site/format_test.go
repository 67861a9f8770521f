package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"
)

// The page writes numbers with its own formatNumber (web/js/dom.js), not
// Intl.NumberFormat, whose first use costs 100–200 ms at start-up: in
// Chromium the two write the same text for every number, with each set of
// fraction digits the page uses.
func TestFormatNumberWritesWhatIntlWrites(t *testing.T) {
	needBrowser(t)
	src, err := os.ReadFile(filepath.Join("web", "js", "dom.js"))
	require.NoError(t, err)
	start := strings.Index(string(src), "export function formatNumber(")
	require.GreaterOrEqual(t, start, 0, "dom.js defines formatNumber")
	end := strings.Index(string(src)[start:], "\n}\n")
	require.Greater(t, end, 0)
	fn := strings.TrimPrefix(string(src)[start:start+end+2], "export ")
	ctx, cancel := chromedp.NewContext(allocCtx)
	defer cancel()
	ctx, cancel2 := context.WithTimeout(ctx, time.Minute)
	defer cancel2()
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate("about:blank")))
	script := fn + `
(() => {
  let seed = 20261206;
  const rand = () => { seed = (seed + 0x6d2b79f5) | 0; let t = Math.imul(seed ^ (seed >>> 15), 1 | seed); t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t; return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
  const fixed = [0, -0, 1, -1, 0.5, 1.0005, 2.675, 1.005, 0.995, -0.995, 0.9995, 9.9995, 999.9995, 99999.9999, 0.0005, 0.00049, 0.00005,
    -0.0001, 1e-7, 5e-324, 1e21, 1.5e22, 12345678901234567890, Number.MAX_VALUE, -Number.MAX_VALUE, NaN, Infinity, -Infinity, 1234.5678, 0.125, -2.5];
  const bad = [];
  let n = 0;
  for (const [max, min] of [[3, 0], [2, 2], [6, 0], [0, 0]]) {
    const nf = new Intl.NumberFormat('en-US', { maximumFractionDigits: max, minimumFractionDigits: min });
    const xs = fixed.slice();
    for (let i = 0; i < 50000; i++) {
      const r = rand(), sign = rand() < 0.5 ? -1 : 1;
      xs.push(sign * (r < 0.3 ? Math.round(rand() * 1e6) / 1000 + 0.0005 : r < 0.6 ? rand() * 10 ** (rand() * 40 - 15) : Math.round(rand() * 1e7) / 10 ** Math.floor(rand() * 8)));
    }
    for (const x of xs) {
      n++;
      const want = nf.format(x), got = formatNumber(x, max, min);
      if (want !== got && bad.length < 10) bad.push({ x: String(x), max, min, want, got });
    }
  }
  return JSON.stringify({ n, bad });
})()`
	out, err := chromedp.Run(ctx, chromedp.Evaluate[string](script))
	require.NoError(t, err)
	var res struct {
		N   int
		Bad []map[string]any
	}
	require.NoError(t, json.Unmarshal([]byte(out), &res))
	require.Greater(t, res.N, 200000)
	require.Empty(t, res.Bad, "formatNumber differs from Intl.NumberFormat")
}
