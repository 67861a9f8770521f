package main

import (
	"fmt"
	"strconv"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// snapshotStored is the expression true once the page has kept a
// snapshot for the link hash.
func snapshotStored(hash string) string {
	return fmt.Sprintf(`(() => { try { const k = JSON.parse(localStorage.getItem('ingest-playground-snapshots')); return !!k && k.items.some((x) => x.link === %s); } catch { return false; } })()`, strconv.Quote(hash))
}

// ready is the expression true once the page's engine is up and its
// first result has been presented.
const ready = `document.querySelector('[data-testid="status"]').textContent.startsWith('Engine ready') && performance.getEntriesByName('first-result-painted').length === 1`

// TestReturnVisitPaintsTheSnapshot: a link with the default settings keeps
// its first result; the next visit of the same link paints it with the
// page, before any module has run (mark 'snapshot-restored'), reports it
// presented (first-result-painted, detail 'snapshot'), finds what it then
// draws itself the same (snapshot-checked 'same') and leaves nothing of it
// behind. The kept markup holds nothing the page's code could find or use.
func TestReturnVisitPaintsTheSnapshot(t *testing.T) {
	for _, hash := range []string{"", "#p=stream", "#p=etl&embed=1&theme=dark", "#p=time", "#p=data"} {
		t.Run(hash, func(t *testing.T) {
			first := openURLFrom(t, allocCtx, baseURL, baseURL+"/"+hash, chromedp.WithNewBrowserContext())
			first.waitJS(ready)
			assert.Equal(t, "0", first.eval(`String(performance.getEntriesByName('snapshot-restored').length)`), "a first visit has nothing to restore")
			first.waitJS(snapshotStored(hash))
			// What is kept: nothing with an id, a test id, a name or a
			// role; the tab's text marked for Element Timing.
			assert.Equal(t, "0", first.eval(`(() => { const t = document.createElement('template'); t.innerHTML = JSON.parse(localStorage.getItem('ingest-playground-snapshots')).items[0].html; return String(t.content.querySelectorAll('[id], [data-testid], [name], [role], [for], script').length); })()`))
			assert.NotEqual(t, "0", first.eval(`(() => { const t = document.createElement('template'); t.innerHTML = JSON.parse(localStorage.getItem('ingest-playground-snapshots')).items[0].html; return String(t.content.querySelectorAll('[elementtiming="snapshot"]').length); })()`))

			again := openURLFrom(t, first.ctx, baseURL, baseURL+"/"+hash)
			again.waitJS(ready)
			assert.Equal(t, "1", again.eval(`String(performance.getEntriesByName('snapshot-restored').length)`))
			assert.Equal(t, "snapshot", again.eval(`performance.getEntriesByName('first-result-painted')[0].detail`))
			again.waitJS(`performance.getEntriesByName('snapshot-checked').length === 1`)
			assert.Equal(t, "same", again.eval(`performance.getEntriesByName('snapshot-checked')[0].detail`))
			assert.Equal(t, "0", again.eval(`String(document.querySelectorAll('.snapshot, [elementtiming], [inert]').length)`))
			// The page is the page: its tab, settings and buttons work.
			again.waitJS(`!document.querySelector('[data-testid="copy-link"]').disabled`)
		})
	}
}

// TestSnapshotOnlyWhereItIsTheSame: a snapshot is kept only for a first
// result drawn from the engine's recorded answers (not for other settings,
// nor for an exercise), and painted only for the same build, link and
// window width.
func TestSnapshotOnlyWhereItIsTheSame(t *testing.T) {
	first := openURLFrom(t, allocCtx, baseURL, baseURL+"/#p=batch&b.n=120", chromedp.WithNewBrowserContext())
	first.waitJS(ready)
	first.waitJS(`performance.getEntriesByName('engine-warm').length === 1`)
	assert.Equal(t, "null", first.eval(`String(localStorage.getItem('ingest-playground-snapshots'))`), "other settings: the engine drew it")

	ex := openURLFrom(t, first.ctx, baseURL, baseURL+"/#ex=daily-wait")
	ex.waitJS(ready)
	ex.waitJS(`performance.getEntriesByName('engine-warm').length === 1`)
	assert.Equal(t, "null", ex.eval(`String(localStorage.getItem('ingest-playground-snapshots'))`), "an exercise shows what the learner did")

	kept := openURLFrom(t, first.ctx, baseURL, baseURL+"/")
	kept.waitJS(ready)
	kept.waitJS(snapshotStored(""))
	good := kept.eval(`localStorage.getItem('ingest-playground-snapshots')`)
	for _, c := range []struct{ name, spoil string }{
		{"another build", `k.build = 'another'`},
		{"another width", `k.items[0].width += 100`},
		{"another link", `k.items[0].link = '#p=etl'`},
		{"damaged markup", `k.items[0].html = 5`},
		{"not JSON", `k = '{"build'`},
	} {
		require.Equal(t, "ok", kept.eval(`(() => { let k = JSON.parse(`+strconv.Quote(good)+`); `+c.spoil+`; localStorage.setItem('ingest-playground-snapshots', typeof k === 'string' ? k : JSON.stringify(k)); return 'ok'; })()`), c.name)
		p := openURLFrom(t, first.ctx, baseURL, baseURL+"/")
		p.waitJS(ready)
		assert.Equal(t, "0", p.eval(`String(performance.getEntriesByName('snapshot-restored').length)`), c.name)
		assert.Equal(t, "presented", p.eval(`performance.getEntriesByName('first-result-painted')[0].detail`), c.name)
		// and keeps its own in its place
		p.waitJS(snapshotStored("") + ` && JSON.parse(localStorage.getItem('ingest-playground-snapshots')).build === document.querySelector('meta[name="ingest-build"]').content && JSON.parse(localStorage.getItem('ingest-playground-snapshots')).items.some((x) => x.link === '' && typeof x.html === 'string' && x.width === innerWidth)`)
	}

	// Storage is the origin's: markup another page of it wrote there is
	// painted without its scripts, handlers, frames or redirects, then
	// replaced. (Chromium reports the handlers and style attributes its
	// parser met, which the page's policy blocks: those reports are all.)
	foreign := `<p class="lede">kept elsewhere</p><script>window.__owned = 1</script><img onerror="window.__owned = 2"><meta http-equiv="refresh" content="0;url=about:blank"><a href="javascript:window.__owned = 3">x</a><div style="color: red" onclick="window.__owned = 4">styled</div><iframe src="about:blank"></iframe>`
	require.Equal(t, "ok", kept.eval(`(() => { const k = JSON.parse(`+strconv.Quote(good)+`); k.items[0].html = `+strconv.Quote(foreign)+`; localStorage.setItem('ingest-playground-snapshots', JSON.stringify(k)); return 'ok'; })()`))
	p := openURLFrom(t, first.ctx, baseURL, baseURL+"/")
	p.expected = append(p.expected, "Executing inline event handler violates the following Content Security Policy", "Applying inline style violates the following Content Security Policy")
	p.waitJS(ready)
	assert.Equal(t, "1", p.eval(`String(performance.getEntriesByName('snapshot-restored').length)`))
	assert.Equal(t, "different", p.eval(`performance.getEntriesByName('snapshot-checked')[0].detail`))
	assert.Equal(t, "undefined", p.eval(`String(window.__owned)`))
	assert.Equal(t, baseURL+"/", p.eval(`location.href.split('#')[0]`))
	p.waitJS(`(() => { const x = JSON.parse(localStorage.getItem('ingest-playground-snapshots')).items[0]; return typeof x.html === 'string' && x.html.length > 1000 && !x.html.includes('kept elsewhere'); })()`)
}
