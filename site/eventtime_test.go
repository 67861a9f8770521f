package main

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/ingestkit/playground/core"
	"github.com/ingestkit/playground/wasm/api"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// timeShown waits until the Event time tab shows core's figures for cfg.
func (p *page) timeShown(cfg core.EventTimeConfig) *core.EventTimeResult {
	p.t.Helper()
	res, err := core.RunEventTime(cfg, nil)
	require.NoError(p.t, err)
	s := res.Summary
	p.waitText("time-events", strconv.Itoa(s.Events))
	p.waitText("time-on-time", strconv.Itoa(s.OnTime))
	p.waitText("time-late", strconv.Itoa(s.Late))
	p.waitText("time-dropped", strconv.Itoa(s.Dropped))
	p.waitText("time-panes", strconv.Itoa(s.Panes))
	p.waitText("time-completeness", fmt.Sprintf("%.1f %%", 100*s.Completeness))
	return res
}

// The Event time tab at its defaults shows the engine's figures (186 on
// time, 9 late, 5 dropped, 37 panes), draws a dot per event and a mark per
// pane, replays step by step, sweeps the watermark delay with the current
// setting marked, and follows a changed knob; its downloads are core's
// bytes, its bad settings are named, and it passes axe in light and dark.
func TestEventTimeTab(t *testing.T) {
	p := openPage(t, "#p=time")
	def := core.DefaultEventTimeConfig()
	res := p.timeShown(def)
	s := res.Summary
	assert.Equal(t, []int{186, 9, 5, 37}, []int{s.OnTime, s.Late, s.Dropped, s.Panes}, "the README's figures")
	assert.Equal(t, "93.0 %", p.text(tid("time-completeness")))
	assert.Equal(t, "15.0 s", p.text(tid("time-latency")))

	// The picture: one dot per event, the dropped ones crossed out, a mark per pane.
	p.waitJS(`document.querySelector('[data-testid="time-picture-svg"]') !== null`)
	count := func(sel string) int {
		n, err := strconv.Atoi(p.eval(fmt.Sprintf(`document.querySelectorAll(%q).length.toString()`, sel)))
		require.NoError(t, err)
		return n
	}
	assert.Equal(t, 200, count(`#time .et-picture .dot`))
	assert.Equal(t, s.Dropped, count(`#time .et-picture .dot.dropped`))
	assert.Equal(t, s.Late, count(`#time .et-picture circle.dot.late`))
	assert.Equal(t, s.Panes, count(`#time .et-picture .pane`))
	assert.Equal(t, s.EarlyPanes, count(`#time .et-picture .pane.early`))
	assert.Equal(t, s.LatePanes, count(`#time .et-picture .pane.late`))
	assert.Equal(t, s.Panes, count(`#time .et-pane-list li`), "the text alternative lists every pane")
	assert.Contains(t, p.text(`#time-picture-title`), "186 on time, 9 late but counted, 5 dropped")
	p.waitText("time-processing-verdict", "14 of 14 windows differ from the event-time truth; "+strconv.FormatInt(s.ProcessingTimeCountError, 10)+" events counted in the wrong window in all.")

	// The sweep: computed by the engine, the current delay (5 s) marked.
	p.waitJS(`document.querySelector('[data-testid="time-sweep-current"]') !== null`)
	assert.Equal(t, "5000", p.eval(`document.querySelector('[data-testid="time-sweep"]').dataset.current`))
	assert.Equal(t, "5.0 s (now)", p.eval(`document.querySelector('[data-testid="time-sweep-table"] tr.current td').textContent`))
	assert.Equal(t, "93.0 %", p.eval(`document.querySelector('[data-testid="time-sweep-table"] tr.current td:nth-child(4)').textContent`))

	// The replay: Step › moves the processing-time cursor one step at a time.
	p.waitJS(`document.querySelector('[data-testid="time-replay-counter"]').textContent.includes('37 panes fired')`)
	p.click("time-replay-step")
	p.waitJS(`document.querySelector('[data-testid="time-replay-counter"]').textContent.startsWith('1 events processed')`)
	assert.Equal(t, "1", p.eval(`document.querySelector('[data-testid="time-picture-svg"]').dataset.dots`))
	assert.Equal(t, "0", p.eval(`document.querySelector('[data-testid="time-picture-svg"]').dataset.panes`))
	for i := 0; i < 30; i++ {
		p.click("time-replay-step")
	}
	p.waitJS(`parseInt(document.querySelector('[data-testid="time-picture-svg"]').dataset.dots) > 1`)
	assert.Regexp(t, `^processing time \d+:\d\d$`, p.text(tid("time-replay-clock")))
	assert.Regexp(t, `^\d+ events processed \(\d+ late, \d+ dropped\) · watermark \d+:\d\d · \d+ panes fired`, p.text(tid("time-replay-counter")))
	p.screenshot("time-desktop-light")

	// Tables and downloads: the engine's bytes under core's names.
	dir := p.allowDownloads()
	p.waitJS(`document.querySelectorAll('#time .grid tbody tr:not(.loading)').length > 3`)
	for id, tab := range map[string]*core.Table{"time_panes": res.Panes, "time_dropped": res.Dropped, "time_events": res.Events} {
		b := p.download(dir, "download-"+id)
		assert.Equal(t, string(core.AppendCSV(nil, tab, core.CSVWriteOptions{})), string(b), id)
	}
	assert.Equal(t, "event_time_panes.csv", strings.TrimSpace(strings.TrimPrefix(p.text(tid("download-time_panes")), "⬇")))

	// A knob changes the figures: a 30 s watermark delay.
	p.set("time", "watermark.allowedDelayMs", "30")
	slow := def
	slow.Watermark.AllowedDelayMs = 30000
	p.timeShown(slow)
	p.waitJS(`document.querySelector('[data-testid="time-sweep"]') && document.querySelector('[data-testid="time-sweep"]').dataset.current === '30000'`)
	p.waitJS(`location.hash.includes('t.wd=30000')`)
	// Sessions per category, discarding: other windows, the same engine.
	p.set("time", "window.kind", "session")
	p.set("time", "keyBy", "category")
	sess := slow
	sess.Window.Kind, sess.KeyBy = core.WindowSession, core.ColCategory
	sess.Window.GapMs = def.Window.GapMs
	r2, err := core.RunEventTime(sess, nil)
	if err == nil {
		p.waitText("time-panes", strconv.Itoa(r2.Summary.Panes))
		assert.Equal(t, r2.Summary.Panes, count(`#time .et-picture .pane`))
	} else {
		// A session needs a gap: the page names the field, as core does.
		p.waitJS(`!document.querySelector('[data-testid="field-error-time-window.gapMs"]').hidden`)
		assert.Contains(t, p.text(tid("field-error-time-window.gapMs")), "window.gapMs must be between 1,000")
		p.set("time", "window.gapMs", "20")
		sess.Window.GapMs = 20000
		r2, err = core.RunEventTime(sess, nil)
		require.NoError(t, err)
		p.waitText("time-panes", strconv.Itoa(r2.Summary.Panes))
	}
	// A bad value: an early pane every 50 ms.
	p.set("time", "trigger.earlyEveryMs", "0.05")
	p.waitJS(`!document.querySelector('[data-testid="field-error-time-trigger.earlyEveryMs"]').hidden`)
	assert.Contains(t, p.text(tid("field-error-time-trigger.earlyEveryMs")), "trigger.earlyEveryMs must be between 100 and 86,400,000 ms")

	// The Streaming tab's backpressure card.
	p.click("nav-stream")
	p.waitJS(`document.querySelector('[data-testid="stream-queue-chart"]') !== null`)
	assert.NotEqual(t, "0", p.text(tid("stream-blocked-ms")), "a slow consumer blocks the producer")
	assert.Equal(t, "0", p.text(tid("stream-queue-dropped")))

	p.axeCheck(axeSource(t), "event time, light")
	q := openPage(t, "#p=time&theme=dark")
	q.timeShown(def)
	q.waitJS(`document.querySelector('[data-testid="time-sweep-current"]') !== null`)
	q.axeCheck(axeSource(t), "event time, dark")
}

// On a phone, light and dark: the tab fits the screen, and the picture with it.
func TestEventTimeNarrow(t *testing.T) {
	for _, theme := range []string{"dark", "light"} {
		p := openPage(t, "#p=time&theme="+theme)
		_, err := chromedp.Call(p.ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{Width: 375, Height: 800, DeviceScaleFactor: 1, Mobile: true})
		require.NoError(t, err)
		p.timeShown(core.DefaultEventTimeConfig())
		p.waitJS(`document.querySelector('[data-testid="time-sweep-current"]') !== null`)
		assert.Equal(t, "true", p.eval(`(document.documentElement.scrollWidth <= innerWidth).toString()`), "375 px, %s: no sideways scrolling", theme)
		assert.Equal(t, "true", p.eval(`(() => { const r = document.querySelector('[data-testid="time-picture-svg"]').getBoundingClientRect(); return r.width > 300 && r.right <= innerWidth; })().toString()`))
		assert.Equal(t, "true", p.eval(`[...document.querySelectorAll('#time .diagram .node')].every((n) => { const r = n.getBoundingClientRect(), d = n.closest('.diagram').getBoundingClientRect(); return r.right <= d.right + 1 && r.left >= d.left - 1; }).toString()`))
		p.screenshot("time-375-" + theme)
	}
}

// The exercises are checked against the engine.
func TestEventTimeExercises(t *testing.T) {
	for _, tc := range []struct{ id, guess string }{
		{"time-dropped-30s", "5"}, {"time-perfect", "0"}, {"time-late-panes", "2"}, {"time-by-arrival", "17"},
	} {
		p := openPage(t, "#ex="+tc.id)
		p.waitJS(`document.querySelector('[data-testid="exercise-guess"]') !== null && !document.querySelector('[data-testid="section-time"]').hidden`)
		p.eval(fmt.Sprintf(`document.querySelector('[data-testid="exercise-guess"]').value = %q, 'ok'`, tc.guess))
		p.click("exercise-check")
		p.waitJS(`document.querySelector('[data-testid="exercise-result"]').dataset.right !== undefined`)
		assert.Equal(t, "true", p.eval(`document.querySelector('[data-testid="exercise-result"]').dataset.right`), "%s: %s", tc.id, p.text(tid("exercise-result")))
	}
	p := openPage(t, "#ex=time-99")
	p.waitJS(`document.querySelector('[data-testid="exercise-choice-3"]') !== null`)
	p.eval(`document.querySelector('[data-testid="exercise-choice-3"]').click(), 'ok'`) // 5 min
	p.click("exercise-check")
	p.waitJS(`document.querySelector('[data-testid="exercise-result"]').dataset.right !== undefined`)
	assert.Equal(t, "true", p.eval(`document.querySelector('[data-testid="exercise-result"]').dataset.right`), p.text(tid("exercise-result")))
}

// An embed shows the Event time tab with the knobs show= names, and the
// print report holds its settings, figures and link.
func TestEventTimeEmbedAndPrint(t *testing.T) {
	e := openPage(t, "#p=time&embed=1&run=1&show=wd,al")
	e.waitText("time-on-time", "186")
	assert.Equal(t, "watermark.allowedDelayMs,trigger.allowedLatenessMs", e.eval(`[...document.querySelectorAll('#time .field[data-key]')].filter((f) => !f.hidden).map((f) => f.dataset.key).join(',')`))
	assert.Equal(t, "true", e.eval(`document.querySelector('[data-testid="overview"]').hidden.toString()`))

	p := openPage(t, "#p=time&t.wd=30000")
	p.waitText("time-on-time", "194")
	p.waitJS(`document.querySelectorAll('#time .grid tbody tr:not(.loading)').length > 3`)
	p.eval(`window.print = () => { window.__printed = true; }, 'ok'`)
	p.click("print-time")
	p.waitJS(`window.__printed === true && document.querySelectorAll('[data-testid="print-tables-time"] table').length > 0`)
	_, err := chromedp.Call(p.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
	require.NoError(t, err)
	text := p.eval(`document.querySelector('[data-testid="section-time"]').innerText`)
	assert.Contains(t, text, "Watermark delay\t30 s")
	assert.Contains(t, text, "Windows\ttumbling (fixed)")
	assert.Contains(t, text, "Panes\taccumulating (each pane: the whole window)")
	assert.Contains(t, text, "Reproduce this run: "+baseURL+"/#p=time&t.wd=30000")
	assert.Contains(t, text, "event_time_panes.csv — first 8 of")
	assert.NotContains(t, text, "Print report")
	_, err = chromedp.Call(p.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{})
	require.NoError(t, err)
}

// Every knob of the Event time tab travels in the link: set on the page,
// written as t.<key>, read back by a page opened on that link into the
// same controls, which run the same config (the engine's figures for it),
// and written again as the same link. So do the Streaming tab's
// backpressure knobs (s.qc, s.qpb, s.qpe, s.qp), which are the page's own
// (the queue method takes them, the stream's config does not).
func TestEventTimeLinkRoundTrip(t *testing.T) {
	p := openPage(t, "#p=time")
	p.timeShown(core.DefaultEventTimeConfig())
	// Each knob as typed into its control (seconds, minutes, percent), and
	// the engine's setting it stands for.
	knobs := []struct {
		key, typed string
		value      any
	}{
		{"records", "300", 300.0}, {"seed", "7", 7.0}, {"intervalMs", "2", 2000.0},
		{"delay.typicalMs", "3", 3000.0}, {"delay.stragglerShare", "20", 0.2}, {"delay.stragglerMs", "40", 40000.0},
		{"delay.offlineShare", "5", 0.05}, {"delay.offlineMs", "5", 300000.0}, {"delay.burstShare", "10", 0.1}, {"delay.burstSize", "4", 4.0},
		{"window.kind", "sliding", "sliding"}, {"window.sizeMs", "120", 120000.0}, {"window.periodMs", "60", 60000.0}, {"window.gapMs", "45", 45000.0},
		{"keyBy", "region", "region"}, {"watermark.allowedDelayMs", "8", 8000.0}, {"watermark.idleMs", "15", 15000.0},
		{"trigger.earlyEveryEvents", "5", 5.0}, {"trigger.earlyEveryMs", "20", 20000.0}, {"trigger.lateEveryMs", "10", 10000.0},
		{"trigger.allowedLatenessMs", "300", 300000.0}, {"trigger.accumulate", "false", false}, {"trigger.deadLetter", "true", true},
		{"backpressure.capacity", "30", 30.0}, {"backpressure.batchSize", "8", 8.0}, {"backpressure.perBatchMs", "200", 200.0},
		{"backpressure.perEventMs", "50", 50.0}, {"backpressure.policy", "drop_oldest", "drop_oldest"},
	}
	settings := map[string]any{}
	for _, k := range knobs {
		p.set("time", k.key, k.typed)
		settings[k.key] = k.value
	}
	cfg, err := api.EventTimeConfig(settings)
	require.NoError(t, err)
	p.timeShown(cfg)
	// One t.<key> per knob (the watermark's kind is left at its default
	// here: a perfect watermark takes no idle advance).
	p.waitJS(fmt.Sprintf(`location.hash.split('&').filter((x) => x.startsWith('t.')).length === %d`, len(knobs)))
	link := p.eval(`location.hash`)
	controls := `JSON.stringify([...document.querySelectorAll('#time form [data-key]:not(div)')].map((el) => el.dataset.key + '=' + el.value))`
	shown := p.eval(controls)
	assert.Len(t, strings.Split(shown, ","), len(knobs)+1, "every knob has a control, and the watermark's kind")

	q := openPage(t, link)
	q.timeShown(cfg)
	assert.Equal(t, shown, q.eval(controls), "the link's page shows the same settings")
	q.waitJS(`location.hash === ` + jsString(link)) // and writes the same link

	// The watermark's kind, and the Streaming tab's queue.
	q.set("time", "watermark.idleMs", "0")
	q.set("time", "watermark.kind", "perfect")
	delete(settings, "watermark.idleMs")
	settings["watermark.kind"] = "perfect"
	perfect, err := api.EventTimeConfig(settings)
	require.NoError(t, err)
	q.timeShown(perfect)
	q.click("nav-stream")
	q.waitJS(`document.querySelector('[data-testid="stream-queue-chart"]') !== null`)
	for id, v := range map[string]string{"capacity": "4", "perBatchMs": "80", "perEventMs": "120", "policy": "drop_newest"} {
		q.eval(fmt.Sprintf(`(() => { const el = document.querySelector('[data-testid="stream-queue-%s"]'); el.value = %q; el.dispatchEvent(new Event('change')); return 'ok'; })()`, id, v))
	}
	q.waitJS(`['s.qc=4', 's.qpb=80', 's.qpe=120', 's.qp=drop_newest', 't.wmk=perfect'].every((x) => location.hash.split('&').includes(x)) && !location.hash.includes('t.wi=')`)
	q.waitJS(`document.querySelector('[data-testid="stream-queue-dropped"]').textContent !== '0'`)
	figures := `JSON.stringify(['blocked-ms', 'queue-dropped', 'max-depth', 'queue-batches'].map((id) => document.querySelector('[data-testid="stream-' + id + '"]').textContent))`
	want := q.eval(figures)
	link = q.eval(`location.hash`)

	r := openPage(t, link)
	r.timeShown(perfect)
	r.click("nav-stream")
	r.waitJS(`document.querySelector('[data-testid="stream-queue-chart"]') !== null`)
	assert.Equal(t, want, r.eval(figures), "the queue's figures for the link's knobs")
	assert.Equal(t, `["4","80","120","drop_newest"]`, r.eval(`JSON.stringify(['capacity', 'perBatchMs', 'perEventMs', 'policy'].map((id) => document.querySelector('[data-testid="stream-queue-' + id + '"]').value))`))
	r.waitText("stream-batches", "5") // the stream itself runs as ever (its config has no queue keys)
	r.waitJS(`location.hash === ` + jsString(link))
}

// Session windows by arrival are other sessions, not a wrong count of the
// same ones: the panel says the comparison does not apply, and the figures
// are the engine's (every event on time, late or dropped).
func TestEventTimeSessionsSayComparisonDoesNotApply(t *testing.T) {
	p := openPage(t, "#p=time&t.wk=session&t.wg=10000")
	cfg := core.DefaultEventTimeConfig()
	cfg.Window.Kind, cfg.Window.GapMs = core.WindowSession, 10000
	res := p.timeShown(cfg)
	s := res.Summary
	assert.Equal(t, s.Events, s.OnTime+s.Late+s.Dropped)
	assert.Contains(t, p.text(tid("time-processing-verdict")), "does not apply to session windows")
	p.checkClean()
}
