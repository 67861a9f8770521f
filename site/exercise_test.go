package main

import (
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A built-in exercise opens its setup from the menu and from a link; a
// right prediction is accepted, a wrong one explained with the engine's
// number; a teacher's own exercise works as a link.
func TestExercisesCheckPredictions(t *testing.T) {
	p := openPage(t, "")
	p.defaultsShown()
	p.eval(`(() => { const s = document.querySelector('[data-testid="exercises"]'); s.value = 'time-flushes'; s.dispatchEvent(new Event('change')); return 'ok'; })()`)
	p.waitJS(`!document.querySelector('[data-testid="section-stream"]').hidden && document.querySelector('#stream [data-testid="exercise"]') !== null`)
	assert.Contains(t, p.text(tid("exercise-question")), "23 events arrive 1.5 s apart")
	// The link follows (written 200 ms after a change, and not before
	// start-up has run every tab).
	p.waitJS(`location.hash.includes('ex=time-flushes')`)
	assert.Contains(t, p.eval(`location.hash`), "ex=time-flushes")
	// A wrong prediction: the engine's number and why.
	p.eval(`(() => { const i = document.querySelector('[data-testid="exercise-guess"]'); i.value = '3'; return 'ok'; })()`)
	p.click("exercise-check")
	p.waitJS(`document.querySelector('[data-testid="exercise-result"]').dataset.right === 'false'`)
	assert.Contains(t, p.text(tid("exercise-result")), "the engine says 23, you said 3")
	assert.Contains(t, p.text(tid("exercise-result")), "time trigger")
	// The right one.
	p.eval(`(() => { const i = document.querySelector('[data-testid="exercise-guess"]'); i.value = '23'; return 'ok'; })()`)
	p.click("exercise-check")
	p.waitJS(`document.querySelector('[data-testid="exercise-result"]').dataset.right === 'true'`)
	p.axeCheck(axeSource(t), "an exercise")

	// A choice, from a link: the engine decides which rule rejects more.
	q := openPage(t, "#ex=null-prices")
	q.waitJS(`document.querySelector('#etl [data-testid="exercise"]') !== null`)
	q.click("exercise-choice-0")
	q.click("exercise-check")
	q.waitJS(`document.querySelector('[data-testid="exercise-result"]').dataset.right === 'true'`)
	assert.Contains(t, q.text(tid("exercise-result")), "the engine says price not null")
	// Progress counts what this browser got right (other tests share it).
	assert.Regexp(t, `^\d+ of 13 built-in exercises right`, q.text(tid("exercise-progress")))

	// A teacher's exercise as a link: question, figure, tolerance.
	link := "#p=stream&s.bs=5&q=" + url.PathEscape("With a buffer of 5, how many micro-batches do the 50 events make?") + "&qf=stream-batches&qt=0&qx=" + url.PathEscape("50 ÷ 5 = 10: the buffer fills in 0.4 s, long before the linger.")
	r := openPage(t, link)
	r.waitJS(`document.querySelector('#stream [data-testid="exercise"]') !== null`)
	assert.Contains(t, r.text(tid("exercise-question")), "buffer of 5")
	r.eval(`(() => { const i = document.querySelector('[data-testid="exercise-guess"]'); i.value = '10'; return 'ok'; })()`)
	r.click("exercise-check")
	r.waitJS(`document.querySelector('[data-testid="exercise-result"]').dataset.right === 'true'`)
	assert.Contains(t, r.text(tid("exercise-result")), "50 ÷ 5 = 10")
	r.click("exercise-close")
	r.waitJS(`document.querySelector('[data-testid="exercise"]') === null && !location.hash.includes('q=')`)
	// A link with an unknown exercise, or one without its figure, says so
	// and the page works.
	for link, msg := range map[string]string{"#ex=nope": `unknown exercise "nope"`, "#p=etl&q=How%20many%3F": "needs a question (q) and the figure that answers it (qf)"} {
		b := openPage(t, link)
		b.waitJS(`document.querySelector('[data-testid="status"]').textContent.includes(` + jsString(msg) + `)`)
		b.waitText("etl-valid", "138")
		assert.Equal(t, "0", b.eval(`document.querySelectorAll('[data-testid="exercise"]').length.toString()`))
		b.checkClean()
	}
	p.checkClean()
	q.checkClean()
	r.checkClean()
}

// Every built-in exercise accepts the answer its explanation gives, on the
// engine's numbers, and the progress counts them.
func TestBuiltInExerciseAnswers(t *testing.T) {
	p := openPage(t, "")
	p.defaultsShown()
	answers := []struct {
		id, guess string
		choice    int
	}{
		{"daily-wait", "12", -1}, {"hourly-runs", "24", -1}, {"size-flushes", "5", -1}, {"time-flushes", "23", -1},
		{"avg-latency", "450", -1}, {"null-prices", "", 0}, {"fresher", "680", -1}, {"p95-hour", "", 1},
	}
	for _, a := range answers {
		p.eval(`(() => { const s = document.querySelector('[data-testid="exercises"]'); s.value = '` + a.id + `'; s.dispatchEvent(new Event('change')); return 'ok'; })()`)
		p.waitJS(`location.hash.includes('ex=` + a.id + `') && document.querySelector('[data-testid="exercise"]') !== null`)
		if a.choice >= 0 {
			p.click("exercise-choice-" + string(rune('0'+a.choice)))
		} else {
			p.eval(`(() => { const i = document.querySelector('[data-testid="exercise-guess"]'); i.value = '` + a.guess + `'; return 'ok'; })()`)
		}
		p.click("exercise-check")
		p.waitJS(`document.querySelector('[data-testid="exercise-result"]').dataset.right !== undefined`)
		assert.Equal(t, "true", p.eval(`document.querySelector('[data-testid="exercise-result"]').dataset.right`), "%s: %s", a.id, p.text(tid("exercise-result")))
	}
	p.eval(`(() => { const s = document.querySelector('[data-testid="exercises"]'); s.value = 'daily-wait'; s.dispatchEvent(new Event('change')); return 'ok'; })()`)
	// The eight above are done (the event-time tab's are
	// TestEventTimeExercises', and the browser's progress is shared by the
	// tests: at least eight).
	p.waitJS(`parseInt(document.querySelector('[data-testid="exercise-progress"]').textContent, 10) >= 8`)
	p.checkClean()
}

// pickExercise chooses a built-in exercise in the Exercises menu, as a
// learner does, and waits for its card.
func (p *page) pickExercise(id string) {
	p.t.Helper()
	p.eval(`(() => { const s = document.querySelector('[data-testid="exercises"]'); s.value = ` + jsString(id) + `; s.dispatchEvent(new Event('change')); return 'ok'; })()`)
	p.waitJS(`location.hash.includes('ex=` + id + `') && document.querySelector('[data-testid="exercise"]') !== null`)
}

// revealExercise presses "Show the answer" and waits for the engine's
// answer; when it does not come, it says what the card shows instead. A
// click the card never heard of (it still shows nothing, or it is a new
// card) is a lost mouse event on a loaded machine, and is made again.
func (p *page) revealExercise(what string) {
	p.t.Helper()
	const probe = `document.querySelector('[data-testid="exercise"]').dataset.probe = 'clicked'; 'ok'`
	revealed := `document.querySelector('[data-testid="exercise-result"]').dataset.revealed === 'true'`
	state := func() string {
		return fmt.Sprintf("the card shows %q (the same card: %s); status: %s", p.text(tid("exercise-result")),
			p.eval(`String(document.querySelector('[data-testid="exercise"]').dataset.probe === 'clicked')`), p.text(tid("status")))
	}
	wait := func(d time.Duration) error {
		_, err := chromedp.Run(p.ctx, chromedp.Poll[bool](revealed, chromedp.WithPollingTimeout(d), chromedp.WithPollingInterval(50*time.Millisecond)))
		return err
	}
	p.eval(probe)
	p.click("exercise-reveal")
	if wait(15*time.Second) == nil {
		return
	}
	heard := p.eval(`String(document.querySelector('[data-testid="exercise"]').dataset.probe === 'clicked' && document.querySelector('[data-testid="exercise-result"]').textContent !== '')`)
	p.t.Logf("%s: no answer after 15 s; %s", what, state())
	if heard != "true" {
		p.eval(probe)
		p.click("exercise-reveal")
	}
	if err := wait(60 * time.Second); err != nil {
		p.t.Fatalf("%s: the answer did not come (%v); %s", what, err, state())
	}
}

// guessExercise types a number into the open card and checks it.
func (p *page) guessExercise(guess string) string {
	p.t.Helper()
	p.eval(`(() => { const o = document.querySelector('[data-testid="exercise-result"]'); delete o.dataset.right; const i = document.querySelector('[data-testid="exercise-guess"]'); i.value = ` + jsString(guess) + `; return 'ok'; })()`)
	p.click("exercise-check")
	p.waitJS(`document.querySelector('[data-testid="exercise-result"]').dataset.right !== undefined`)
	return p.eval(`document.querySelector('[data-testid="exercise-result"]').dataset.right`)
}

type menuOption struct {
	Group, Value, Label, Title, Status string
}

// exerciseMenu reads the Exercises menu: its prompt and its options.
func (p *page) exerciseMenu() (string, []menuOption) {
	p.t.Helper()
	var opts []menuOption
	require.NoError(p.t, json.Unmarshal([]byte(p.eval(`JSON.stringify([...document.querySelectorAll('[data-testid="exercises"] optgroup > option')].map((o) => ({
		Group: o.parentElement.label, Value: o.value, Label: o.textContent, Title: o.title, Status: o.dataset.status || '' })))`)), &opts))
	return p.eval(`document.querySelector('[data-testid="exercises"] > option').textContent`), opts
}

// The Exercises menu lists every built-in exercise tab by tab, in the
// order of the page's tabs, numbered 1, 2, 3… in the order shown (the menu
// once read 1, 2, 3, 9, 10, 4…); each label is its number, a short name of
// its own and its level, never a question cut short ("4. Now 23 events
// arrive 1", "9. Event time"); the whole question is the option's
// tooltip, and the card the option opens carries that question and number.
func TestExerciseMenuOrderAndLabels(t *testing.T) {
	p := openPage(t, "")
	p.defaultsShown()
	prompt, opts := p.exerciseMenu()
	require.Len(t, opts, 13)
	assert.Regexp(t, `^Try one… \(\d+ solved\)$`, prompt)

	// Groups: the tabs that hold exercises, named and ordered as the
	// navigation names and orders them.
	var nav []string
	require.NoError(t, json.Unmarshal([]byte(p.eval(`JSON.stringify([...document.querySelectorAll('.nav [data-testid^="nav-"]')].map((b) => b.textContent.replace(/^\s*\d+\s*/, '').trim()))`)), &nav))
	var groups []string
	for _, o := range opts {
		if len(groups) == 0 || groups[len(groups)-1] != o.Group {
			assert.NotContains(t, groups, o.Group, "a tab's exercises are together")
			groups = append(groups, o.Group)
		}
	}
	last := -1
	for _, g := range groups {
		i := indexOf(nav, g)
		assert.Greater(t, i, last, "group %q follows the tabs' order %v", g, nav)
		last = i
	}
	assert.Equal(t, []string{"Batch", "Streaming", "ETL", "Batch vs streaming", "Event time"}, groups)

	// Numbers in the order shown; labels distinct and whole; levels go
	// basic → advanced within a tab; the question as the tooltip.
	label := regexp.MustCompile(`^(\d+)\. (.+) \((basic|intermediate|advanced)\)( — solved ✓| — tried)?$`)
	rank := map[string]int{"basic": 0, "intermediate": 1, "advanced": 2}
	names := map[string]bool{}
	prevLevel, prevGroup := -1, ""
	for i, o := range opts {
		m := label.FindStringSubmatch(o.Label)
		require.NotNil(t, m, "label %q", o.Label)
		assert.Equal(t, strconv.Itoa(i+1), m[1], "numbered in the order shown: %q", o.Label)
		assert.False(t, names[m[2]], "two exercises are both called %q", m[2])
		names[m[2]] = true
		assert.GreaterOrEqual(t, len([]rune(m[2])), 12, "a name that says what the exercise is: %q", m[2])
		assert.True(t, strings.Count(m[2], "(") == strings.Count(m[2], ")") && strings.Count(m[2], "[") == strings.Count(m[2], "]") &&
			!strings.HasSuffix(m[2], ",") && !strings.HasSuffix(m[2], ":"), "a whole name, not one cut short: %q", m[2])
		if o.Group != prevGroup {
			prevLevel, prevGroup = -1, o.Group
		}
		assert.GreaterOrEqual(t, rank[m[3]], prevLevel, "%q: basic to advanced within %s", o.Label, o.Group)
		prevLevel = rank[m[3]]
		assert.True(t, strings.HasSuffix(o.Title, "?"), "the whole question as the tooltip of %q: %q", o.Label, o.Title)
	}

	// The closed menu shows its whole prompt (the menu is narrow).
	fits := p.eval(`(() => { const s = document.querySelector('[data-testid="exercises"]'); const cs = getComputedStyle(s); const c = document.createElement('canvas').getContext('2d'); c.font = cs.font;
		const room = s.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight) - 24; const w = c.measureText(s.options[0].textContent.replace(/\d+/, '13')).width; return w <= room ? 'fits' : 'needs ' + w + ' px, has ' + room; })()`)
	assert.Equal(t, "fits", fits)

	// Each option opens the exercise it names: the card's question is the
	// tooltip, its badge the number.
	for i, o := range opts {
		p.pickExercise(o.Value)
		assert.Equal(t, o.Title, p.text(tid("exercise-question")), o.Label)
		assert.Contains(t, p.text(`[data-testid="exercise"] .badge`), fmt.Sprintf("exercise %d of 13", i+1), o.Label)
	}
	// The label is the option's accessible name, the card's too.
	assert.Contains(t, p.eval(`document.querySelector('[data-testid="exercise"]').getAttribute('aria-label')`), "Exercise 13: ")
	p.checkClean()
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}

// Progress shows at once wherever it is shown — the card's count, the
// menu's prompt and tooltip, each option's mark, and another tab of the
// page — when an answer is checked or shown, without a reload; and a
// reload keeps it.
func TestExerciseProgressUpdatesAtOnce(t *testing.T) {
	first := openPage(t, "")
	first.eval(`localStorage.removeItem('ingest-exercises-done'), localStorage.removeItem('ingest-exercises-tried'), 'ok'`)
	a := openPage(t, "")
	b := openPage(t, "")
	a.defaultsShown()
	status := func(p *page, id string) string {
		p.t.Helper()
		_, opts := p.exerciseMenu()
		for _, o := range opts {
			if o.Value == id {
				return o.Status + " | " + o.Label
			}
		}
		return "(no option " + id + ")"
	}
	prompt := func(p *page) string { s, _ := p.exerciseMenu(); return s }
	assert.Equal(t, "Try one… (0 solved)", prompt(a))
	assert.Equal(t, "0 of 13 exercises solved", a.eval(`document.querySelector('[data-testid="exercises"]').title`))

	// A wrong answer: tried, here and in the other tab.
	a.pickExercise("size-flushes")
	assert.Equal(t, "0 of 13 built-in exercises right so far", a.text(tid("exercise-progress")))
	assert.Equal(t, "false", a.guessExercise("7"))
	a.waitText("exercise-progress", "0 of 13 built-in exercises right so far, 1 more tried")
	assert.Regexp(t, `^tried \| 4\. .* — tried$`, status(a, "size-flushes"))
	assert.Equal(t, "0 of 13 exercises solved, 1 more tried", a.eval(`document.querySelector('[data-testid="exercises"]').title`))
	b.waitJS(`document.querySelector('[data-testid="exercises"] option[value="size-flushes"]').dataset.status === 'tried'`)
	// Right after the answer was shown: still tried, and it says why.
	assert.Equal(t, "true", a.guessExercise("5"))
	assert.Contains(t, a.text(tid("exercise-result")), "counts as tried")
	assert.Equal(t, "0 of 13 built-in exercises right so far, 1 more tried", a.text(tid("exercise-progress")))
	assert.Equal(t, "Try one… (0 solved)", prompt(a))

	// Right the first time: solved, at once, everywhere.
	a.pickExercise("daily-wait")
	assert.Equal(t, "true", a.guessExercise("12"))
	a.waitText("exercise-progress", "1 of 13 built-in exercises right so far, 1 more tried")
	assert.Regexp(t, `^solved \| 1\. .* — solved ✓$`, status(a, "daily-wait"))
	assert.Equal(t, "Try one… (1 solved)", prompt(a))
	b.waitJS(`document.querySelector('[data-testid="exercises"] option[value="daily-wait"]').dataset.status === 'solved' && document.querySelector('[data-testid="exercises"] > option').textContent === 'Try one… (1 solved)'`)
	// The other tab's open card counts it too.
	b.pickExercise("hourly-runs")
	b.waitText("exercise-progress", "1 of 13 built-in exercises right so far, 1 more tried")
	a.pickExercise("time-flushes")
	assert.Equal(t, "true", a.guessExercise("23"))
	b.waitText("exercise-progress", "2 of 13 built-in exercises right so far, 1 more tried")
	// Asking for the answer is trying.
	b.revealExercise("time-flushes")
	assert.Contains(t, b.text(tid("exercise-result")), "The engine says 24")
	b.waitText("exercise-progress", "2 of 13 built-in exercises right so far, 2 more tried")
	a.waitText("exercise-progress", "2 of 13 built-in exercises right so far, 2 more tried")
	assert.Equal(t, "tried | 2. An hourly job: how many runs? (basic) — tried", status(a, "hourly-runs"))

	// A reload keeps it.
	c := openPage(t, "#ex=avg-latency")
	c.waitJS(`document.querySelector('[data-testid="exercise-progress"]') !== null`)
	assert.Equal(t, "2 of 13 built-in exercises right so far, 2 more tried", c.text(tid("exercise-progress")))
	assert.Equal(t, "Try one… (2 solved)", prompt(c))
	assert.Contains(t, status(c, "time-flushes"), "solved |")
	a.checkClean()
	b.checkClean()
	c.checkClean()
}

// An exercise opened from a link (or the menu) never shows its answer
// before the learner has answered or asked for it: not in the overview
// (which showed "50 events · 5 micro-batches" above the question), and not
// in the tab's results below the card. Every built-in exercise, a
// teacher's, and one from the menu; the answer comes back when a
// prediction is checked, the answer shown, or the exercise closed.
func TestExerciseHidesItsAnswer(t *testing.T) {
	type ex struct{ ID, Pattern string }
	var all []ex
	{
		p := openPage(t, "")
		var ids []string
		require.NoError(t, json.Unmarshal([]byte(p.eval(`JSON.stringify([...document.querySelectorAll('[data-testid="exercises"] optgroup > option')].map((o) => o.value))`)), &ids))
		require.Len(t, ids, 13)
		for _, id := range ids {
			p.pickExercise(id)
			all = append(all, ex{id, p.eval(`document.querySelector('[data-testid="exercise"]').closest('section.pattern').id`)})
		}
	}
	// hidden checks that nothing of pattern's run is in sight: its overview
	// figures say they are hidden, and its results and outputs are not
	// rendered (its settings, the exercise's setup, are).
	hidden := func(p *page, pattern, what string) {
		p.t.Helper()
		// The run has been drawn (its summary holds it), out of sight.
		p.waitJS(`document.querySelector('[data-testid="summary-` + pattern + `"]').textContent.trim() !== ''`)
		for _, id := range []string{"overview-count-" + pattern, "when-measured-" + pattern} {
			if p.eval(`String(document.querySelector('[data-testid="`+id+`"]') !== null)`) == "true" {
				p.waitJS(`document.querySelector('[data-testid="` + id + `"]').dataset.hidden === 'exercise'`)
				txt := p.text(tid(id))
				assert.Contains(t, txt, "hidden until you answer the exercise", "%s: %s", what, id)
				assert.NotRegexp(t, `\d`, txt, "%s: %s", what, id)
			}
		}
		assert.Equal(t, "0", p.eval(`String([...document.querySelectorAll('#`+pattern+` .right, #`+pattern+` .summary, #`+pattern+` .outputs, #`+pattern+` .charts')].filter((el) => el.checkVisibility()).length)`), "%s: the tab's results are out of sight", what)
		assert.Equal(t, "true", p.eval(`String(document.querySelector('#`+pattern+` form.controls').checkVisibility())`), "%s: the setup stays in sight", what)
		assert.Equal(t, "true", p.eval(`String(document.querySelector('[data-testid="exercise-hidden-note"]').checkVisibility())`), what)
		assert.NotContains(t, p.text(tid("exercise")), "engine says", what)
	}
	shown := func(p *page, pattern, what string) {
		p.t.Helper()
		for _, id := range []string{"overview-count-" + pattern, "when-measured-" + pattern} {
			if p.eval(`String(document.querySelector('[data-testid="`+id+`"]') !== null)`) == "true" {
				p.waitJS(`document.querySelector('[data-testid="` + id + `"]').dataset.hidden === undefined`)
				assert.Regexp(t, `\d`, p.text(tid(id)), "%s: %s", what, id)
			}
		}
		p.waitJS(`document.querySelector('[data-testid="summary-` + pattern + `"]').checkVisibility() && document.querySelector('[data-testid="outputs-` + pattern + `"]').checkVisibility()`)
		assert.Equal(t, "0", p.eval(`String(document.querySelectorAll('#`+pattern+` [data-testid="exercise-hidden-note"]').length)`), what)
	}
	for _, e := range all {
		p := openPage(t, "#ex="+e.ID)
		p.waitJS(`document.querySelector('#` + e.Pattern + ` [data-testid="exercise"]') !== null`)
		hidden(p, e.Pattern, e.ID)
		// The other patterns' figures stay.
		for _, other := range []string{"batch", "stream", "etl", "time"} {
			if other != e.Pattern {
				p.waitJS(`document.querySelector('[data-testid="overview-count-` + other + `"]').dataset.hidden === undefined`)
			}
		}
		p.revealExercise(e.ID)
		assert.Contains(t, p.text(tid("exercise-result")), "The engine says", e.ID)
		shown(p, e.Pattern, e.ID)
		p.checkClean()
		// Close the tab: thirteen tabs left open, each with its engine and
		// its idle warm-ups, would slow the last ones past their deadline.
		require.NoError(t, chromedp.Cancel(p.ctx))
	}

	// From the menu, and answered: the answer comes back with the check.
	m := openPage(t, "")
	m.defaultsShown()
	m.pickExercise("avg-latency")
	hidden(m, "stream", "avg-latency from the menu")
	m.axeCheck(axeSource(t), "an open exercise")
	assert.Equal(t, "true", m.guessExercise("450"))
	shown(m, "stream", "avg-latency answered")
	assert.Contains(t, m.text(tid("overview-count-stream")), "5 micro-batches")
	// Another one on another tab hides that tab's figures, and shows the
	// first tab's again.
	m.pickExercise("null-prices")
	hidden(m, "etl", "null-prices")
	m.click("nav-stream")
	shown(m, "stream", "stream, once its exercise is gone")

	// A teacher's exercise: hidden until checked; closing shows it all.
	link := "#p=stream&s.bs=5&q=" + url.PathEscape("With a buffer of 5, how many micro-batches do the 50 events make?") + "&qf=stream-batches&qt=0"
	r := openPage(t, link)
	r.waitJS(`document.querySelector('#stream [data-testid="exercise"]') !== null`)
	hidden(r, "stream", "a teacher's exercise")
	assert.Equal(t, "true", r.guessExercise("10"))
	shown(r, "stream", "a teacher's exercise, answered")
	r2 := openPage(t, link)
	r2.waitJS(`document.querySelector('#stream [data-testid="exercise"]') !== null`)
	hidden(r2, "stream", "a teacher's exercise")
	r2.click("exercise-close")
	r2.waitJS(`document.querySelector('[data-testid="exercise"]') === null`)
	shown(r2, "stream", "a teacher's exercise, closed")
	assert.Contains(t, r2.text(tid("overview-count-stream")), "10 micro-batches")
	m.checkClean()
	r.checkClean()
	r2.checkClean()
}
