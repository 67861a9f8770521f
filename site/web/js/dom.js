// Tiny DOM helpers. Text always goes in as text nodes, never as HTML.

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'testid') el.dataset.testid = v;
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

export const $ = (sel, root = document) => root.querySelector(sel);

// holdsText tells whether el has text of its own (a child text node that
// is not blank): what Element Timing reports of an element's text.
export const holdsText = (el) => [...el.childNodes].some((n) => n.nodeType === 3 && n.nodeValue.trim());

// formatNumber writes n as Intl.NumberFormat('en-US', {minimumFractionDigits:
// min, maximumFractionDigits: max}) does, without it: a browser's first
// NumberFormat loads its locale data, 100–200 ms on a 2-core machine, in
// the task that draws the page's first result. Like it, it rounds the
// number's shortest decimal form (1.0005 is 1.001: "1.0005" is how
// JavaScript writes it) half away from zero, groups thousands, and writes
// a negative number that rounds to zero as "-0". A browser test compares
// the two over many numbers.
export function formatNumber(n, max = 3, min = 0) {
  if (!Number.isFinite(n)) return Number.isNaN(n) ? 'NaN' : n > 0 ? '∞' : '-∞';
  // The digits d and the point's place p: |n| = 0.d × 10^p.
  const [mant, exp = '0'] = String(Math.abs(n)).split('e');
  const [whole, part = ''] = mant.split('.');
  let d = whole + part;
  let p = whole.length + Number(exp);
  const lead = d.length - d.replace(/^0+/, '').length;
  d = d.slice(lead);
  p -= lead;
  const keep = p + max; // the digits left once rounded
  if (keep < d.length) {
    const up = keep >= 0 && d[keep] >= '5';
    d = keep > 0 ? d.slice(0, keep) : '';
    if (up) {
      let k = d.length - 1;
      while (k >= 0 && d[k] === '9') k--;
      d = k < 0 ? '1' + '0'.repeat(d.length) : d.slice(0, k) + String(Number(d[k]) + 1) + '0'.repeat(d.length - k - 1);
      if (k < 0) p++;
    }
  }
  let int = p <= 0 ? '0' : d.slice(0, p).padEnd(p, '0');
  let frac = p < 0 ? '0'.repeat(-p) + d : d.slice(Math.max(p, 0));
  frac = frac.replace(/0+$/, '').padEnd(min, '0');
  if (!int) int = '0';
  for (let i = int.length - 3; i > 0; i -= 3) int = int.slice(0, i) + ',' + int.slice(i);
  return (n < 0 || Object.is(n, -0) ? '-' : '') + int + (frac ? '.' + frac : '');
}
export const fmt = (n) => (typeof n === 'number' ? formatNumber(n) : String(n));
export const fmtMoney = (n) => formatNumber(n, 2, 2);

// plural writes a count with its noun: 1 event, 2 events, 1 micro-batch,
// 3 micro-batches (many: the plural when it is not the noun and an s).
export function plural(n, one, many = one + 's') {
  return `${fmt(n)} ${n === 1 ? one : many}`;
}

// fmtMs writes a duration for people: 850 ms, 4.2 s, 12 min, 3.5 h, 2.1 days
// (short: 2.1 d, for labels under narrow bars).
export function fmtMs(ms, { short = false } = {}) {
  const a = Math.abs(ms);
  if (a < 1000) return `${Math.round(ms)} ms`;
  if (a < 60000) return `${(ms / 1000).toFixed(1)} s`;
  if (a < 3600000) return `${(ms / 60000).toFixed(1)} min`;
  if (a < 86400000) return `${(ms / 3600000).toFixed(1)} h`;
  return `${(ms / 86400000).toFixed(1)} ${short ? 'd' : 'days'}`;
}

export function download(parts, name, type = 'text/csv;charset=utf-8') {
  const url = URL.createObjectURL(new Blob(parts, { type }));
  const a = h('a', { href: url, download: name, class: 'hidden' });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
