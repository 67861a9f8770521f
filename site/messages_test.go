package main

// A setting the engine cannot take is named as the form names it, in the
// form's units: never by its config key ("window.periodMs"), never in
// milliseconds when the field is in seconds.

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// internalKey matches a config key in a message: a dotted key or a
// camel-case name ending in Ms or Share.
var internalKey = regexp.MustCompile(`\b[a-z]+\.[a-z]+[A-Za-z]*\b|\b[a-z]+[A-Z][A-Za-z]*\b`)

// fieldErrors returns the shown field errors of tab p, by key.
func (p *page) fieldErrors(tab string) map[string]string {
	p.t.Helper()
	out := map[string]string{}
	js := fmt.Sprintf(`JSON.stringify([...document.querySelectorAll('#%s .field-error')].filter((e) => !e.hidden).map((e) => [e.closest('.field').dataset.key, e.textContent]))`, tab)
	var pairs [][2]string
	require.NoError(p.t, json.Unmarshal([]byte(p.eval(js)), &pairs))
	for _, kv := range pairs {
		out[kv[0]] = kv[1]
	}
	return out
}

func TestSettingMessagesUseTheFormsTerms(t *testing.T) {
	p := openPage(t, "#p=time")
	p.waitText("time-panes", "37")
	noKeys := func(msgs map[string]string) {
		t.Helper()
		for k, m := range msgs {
			assert.Empty(t, internalKey.FindAllString(m, -1), "%s: %q names a config key", k, m)
			assert.NotContains(t, m, " ms", "%s: %q", k, m)
		}
	}
	runDisabled := func(tab string) {
		t.Helper()
		p.waitJS(fmt.Sprintf(`document.querySelector('[data-testid="run-%s"]').disabled`, tab))
	}

	// Over the tab's limit: the field's own range, checked on the page.
	p.set("time", "records", "1000001")
	p.waitJS(`!document.querySelector('[data-testid="field-error-time-records"]').hidden`)
	assert.Equal(t, "Events must be from 1 to 1,000,000; you entered 1,000,001.", p.text(tid("field-error-time-records")))
	// Assistive technology hears it too: the input is invalid, described by the message.
	assert.Equal(t, "true", p.eval(`document.getElementById('time-records').getAttribute('aria-invalid')`))
	assert.Equal(t, "Events must be from 1 to 1,000,000; you entered 1,000,001.",
		p.eval(`document.getElementById(document.getElementById('time-records').getAttribute('aria-describedby')).textContent`))
	runDisabled("time")
	assert.Equal(t, "37", p.text(tid("time-panes")), "the last good result stays")
	// A link would carry the last good value, not the one shown: sharing
	// waits until the field is fixed.
	p.click("copy-link")
	p.waitJS(`document.querySelector('[data-testid="status"]').textContent.includes('first')`)
	assert.Contains(t, p.text(tid("status")), "Fix “Events” (Event time) first: the link would carry the last good value, not what the form shows.")
	// The value as typed is checked, not what it would round to.
	p.set("time", "intervalMs", "0.0005")
	p.waitJS(`!document.querySelector('[data-testid="field-error-time-intervalMs"]').hidden`)
	assert.Equal(t, "Time between events must be from 0.001 to 3,600 s; you entered 0.0005 s.", p.text(tid("field-error-time-intervalMs")))
	p.set("time", "intervalMs", "3")
	p.set("time", "records", "1.5")
	p.waitJS(`document.querySelector('[data-testid="field-error-time-records"]').textContent.includes('whole number')`)
	assert.Equal(t, "Events: enter a whole number (you entered 1.5).", p.text(tid("field-error-time-records")))
	p.set("time", "records", "200")
	p.waitJS(`document.querySelector('[data-testid="field-error-time-records"]').hidden`)
	assert.Equal(t, "null null", p.eval(`(() => { const i = document.getElementById('time-records'); return i.getAttribute('aria-invalid') + ' ' + i.getAttribute('aria-describedby'); })()`))

	// A rule between knobs, in seconds: a sliding period over the size.
	p.set("time", "window.kind", "sliding")
	p.set("time", "window.periodMs", "120")
	p.waitJS(`!document.querySelector('[data-testid="field-error-time-window.periodMs"]').hidden`)
	msg := p.text(tid("field-error-time-window.periodMs"))
	assert.True(t, strings.HasPrefix(msg, "Slide every must be between 1 s and the window size (60 s)"), msg)
	assert.Contains(t, msg, "got 120 s")
	noKeys(p.fieldErrors("time"))
	runDisabled("time")
	p.set("time", "window.periodMs", "30")
	p.waitJS(`document.querySelector('[data-testid="field-error-time-window.periodMs"]').hidden`)
	p.set("time", "window.kind", "tumbling")
	p.waitText("time-panes", "37")

	// Shares that add up to more than 100 %: each share is marked.
	p.set("time", "delay.burstShare", "0")
	p.set("time", "delay.stragglerShare", "60")
	p.set("time", "delay.offlineShare", "60")
	p.waitJS(`!document.querySelector('[data-testid="field-error-time-delay.offlineShare"]').hidden`)
	errs := p.fieldErrors("time")
	require.Contains(t, errs, "delay.stragglerShare")
	require.Contains(t, errs, "delay.offlineShare")
	assert.NotContains(t, errs, "delay.burstShare", "a share of 0 is not to blame")
	// In %, as the fields are.
	assert.Equal(t, "Shares of stragglers, offline and burst events add up to 120 %; each event has one kind of delay, so they must add up to at most 100 %", errs["delay.offlineShare"])
	noKeys(errs)
	p.set("time", "delay.stragglerShare", "10")
	p.set("time", "delay.offlineShare", "3")
	p.set("time", "delay.burstShare", "5")
	p.waitText("time-panes", "37")
	p.waitJS(`document.querySelector('[data-testid="field-error-time-delay.offlineShare"]').hidden`)

	// The Streaming tab: both triggers off names both knobs by their names.
	p.click("nav-stream")
	p.set("stream", "bufferSize", "0")
	p.set("stream", "lingerMs", "0")
	p.waitJS(`!document.querySelector('[data-testid="field-error-stream-lingerMs"]').hidden`)
	errs = p.fieldErrors("stream")
	require.Contains(t, errs, "bufferSize")
	assert.Contains(t, errs["bufferSize"], "“Time trigger”")
	noKeys(errs)
	// A jitter over the interval names the interval by its label.
	p.set("stream", "bufferSize", "10")
	p.set("stream", "jitterMs", "500")
	p.waitJS(`!document.querySelector('[data-testid="field-error-stream-jitterMs"]').hidden`)
	assert.Equal(t, "Jitter must be between 0 ms and “Time between events” (100 ms), got 500 ms", p.text(tid("field-error-stream-jitterMs")))
	p.set("stream", "jitterMs", "0")
	p.waitJS(`document.querySelector('[data-testid="field-error-stream-jitterMs"]').hidden`)

	// A percent over 100 on the ETL tab, in percent.
	p.click("nav-etl")
	p.set("etl", "faults.nullPrice", "150")
	p.waitJS(`!document.querySelector('[data-testid="field-error-etl-faults.nullPrice"]').hidden`)
	assert.Equal(t, "Null price must be from 0 to 100 %; you entered 150 %.", p.text(tid("field-error-etl-faults.nullPrice")))
	runDisabled("etl")
}

// An embed's show= that names another tab's settings says so, and never
// leaves the embed with no settings by mistake.
func TestShowNamesOnlyTheTabsSettings(t *testing.T) {
	visible := func(p *page, key string) bool {
		return p.eval(fmt.Sprintf(`(() => { const f = document.querySelector('#time .field[data-key=%q]'); return String(!!f && f.offsetParent !== null && !f.hidden); })()`, key)) == "true"
	}
	p := openPage(t, "#p=time&embed=1&show=bs,ws")
	p.waitJS(`document.querySelector('[data-testid="status"]').textContent.includes('in "show"')`)
	assert.Contains(t, p.text(tid("status")), `“bs” in "show" is not a setting of the Event time tab`)
	p.eval(`String(document.querySelector('[data-testid="settings-panel-time"]').open = true)`)
	assert.True(t, visible(p, "window.sizeMs"), "the tab's own setting is shown")
	assert.False(t, visible(p, "delay.typicalMs"), "the others are not")

	p = openPage(t, "#p=time&embed=1&show=bs")
	p.waitJS(`document.querySelector('[data-testid="status"]').textContent.includes('in "show"')`)
	assert.Contains(t, p.text(tid("status")), "so the embed shows every setting")
	p.eval(`String(document.querySelector('[data-testid="settings-panel-time"]').open = true)`)
	assert.True(t, visible(p, "delay.typicalMs"))
	assert.True(t, visible(p, "window.sizeMs"))
}

// A value the backpressure card refused stays refused while another of its
// knobs changes (the card never draws figures for a value the learner no
// longer sees), and the tab's Run refuses until it is fixed, instead of
// drawing the card anew without it.
func TestStreamQueueCardKeepsARefusedValue(t *testing.T) {
	p := openPage(t, "#p=stream")
	p.waitJS(`document.querySelector('[data-testid="stream-queue-chart"]') !== null`)
	setQ := func(id, v string) {
		p.eval(fmt.Sprintf(`(() => { const el = document.querySelector('[data-testid="stream-queue-%s"]'); el.value = %q; el.dispatchEvent(new Event('change')); return 'ok'; })()`, id, v))
	}
	refused := `!document.querySelector('[data-testid="stream-queue-error-perEventMs"]').hidden`
	setQ("perEventMs", "60001")
	p.waitJS(refused)
	want := "Time per event must be from 0 to 60,000 ms; you entered 60,001 ms."
	assert.Equal(t, want, p.text(tid("stream-queue-error-perEventMs")))
	setQ("capacity", "12")
	p.waitJS(`document.querySelector('[data-testid="stream-queue-error"]') !== null`)
	assert.Equal(t, "true", p.eval(`String(`+refused+`)`), "the other knob's change keeps the refusal")
	assert.Equal(t, want, p.text(tid("stream-queue-error-perEventMs")))
	assert.Equal(t, "0", p.eval(`String(document.querySelectorAll('[data-testid="stream-queue-chart"]').length)`), "no figures for a value not in the field")
	// Run refuses, and the field keeps the learner's value.
	p.eval(`document.querySelector('[data-testid="run-stream"]').click(); 'ok'`)
	p.waitJS(`document.querySelector('[data-testid="error-stream"]').textContent.startsWith('Fix the Backpressure setting marked below: ')`)
	assert.Equal(t, "Fix the Backpressure setting marked below: "+want, p.text(tid("error-stream")))
	assert.Equal(t, "60001", p.eval(`document.querySelector('[data-testid="stream-queue-perEventMs"]').value`))
	// Fixed: the refusal goes, Run works again with both values.
	setQ("perEventMs", "100")
	p.waitJS(`document.querySelector('[data-testid="stream-queue-chart"]') !== null && document.querySelector('[data-testid="error-stream"]').hidden && !document.querySelector('[data-testid="run-stream"]').disabled`)
	p.waitJS(`location.hash.includes('s.qc=12') && location.hash.includes('s.qpe=100')`)
	p.click("run-stream")
	p.waitJS(`document.querySelector('[data-testid="stream-queue-chart"]') !== null && document.querySelector('[data-testid="stream-queue-perEventMs"]').value === '100' && document.querySelector('[data-testid="stream-queue-capacity"]').value === '12'`)
	p.checkClean()
}

// The Streaming tab's backpressure card says a value out of range instead
// of changing it, shows the latency the queue adds and offers its lost
// events and depth as files.
func TestStreamQueueCardChecksAndDownloads(t *testing.T) {
	p := openPage(t, "#p=stream")
	p.waitJS(`document.querySelector('[data-testid="stream-queue-chart"]') !== null`)
	setQ := func(id, v string) {
		p.eval(fmt.Sprintf(`(() => { const el = document.querySelector('[data-testid="stream-queue-%s"]'); el.value = %q; el.dispatchEvent(new Event('change')); return 'ok'; })()`, id, v))
	}
	setQ("capacity", "0")
	p.waitJS(`!document.querySelector('[data-testid="stream-queue-error-capacity"]').hidden`)
	assert.Equal(t, "Queue capacity must be from 1 to 1,000,000 events; you entered 0 events.", p.text(tid("stream-queue-error-capacity")))
	assert.Equal(t, "0", p.eval(`document.querySelector('[data-testid="stream-queue-capacity"]').value`), "the learner's value stays in the field")
	setQ("capacity", "4")
	setQ("perEventMs", "150")
	setQ("policy", "drop_oldest")
	p.waitJS(`document.querySelector('[data-testid="stream-queue-error-capacity"]').hidden && document.querySelector('[data-testid="stream-queue-dropped"]').textContent !== '0'`)
	dropped := p.text(tid("stream-queue-dropped"))
	for _, id := range []string{"stream-queue-wait-p50", "stream-queue-wait-p95", "stream-queue-wait-max"} {
		assert.Regexp(t, `^[\d,]+$`, p.text(tid(id)), id)
	}
	assert.Contains(t, p.text(tid("download-stream_queue_dropped")), "the "+dropped+" lost events (stream_queue_dropped.csv)")
	assert.Contains(t, p.text(tid("download-stream_queue_depth")), "stream_queue_depth.csv")
	// The file holds one row per lost event.
	body := p.evalAwait(`window.__engine.csv({ table: 'stream_queue_dropped' }).then((r) => new Blob(r.parts).text())`)
	assert.Equal(t, strings.ReplaceAll(dropped, ",", ""), fmt.Sprint(strings.Count(body, "\n")-1), body)
}

// The rule editors of the ETL tab and of Your data are one editor: a
// column chip inserts the column as rule text spells it (quoted when it
// must be), and a rule built from the chips runs.
func TestRuleEditorsInsertColumnsAsRulesSpellThem(t *testing.T) {
	p := openPage(t, "#p=data")
	p.eval(`(() => { const a = document.querySelector('[data-testid="paste-input"]'); a.value = 'unit price,warn,qty\n1,2,3\n,5,6\n'; return 'ok'; })()`)
	p.click("paste-load")
	p.waitText("data-rows", "2")
	p.eval(`(() => { const a = document.querySelector('[data-testid="rules-data"]'); a.value = ''; a.dispatchEvent(new Event('input')); return 'ok'; })()`)
	p.click("chip-unit price")
	assert.Equal(t, `"unit price" `, p.eval(`document.querySelector('[data-testid="rules-data"]').value`))
	p.eval(`(() => { const a = document.querySelector('[data-testid="rules-data"]'); a.value += 'not null\n'; a.dispatchEvent(new Event('input')); return 'ok'; })()`)
	p.click("chip-warn")
	assert.Equal(t, "\"unit price\" not null\n\"warn\" ", p.eval(`document.querySelector('[data-testid="rules-data"]').value`))
	p.eval(`(() => { const a = document.querySelector('[data-testid="rules-data"]'); a.value += '> 0\n'; a.dispatchEvent(new Event('input')); return 'ok'; })()`)
	p.click("run-data")
	p.waitText("data-valid", "1")
	assert.Equal(t, "1", p.text(tid("data-rejected")))
	// The ETL tab's chips are the same editor's.
	p.click("nav-etl")
	p.eval(`(() => { const a = document.querySelector('[data-testid="rules-etl"]'); a.value = ''; a.dispatchEvent(new Event('input')); return 'ok'; })()`)
	p.eval(`[...document.querySelectorAll('[data-testid="column-chips-etl"] .chip')].find((b) => b.textContent === 'price').click() ?? 'ok'`)
	assert.Equal(t, "price ", p.eval(`document.querySelector('[data-testid="rules-etl"]').value`))
	assert.Equal(t, "true", p.eval(`String(document.querySelector('[data-testid="column-chips-etl"]').textContent.startsWith('Columns: '))`))
}

// What a hostile review of the Event time tab and the queue card found,
// each held: a perfect watermark with an idle advance from a link runs
// (the knob is hidden, so it is off, not an error); a queue value from a
// link is checked at its knob in the page's words; an embed's show= names
// the card's knobs; with the queue on, the comparison says it groups by
// processing time; the latency card names the slowest pane; and an open
// exercise hides the export panel, whose bundle holds the outputs.
func TestReviewedEventTimeFixes(t *testing.T) {
	p := openPage(t, "#p=time&t.wmk=perfect&t.wi=5000")
	p.waitJS(`document.querySelector('[data-testid="time-on-time"]').textContent === '200'`)
	assert.True(t, p.eval(`document.querySelector('[data-testid="error-time"]').textContent`) == "", "no error about the hidden idle knob")

	q := openPage(t, "#p=stream&s.qc=0")
	q.waitJS(`!document.querySelector('[data-testid="stream-queue-error-capacity"]').hidden`)
	assert.Equal(t, "Queue capacity must be from 1 to 1,000,000 events; you entered 0 events.", q.text(tid("stream-queue-error-capacity")))
	assert.Equal(t, "true", q.eval(`document.getElementById('stream-q-capacity').getAttribute('aria-invalid')`))
	assert.Equal(t, "Fix the setting marked above.", q.text(tid("stream-queue-error")))

	e := openPage(t, "#p=stream&embed=1&show=bs,qc,qp")
	e.waitJS(`document.querySelector('[data-testid="stream-queue-chart"]') !== null`)
	assert.NotContains(t, e.text(tid("status")), "not settings")
	assert.Equal(t, "capacity,policy", e.eval(`[...document.querySelectorAll('.stream-queue .field[data-key]')].filter((f) => !f.hidden).map((f) => f.dataset.key.replace('backpressure.', '')).join(',')`))

	r := openPage(t, "#p=time&t.qc=5&t.qb=1&t.qpe=5000")
	r.waitJS(`(document.querySelector('[data-testid="time-processing-count"]') || {}).textContent?.includes('by processing time')`)
	assert.Contains(t, r.text(tid("time-processing")), "Grouped by when processed (after the queue) instead")

	d := openPage(t, "#p=time")
	d.waitText("time-latency", "15.0 s")
	assert.Contains(t, d.eval(`document.querySelector('[data-testid="time-latency"]').closest('.metric').textContent`), "slowest 7.1 min")

	x := openPage(t, "#p=time&ex=time-dropped-30s")
	x.waitJS(`document.querySelector('#time [data-testid="exercise"]') !== null`)
	x.waitJS(`getComputedStyle(document.querySelector('#time .export')).display === 'none'`)
}

// The browser's own check of a number field agrees with the page's: a
// link's 1.5 s window is a valid field (not a step the arrows skip), the
// smallest time between events the form names is the field's minimum, a
// seed below 0 is refused in the form's words however large its maximum,
// and a time finer than a millisecond is refused, not rounded to 0 (an
// idle advance silently off).
func TestFieldsTakeWhatThePageTakes(t *testing.T) {
	p := openPage(t, "#p=time&t.ws=1500&t.seed=-1")
	p.waitJS(`!document.querySelector('[data-testid="field-error-time-seed"]').hidden`)
	assert.Equal(t, "Seed must be from 0 to 9,007,199,254,740,991; you entered -1.", p.text(tid("field-error-time-seed")))
	assert.Equal(t, "1.5 true", p.eval(`(() => { const i = document.getElementById('time-window.sizeMs'); return i.value + ' ' + i.validity.valid; })()`))
	assert.Equal(t, "0.001", p.eval(`document.getElementById('time-intervalMs').min`))
	// Every field the browser finds invalid is one the page marks.
	for _, tab := range []string{"batch", "stream", "compare", "etl", "time"} {
		assert.Equal(t, "", p.eval(`[...document.querySelectorAll('#`+tab+` input[type=number]')].filter((i) => !i.validity.valid && i.closest('.field').querySelector('.field-error').hidden).map((i) => i.dataset.key).join(',')`), tab)
	}

	p.set("time", "seed", "7")
	p.set("time", "watermark.idleMs", "0.1005")
	p.waitJS(`!document.querySelector('[data-testid="field-error-time-watermark.idleMs"]').hidden`)
	assert.Equal(t, "Idle advance after: times are kept in whole milliseconds, and 0.1005 s is 100.5 ms.", p.text(tid("field-error-time-watermark.idleMs")))
	p.set("time", "intervalMs", "0.0015")
	p.waitJS(`!document.querySelector('[data-testid="field-error-time-intervalMs"]').hidden`)
	assert.Equal(t, "Time between events: times are kept in whole milliseconds, and 0.0015 s is 1.5 ms.", p.text(tid("field-error-time-intervalMs")))
	p.set("time", "intervalMs", "3")
	assert.NotContains(t, p.eval(`location.hash`), "t.wi=", "the refused value is not kept")
	p.set("time", "watermark.idleMs", "0.5")
	p.waitJS(`location.hash.includes('t.wi=500')`)
	// 0 or from 0.1 s: 0.05 s is refused on the page, in its words, and
	// not kept in the link.
	p.set("time", "watermark.idleMs", "0.05")
	p.waitJS(`!document.querySelector('[data-testid="field-error-time-watermark.idleMs"]').hidden`)
	assert.Equal(t, "Idle advance after must be 0 (off) or from 0.1 to 86,400 s; you entered 0.05 s.", p.text(tid("field-error-time-watermark.idleMs")))
	assert.Contains(t, p.eval(`location.hash`), "t.wi=500")
	p.set("time", "watermark.idleMs", "0")
	// A seed past the largest whole number a page can hold exactly is
	// refused as typed (it would become …992), and a huge one is short.
	p.set("time", "seed", "9007199254740993")
	p.waitJS(`!document.querySelector('[data-testid="field-error-time-seed"]').hidden`)
	assert.Equal(t, "Seed must be from 0 to 9,007,199,254,740,991; you entered 9007199254740993.", p.text(tid("field-error-time-seed")))
	p.set("time", "seed", "1e300")
	p.waitJS(`document.querySelector('[data-testid="field-error-time-seed"]').textContent.includes('1.000e+300')`)
	p.set("time", "seed", "42")

	// A count whose range the engine checks: its figures are written with
	// thousands separators.
	p.changeLink("#p=time&t.wk=sliding&t.ws=2592000000&t.wp=1000")
	p.waitJS(`document.querySelector('[data-testid="field-error-time-window.periodMs"]').textContent.includes('in 2,592,000 windows; at most 100')`)
}

// A value refused as typed keeps its message until it is fixed: neither a
// validation of the last good settings still under way when it was typed,
// nor another knob changed after it, wipes the message or runs the tab.
func TestRefusedValueStaysMarked(t *testing.T) {
	p := openPage(t, "#p=time")
	p.settled()
	idle := `document.querySelector('[data-testid="field-error-time-watermark.idleMs"]')`
	// Typed while the engine checks a good value (the seed).
	p.set("time", "seed", "8")
	p.waitJS(`window.__engine.waiting.size > 0 && (() => { const el = document.querySelector('#time [data-key="watermark.idleMs"]:not(div)'); el.value = '0.05'; el.dispatchEvent(new Event('input', {bubbles: true})); return true; })()`)
	p.idle()
	p.waitJS(`!document.querySelector('#time').classList.contains('busy')`)
	want := "Idle advance after must be 0 (off) or from 0.1 to 86,400 s; you entered 0.05 s."
	assert.Equal(t, want, p.eval(idle+`.textContent`))
	assert.Equal(t, "false", p.eval(`String(`+idle+`.hidden)`))
	assert.Equal(t, "true", p.eval(`String(document.querySelector('[data-testid="run-time"]').disabled)`))
	// Another knob changed: the refused one still says so, and Run stays off.
	p.set("time", "seed", "9")
	p.waitJS(`location.hash.includes('t.seed=9')`)
	p.evalAwait(`new Promise((r) => setTimeout(() => r('ok'), 700))`) // past the page's 350 ms pause before it checks
	p.idle()
	assert.Equal(t, want, p.eval(idle+`.textContent`))
	assert.Equal(t, "true", p.eval(`String(document.querySelector('[data-testid="run-time"]').disabled)`))
	assert.Contains(t, p.text(tid("error-time")), want)
	// Fixed: the message goes and the tab runs with both.
	p.set("time", "watermark.idleMs", "0.5")
	p.waitJS(`location.hash.includes('t.wi=500')`)
	p.waitJS(idle + `.hidden && !document.querySelector('[data-testid="run-time"]').disabled`)
}

// The second review of the Event time tab: an embed that shows a knob
// shows the knob that makes it apply; a knob that does not apply (hidden)
// is not refused; the queue's figures say how often the producer found it
// full and how many events entered late; a lossy queue's comparison says
// what the queue lost; a dead letter is called so in the overview.
func TestSecondReviewedEventTimeFixes(t *testing.T) {
	e := openPage(t, "#p=time&embed=1&show=qp,qpe")
	e.waitJS(`document.querySelector('[data-testid="time-panes"]') !== null && document.querySelector('[data-testid="time-panes"]').textContent !== ''`)
	assert.Equal(t, "backpressure.capacity,backpressure.perEventMs,backpressure.policy", e.eval(`[...document.querySelectorAll('#time form .field[data-key]')].filter((f) => !f.hidden).map((f) => f.dataset.key).sort().join(',')`))

	for _, link := range []string{"#p=time&t.al=0&t.le=5", "#p=time&t.wmk=perfect&t.wd=-5", "#p=time&t.db=0&t.dbs=1"} {
		p := openPage(t, link)
		p.waitJS(`(document.querySelector('[data-testid="time-panes"]') || {}).textContent > ''`)
		assert.Empty(t, p.fieldErrors("time"), link)
		assert.Equal(t, "", p.eval(`document.querySelector('[data-testid="error-time"]').textContent`), link)
	}

	q := openPage(t, "#p=time&t.qc=5&t.qpe=5000&t.qp=drop_oldest")
	q.waitJS(`(document.querySelector('[data-testid="time-processing-verdict"]') || {}).textContent > ''`)
	assert.Contains(t, q.text(tid("time-processing-verdict")), "the queue lost are in no window by when processed")
	assert.Contains(t, q.text(tid("time-processing")), "Grouping by when processed puts an event held in the queue")

	b := openPage(t, "#p=time&t.qc=10&t.qpe=4000")
	b.waitJS(`(document.querySelector('[data-testid="time-blocked-ms"]') || {}).textContent > ''`)
	assert.Regexp(t, `found the queue full [0-9,]+ times; [0-9,]+ events entered it after arriving`, b.eval(`document.querySelector('[data-testid="time-blocked-ms"]').parentElement.textContent`))

	d := openPage(t, "#p=time&t.dl=true")
	d.waitJS(`(document.querySelector('[data-testid="overview-count-time"]') || {}).textContent?.includes('dead letter')`)
}
