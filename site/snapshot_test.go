package main

import (
	"context"
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/network"
	cdppage "github.com/chromedp/cdproto/page"
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
	for _, hash := range []string{"", "#p=stream", "#p=etl&embed=1&theme=dark", "#p=time", "#p=compare"} {
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
// an exercise, or Your data, whose drop zone a snapshot would only pretend
// to be), and painted only for the same build, link and window width; one
// the page does not find the same is put away at once and does not count
// as its first result.
func TestSnapshotOnlyWhereItIsTheSame(t *testing.T) {
	first := openURLFrom(t, allocCtx, baseURL, baseURL+"/#p=batch&b.n=120", chromedp.WithNewBrowserContext())
	first.waitJS(ready)
	first.waitJS(`performance.getEntriesByName('engine-warm').length === 1`)
	assert.Equal(t, "null", first.eval(`String(localStorage.getItem('ingest-playground-snapshots'))`), "other settings: the engine drew it")

	for _, hash := range []string{"#ex=daily-wait", "#p=data"} {
		p := openURLFrom(t, first.ctx, baseURL, baseURL+"/"+hash)
		p.waitJS(ready)
		p.waitJS(`performance.getEntriesByName('engine-warm').length === 1`)
		assert.Equal(t, "null", p.eval(`String(localStorage.getItem('ingest-playground-snapshots'))`), hash)
	}

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
	assert.Equal(t, "presented", p.eval(`performance.getEntriesByName('first-result-painted')[0].detail`))
	assert.Equal(t, "undefined", p.eval(`String(window.__owned)`))
	assert.Equal(t, baseURL+"/", p.eval(`location.href.split('#')[0]`))
	p.waitJS(`(() => { const x = JSON.parse(localStorage.getItem('ingest-playground-snapshots')).items[0]; return typeof x.html === 'string' && x.html.length > 1000 && !x.html.includes('kept elsewhere'); })()`)
}

// TestSnapshotKeptForTheLinkItShows: the snapshot is kept under the link
// its result was drawn for, however soon the link changes after; a link
// changed before the page's script ran puts the old link's snapshot away
// (it is not the new link's first result); a snapshot kept for a link whose
// result the page no longer keeps is dropped.
func TestSnapshotKeptForTheLinkItShows(t *testing.T) {
	first := openURLFrom(t, allocCtx, baseURL, "about:blank", chromedp.WithNewBrowserContext())
	require.NoError(t, chromedp.Do(first.ctx, chromedp.Navigate(baseURL+"/#p=etl")))
	first.waitJS(`performance.getEntriesByName('first-result-painted').length === 1`)
	first.eval(`location.hash = '#p=etl&e.n=300'; 'ok'`)
	first.waitJS(ready)
	first.waitJS(snapshotStored("#p=etl"))
	first.waitJS(`document.querySelector('[data-testid="etl-extracted"]').textContent === '300'`)
	time.Sleep(time.Second)
	assert.Equal(t, "false", first.eval(snapshotStored("#p=etl&e.n=300")+`.toString()`))

	// The link changes while the page is read, before its script runs.
	moved := openURLFrom(t, first.ctx, baseURL, "about:blank")
	_, err := chromedp.Call(moved.ctx, cdppage.AddScriptToEvaluateOnNewDocument, cdppage.AddScriptToEvaluateOnNewDocumentParams{Source: `
		document.addEventListener('readystatechange', () => { if (document.readyState === 'interactive' && location.hash === '#p=etl') location.hash = '#p=time'; });`})
	require.NoError(t, err)
	require.NoError(t, chromedp.Do(moved.ctx, chromedp.Navigate(baseURL+"/#p=etl")))
	moved.waitJS(ready)
	assert.Equal(t, "1", moved.eval(`String(performance.getEntriesByName('snapshot-restored').length)`))
	assert.NotEqual(t, "snapshot", moved.eval(`performance.getEntriesByName('first-result-painted')[0].detail`))
	assert.False(t, moved.eval(`document.querySelector('[data-testid="section-time"]').hidden.toString()`) == "true")
	// (it keeps its own, half a second after painting it: written over the
	// storage as it read it, so before the change below)
	moved.waitJS(snapshotStored("#p=time"))

	// A snapshot kept for a link the page keeps none for now.
	require.Equal(t, "ok", first.eval(`(() => { const k = JSON.parse(localStorage.getItem('ingest-playground-snapshots')); const x = k.items.find((i) => i.link === '#p=etl'); k.items.push({ ...x, link: '#p=etl&e.n=149' }); localStorage.setItem('ingest-playground-snapshots', JSON.stringify(k)); return 'ok'; })()`))
	other := openURLFrom(t, first.ctx, baseURL, baseURL+"/#p=etl&e.n=149")
	other.waitJS(ready)
	assert.Equal(t, "1", other.eval(`String(performance.getEntriesByName('snapshot-restored').length)`))
	assert.Equal(t, "not kept", other.eval(`performance.getEntriesByName('snapshot-checked')[0].detail`))
	assert.Equal(t, "presented", other.eval(`performance.getEntriesByName('first-result-painted')[0].detail`))
	assert.Equal(t, "149", other.text(tid("etl-extracted")))
	assert.Equal(t, "false", other.eval(snapshotStored("#p=etl&e.n=149")+`.toString()`))
	assert.Equal(t, "true", other.eval(snapshotStored("#p=etl")+`.toString()`))
}

// TestTabChosenBeforeStartUp: a tab clicked before the page's script has
// run (its request held back here) shows as chosen at once, puts away a
// return visit's copy of another tab, and is the tab the page opens.
func TestTabChosenBeforeStartUp(t *testing.T) {
	first := openURLFrom(t, allocCtx, baseURL, baseURL+"/", chromedp.WithNewBrowserContext())
	first.waitJS(ready)
	first.waitJS(snapshotStored(""))
	for _, visit := range []string{"first", "return"} {
		parent := first.ctx
		opts := []chromedp.ContextOption{}
		if visit == "first" {
			parent = allocCtx
			opts = append(opts, chromedp.WithNewBrowserContext())
		}
		p, release := openHeld(t, parent, baseURL+"/", opts...)
		p.waitJS(`document.readyState !== 'loading' && !!document.querySelector('[data-testid="nav-etl"]')`)
		if visit == "return" {
			p.waitJS(`!!document.querySelector('main > .snapshot')`)
		}
		assert.Equal(t, "early", p.eval(`(() => { const live = !!window.__ingestTabsLive; document.querySelector('[data-testid="nav-etl"]').click(); return live ? 'late' : 'early'; })()`), visit)
		assert.Equal(t, "true", p.eval(`document.querySelector('[data-testid="nav-etl"]').getAttribute('aria-selected')`), visit)
		assert.Equal(t, "0", p.eval(`String(document.querySelectorAll('main > .snapshot').length)`), visit)
		release()
		p.waitJS(ready)
		assert.Equal(t, "false", p.eval(`String(document.querySelector('[data-testid="section-etl"]').hidden)`), visit)
		assert.Equal(t, "true", p.eval(`document.querySelector('[data-testid="nav-etl"]').getAttribute('aria-selected')`), visit)
		p.waitText("etl-valid", "138")
		assert.Contains(t, p.eval(`location.hash`), "p=etl", visit)
	}
}

// TestSnapshotDrawsOnlyWhatIsOnScreen: the page measures, with the copy it
// keeps, the blocks that start below the window (on a wide window the whole
// tab, under the overview); a return visit's first frame leaves them
// unrendered at their size, draws them as soon as the window scrolls, and
// does so only for blocks the kept copy still matches (a damaged or
// foreign list leaves the copy drawn whole).
func TestSnapshotDrawsOnlyWhatIsOnScreen(t *testing.T) {
	first := openURLFrom(t, allocCtx, baseURL, baseURL+"/", chromedp.WithNewBrowserContext())
	first.waitJS(ready)
	first.waitJS(snapshotStored(""))
	below := `JSON.parse(localStorage.getItem('ingest-playground-snapshots')).items[0].below`
	assert.Equal(t, "true", first.eval(`(() => { const b = `+below+`; return String(b.blocks.some((x) => x.sig.startsWith('SECTION.pattern') && x.top >= innerHeight && x.h > 500 && x.w > 500)); })()`))
	good := first.eval(`localStorage.getItem('ingest-playground-snapshots')`)

	// Held before the page's script runs, the copy is on screen alone: on
	// the default tab the whole tab is left unrendered (the overview is on
	// screen), in an embed the blocks under its result; each at its size.
	embed := openURLFrom(t, first.ctx, baseURL, baseURL+"/#p=etl&embed=1")
	embed.waitJS(ready)
	embed.waitJS(snapshotStored("#p=etl&embed=1"))
	for _, hash := range []string{"", "#p=etl&embed=1"} {
		p, release := openHeld(t, first.ctx, baseURL+"/"+hash)
		p.waitJS(`!!document.querySelector('main > .snapshot')`)
		hiddenBlocks := `[...document.querySelectorAll('main > .snapshot *')].filter((e) => e.style.contentVisibility === 'hidden')`
		assert.NotEqual(t, "0", p.eval(`String(window.__ingestSnapshot.skipped)`), hash)
		assert.Equal(t, p.eval(`String(window.__ingestSnapshot.skipped)`), p.eval(`String(`+hiddenBlocks+`.length)`), hash)
		assert.Equal(t, "true", p.eval(`String(`+hiddenBlocks+`.every((e) => e.getBoundingClientRect().top >= innerHeight))`), hash+": none on screen")
		if hash == "" {
			assert.Equal(t, "hidden", p.eval(`document.querySelector('main > .snapshot > section').style.contentVisibility`))
			assert.Equal(t, "", p.eval(`document.querySelector('main > .snapshot > .overview').style.contentVisibility`), "on screen: drawn")
			assert.Equal(t, "true", p.eval(`String(document.querySelector('main > .snapshot > section').getBoundingClientRect().height > 500)`), "at its size")
		}
		sizes := `JSON.stringify([document.documentElement.scrollHeight, ...[...document.querySelectorAll('main > .snapshot *')].filter((e) => e.style.contentVisibility !== undefined && e.style.containIntrinsicSize).map((e) => Math.round(e.getBoundingClientRect().height))])`
		hidden := p.eval(sizes)
		if hash == "" {
			p.eval(`(() => { scrollTo(0, 300); return 'ok'; })()`)
		} else {
			p.eval(`(() => { dispatchEvent(new Event('resize')); return 'ok'; })()`) // as when the host sizes the frame
		}
		p.waitJS(`!!document.querySelector('main > .snapshot') && ` + hiddenBlocks + `.length === 0`)
		assert.Equal(t, hidden, p.eval(sizes), hash+": the same sizes, hidden or drawn")
		release()
		p.waitJS(ready)
	}

	for _, c := range []struct{ name, spoil, skipped string }{
		{"another block", `k.items[0].below.blocks[0].sig = 'DIV.other'`, "0"},
		{"another walk", `k.items[0].below.n += 1`, "0"},
		{"no place", `k.items[0].below.blocks[0].i = 100000`, "0"},
		{"not numbers", `k.items[0].below.blocks[0].top = '0'; k.items[0].below.blocks[0].h = null`, "0"},
		{"not a list", `k.items[0].below = {n: 3, blocks: 'x'}`, "0"},
		{"on screen", `k.items[0].below.blocks[0].top = 10`, "0"},
		{"not a size", `k.items[0].below.blocks[0].h = -40`, "0"},
		{"too many", `for (let i = 0; i < 100; i++) k.items[0].below.blocks.push(k.items[0].below.blocks[0])`, "0"},
		// each entry on its own: the good one still counts
		{"not a place", `k.items[0].below.blocks.push({i: 'length', top: 5000, w: 1, h: 1, sig: 'x'}, {i: '__proto__', top: 5000, w: 1, h: 1, sig: 'x'})`, "1"},
	} {
		require.Equal(t, "ok", first.eval(`(() => { let k = JSON.parse(`+strconv.Quote(good)+`); `+c.spoil+`; localStorage.setItem('ingest-playground-snapshots', JSON.stringify(k)); return 'ok'; })()`), c.name)
		p := openURLFrom(t, first.ctx, baseURL, baseURL+"/")
		p.waitJS(ready)
		assert.Equal(t, "1", p.eval(`String(performance.getEntriesByName('snapshot-restored').length)`), c.name)
		assert.Equal(t, c.skipped, p.eval(`String(window.__ingestSnapshot.skipped)`), c.name)
		assert.Equal(t, "same", p.eval(`performance.getEntriesByName('snapshot-checked')[0].detail`), c.name)
	}
}

// openHeld opens url in a new tab of parent (opts as openURLFrom) with the
// page's script (js/app.js) held back, uncached, once the page has asked
// for it; release lets it load.
func openHeld(t *testing.T, parent context.Context, url string, opts ...chromedp.ContextOption) (p *page, release func()) {
	t.Helper()
	p = openURLFrom(t, parent, baseURL, "about:blank", opts...)
	held := make(chan fetch.RequestID, 1)
	require.NoError(t, chromedp.Listen(p.ctx, func(ev any) {
		if e, ok := ev.(*fetch.EventRequestPaused); ok {
			held <- e.RequestID
		}
	}))
	_, err := chromedp.Call(p.ctx, network.SetCacheDisabled, network.SetCacheDisabledParams{CacheDisabled: true})
	require.NoError(t, err)
	_, err = chromedp.Call(p.ctx, fetch.Enable, fetch.EnableParams{Patterns: []*fetch.RequestPattern{{URLPattern: "*/js/app.js"}}})
	require.NoError(t, err)
	_, err = chromedp.Call(p.ctx, cdppage.Navigate, cdppage.NavigateParams{URL: url}) // without waiting for the load event
	require.NoError(t, err)
	var id fetch.RequestID
	select {
	case id = <-held:
	case <-time.After(30 * time.Second):
		t.Fatal("the page's script was never asked for")
	}
	// The request can come while the tool still knows the blank page's
	// context, gone with the navigation: ask until the new one answers.
	for deadline := time.Now().Add(10 * time.Second); ; {
		href, err := chromedp.Run(p.ctx, chromedp.Evaluate[string](`location.href`))
		if err == nil && href == url || time.Now().After(deadline) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	return p, func() {
		_, err := chromedp.Call(p.ctx, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: id})
		require.NoError(t, err)
		_, err = chromedp.Call(p.ctx, fetch.Disable, cdp.Empty{})
		require.NoError(t, err)
	}
}
