package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// axeSource is axe-core, which `make deps` installs from npm (test only:
// it never reaches the page's download).
func axeSource(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("site", ".deps", "node_modules", "axe-core", "axe.min.js"))
	if err != nil {
		b, err = os.ReadFile(filepath.Join(".deps", "node_modules", "axe-core", "axe.min.js"))
	}
	if err != nil {
		missingTool(t, "axe-core is missing: run make deps (%v)", err)
	}
	return string(b)
}

type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target  []any  `json:"target"`
		Summary string `json:"failureSummary"`
	} `json:"nodes"`
}

// axeCheck runs axe-core on the page and fails on critical and serious
// violations, listing them.
func (p *page) axeCheck(src, where string) {
	p.t.Helper()
	_, err := chromedp.Run(p.ctx, chromedp.Evaluate[chromedp.Void](src))
	require.NoError(p.t, err)
	out, err := chromedp.Run(p.ctx, chromedp.Evaluate[string](`axe.run(document, { resultTypes: ['violations'] }).then((r) => JSON.stringify(r.violations))`, chromedp.EvalAwaitPromise))
	require.NoError(p.t, err)
	var vs []axeViolation
	require.NoError(p.t, json.Unmarshal([]byte(out), &vs))
	var bad []string
	for _, v := range vs {
		if v.Impact != "critical" && v.Impact != "serious" {
			continue
		}
		var nodes []string
		for i, n := range v.Nodes {
			if i == 4 {
				nodes = append(nodes, fmt.Sprintf("… %d more", len(v.Nodes)-4))
				break
			}
			nodes = append(nodes, fmt.Sprint(n.Target)+": "+strings.ReplaceAll(n.Summary, "\n", " "))
		}
		bad = append(bad, fmt.Sprintf("%s (%s): %s\n    %s", v.ID, v.Impact, v.Help, strings.Join(nodes, "\n    ")))
	}
	assert.Empty(p.t, bad, "axe-core on %s", where)
}

// Every tab, with results shown, in light and dark, and an embed: no
// critical or serious accessibility problem.
func TestNoSeriousAccessibilityProblems(t *testing.T) {
	src := axeSource(t)
	for _, theme := range []string{"light", "dark"} {
		p := openPage(t, "#theme="+theme)
		p.defaultsShown()
		for _, tab := range []string{"batch", "stream", "etl", "time"} {
			p.click("nav-" + tab)
			p.waitJS(fmt.Sprintf(`!document.querySelector('[data-testid="section-%s"]').hidden && document.querySelectorAll('#%s tbody tr:not(.loading)').length > 3`, tab, tab))
			p.axeCheck(src, tab+", "+theme)
		}
		p.click("nav-data")
		p.click("sample-load")
		p.waitText("data-rows", "9")
		p.click("run-data")
		p.waitText("data-records", "11")
		p.axeCheck(src, "your data, "+theme)
	}
	e := openPage(t, "#p=etl&embed=1&run=1")
	e.waitText("etl-valid", "138")
	e.axeCheck(src, "embed")
}

// Keyboard: a run started with Enter leaves focus on Run; the arrow keys,
// Home and End move along the tab strip.
func TestKeyboardRunsAndMovesAlongTabs(t *testing.T) {
	p := openPage(t, "")
	p.defaultsShown()
	p.click("nav-etl")
	p.eval(`document.querySelector('#etl-records').focus(), 'ok'`)
	require.NoError(t, chromedp.Do(p.ctx, chromedp.KeyEvent("\r")))
	p.waitJS(`!document.querySelector('[data-testid="run-etl"]').disabled && document.querySelector('#etl .elapsed').textContent.startsWith('done')`)
	p.eval(`document.querySelector('[data-testid="run-etl"]').focus(), 'ok'`)
	require.NoError(t, chromedp.Do(p.ctx, chromedp.KeyEvent("\r")))
	p.waitJS(`document.activeElement === document.querySelector('[data-testid="run-etl"]') && document.querySelector('#etl .elapsed').textContent.startsWith('done')`)

	p.eval(`document.querySelector('[data-testid="nav-etl"]').focus(), 'ok'`)
	require.NoError(t, chromedp.Do(p.ctx, chromedp.KeyEvent(kb.ArrowRight)))
	p.waitJS(`document.activeElement.dataset.testid === 'nav-compare' && !document.querySelector('[data-testid="section-compare"]').hidden`)
	require.NoError(t, chromedp.Do(p.ctx, chromedp.KeyEvent(kb.ArrowRight)))
	p.waitJS(`document.activeElement.dataset.testid === 'nav-time' && !document.querySelector('[data-testid="section-time"]').hidden`)
	require.NoError(t, chromedp.Do(p.ctx, chromedp.KeyEvent(kb.ArrowRight)))
	p.waitJS(`document.activeElement.dataset.testid === 'nav-data' && !document.querySelector('[data-testid="section-data"]').hidden`)
	require.NoError(t, chromedp.Do(p.ctx, chromedp.KeyEvent(kb.Home)))
	p.waitJS(`document.activeElement.dataset.testid === 'nav-batch' && !document.querySelector('[data-testid="section-batch"]').hidden`)
	require.NoError(t, chromedp.Do(p.ctx, chromedp.KeyEvent(kb.ArrowLeft)))
	p.waitJS(`document.activeElement.dataset.testid === 'nav-data'`)
	require.NoError(t, chromedp.Do(p.ctx, chromedp.KeyEvent(kb.End)))
	p.waitJS(`document.activeElement.dataset.testid === 'nav-data'`)
	assert.Equal(t, "-1", p.eval(`document.querySelector('[data-testid="nav-batch"]').tabIndex.toString()`), "one tab stop for the strip")
}
