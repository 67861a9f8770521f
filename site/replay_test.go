package main

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The replay does not play unseen: opened on another tab, the streaming
// run finishes but its replay waits at t = 0 until the Streaming tab is
// shown, pauses when the learner leaves, and can be stepped event by event.
func TestReplayWaitsForItsTab(t *testing.T) {
	p := openPage(t, "#p=batch")
	p.waitText("stream-batches", "5")
	time.Sleep(1500 * time.Millisecond) // at 1× the replay would be 15 events in
	assert.Equal(t, "0", p.eval(`document.querySelector('[data-testid="replay-buffer"]').dataset.count`))
	assert.True(t, strings.HasPrefix(p.text(tid("replay-counter")), "0 events arrived"), p.text(tid("replay-counter")))

	p.click("nav-stream")
	p.waitJS(`!document.querySelector('[data-testid="replay-counter"]').textContent.startsWith('0 events')`)
	p.click("nav-etl")
	arrived := func() int {
		n, err := strconv.Atoi(strings.Fields(p.text(tid("replay-counter")))[0])
		require.NoError(t, err)
		return n
	}
	// The tab change reaches the replay within a frame or two: wait (with
	// a deadline) until two looks 300 ms apart agree, then it must stay.
	paused, deadline := arrived(), time.Now().Add(10*time.Second)
	for time.Now().Before(deadline) {
		time.Sleep(300 * time.Millisecond)
		now := arrived()
		if now == paused {
			break
		}
		paused = now
	}
	time.Sleep(600 * time.Millisecond)
	assert.Equal(t, paused, arrived(), "the replay pauses while its tab is hidden")

	// Step: pause, then one arrival or flush at a time.
	p.click("nav-stream")
	p.click("replay-step")
	before := arrived()
	p.click("replay-step")
	p.click("replay-step")
	after := arrived()
	assert.LessOrEqual(t, after-before, 2)
	assert.GreaterOrEqual(t, after-before, 1, "two steps bring at least one event in")
	assert.Equal(t, "Play", p.text(tid("replay-play")))
	p.checkClean()
}

// The defaults' stream flushes ten events at a time on a steady clock: its
// charts say why every bar is the same; the preset "All three flush
// triggers" shows size, time and end flushes.
func TestTriggersPresetAndEqualBars(t *testing.T) {
	p := openPage(t, "#p=stream")
	p.waitText("stream-batches", "5")
	assert.Contains(t, p.text(tid("chart-stream-latency")), "Every bar is the same: events arrive on a steady clock")
	p.eval(`(() => { const s = document.querySelector('[data-testid="presets"]'); s.value = 'triggers'; s.dispatchEvent(new Event('change')); return 'ok'; })()`)
	p.waitText("stream-events", "33")
	assert.Equal(t, "2", p.text(tid("stream-size-flushes")))
	assert.Equal(t, "2", p.text(tid("stream-time-flushes")))
	assert.Equal(t, "1", p.text(tid("stream-end-flushes")))
	assert.NotContains(t, p.text(tid("chart-stream-latency")), "Every bar is the same")
	p.checkClean()
}
