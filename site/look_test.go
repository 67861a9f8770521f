package main

import (
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
func TestDarkMode(t *testing.T) {
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
