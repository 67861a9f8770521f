// Small charts from columns ([labels, values]) as plain HTML bars: no
// library, nothing to load, and they print and scale with the page.
import { h, fmt } from './dom.js';

// bars draws one horizontal bar per label.
export function bars(labels, values, { format = fmt, testid, title } = {}) {
  const max = Math.max(...values.map(Math.abs), 1e-9);
  return h(
    'figure',
    { class: 'chart bars', testid },
    title ? h('figcaption', {}, title) : null,
    labels.map((label, i) => {
      const bar = h('span', { class: 'bar' });
      bar.style.width = `${(Math.abs(values[i]) / max) * 100}%`;
      return h(
        'div',
        { class: 'bar-row' },
        h('span', { class: 'bar-label' }, label),
        h('span', { class: 'bar-track' }, bar),
        h('span', { class: 'bar-value' }, format(values[i])),
      );
    }),
  );
}

// columns draws vertical bars, e.g. a histogram; labels go under the bars.
export function columns(labels, values, { format = fmt, testid, title, note, highlight } = {}) {
  const max = Math.max(...values, 1e-9);
  return h(
    'figure',
    { class: 'chart columns', testid },
    title ? h('figcaption', {}, title) : null,
    h(
      'div',
      { class: 'col-area' },
      values.map((v, i) => {
        const bar = h('span', { class: 'col' + (highlight?.[i] ? ' ' + highlight[i] : '') });
        bar.style.height = `${(v / max) * 100}%`;
        return h('div', { class: 'col-cell', title: `${labels[i]}: ${format(v)}` }, bar);
      }),
    ),
    labels.length <= 40
      ? h(
          'div',
          { class: 'col-labels' },
          labels.map((l) => h('span', {}, l)),
        )
      : null,
    note ? h('p', { class: 'note' }, note) : null,
  );
}

// funnel draws the quality funnel (core's FunnelStep list): the rows that
// reach each rule in order, those it sends to quarantine, and those that go
// on — a table, so the numbers are there for every reader, with a bar of
// the rows left. Rules that let failing rows through carry a mark.
export function funnel(q, total, { testid, unit = 'rows' } = {}) {
  const width = (n) => `${total ? (n / total) * 100 : 0}%`;
  const barOf = (n) => {
    const bar = h('span', { class: 'bar' });
    bar.style.width = width(n);
    return h('span', { class: 'bar-track' }, bar);
  };
  const rows = [
    h(
      'tr',
      { class: 'funnel-start' },
      h('th', { scope: 'row' }, `${unit} in`),
      h('td', { class: 'num' }, ''),
      h('td', { class: 'num', testid: testid + '-in' }, fmt(total)),
      h('td', {}, barOf(total)),
    ),
  ];
  for (const st of q.funnel) {
    let what;
    if (st.quarantines) {
      what = st.rejected ? `−${fmt(st.rejected)} to quarantine` : 'none rejected';
      if (st.earlier) what += ` (+${fmt(st.earlier)} already rejected)`;
    } else if (st.dataset) {
      what = st.status === 'pass' ? 'dataset check: passed' : `dataset check: ${st.status}`;
    } else if (st.kept) {
      what = `⚠ ${fmt(st.kept)} kept, ${st.severity === 'warn' ? 'with a warning' : `the rule passed (${st.status})`}`;
      if (st.earlier) what += ` (+${fmt(st.earlier)} already rejected)`;
    } else {
      what = st.earlier ? `(${fmt(st.earlier)} failing rows already rejected)` : 'all pass';
    }
    rows.push(
      h(
        'tr',
        { testid: testid + '-step', dataset: { out: st.out, rejected: st.rejected } },
        h('th', { scope: 'row' }, h('code', {}, st.rule)),
        h('td', { class: 'funnel-what' + (st.quarantines && st.rejected ? ' out' : st.kept ? ' kept' : '') }, what),
        h('td', { class: 'num' }, fmt(st.out)),
        h('td', {}, barOf(st.out)),
      ),
    );
  }
  const last = q.funnel.length ? q.funnel[q.funnel.length - 1].out : total;
  return h(
    'figure',
    { class: 'chart funnel', testid },
    h('figcaption', {}, 'Quality funnel: the rules in order'),
    h(
      'table',
      { class: 'funnel-table' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', {}, 'step'),
          h('th', {}, 'what it did'),
          h('th', { class: 'num' }, `${unit} left`),
          h('th', {}, h('span', { class: 'visually-hidden' }, 'bar')),
        ),
      ),
      h('tbody', {}, rows),
    ),
    h(
      'p',
      { class: 'note', testid: testid + '-note' },
      `${fmt(last)} of ${fmt(total)} pass. ` +
        (q.multiRule
          ? `${fmt(q.multiRule)} rejected ${q.multiRule === 1 ? 'row' : 'rows'} failed more than one rule: each counts at the first rule it failed. `
          : '') +
        'A row stops at the first rule that rejects it; warn: rules and rules that pass thanks to “mostly” let their failing rows through.',
    ),
  );
}
