// Batch vs streaming on the same events: the engine's comparison (core's
// RunCompare) drawn as one delay chart on a log time axis, where hours and
// milliseconds fit, and two tables — the delays and the cost, and the
// totals each side loaded with the "equal" check. Plain SVG from this
// module: no chart library to load, and it prints.
import { h, fmt, fmtMoney, fmtMs } from './dom.js';

const SVG = 'http://www.w3.org/2000/svg';
const s = (tag, attrs = {}, ...children) => {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  for (const c of children) el.append(c);
  return el;
};

const TICKS = [
  [1, '1 ms'],
  [10, '10 ms'],
  [100, '0.1 s'],
  [1000, '1 s'],
  [10e3, '10 s'],
  [60e3, '1 min'],
  [600e3, '10 min'],
  [3600e3, '1 h'],
  [6 * 3600e3, '6 h'],
  [86400e3, '1 day'],
  [7 * 86400e3, '1 week'],
];

// delayChart draws each side's delays as a cumulative curve: at delay x,
// the share of events that were downstream by then. cdf[p] is the delay
// p % of the events waited at most.
export function delayChart(sides, { testid } = {}) {
  const W = 640,
    H = 260,
    L = 46,
    R = 14,
    T = 14,
    B = 40;
  const all = sides.flatMap((d) => d.cdf).filter((v) => v > 0);
  const lo = Math.log10(Math.max(1, Math.min(...all, 1000) / 2));
  const hi = Math.log10(Math.max(...all, 10) * 1.5);
  const x = (ms) => L + ((Math.log10(Math.max(ms, 10 ** lo)) - lo) / (hi - lo)) * (W - L - R);
  const y = (p) => T + (1 - p / 100) * (H - T - B);
  const svg = s(
    'svg',
    { viewBox: `0 0 ${W} ${H}`, class: 'delay-chart', role: 'img', 'aria-labelledby': testid + '-title' },
    s(
      'title',
      { id: testid + '-title' },
      `Delay from arrival to downstream, per event: ${sides.map((d) => `${d.name} p50 ${fmtMs(d.delay.p50Ms)}, p95 ${fmtMs(d.delay.p95Ms)}`).join('; ')}`,
    ),
  );
  for (const [ms, label] of TICKS) {
    const lx = Math.log10(ms);
    if (lx < lo || lx > hi) continue;
    svg.append(
      s('line', { x1: x(ms), x2: x(ms), y1: T, y2: H - B, class: 'grid' }),
      s('text', { x: x(ms), y: H - B + 16, 'text-anchor': 'middle', class: 'tick' }, label),
    );
  }
  for (const p of [0, 50, 95, 100]) {
    svg.append(
      s('line', { x1: L, x2: W - R, y1: y(p), y2: y(p), class: 'grid' + (p === 95 ? ' p95' : '') }),
      s('text', { x: L - 6, y: y(p) + 4, 'text-anchor': 'end', class: 'tick' }, `${p} %`),
    );
  }
  svg.append(
    s('text', { x: (L + W - R) / 2, y: H - 6, 'text-anchor': 'middle', class: 'axis' }, 'delay from arrival until the event is downstream (log scale)'),
  );
  for (const d of sides) {
    // A step curve through the delay at every percent.
    let path = `M ${x(d.cdf[0])} ${y(0)}`;
    for (let p = 1; p <= 100; p++) path += ` H ${x(d.cdf[p])} V ${y(p)}`;
    svg.append(s('path', { d: path, class: 'curve ' + d.key }), s('circle', { cx: x(d.delay.p95Ms), cy: y(95), r: 4, class: 'mark ' + d.key }));
  }
  return h(
    'figure',
    { class: 'chart delay', testid },
    h('figcaption', {}, 'Each event’s delay, both ways: the share of events downstream after a given time'),
    svg,
    h(
      'div',
      { class: 'legend' },
      sides.map((d) => h('span', { class: 'key ' + d.key }, h('span', { class: 'swatch' }), `${d.name} (dot: p95 ${fmtMs(d.delay.p95Ms)})`)),
    ),
  );
}

// compareTables lays the two sides next to each other: delays and cost,
// then what each loaded, with the equal check.
export function compareTables(r, st) {
  const sides = [
    ['batch', r.batch],
    ['stream', r.stream],
  ];
  const row = (label, f, testid) =>
    h(
      'tr',
      {},
      h('th', { scope: 'row' }, label),
      sides.map(([k, d]) => h('td', { class: 'num', testid: testid ? `${testid}-${k}` : undefined }, f(d))),
    );
  const head = h(
    'thead',
    {},
    h(
      'tr',
      {},
      h('th', {}, ''),
      h('th', { class: 'num' }, `Batch: a job ${every(st.batchInterval)}`),
      h(
        'th',
        { class: 'num' },
        `Streaming: ${st.bufferSize ? `flush at ${fmt(st.bufferSize)}` : 'no size trigger'}${st.lingerMs ? ` or after ${fmtMs(st.lingerMs)}` : ''}`,
      ),
    ),
  );
  const delays = h(
    'table',
    { class: 'report compare-table', testid: 'compare-delays' },
    head,
    h(
      'tbody',
      {},
      row('median delay (p50)', (d) => fmtMs(d.delay.p50Ms), 'compare-p50'),
      row('p95 delay', (d) => fmtMs(d.delay.p95Ms), 'compare-p95'),
      row('longest delay', (d) => fmtMs(d.delay.maxMs)),
      row('average delay', (d) => fmtMs(d.delay.avgMs)),
      row('runs (cost)', (d) => fmt(d.runs), 'compare-runs'),
      row('events per run', (d) => fmt(Math.round(d.rowsPerRun * 10) / 10)),
    ),
  );
  const cats = r.batch.byCategory.map((c, i) => [c, r.stream.byCategory[i]]);
  const totals = h(
    'table',
    { class: 'report compare-table', testid: 'compare-totals' },
    h('thead', {}, h('tr', {}, h('th', {}, 'loaded downstream'), h('th', { class: 'num' }, 'batch'), h('th', { class: 'num' }, 'streaming'), h('th', {}, ''))),
    h(
      'tbody',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'row' }, 'valid rows'),
        h('td', { class: 'num' }, fmt(r.batch.rows)),
        h('td', { class: 'num' }, fmt(r.stream.rows)),
        h('td', {}, r.batch.rows === r.stream.rows ? '=' : '≠'),
      ),
      h(
        'tr',
        {},
        h('th', { scope: 'row' }, 'revenue'),
        h('td', { class: 'num' }, fmtMoney(r.batch.revenue)),
        h('td', { class: 'num' }, fmtMoney(r.stream.revenue)),
        h('td', {}, fmtMoney(r.batch.revenue) === fmtMoney(r.stream.revenue) ? '=' : '≠'),
      ),
      cats.map(([b, st2]) =>
        h(
          'tr',
          {},
          h('th', { scope: 'row' }, `· ${b.category}`),
          h('td', { class: 'num' }, fmtMoney(b.revenue)),
          h('td', { class: 'num' }, st2 ? fmtMoney(st2.revenue) : '—'),
          h('td', {}, st2 && fmtMoney(b.revenue) === fmtMoney(st2.revenue) ? '=' : '≠'),
        ),
      ),
    ),
  );
  const verdict = h(
    'p',
    { class: 'verdict ' + (r.equal ? 'ok' : 'bad'), testid: 'compare-equal' },
    r.equal ? '✓ Equal: both ways load the same rows and the same revenue, to the cent, per category too. Only the time differs.' : '✗ The totals differ.',
  );
  return h('div', { class: 'card compare-tables' }, h('h3', {}, 'Delay and cost'), delays, h('h3', {}, 'What each way loaded'), totals, verdict);
}

function every(ms) {
  if (ms % 86400000 === 0) return ms === 86400000 ? 'daily' : `every ${ms / 86400000} days`;
  if (ms % 3600000 === 0) return ms === 3600000 ? 'every hour' : `every ${ms / 3600000} hours`;
  if (ms % 60000 === 0) return `every ${ms / 60000} minutes`;
  return 'every ' + fmtMs(ms);
}

// sweepChart draws a sweep (core's SweepPoint list) as two panels over one
// x axis: the average and p95 delay above, the runs below, with the
// current setting marked; the numbers are in a table under it.
export function sweepChart(points, { title, xName, xFmt, current, testid, delayName = 'latency', runsName = 'flushes', logX = true }) {
  const W = 640,
    L = 58,
    R = 14,
    T = 12,
    H1 = 130,
    GAP = 30,
    H2 = 70,
    B = 34;
  const H = T + H1 + GAP + H2 + B;
  const xsRaw = points.map((p) => p.x);
  const xv = (x) => (logX ? Math.log10(Math.max(x, 1)) : x);
  const x0 = Math.min(...xsRaw.map(xv)),
    x1 = Math.max(...xsRaw.map(xv), x0 + 1e-9);
  const x = (v) => L + ((xv(v) - x0) / (x1 - x0)) * (W - L - R);
  const maxDelay = Math.max(...points.map((p) => p.p95Ms), 1);
  const maxRuns = Math.max(...points.map((p) => p.runs), 1);
  const y1 = (ms) => T + (1 - ms / maxDelay) * H1;
  const y2 = (r) => T + H1 + GAP + (1 - r / maxRuns) * H2;
  const line = (f, cls) => s('path', { d: points.map((p, i) => `${i ? 'L' : 'M'} ${x(p.x)} ${f(p)}`).join(' '), class: 'sweep-line ' + cls });
  const svg = s(
    'svg',
    { viewBox: `0 0 ${W} ${H}`, class: 'sweep-chart', role: 'img', 'aria-labelledby': testid + '-title' },
    s('title', { id: testid + '-title' }, `${title}. ${points.map((p) => `${xFmt(p.x)}: p95 ${fmtMs(p.p95Ms)}, ${fmt(p.runs)} ${runsName}`).join('; ')}`),
  );
  for (const [v, y] of [
    [0, y1(0)],
    [maxDelay, y1(maxDelay)],
  ]) {
    svg.append(s('line', { x1: L, x2: W - R, y1: y, y2: y, class: 'grid' }), s('text', { x: L - 6, y: y + 4, 'text-anchor': 'end', class: 'tick' }, fmtMs(v)));
  }
  for (const [v, y] of [
    [0, y2(0)],
    [maxRuns, y2(maxRuns)],
  ]) {
    svg.append(s('line', { x1: L, x2: W - R, y1: y, y2: y, class: 'grid' }), s('text', { x: L - 6, y: y + 4, 'text-anchor': 'end', class: 'tick' }, fmt(v)));
  }
  const labelled = new Set();
  for (const p of points) {
    const px = x(p.x);
    if ([...labelled].some((q) => Math.abs(q - px) < 34)) continue;
    labelled.add(px);
    // The rightmost label ends at the chart's edge instead of running past it ("7.0 days" was cut).
    const atEnd = px > W - R - 24;
    svg.append(s('text', { x: atEnd ? W - 1 : px, y: H - B + 16, 'text-anchor': atEnd ? 'end' : 'middle', class: 'tick' }, xFmt(p.x)));
  }
  svg.append(
    s('text', { x: L, y: T + H1 + GAP - 5, class: 'axis' }, runsName),
    s('text', { x: (L + W - R) / 2, y: H - 4, 'text-anchor': 'middle', class: 'axis' }, xName + (logX ? ' (log scale)' : '')),
    line((p) => y1(p.avgMs), 'avg'),
    line((p) => y1(p.p95Ms), 'p95'),
    line((p) => y2(p.runs), 'runs'),
  );
  const cur = points.find((p) => p.x === current);
  if (cur) {
    svg.append(
      s('line', { x1: x(cur.x), x2: x(cur.x), y1: T, y2: T + H1 + GAP + H2, class: 'current' }),
      s('circle', { cx: x(cur.x), cy: y1(cur.p95Ms), r: 4.5, class: 'mark p95' }),
      s('circle', { cx: x(cur.x), cy: y2(cur.runs), r: 4.5, class: 'mark runs' }),
    );
  }
  const table = h(
    'table',
    { class: 'mini sweep-table' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', {}, xName),
        h('th', { class: 'num' }, `average ${delayName}`),
        h('th', { class: 'num' }, `p95 ${delayName}`),
        h('th', { class: 'num' }, runsName),
      ),
    ),
    h(
      'tbody',
      {},
      points.map((p) =>
        h(
          'tr',
          { class: p.x === current ? 'current' : '' },
          h('td', {}, xFmt(p.x) + (p.x === current ? ' (now)' : '')),
          h('td', { class: 'num' }, fmtMs(p.avgMs)),
          h('td', { class: 'num' }, fmtMs(p.p95Ms)),
          h('td', { class: 'num' }, fmt(p.runs)),
        ),
      ),
    ),
  );
  return h(
    'figure',
    { class: 'chart sweep', testid, dataset: { current: String(current) } },
    h('figcaption', {}, title),
    svg,
    h(
      'div',
      { class: 'legend' },
      h('span', { class: 'key p95' }, h('span', { class: 'swatch' }), `p95 ${delayName}`),
      h('span', { class: 'key avg' }, h('span', { class: 'swatch' }), `average ${delayName}`),
      h('span', { class: 'key runs' }, h('span', { class: 'swatch' }), runsName),
      h('span', { class: 'key current' }, '│ the current setting'),
    ),
    h('details', { class: 'sweep-numbers' }, h('summary', {}, 'The numbers'), table),
  );
}
