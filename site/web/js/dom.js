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

const nf = new Intl.NumberFormat('en-US');
const money = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
export const fmt = (n) => (typeof n === 'number' ? nf.format(n) : String(n));
export const fmtMoney = (n) => money.format(n);

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
