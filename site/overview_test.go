package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// The overview carries each pattern's latest counts, leads to its tab, and
// puts what this page measured beside the textbook's "when to use".
func TestOverviewCarriesEachPatternsCounts(t *testing.T) {
	p := openPage(t, "")
	p.defaultsShown()
	p.waitText("overview-count-etl", "138 of 150 passed")
	assert.Equal(t, "100 records · 1 job run", p.text(tid("overview-count-batch")))
	assert.Equal(t, "50 events · 5 micro-batches", p.text(tid("overview-count-stream")))
	p.waitText("overview-count-time", "186 on time · 9 late · 5 dropped")
	assert.Equal(t, "15.0 s result latency (p95) for 93.0 % complete on-time panes in your last event-time run", p.text(tid("when-measured-time")))
	assert.Equal(t, "12.0 h average wait for data in your last batch run", p.text(tid("when-measured-batch")))
	assert.Equal(t, "450 ms average latency in your last stream", p.text(tid("when-measured-stream")))
	assert.Contains(t, p.text(tid("when-measured-etl")), "92 % of the records passed")
	assert.Contains(t, p.text(tid("when-table")), "hours to days")
	p.click("overview-stream")
	p.waitJS(`!document.querySelector('[data-testid="section-stream"]').hidden && document.activeElement.dataset.testid === 'nav-stream'`)
	p.click("overview-compare")
	p.waitJS(`!document.querySelector('[data-testid="section-compare"]').hidden`)
	p.click("overview-time")
	p.waitJS(`!document.querySelector('[data-testid="section-time"]').hidden && document.activeElement.dataset.testid === 'nav-time'`)
	p.axeCheck(axeSource(t), "the overview")

	// An embed shows one pattern: no overview.
	q := openPage(t, "#p=etl&embed=1")
	q.waitText("etl-valid", "138")
	assert.Equal(t, "true", q.eval(`document.querySelector('[data-testid="overview"]').hidden.toString()`))
	p.checkClean()
	q.checkClean()
}
