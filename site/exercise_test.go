package main

import (
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
)

// A built-in exercise opens its setup from the menu and from a link; a
// right prediction is accepted, a wrong one explained with the engine's
// number; a teacher's own exercise works as a link.
func TestExercises(t *testing.T) {
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
