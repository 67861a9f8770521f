package main

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/ingestkit/playground/core"
	"github.com/stretchr/testify/assert"
)

// Batch vs streaming: the same events both ways. For the defaults the
// totals are equal and the batch side's p95 delay is far above the
// stream's; a link carries the settings, and changing the job interval
// moves the batch side while the totals stay equal.
func TestCompareViewShowsBothSides(t *testing.T) {
	p := openPage(t, "#p=compare")
	p.waitText("compare-verdict", "equal")
	res, err := core.RunCompare(core.DefaultCompareConfig())
	if err != nil {
		t.Fatal(err)
	}
	assert.Equal(t, "1,000", p.text(tid("compare-events")))
	assert.Equal(t, "56.8 min", p.text(tid("compare-batch-p95")))
	assert.Equal(t, "5.0 s", p.text(tid("compare-stream-p95")))
	assert.Greater(t, res.Batch.Delay.P95Ms, res.Stream.Delay.P95Ms)
	assert.Contains(t, p.text(tid("compare-equal")), "Equal")
	assert.Equal(t, "17", p.text(tid("compare-runs-batch")))
	assert.Equal(t, "2", p.eval(`document.querySelectorAll('[data-testid="compare-chart"] path.curve').length.toString()`))
	assert.Contains(t, p.eval(`document.querySelector('[data-testid="compare-chart"] title').textContent`), "batch p50 30.2 min, p95 56.8 min")
	p.axeCheck(axeSource(t), "the batch vs streaming view")
	// The README quotes these figures.
	readme, err := os.ReadFile("../README.md")
	assert.NoError(t, err)
	assert.Contains(t, strings.Join(strings.Fields(string(readme)), " "), fmt.Sprintf("within %s by batch and within %s by streaming (%s fresher) for the same totals, to the cent — %s job runs against %s flushes",
		p.text(tid("compare-batch-p95")), p.text(tid("compare-stream-p95")), p.text(tid("compare-faster")), p.text(tid("compare-runs-batch")), p.text(tid("compare-runs-stream"))))

	// A job every 5 minutes: the batch side gets fresher, the totals stay.
	p.eval(`(() => { const s = document.querySelector('#compare-batchInterval'); s.value = '5'; s.dispatchEvent(new Event('change', {bubbles: true})); return 'ok'; })()`)
	p.waitJS(`document.querySelector('[data-testid="compare-batch-p95"]').textContent !== '56.8 min'`)
	p.waitText("compare-verdict", "equal")
	assert.Contains(t, p.eval(`location.hash`), "c.bi=300000")

	// The link opens the same comparison.
	q := openPage(t, "#p=compare&c.bi=300000&c.n=2000")
	q.waitText("compare-events", "2,000")
	q.waitText("compare-verdict", "equal")
	for _, pg := range []*page{p, q} {
		var minutes float64
		_, err := fmt.Sscanf(pg.text(tid("compare-batch-p95")), "%f min", &minutes)
		assert.NoError(t, err)
		assert.Less(t, minutes, 5.0, "a job every 5 minutes: 95 % wait less than 5 minutes")
	}
	p.checkClean()
	q.checkClean()
}
