// Return-visit snapshots: the page's first result, painted with the page.
//
// A link that opens a tab with the engine's default settings draws its
// first result from the engine's recorded answers (engine.js), so what it
// draws is the same on every visit of the same build. The page keeps that
// first result's markup, as drawn, in localStorage (keep). On the next
// visit of the same link, the inline script after <main> in index.html
// (id "ingest-restore") paints it with the page, before any module has run
// and before the engine has started; the page then puts it away and shows
// its own, in one frame, once the browser has said it presented the
// snapshot (app.js firstResult). Meanwhile the page builds its own content
// behind it, not shown and not laid out (style.css: .snapshot ~ *).
//
// The snapshot is inert and holds no ids, test ids, names or roles:
// nothing in it can be used, focused or found by the page's code. It is
// kept per link (at most KEEP), for one build (the build's stamp, <meta
// name="ingest-build">: the page, its scripts and its recorded answers)
// and one window width. On a return visit the page compares what it drew
// with what the snapshot showed (mark 'snapshot-checked', detail 'same',
// 'different' or 'not kept'): a snapshot that is not the same is put away
// at once, does not count as the first result painted, and is replaced
// (or dropped).

import { holdsText } from './dom.js';
import { storage } from './state.js';

export const SNAPSHOT_KEY = 'ingest-playground-snapshots';
const KEEP = 4;
const STRIP = [
  'id',
  'name',
  'for',
  'form',
  'role',
  'tabindex',
  'autofocus',
  'aria-controls',
  'aria-labelledby',
  'aria-describedby',
  'aria-live',
  'aria-owns',
  'elementtiming',
  'data-testid',
];

// build is the build's stamp, or '' (a page not built by site/main.go).
function build() {
  return document.querySelector('meta[name="ingest-build"]')?.content || '';
}

// copy copies root's content as it is now, with the current values of
// its fields as attributes: the first half of a snapshot, quick (a
// millisecond or two), taken when the result is drawn.
export function copy(root) {
  const c = root.cloneNode(true);
  const live = root.querySelectorAll('input, select, textarea');
  const fields = c.querySelectorAll('input, select, textarea');
  live.forEach((el, i) => {
    const f = fields[i];
    if (el.tagName === 'TEXTAREA') f.textContent = el.value;
    else if (el.tagName === 'SELECT') {
      for (let k = 0; k < el.options.length; k++) f.options[k].toggleAttribute('selected', el.options[k].selected);
    } else if (el.type === 'checkbox' || el.type === 'radio') f.toggleAttribute('checked', el.checked);
    else if (el.type !== 'file') f.setAttribute('value', el.value);
  });
  return c;
}

// write writes a copy as a snapshot's markup: its hidden tabs and
// comments left out, what could be found or used stripped (STRIP), and
// every element that holds text marked for Element Timing ('snapshot'):
// the browser tells when the result in it was presented, on screen (the
// overview's counts, above the tab on a wide window) or not. (It changes
// the copy.)
export function write(c) {
  for (const el of c.querySelectorAll('[role="tabpanel"][hidden], script, .snapshot')) el.remove();
  const comments = document.createTreeWalker(c, NodeFilter.SHOW_COMMENT);
  const drop = [];
  while (comments.nextNode()) drop.push(comments.currentNode);
  for (const n of drop) n.remove();
  for (const el of c.querySelectorAll('*')) {
    for (const a of STRIP) el.removeAttribute(a);
    // The page's Content-Security-Policy applies no style attribute of
    // markup: the restore sets each from data-snapshot-style instead.
    const style = el.getAttribute('style');
    if (style !== null) {
      el.removeAttribute('style');
      if (style) el.setAttribute('data-snapshot-style', style);
    }
  }
  for (const el of c.querySelectorAll('*')) if (holdsText(el)) el.setAttribute('elementtiming', 'snapshot');
  return c.innerHTML;
}

// The blocks of a page's main, to DEPTH levels, in document order: what
// the restore script (index.html) may leave unrendered while they are off
// screen. It walks the snapshot's markup the same way (without skip: the
// markup holds no hidden tab, script or snapshot).
const DEPTH = 3;
const SKIP = 'script, .snapshot, [role="tabpanel"][hidden]';
function blocks(root, skip) {
  const out = [];
  const walk = (el, depth) => {
    for (const c of el.children) {
      if (skip && c.matches(SKIP)) continue;
      out.push(c);
      if (depth < DEPTH) walk(c, depth + 1);
    }
  };
  walk(root, 1);
  return out;
}

// sig names a block for the restore's check that it is the one measured;
// shapeOf, a list of blocks.
const sig = (el) => el.tagName + '.' + el.getAttribute('class');
const shapeOf = (all) => all.map(sig).join(' ');

// shape names main's blocks as they are now, in order (cheap: no layout).
export function shape(main) {
  return shapeOf(blocks(main, true));
}

// below measures main's outermost blocks that start below the window, when
// main's blocks are still the ones a copy held (its shape when the copy
// was taken): {n (the blocks walked), blocks: [{i (the block's place in
// the walk), top (in CSS px), w, h (its content box's width and height),
// sig}]}, or null. The list is the window's of the visit that kept the
// copy: a later visit whose copy is the same keeps it. On the next visit
// the restore leaves each unrendered (content-visibility, at its size)
// where the window is no taller than its top: the first frame lays out
// and paints only what is on screen, and nothing on screen moves. It
// lays the page out: called in an animation frame, that is the layout
// the frame does anyway.
export function below(main, copyShape) {
  const all = blocks(main, true);
  if (shapeOf(all) !== copyShape) return null;
  const out = [];
  let inside = null;
  const y = scrollY;
  all.forEach((el, i) => {
    if (inside?.contains(el)) return;
    const r = el.getBoundingClientRect();
    const top = Math.floor(r.top + y);
    if (top < innerHeight || r.height <= 0 || !(el instanceof HTMLElement)) return;
    // The size contain-intrinsic-size gives: the content box, as laid
    // out (offset sizes: before any transform).
    const cs = getComputedStyle(el);
    const px = (...ks) => ks.reduce((sum, k) => sum + (Number.parseFloat(cs[k]) || 0), 0);
    const w = el.offsetWidth - px('paddingLeft', 'paddingRight', 'borderLeftWidth', 'borderRightWidth');
    const h = el.offsetHeight - px('paddingTop', 'paddingBottom', 'borderTopWidth', 'borderBottomWidth');
    out.push({ i, top, w: Math.max(0, Math.round(w)), h: Math.max(0, Math.round(h)), sig: sig(el) });
    inside = el;
  });
  return { n: all.length, blocks: out };
}

// restored is the snapshot the inline script painted, if it is still on
// screen: {box (the element), html (what it painted), link (the link it
// was kept for)}.
export function restored() {
  const s = window.__ingestSnapshot;
  return s?.box?.isConnected ? s : null;
}

// presentedAt is when the browser presented the snapshot's first text
// (Element Timing's render time, as the inline script's observer heard
// it), or 0 when it has not said (yet).
export function presentedAt() {
  const s = window.__ingestSnapshot;
  if (!s?.observer) return 0;
  for (const e of s.observer.takeRecords()) s.entries.push(e);
  let at = 0;
  for (const e of s.entries) if (e.identifier === 'snapshot' && e.renderTime && (!at || e.renderTime < at)) at = e.renderTime;
  return at;
}

// putAway removes the snapshot: the page's own content shows in its place.
// (Its observer still tells when it was presented, until forget.)
export function putAway() {
  const s = window.__ingestSnapshot;
  if (!s) return;
  s.box?.remove();
  s.box = null;
}

// load is what storage keeps: {build, items}, or null (nothing, or
// nothing readable).
function load() {
  try {
    const kept = JSON.parse(storage.get(SNAPSHOT_KEY) || 'null');
    return kept && Array.isArray(kept.items) ? kept : null;
  } catch {
    return null;
  }
}

// drop removes the snapshot kept for link: the page keeps none for it now.
export function drop(link) {
  const kept = load();
  if (!kept) return;
  kept.items = kept.items.filter((x) => x && x.link !== link);
  storage.set(SNAPSHOT_KEY, JSON.stringify(kept));
}

// forget stops listening for the snapshot's presentation.
export function forget() {
  window.__ingestSnapshot?.observer?.disconnect();
}

// keep stores html as the snapshot of link, shown on tab with the look
// (theme, embed) it was drawn with and the blocks below the window
// (below, or null), for this build and window width, in place of the
// link's last one; the KEEP most recent links are kept.
export function keep(link, html, look, offscreen) {
  const stamp = build();
  if (!stamp) return;
  const kept = load();
  const items = kept?.build === stamp ? kept.items.filter((x) => x && (x.link !== link || x.width !== innerWidth)) : [];
  items.unshift({ link, width: innerWidth, html, ...look, below: offscreen });
  storage.set(SNAPSHOT_KEY, JSON.stringify({ build: stamp, items: items.slice(0, KEEP) }));
}
