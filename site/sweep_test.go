package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// The Streaming tab sweeps the buffer size and the linger, the Batch tab
// the job interval; the current setting is marked and moves with it.
func TestSweepsMarkTheCurrentSetting(t *testing.T) {
	p := openPage(t, "#p=stream")
	p.waitJS(`document.querySelector('[data-testid="sweep-size"]') !== null && document.querySelector('[data-testid="sweep-linger"]') !== null`)
	assert.Equal(t, "10", p.eval(`document.querySelector('[data-testid="sweep-size"]').dataset.current`))
	assert.Equal(t, "10 (now)", p.eval(`document.querySelector('[data-testid="sweep-size"] tr.current td').textContent`))
	assert.Equal(t, "1", p.eval(`document.querySelectorAll('[data-testid="sweep-size"] line.current').length.toString()`))
	// At size 10 the defaults flush 5 times: the sweep's point is the run's.
	assert.Equal(t, p.text(tid("stream-batches")), p.eval(`document.querySelector('[data-testid="sweep-size"] tr.current td:last-child').textContent`))

	// Moving the buffer moves the marker.
	p.eval(`(() => { const i = document.querySelector('#stream-bufferSize'); i.value = '20'; i.dispatchEvent(new Event('change', {bubbles: true})); return 'ok'; })()`)
	p.waitJS(`document.querySelector('[data-testid="sweep-size"]') !== null && document.querySelector('[data-testid="sweep-size"]').dataset.current === '20'`)
	assert.Equal(t, "20 (now)", p.eval(`document.querySelector('[data-testid="sweep-size"] tr.current td').textContent`))
	p.axeCheck(axeSource(t), "the sweeps")

	p.click("nav-batch")
	p.waitJS(`document.querySelector('[data-testid="sweep-interval"]') !== null`)
	assert.Equal(t, "86400000", p.eval(`document.querySelector('[data-testid="sweep-interval"]').dataset.current`))
	assert.Equal(t, p.text(tid("batch-jobs")), p.eval(`document.querySelector('[data-testid="sweep-interval"] tr.current td:last-child').textContent`))
	p.checkClean()
}
