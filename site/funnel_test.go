package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// The ETL tab draws the demo's quality-check flowchart from the engine's
// numbers: 150 → price not null → 144 → quantity > 0 → 138; a warn: rule
// lets its failing rows through with a mark; Your data has its funnel too.
func TestQualityFunnel(t *testing.T) {
	p := openPage(t, "#p=etl")
	p.waitText("etl-valid", "138")
	assert.Equal(t, "150", p.text(tid("funnel-etl-in")))
	assert.Equal(t, "144,138", p.eval(`[...document.querySelectorAll('[data-testid="funnel-etl-step"]')].map((r) => r.dataset.out).join()`))
	assert.Contains(t, p.text(tid("funnel-etl")), "price not null")
	assert.Contains(t, p.text(tid("funnel-etl")), "−6 to quarantine")
	assert.Contains(t, p.text(tid("funnel-etl-note")), "138 of 150 pass")

	// Dirty data and a warn: rule: rows failing several rules, and a mark.
	rules := "price not null\nquantity > 0\nwarn: discount <= 0.05\nprice < 1000\n"
	p.eval(`(() => { const a = document.querySelector('[data-testid="rules-etl"]'); a.value = ` + jsString(rules) + `; a.dispatchEvent(new Event('input', {bubbles: true})); return 'ok'; })()`)
	p.waitJS(`document.querySelectorAll('[data-testid="funnel-etl-step"]').length === 4`)
	steps := p.eval(`[...document.querySelectorAll('[data-testid="funnel-etl-step"]')].map((r) => r.textContent).join(' | ')`)
	assert.Contains(t, steps, "kept, with a warning")
	assert.Equal(t, p.text(tid("etl-valid")), p.eval(`[...document.querySelectorAll('[data-testid="funnel-etl-step"]')].pop().dataset.out`), "the funnel ends at the rows that passed")
	p.axeCheck(axeSource(t), "the quality funnel")

	// Your data: the sample file's check has its funnel, over readable rows.
	p.click("nav-data")
	p.click("sample-load")
	p.waitText("data-rows", "9")
	p.eval(`(() => { const a = document.querySelector('[data-testid="rules-data"]'); a.value = 'Qty > 0\n"Unit Price" not null\n'; return 'ok'; })()`)
	p.click("run-data")
	p.waitJS(`document.querySelector('[data-testid="funnel-data-in"]') !== null`)
	assert.Equal(t, "9", p.text(tid("funnel-data-in")))
	assert.Equal(t, p.text(tid("data-valid")), p.eval(`[...document.querySelectorAll('[data-testid="funnel-data-step"]')].pop().dataset.out`))
	p.checkClean()
}
