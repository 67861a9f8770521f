// Small charts from columns ([labels, values]) as plain HTML bars: no
// library, nothing to load, and they print and scale with the page.
import { h, fmt } from './dom.js';

// bars draws one horizontal bar per label.
export function bars(labels, values, { format = fmt, testid, title } = {}) {
  const max = Math.max(...values.map(Math.abs), 1e-9);
  return h('figure', { class: 'chart bars', testid },
    title ? h('figcaption', {}, title) : null,
    labels.map((label, i) => {
      const bar = h('span', { class: 'bar' });
      bar.style.width = `${(Math.abs(values[i]) / max) * 100}%`;
      return h('div', { class: 'bar-row' }, h('span', { class: 'bar-label' }, label), h('span', { class: 'bar-track' }, bar), h('span', { class: 'bar-value' }, format(values[i])));
    }));
}

// columns draws vertical bars, e.g. a histogram; labels go under the bars.
export function columns(labels, values, { format = fmt, testid, title, note, highlight } = {}) {
  const max = Math.max(...values, 1e-9);
  return h('figure', { class: 'chart columns', testid },
    title ? h('figcaption', {}, title) : null,
    h('div', { class: 'col-area' }, values.map((v, i) => {
      const bar = h('span', { class: 'col' + (highlight && highlight[i] ? ' ' + highlight[i] : '') });
      bar.style.height = `${(v / max) * 100}%`;
      return h('div', { class: 'col-cell', title: `${labels[i]}: ${format(v)}` }, bar);
    })),
    labels.length <= 40 ? h('div', { class: 'col-labels' }, labels.map((l) => h('span', {}, l))) : null,
    note ? h('p', { class: 'note' }, note) : null);
}
