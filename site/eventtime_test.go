package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ingestkit/playground/core/sales"
	"github.com/ingestkit/playground/core/table"

	"github.com/chromedp/cdproto/emulation"
	cdppage "github.com/chromedp/cdproto/page"
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
	p.waitJS(`document.querySelector('[data-testid="time-replay-counter"]').textContent.startsWith('1 event processed (')`)
	assert.Equal(t, "1", p.eval(`document.querySelector('[data-testid="time-picture-svg"]').dataset.dots`))
	assert.Equal(t, "0", p.eval(`document.querySelector('[data-testid="time-picture-svg"]').dataset.panes`))
	for i := 0; i < 30; i++ {
		p.click("time-replay-step")
	}
	p.waitJS(`parseInt(document.querySelector('[data-testid="time-picture-svg"]').dataset.dots) > 1`)
	assert.Regexp(t, `^processing time \d+:\d\d$`, p.text(tid("time-replay-clock")))
	assert.Regexp(t, `^\d+ events? processed \(\d+ late, \d+ dropped\) · watermark \d+:\d\d · \d+ panes? fired`, p.text(tid("time-replay-counter")))
	p.screenshot("time-desktop-light")

	// Tables and downloads: the engine's bytes under core's names.
	dir := p.allowDownloads()
	p.waitJS(`document.querySelectorAll('#time .grid tbody tr:not(.loading)').length > 3`)
	for id, tab := range map[string]*table.Table{"time_panes": res.Panes, "time_dropped": res.Dropped, "time_events": res.Events} {
		b := p.download(dir, "download-"+id)
		assert.Equal(t, string(table.AppendCSV(nil, tab, table.CSVWriteOptions{})), string(b), id)
	}
	assert.Equal(t, "event_time_panes.csv", strings.TrimSpace(strings.TrimPrefix(p.text(tid("download-time_panes")), "⬇")))
	// The "#" column is the row's line in the downloaded file (line 1 holds
	// the column names, so the first row is 2), as on every tab: it says so.
	assert.Equal(t, "2", p.eval(`document.querySelector('[data-testid="table-time_panes"] tbody tr td.line').textContent`))
	assert.Contains(t, p.text(tid("table-caption-time_panes")), "# is the row’s line in the file (line 1 holds the column names)")
	assert.Equal(t, "line in event_time_panes.csv (line 1: the column names)", p.eval(`document.querySelector('[data-testid="table-time_panes"] th.line').getAttribute('aria-label')`))

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
	sess.Window.Kind, sess.KeyBy = core.WindowSession, sales.ColCategory
	sess.Window.GapMs = def.Window.GapMs
	r2, err := core.RunEventTime(sess, nil)
	if err == nil {
		p.waitText("time-panes", strconv.Itoa(r2.Summary.Panes))
		assert.Equal(t, r2.Summary.Panes, count(`#time .et-picture .pane`))
	} else {
		// A session needs a gap: the page names the knob, in its units.
		p.waitJS(`!document.querySelector('[data-testid="field-error-time-window.gapMs"]').hidden`)
		assert.Contains(t, p.text(tid("field-error-time-window.gapMs")), "Session gap must be between 1 s and 2,592,000 s")
		p.set("time", "window.gapMs", "20")
		sess.Window.GapMs = 20000
		r2, err = core.RunEventTime(sess, nil)
		require.NoError(t, err)
		p.waitText("time-panes", strconv.Itoa(r2.Summary.Panes))
	}
	// A bad value: an early pane every 50 ms.
	p.set("time", "trigger.earlyEveryMs", "0.05")
	p.waitJS(`!document.querySelector('[data-testid="field-error-time-trigger.earlyEveryMs"]').hidden`)
	assert.Equal(t, "Early pane after must be 0 (off) or from 0.1 to 86,400 s; you entered 0.05 s.", p.text(tid("field-error-time-trigger.earlyEveryMs")))

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
		if tc.id == "time-late-panes" {
			// Allowed lateness bounds the watermark, not the arrival time.
			res := p.text(tid("exercise-result"))
			assert.NotContains(t, res, "but before 7:00 plus the minute")
			assert.Contains(t, res, "while the watermark is still short of 8:00 (7:00 plus the minute of allowed lateness)")
		}
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
	// The panels holding the named settings are open; a group with none of them is not there.
	groups := `JSON.stringify({open: document.querySelector('[data-testid="settings-panel-time"]').open, shown: [...document.querySelectorAll('#time .knob-group')].filter((g) => !g.hidden).map((g) => g.querySelector('legend, summary').textContent), backpressure: document.querySelector('[data-testid="time-group-backpressure"]').open})`
	assert.JSONEq(t, `{"open": true, "shown": ["Watermark", "Triggers"], "backpressure": false}`, e.eval(groups))
	q := openPage(t, "#p=time&embed=1&run=1&show=qc,qp")
	q.waitText("time-on-time", "186")
	assert.JSONEq(t, `{"open": true, "shown": ["Backpressure: a slow consumer behind a bounded queue"], "backpressure": true}`, q.eval(groups))
	assert.Equal(t, "true", q.eval(`(() => { const f = document.querySelector('#time .field[data-key="backpressure.capacity"]'); return (f.getBoundingClientRect().height > 0).toString(); })()`), "the queue's capacity can be seen")

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
	assert.Contains(t, text, "Panes\taccumulating (whole window)")
	// A 0 that means off, a pane per event or no queue says so.
	for _, line := range []string{"Idle advance after\t0: off", "Early pane every\t0: off", "Late pane after\t0: a late pane for each late event", "Queue in front of the consumer\t0: no queue"} {
		assert.Contains(t, text, line)
	}
	assert.NotRegexp(t, `\t0 (s|events)\n`, text, "no bare 0 s or 0 events")
	assert.Contains(t, text, "Reproduce this run: "+baseURL+"/#p=time&t.wd=30000")
	assert.Contains(t, text, "event_time_panes.csv — first 8 of")
	assert.Regexp(t, `event_time_panes\.csv — first 8 of \d+ rows, 9 of \d+ columns; # is the line in the file`, text)
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

// labelSizes is the smallest rendered size (CSS px) of the text in each
// chart the Event time tab draws, and how many labels leave their chart
// or overlap another on the same line: {"picture": [px, out, overlaps], …}.
const labelSizes = `JSON.stringify(Object.fromEntries([
	['picture', '[data-testid="time-picture-svg"]'],
	['sweep', '[data-testid="time-sweep"] svg'],
	['queue', '[data-testid="time-queue-chart"] svg'],
	['stream queue', '[data-testid="stream-queue-chart"] svg'],
].map(([name, sel]) => [name, document.querySelector(sel)]).filter(([, svg]) => svg && svg.getBoundingClientRect().width > 0).map(([name, svg]) => {
	const vb = svg.viewBox.baseVal, scale = svg.getBoundingClientRect().width / vb.width;
	const texts = [...svg.querySelectorAll('text')].filter((t) => !t.closest('.hidden'));
	const px = Math.min(...texts.map((t) => parseFloat(getComputedStyle(t).fontSize) * scale));
	const boxes = texts.filter((t) => !t.getAttribute('transform')).map((t) => t.getBBox());
	const out = boxes.filter((b) => b.x < -0.5 || b.x + b.width > vb.width + 0.5).length;
	let overlaps = 0;
	for (let i = 0; i < boxes.length; i++)
		for (let j = i + 1; j < boxes.length; j++) {
			const a = boxes[i], b = boxes[j];
			if (Math.abs(a.y - b.y) < 1 && a.x < b.x + b.width - 0.5 && b.x < a.x + a.width - 0.5) overlaps++;
		}
	return [name, [Math.round(px * 10) / 10, out, overlaps]];
})))`

// The charts of the Event time tab are drawn at the width they are shown
// at, so their labels are as large on a phone as on a laptop and in print
// (a 720-unit drawing shrunk to a 325-px phone made them 5 px), inside the
// chart and clear of each other; a chart redrawn at another width keeps
// the replay where it was.
func TestEventTimeLabelsReadable(t *testing.T) {
	p := openPage(t, "#p=time&t.qc=5&t.qpe=800")
	cfg, err := api.EventTimeConfig(map[string]any{"backpressure.capacity": 5.0, "backpressure.perEventMs": 800.0})
	require.NoError(t, err)
	p.timeShown(cfg)
	p.waitJS(`document.querySelector('[data-testid="time-sweep-current"]') !== null && document.querySelector('[data-testid="time-queue-chart"]') !== null`)
	sizes := func(what string) {
		var got map[string][3]float64
		require.NoError(t, json.Unmarshal([]byte(p.eval(labelSizes)), &got), what)
		require.Len(t, got, 3, "%s: %v", what, got)
		for name, v := range got {
			assert.GreaterOrEqual(t, v[0], 11.9, "%s, %s: the smallest label (px)", what, name)
			assert.Zero(t, v[1], "%s, %s: labels past the chart's edge", what, name)
			assert.Zero(t, v[2], "%s, %s: labels over each other", what, name)
		}
		t.Logf("%s: %v", what, got)
	}
	for _, width := range []int64{375, 320, 768, 1280} {
		_, err := chromedp.Call(p.ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{Width: width, Height: 900, DeviceScaleFactor: 1, Mobile: width < 600})
		require.NoError(t, err)
		p.waitJS(fmt.Sprintf(`document.querySelector('[data-testid="time-picture-svg"]').getBoundingClientRect().right <= %d`, width))
		time.Sleep(100 * time.Millisecond) // the charts redraw on the next frame
		sizes(fmt.Sprintf("%d px", width))
		// The sweep's delays are evenly spaced steps: the axis says it is not to scale.
		assert.Contains(t, p.text(tid("time-sweep-x-axis")), "not to scale", "%d px", width)
		if width == 375 {
			p.screenshot("time-375-charts")
		}
	}
	// The replay, halfway, survives a redraw at another width.
	for i := 0; i < 40; i++ {
		p.click("time-replay-step")
	}
	dots := p.eval(`document.querySelector('[data-testid="time-picture-svg"]').dataset.dots`)
	shown := `(() => { const svg = document.querySelector('[data-testid="time-picture-svg"]'); return [svg.dataset.dots, svg.querySelectorAll('.dot:not(.hidden)').length, svg.querySelector('.cursor').getAttribute('visibility')].join(' '); })()`
	before := p.eval(shown)
	assert.Equal(t, dots+" "+dots+" visible", before)
	_, err = chromedp.Call(p.ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{Width: 375, Height: 900, DeviceScaleFactor: 1, Mobile: true})
	require.NoError(t, err)
	p.waitJS(`document.querySelector('[data-testid="time-picture-svg"]').viewBox.baseVal.width < 400`)
	assert.Equal(t, before, p.eval(shown), "the same events shown after the redraw")
	assert.Equal(t, "200", p.eval(`document.querySelectorAll('[data-testid="time-picture-svg"] .dot').length.toString()`), "one dot per event, once")
}

// The arrival panel shows every window's row on the page, none hidden in
// an inner scroll box, under a count; a run with more windows than the
// page shows at once says how many there are and shows the rest on a click.
func TestEventTimeArrivalPanelShowsEveryWindow(t *testing.T) {
	p := openPage(t, "#p=time")
	p.timeShown(core.DefaultEventTimeConfig())
	p.waitJS(`document.querySelector('[data-testid="time-processing-count"]') !== null`)
	assert.Equal(t, "All 14 windows, by event time and by arrival:", p.text(tid("time-processing-count")))
	assert.Equal(t, "14", p.eval(`document.querySelectorAll('[data-testid="time-processing"] tbody tr').length.toString()`))
	assert.Equal(t, "true", p.eval(`document.querySelector('[data-testid="time-processing-more"]').hidden.toString()`))
	// No box cuts the rows off: the table is as tall as its rows, and its
	// last row is drawn inside every box around it.
	noInnerScroll := `(() => {
		const rows = document.querySelectorAll('[data-testid="time-processing"] tbody tr'), last = rows[rows.length - 1].getBoundingClientRect();
		for (let a = rows[0].parentElement; a && a !== document.body; a = a.parentElement) {
			const r = a.getBoundingClientRect();
			if (a.scrollHeight > a.clientHeight + 1 && getComputedStyle(a).overflowY !== 'visible') return 'scrolls: ' + a.className;
			if (last.bottom > r.bottom + 1) return 'cut off by ' + a.className;
		}
		return 'ok';
	})()`
	for _, width := range []int64{1280, 375} {
		_, err := chromedp.Call(p.ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{Width: width, Height: 800, DeviceScaleFactor: 1, Mobile: width < 600})
		require.NoError(t, err)
		assert.Equal(t, "ok", p.eval(noInnerScroll), "%d px", width)
		assert.Equal(t, "true", p.eval(`(document.documentElement.scrollWidth <= document.documentElement.clientWidth).toString()`), "%d px: no sideways scrolling", width)
	}
	p.screenshot("time-375-arrival")

	// 900 orders in 5-second windows: more windows than the page shows at once.
	q := openPage(t, "#p=time&t.n=900&t.ws=5000")
	cfg, err := api.EventTimeConfig(map[string]any{"records": 900.0, "window.sizeMs": 5000.0})
	require.NoError(t, err)
	res := q.timeShown(cfg)
	total := res.Summary.ProcessingTimeWindows
	require.Greater(t, total, 500)
	q.waitJS(`document.querySelector('[data-testid="time-processing-count"]') !== null`)
	assert.Equal(t, fmt.Sprintf("The first 20 of %s windows:", fmtInt(total)), q.text(tid("time-processing-count")))
	assert.Equal(t, "20", q.eval(`document.querySelectorAll('[data-testid="time-processing"] tbody tr').length.toString()`))
	assert.Equal(t, "Show the first 500 windows", q.text(tid("time-processing-more")))
	q.click("time-processing-more")
	q.waitJS(`document.querySelectorAll('[data-testid="time-processing"] tbody tr').length === 500`)
	assert.Equal(t, fmt.Sprintf("The first 500 of %s windows (event_time_processing.csv has every one):", fmtInt(total)), q.text(tid("time-processing-count")))
	assert.Equal(t, "true", q.eval(`document.querySelector('[data-testid="time-processing-more"]').hidden.toString()`))
	assert.Equal(t, "ok", q.eval(noInnerScroll))
}

// fmtInt writes n with thousands separators, as the page does.
func fmtInt(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// One of a thing is singular, in every text the Event time tab writes: a
// run of one order (behind a queue) says 1 event, 1 pane, the one window.
func TestEventTimeSingular(t *testing.T) {
	p := openPage(t, "#p=time&t.n=1&t.qc=1")
	cfg, err := api.EventTimeConfig(map[string]any{"records": 1.0, "backpressure.capacity": 1.0})
	require.NoError(t, err)
	p.timeShown(cfg)
	p.waitJS(`document.querySelector('[data-testid="time-replay-counter"]').textContent.includes('fired') && document.querySelector('[data-testid="time-queue-chart"]') !== null`)
	assert.Equal(t, "1 event processed (0 late, 0 dropped) · watermark at the end of time · 1 pane fired: 0 early, 1 on time, 0 late", p.text(tid("time-replay-counter")))
	assert.Contains(t, p.text(`#time-picture-title`), "The one event placed at")
	assert.Contains(t, p.text(`#time-picture-title`), "; 1 pane (0 early, 1 on time, 0 late).")
	assert.Equal(t, "The one window agrees: with no delay, processing time is event time.", p.text(tid("time-processing-verdict")))
	assert.Equal(t, "The one window, by event time and by processing time:", p.text(tid("time-processing-count")), "behind a queue, processed is not arrived")
	assert.Contains(t, p.eval(`document.querySelector('#time .et-pane-list li').textContent`), ": 1 event (+1 since the last pane)")
	assert.Contains(t, p.eval(`document.querySelector('[data-testid="time-queue-chart"]').textContent`), "1 micro-batch taken")
	// The diagram, the summary and the tables count one window, one batch, one row.
	assert.Equal(t, "1 window", p.text(`[data-testid="node-time-windows"] .node-count`))
	assert.Contains(t, p.text(`#time .metric:has([data-testid="time-completeness"])`), "of 1 window complete")
	// Nothing the tab writes says "1 <plural>" (nor "0 …s" wrongly singular).
	text := p.eval(`[...document.querySelectorAll('#time .diagram, #time .summary, #time .et-figure, #time .et-replay, #time .et-processing, #time .queue, [data-testid="time-sweep"], #time .outputs')].map((el) => el.textContent + ' ' + [...el.querySelectorAll('title')].map((t) => t.textContent).join(' ') + ' ' + [...el.querySelectorAll('[aria-label]')].map((t) => t.getAttribute('aria-label')).join(' ')).join(' ')`)
	plurals := `(^|[^\d,.])1 (events|panes|windows|steps|arrivals|micro-batches|batches|rows|columns)\b`
	assert.NotRegexp(t, plurals, text)
	// …nor does its print report.
	p.waitJS(`document.querySelectorAll('#time .grid tbody tr:not(.loading)').length > 0`)
	p.eval(`window.print = () => { window.__printed = true; }, 'ok'`)
	p.click("print-time")
	p.waitJS(`window.__printed === true && document.querySelectorAll('[data-testid="print-tables-time"] table').length > 0`)
	// (The step log's details are the engine's words, not the page's.)
	report := p.eval(`(() => { const c = document.querySelector('[data-testid="section-time"]').cloneNode(true); c.querySelector('.log-box')?.remove(); return c.textContent; })()`)
	assert.Contains(t, report, "event_time_panes.csv — first 1 of 1 row")
	assert.NotRegexp(t, plurals, report)
}

// In the printed report every value of the Event time tables prints
// whole — a timestamp wraps in its cell rather than being cut off — no
// table is wider than the page, the arrival panel prints every row, the
// picture's labels print at 12 px or more, and it all fits three A4 pages.
func TestEventTimePrintsWhole(t *testing.T) {
	p := openPage(t, "#p=time")
	p.timeShown(core.DefaultEventTimeConfig())
	p.waitJS(`document.querySelectorAll('#time .grid tbody tr:not(.loading)').length > 3 && document.querySelector('[data-testid="time-processing"]') !== null`)
	p.eval(`window.print = () => { window.__printed = true; }, 'ok'`)
	p.click("print-time")
	p.waitJS(`window.__printed === true && document.querySelectorAll('[data-testid="print-tables-time"] table').length === 5`)
	// The print layout of an A4 page (8.27 in less Chromium's 0.4-in margins).
	_, err := chromedp.Call(p.ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{Width: 718, Height: 1046, DeviceScaleFactor: 1})
	require.NoError(t, err)
	_, err = chromedp.Call(p.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
	require.NoError(t, err)
	time.Sleep(100 * time.Millisecond)
	cut := p.eval(`JSON.stringify([...document.querySelectorAll('[data-testid="print-tables-time"] td, [data-testid="print-tables-time"] th')].filter((c) => c.scrollWidth > c.clientWidth + 1 || getComputedStyle(c).textOverflow === 'ellipsis').map((c) => c.textContent).slice(0, 5))`)
	assert.Equal(t, "[]", cut, "cells cut off in print")
	assert.Equal(t, "true", p.eval(`[...document.querySelectorAll('[data-testid="print-tables-time"] table')].every((t) => t.getBoundingClientRect().right <= document.documentElement.clientWidth).toString()`), "every table fits across the page")
	assert.Equal(t, "true", p.eval(`(document.documentElement.scrollWidth <= document.documentElement.clientWidth).toString()`), "nothing wider than the page")
	// Timestamps print whole: the first pane's window start, as the engine wrote it.
	assert.Contains(t, p.eval(`document.querySelector('[data-testid="print-tables-time"]').innerText`), "2024-01-01T00:00:00Z")
	assert.Equal(t, "14", p.eval(`document.querySelectorAll('[data-testid="time-processing"] tbody tr').length.toString()`))
	assert.Equal(t, "true", p.eval(`(() => { const b = document.querySelector('[data-testid="time-processing"] .table-scroll'); return (b.scrollHeight <= b.clientHeight + 1).toString(); })()`), "the arrival panel prints every row")
	var got map[string][3]float64
	require.NoError(t, json.Unmarshal([]byte(p.eval(labelSizes)), &got))
	assert.GreaterOrEqual(t, got["picture"][0], 12.0, "the picture's labels in print: %v", got)
	res, err := chromedp.Call(p.ctx, cdppage.PrintToPDF, cdppage.PrintToPDFParams{PaperWidth: 8.27, PaperHeight: 11.69})
	require.NoError(t, err)
	pages := len(regexp.MustCompile(`/Type\s*/Page[^s]`).FindAll(res.Data, -1))
	assert.LessOrEqual(t, pages, 3, "pages")
	if dir := os.Getenv("SCREENSHOT_DIR"); dir != "" {
		require.NoError(t, os.WriteFile(filepath.Join(dir, "time-report-whole.pdf"), res.Data, 0o644))
	}
}

// On a phone the tab strip scrolls sideways: a link to the last tab shows
// that tab in the strip, not cut off at its right edge.
func TestNarrowTabStripShowsTheChosenTab(t *testing.T) {
	p := openPage(t, "#p=time")
	_, err := chromedp.Call(p.ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{Width: 375, Height: 800, DeviceScaleFactor: 1, Mobile: true})
	require.NoError(t, err)
	p.waitJS(`document.querySelector('[data-testid="time-on-time"]').textContent !== ''`)
	p.click("nav-batch")
	p.waitJS(`document.querySelector('.nav').scrollLeft === 0 || document.querySelector('[data-testid="nav-batch"]').getBoundingClientRect().left >= 0`)
	p.eval(`document.querySelector('[data-testid="nav-time"]').click(), 'ok'`) // a link's tab, or a key press
	p.waitJS(`(() => { const n = document.querySelector('.nav').getBoundingClientRect(), t = document.querySelector('[data-testid="nav-time"]').getBoundingClientRect(); return t.left >= n.left - 1 && t.right <= n.right + 1; })()`)
}

// The queue charts' time axis runs to the end of processing (when the
// consumer finished its last micro-batch), not to the last change of the
// queue's depth: the queue shows empty while the last batch is worked on.
// The end is the engine's, computed natively.
func TestQueueChartRunsToProcessingEnd(t *testing.T) {
	axisEnd := func(p *page, id string) int64 {
		p.waitJS(fmt.Sprintf(`(document.querySelector('[data-testid="%s"] svg') || {}).textContent?.includes('last batch done')`, id))
		v, err := strconv.ParseInt(p.eval(fmt.Sprintf(`document.querySelector('[data-testid="%s"] svg').dataset.t1`, id)), 10, 64)
		require.NoError(t, err)
		return v
	}
	// The Event time tab, behind a slow consumer: its last event is
	// processed when the last micro-batch is done.
	p := openPage(t, "#p=time&t.qc=5&t.qpe=800")
	cfg, err := api.EventTimeConfig(map[string]any{"backpressure.capacity": 5.0, "backpressure.perEventMs": 800.0})
	require.NoError(t, err)
	res := p.timeShown(cfg)
	var done int64
	proc := res.Events.Col("processed_at")
	for i, ms := range proc.Int {
		if !proc.IsNull(i) {
			done = max(done, ms-cfg.Source.Start)
		}
	}
	at := res.QueueDepth.Col("at").Int
	lastChange := at[len(at)-1] - cfg.Source.Start
	require.Greater(t, done, lastChange, "the consumer works on after the queue's last change")
	assert.Equal(t, done, axisEnd(p, "time-queue-chart"))
	assert.Contains(t, p.text(tid("time-queue-chart")), "last batch done")

	// The Streaming tab's card at its defaults, and with 5,000 events (its
	// chart then draws the deepest of each stretch of changes).
	p.click("nav-stream")
	for _, n := range []int{0, 5000} {
		settings := map[string]any{}
		if n > 0 {
			settings["records"] = float64(n)
			p = openPage(t, fmt.Sprintf("#p=stream&s.n=%d", n))
		}
		scfg, err := api.StreamConfig(settings)
		require.NoError(t, err)
		sim, err := core.NewStreamSim(scfg, nil)
		require.NoError(t, err)
		arr := make([]int64, len(sim.Order))
		for j, row := range sim.Order {
			arr[j] = sim.ArriveMs[row]
		}
		q, err := core.SimulateQueue(arr, core.BackpressureConfig{Capacity: 10, BatchSize: scfg.BufferSize, PerBatchMs: 50, PerEventMs: 150, Policy: core.QueueBlock})
		require.NoError(t, err)
		done := slices.Max(q.ProcessedMs) - scfg.Source.Start
		require.Greater(t, done, q.DepthMs[len(q.DepthMs)-1]-scfg.Source.Start)
		assert.Equal(t, done, axisEnd(p, "stream-queue-chart"), "%d events", len(arr))
		assert.Contains(t, p.text(tid("stream-queue-chart")), "last batch done")
	}
}

// The card's micro-batches taken (the consumer's takes: every waiting
// event, up to the buffer size, the moment it is free) are not the
// summary's micro-batches (the buffer's flushes, which wait for a full
// buffer or the linger): the card says so, with both counts, which are
// core's. With a consumer that needs no time, it takes each event alone
// as it arrives, whatever the linger.
func TestQueueCardSaysWhatItsBatchesCount(t *testing.T) {
	p := openPage(t, "#p=stream")
	cfg, err := api.StreamConfig(map[string]any{})
	require.NoError(t, err)
	res, err := core.RunStream(cfg, nil)
	require.NoError(t, err)
	sim, err := core.NewStreamSim(cfg, nil)
	require.NoError(t, err)
	arr := make([]int64, len(sim.Order))
	for j, row := range sim.Order {
		arr[j] = sim.ArriveMs[row]
	}
	taken := func(perBatchMs, perEventMs int64) int {
		q, err := core.SimulateQueue(arr, core.BackpressureConfig{Capacity: 10, BatchSize: cfg.BufferSize, PerBatchMs: perBatchMs, PerEventMs: perEventMs, Policy: core.QueueBlock})
		require.NoError(t, err)
		return q.Batches
	}
	flushes, defaults := len(res.Micro), taken(50, 150)
	require.NotEqual(t, flushes, defaults, "the defaults show the difference")
	p.waitText("stream-batches", strconv.Itoa(flushes))
	p.waitText("stream-queue-batches", strconv.Itoa(defaults))
	note := p.text(tid("stream-queue-batches-note"))
	assert.Contains(t, note, fmt.Sprintf("The %d micro-batches taken are the consumer’s", defaults))
	assert.Contains(t, note, fmt.Sprintf("The summary’s %d micro-batches are the buffer’s flushes, which wait for 10 events or the linger (2.0 s)", flushes))
	// A consumer that needs no time: one take per event (none arrive at
	// the same instant), whatever the linger.
	require.Equal(t, len(arr), taken(0, 0))
	for _, id := range []string{"perBatchMs", "perEventMs"} {
		p.eval(fmt.Sprintf(`(() => { const el = document.querySelector('[data-testid="stream-queue-%s"]'); el.value = '0'; el.dispatchEvent(new Event('change')); return 'ok'; })()`, id))
	}
	p.waitText("stream-queue-batches", strconv.Itoa(len(arr)))
	assert.Contains(t, p.text(tid("stream-queue-batches-note")), fmt.Sprintf("The %d micro-batches taken", len(arr)))
}

// The picture's note says what makes an event late — the watermark past
// the end of its window when it arrives — not that it is below the
// watermark line (at the defaults 32 events are below the line when they
// arrive, and 18 of them are on time: their windows had not ended).
func TestEventTimeSaysWhatLateIs(t *testing.T) {
	p := openPage(t, "#p=time")
	p.timeShown(core.DefaultEventTimeConfig())
	note := p.text(tid("time-picture-note"))
	assert.Contains(t, note, "the watermark has already passed the end of its window")
	assert.NotContains(t, note, "sits below the watermark line")
	assert.Contains(t, note, "Below the watermark line is not enough")
}

// The "In real systems" notes name what the real engines do: Flink's
// withIdleness marks a split idle (the watermark then moves on with the
// other splits), it does not make the watermark follow the clock; Spark's
// append mode emits each window once with its final value, which is not
// discarding panes.
func TestEventTimeRealSystemsNotes(t *testing.T) {
	p := openPage(t, "#p=time")
	p.timeShown(core.DefaultEventTimeConfig())
	note := func(key string) string {
		return p.text(`#time .field[data-key="` + key + `"] .real`)
	}
	idle := note("watermark.idleMs")
	assert.NotContains(t, idle, "follows the clock: Flink withIdleness")
	assert.Contains(t, idle, "Flink’s withIdleness is not this: it marks an idle source split idle")
	assert.Contains(t, idle, "CustomTimestampPolicyWithLimitedDelay")
	panes := note("trigger.accumulate")
	assert.NotContains(t, panes, "the same choice")
	assert.Contains(t, panes, "append emits each window once, with its final value, after the watermark passes it")
	assert.Contains(t, panes, "update emits the windows that changed")
}

// A session's gap of 0 is half the window size: the form keeps the window
// size for sessions then, says under the gap the length the engine took,
// and the print report names it; with a gap of its own the size goes.
func TestEventTimeSessionGapZeroIsHalfTheSize(t *testing.T) {
	p := openPage(t, "#p=time&t.wk=session")
	cfg := core.DefaultEventTimeConfig()
	cfg.Window.Kind = core.WindowSession
	used := cfg.WithDefaults()
	require.EqualValues(t, 30000, used.Window.GapMs, "the engine's gap for 0")
	p.timeShown(used)
	assert.Equal(t, "false", p.eval(`document.querySelector('#time .field[data-key="window.sizeMs"]').classList.contains('na').toString()`), "the window size decides the gap")
	p.waitText("time-zero-window.gapMs", "0 = half the window size: 30.0 s in this run")
	assert.Contains(t, p.text(`[data-testid="node-time-windows"]`), "sessions, gap 30.0 s")
	p.waitJS(`document.querySelectorAll('#time .grid tbody tr:not(.loading)').length > 3`)
	p.eval(`window.print = () => { window.__printed = true; }, 'ok'`)
	p.click("print-time")
	p.waitJS(`window.__printed === true && document.querySelectorAll('[data-testid="print-tables-time"] table').length > 0`)
	head := p.eval(`[...document.querySelectorAll('#time .print-settings tr')].map((tr) => tr.cells[0].textContent + '\t' + tr.cells[1].textContent).join('\n')`)
	assert.Contains(t, head, "Session gap (sessions)\t0: half the window size (30 s in this run)")
	assert.Contains(t, head, "Window size\t60 s")

	p.set("time", "window.gapMs", "20")
	p.waitJS(`document.querySelector('#time .field[data-key="window.sizeMs"]').classList.contains('na')`)
	p.waitJS(`document.querySelector('[data-testid="time-zero-window.gapMs"]').hidden`)
	p.waitJS(`document.querySelector('[data-testid="node-time-windows"]').textContent.includes("sessions, gap 20.0 s")`)
}

// A perfect watermark turns the idle advance off: a link that sets both
// says, at the watermark's setting, that the idle advance is ignored.
func TestEventTimePerfectWatermarkSaysIdleIgnored(t *testing.T) {
	p := openPage(t, "#p=time&t.wmk=perfect&t.wi=5000")
	cfg := core.DefaultEventTimeConfig()
	cfg.Watermark.Kind = core.WatermarkPerfect
	p.timeShown(cfg)
	assert.Equal(t, "The idle advance after 5 s is ignored: a perfect watermark knows every event’s time, so it never waits for a quiet source.", p.text(tid("time-ignored-watermark.idleMs")))
	p.set("time", "watermark.kind", "bounded")
	p.waitJS(`document.querySelector('[data-testid="time-ignored-watermark.idleMs"]').hidden`)
}

// The replay speaks through a polite live region: Step › says the
// processing time and the pane that fired; Play says a pane now and then,
// not every frame, and where it stopped. The picture's text alternative
// sums the events up before listing the panes.
func TestEventTimeReplayAnnounces(t *testing.T) {
	p := openPage(t, "#p=time")
	p.timeShown(core.DefaultEventTimeConfig())
	p.waitJS(`document.querySelector('[data-testid="time-replay-counter"]').textContent.includes('37 panes fired')`)
	assert.Equal(t, "200 events: 186 on time, 9 late but counted, 5 dropped; 37 panes: 18 early, 10 on time, 9 late.", p.text(tid("time-picture-summary")))
	live := tid("time-replay-live")
	assert.Equal(t, "polite", p.eval(`document.querySelector('`+live+`').getAttribute('aria-live')`))
	assert.Equal(t, "", p.text(live), "nothing said before the learner asks")
	p.click("time-replay-step")
	assert.Regexp(t, `^processing time \d+:\d\d\. 1 event processed \(0 late, 0 dropped\)`, p.text(live))
	// Step on until a pane fires: its name is said.
	for i := 0; i < 80 && !strings.Contains(p.text(live), "pane #"); i++ {
		p.click("time-replay-step")
	}
	assert.Regexp(t, `^processing time \d+:\d\d: (early|on time|late) pane #\d+ of \[\d+:\d\d, \d+:\d\d\) fired, \d+ events?\. `, p.text(live))
	// Play, fast: a few things said, not one per frame.
	p.eval(`(() => { const el = document.querySelector('` + live + `'); window.__said = 0; new MutationObserver(() => window.__said++).observe(el, {childList: true, characterData: true, subtree: true}); const s = document.querySelector('.et-replay select'); s.value = '1800'; s.dispatchEvent(new Event('change')); return 'ok'; })()`)
	p.click("time-replay-play")
	p.waitJS(`document.querySelector('` + live + `').textContent.startsWith('Replay done at')`)
	said, err := strconv.Atoi(p.eval(`String(window.__said)`))
	require.NoError(t, err)
	assert.LessOrEqual(t, said, 6, "Play is throttled")
}

// The watermark is drawn over the event dots (most sit along the
// diagonal, on top of it), thicker than before and on a halo.
func TestEventTimeWatermarkOverDots(t *testing.T) {
	p := openPage(t, "#p=time")
	p.timeShown(core.DefaultEventTimeConfig())
	p.waitJS(`document.querySelector('[data-testid="time-watermark"]') !== null`)
	order := `(() => { const wm = document.querySelector('[data-testid="time-watermark"]'), dots = document.querySelector('.et-picture g.dots'), halo = wm.previousElementSibling;
		return JSON.stringify({above: !!(dots.compareDocumentPosition(wm) & Node.DOCUMENT_POSITION_FOLLOWING), halo: halo.classList.contains('watermark-halo') && !!(dots.compareDocumentPosition(halo) & Node.DOCUMENT_POSITION_FOLLOWING), width: parseFloat(getComputedStyle(wm).strokeWidth), haloWidth: parseFloat(getComputedStyle(halo).strokeWidth)}); })()`
	assert.JSONEq(t, `{"above": true, "halo": true, "width": 3, "haloWidth": 7}`, p.eval(order))
	p.screenshot("time-watermark-over-dots")
	assert.NotContains(t, p.eval(`document.querySelector('[data-testid="time-watermark"]').getAttribute('d')`), " L ", "a bounded watermark moves in steps")

	// With the idle advance the line rises with the clock while idle.
	p.changeLink("#p=time&t.wi=10000")
	p.waitJS(`(document.querySelector('[data-testid="time-watermark"]') || {getAttribute: () => ''}).getAttribute('d').includes(' L ')`)
	p.screenshot("time-watermark-idle")
}

// Every dropdown of the Event time tab shows its options' text whole, on
// a laptop and on a phone ("accumulating (each pane: the whole" was cut
// off at 1280 px).
func TestEventTimeDropdownsShowTheirText(t *testing.T) {
	p := openPage(t, "#p=time&t.qc=50") // the queue on: its policy shown
	cfg, err := api.EventTimeConfig(map[string]any{"backpressure.capacity": 50.0})
	require.NoError(t, err)
	p.timeShown(cfg)
	p.eval(`document.querySelectorAll('#time form details').forEach((d) => { d.open = true; }), 'ok'`)
	cut := `JSON.stringify([...document.querySelectorAll('#time form select')].flatMap((sel) => {
		const cs = getComputedStyle(sel), ctx = document.createElement('canvas').getContext('2d');
		ctx.font = cs.font;
		// Room for the text: the box less its padding and the arrow (about 24 px).
		const room = sel.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight) - 24;
		return [...sel.options].filter((o) => ctx.measureText(o.textContent).width > room).map((o) => sel.dataset.key + ': ' + o.textContent);
	}))`
	for _, width := range []int64{1280, 375} {
		_, err := chromedp.Call(p.ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{Width: width, Height: 900, DeviceScaleFactor: 1, Mobile: width < 600})
		require.NoError(t, err)
		time.Sleep(100 * time.Millisecond)
		assert.Equal(t, "[]", p.eval(cut), "%d px: options cut off", width)
		assert.Equal(t, "0", p.eval(`String([...document.querySelectorAll('#time form select')].filter((s) => s.clientWidth < 100).length)`), "%d px: every dropdown measured", width)
	}
}
