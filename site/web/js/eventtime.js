// The Event time tab: the picture every streaming course draws —
// processing time across, event time up, each event a dot at (when it was
// processed, when it happened), windows as bands, the watermark as a step
// line, each pane marked where it fired — with a replay that moves a
// processing-time cursor, the watermark-delay sweep, the processing-time vs
// event-time panel and the backpressure queue. Every figure comes from the
// engine (core's RunEventTime, its sweep and its step list); this module
// only places them. Plain SVG: nothing to load, and it prints.
import { h, clear, fmt, fmtMs, plural } from './dom.js';
import { Replay } from './replay.js';

const SVG = 'http://www.w3.org/2000/svg';
const s = (tag, attrs = {}, ...children) => {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) el.setAttribute(k, String(v));
  for (const c of children) el.append(c);
  return el;
};

// clock writes ms after the source's start as m:ss (h:mm:ss past an hour).
export function clock(ms) {
  const neg = ms < 0;
  let t = Math.round(Math.abs(ms) / 1000);
  const hh = Math.floor(t / 3600);
  t -= hh * 3600;
  const mm = Math.floor(t / 60);
  const ss = t - mm * 60;
  const body = hh ? `${hh}:${String(mm).padStart(2, '0')}:${String(ss).padStart(2, '0')}` : `${mm}:${String(ss).padStart(2, '0')}`;
  return (neg ? '−' : '') + body;
}

const TIMING = { early: 'early', on_time: 'on time', late: 'late' };
const pct = (x) => `${(Math.round(x * 1000) / 10).toFixed(1)} %`;
const windowName = (key, a, b) => `${key ? key + ' ' : ''}[${clock(a)}, ${clock(b)})`;

export { plural };

// niceStep picks a round tick step (ms) that cuts a span into at most
// `most` ticks (about: past a day, whole days).
function niceStep(span, most = 8) {
  const steps = [1000, 5000, 10000, 15000, 30000, 60000, 120000, 300000, 600000, 900000, 1800000, 3600000, 7200000, 21600000, 43200000, 86400000];
  for (const st of steps) if (span / st <= most) return st;
  return Math.ceil(span / most / 86400000) * 86400000;
}

// textWidth is about how wide a label of 12 px is (a digit is about 0.64
// em in the usual sans faces): enough to keep labels clear of each other.
const textWidth = (str) => str.length * 7.7;

// fit draws an SVG chart at the width it is shown at. A viewBox drawn for
// 720 units and shown 325 px wide on a phone shrinks a 12-unit label to
// 5 px; drawn at 325 units instead, the label is 12 px there as on a
// laptop, and the chart lays itself out for the room it has (fewer ticks,
// shorter titles). Wider than max it scales up, as before; narrower than
// min it scales down. draw(w) fills the svg for a width of w units; it is
// called again when the chart's width changes (a turned phone, the tab
// shown, the print layout). The first drawing guesses the width from the
// window, before the chart is in the page.
function fit(svg, draw, { min = 260, max = 760 } = {}) {
  let drawn = 0;
  const redraw = (px) => {
    const w = Math.round(Math.min(max, Math.max(min, px)));
    if (w === drawn) return;
    drawn = w;
    draw(w);
  };
  redraw(document.documentElement.clientWidth - 50);
  if (typeof ResizeObserver !== 'undefined') {
    // One observer per chart: it lives as long as the chart does. A chart
    // taken off the page or hidden measures 0 and keeps its drawing.
    new ResizeObserver((entries) => {
      const px = entries[entries.length - 1].contentRect.width;
      if (px > 0) redraw(px);
    }).observe(svg);
  }
  svg.classList.add('fit');
  return svg;
}

// picture draws the run: it returns the figure and at(vt), which shows
// the run as it was at processing time vt (Infinity: all of it).
export function picture(r) {
  const pic = r.picture;
  const n = pic.eventMs.length;
  const wins = pic.windows;
  const panes = r.paneList;
  let yLo = 0,
    yHi = 1000;
  for (const e of pic.eventMs) {
    yLo = Math.min(yLo, e);
    yHi = Math.max(yHi, e);
  }
  const xHi = Math.max(pic.endMs, 1000, ...panes.emittedMs);
  // Windows below the first event or above the last are cut at the picture's edge.
  const yTop = yHi + (yHi - yLo) * 0.04;
  const title = `${n === 1 ? 'The one event' : `Each of the ${fmt(n)} events`} placed at when it was processed (across) and when it happened (up): ${fmt(r.onTime)} on time, ${fmt(r.late)} late but counted, ${fmt(r.dropped)} ${r.settings['trigger.deadLetter'] ? 'sent to the dead letter' : 'dropped'}; the watermark as a step line; ${plural(r.panes, 'pane')} (${fmt(r.earlyPanes)} early, ${fmt(r.onTimePanes)} on time, ${fmt(r.latePanes)} late).`;
  const svg = s(
    'svg',
    { class: 'et-picture', role: 'img', 'aria-labelledby': 'time-picture-title', 'data-testid': 'time-picture-svg' },
    s('title', { id: 'time-picture-title' }, title),
  );
  // Events in processing order (the replay shows them in this order).
  const order = [];
  for (let i = 0; i < n; i++) if (pic.processedMs[i] !== null) order.push(i);
  order.sort((a, b) => pic.processedMs[a] - pic.processedMs[b] || a - b);
  const times = order.map((i) => pic.processedMs[i]);
  const yLabels = [];
  const ys = niceStep(yTop - yLo);
  for (let t = Math.ceil(yLo / ys) * ys; t <= yTop; t += ys) yLabels.push(clock(t));

  // What at() changes, redrawn with the rest at each width.
  let dotEls = [],
    paneEls = [],
    cursor = null,
    future = null,
    place = null,
    shownDots = 0,
    shownPanes = 0,
    now = Infinity;

  const draw = (W) => {
    // About 4:7, and 300 units high at least (a phone's picture is near square).
    const H = Math.round(Math.min(420, Math.max(300, W * 0.55))),
      L = Math.round(30 + Math.max(...yLabels.map(textWidth), textWidth('0:00'))),
      R = 14,
      T = 14,
      B = 46;
    const x = (ms) => L + (ms / xHi) * (W - L - R);
    const y = (ms) => T + (1 - (Math.min(Math.max(ms, yLo), yTop) - yLo) / (yTop - yLo)) * (H - T - B);
    svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
    svg.querySelector('g.plot')?.remove();
    const plot = s('g', { class: 'plot' });
    // Windows: bands, alternating (distinct bounds only).
    const bands = s('g', { class: 'bands' });
    const seen = new Set();
    let k = 0;
    for (let i = 0; i < wins.startMs.length; i++) {
      const key = wins.startMs[i] + ':' + wins.endMs[i];
      if (seen.has(key) || wins.endMs[i] < yLo || wins.startMs[i] > yTop) continue;
      seen.add(key);
      const y0 = y(wins.endMs[i]),
        y1 = y(wins.startMs[i]);
      bands.append(s('rect', { x: L, y: y0, width: W - L - R, height: Math.max(0.5, y1 - y0), class: 'band ' + (k++ % 2 ? 'odd' : 'even') }));
    }
    plot.append(bands);
    // Axes: a tick label every 56 units across and 34 up at most.
    const xs = niceStep(xHi, Math.max(2, Math.floor((W - L - R) / 56))),
      ysx = niceStep(yTop - yLo, Math.max(2, Math.floor((H - T - B) / 34)));
    for (let t = 0; t <= xHi; t += xs) {
      plot.append(
        s('line', { x1: x(t), x2: x(t), y1: T, y2: H - B, class: 'grid' }),
        s('text', { x: x(t), y: H - B + 17, 'text-anchor': x(t) + textWidth(clock(t)) / 2 > W ? 'end' : 'middle', class: 'tick' }, clock(t)),
      );
    }
    for (let t = Math.ceil(yLo / ysx) * ysx; t <= yTop; t += ysx) {
      plot.append(s('text', { x: L - 6, y: y(t) + 4, 'text-anchor': 'end', class: 'tick' }, clock(t)));
    }
    const wide = W >= 560;
    plot.append(
      s(
        'text',
        { x: (L + W - R) / 2, y: H - 6, 'text-anchor': 'middle', class: 'axis' },
        wide ? 'processing time (when the pipeline saw the event) →' : 'processing time (when seen) →',
      ),
      s(
        'text',
        { x: 14, y: (T + H - B) / 2, 'text-anchor': 'middle', class: 'axis', transform: `rotate(-90 14 ${(T + H - B) / 2})` },
        'event time (when it happened) →',
      ),
    );
    // The diagonal: an event with no delay sits on it.
    plot.append(s('line', { x1: x(Math.max(0, yLo)), y1: y(Math.max(0, yLo)), x2: x(Math.min(xHi, yTop)), y2: y(Math.min(xHi, yTop)), class: 'ideal' }));
    // The watermark: a step line (a slope where it follows the clock).
    const wm = pic.watermark;
    let d = '';
    let last = null;
    for (let i = 0; i < wm.atMs.length; i++) {
      const v = wm.ms[i];
      if (v === null) {
        if (last !== null) d += ` H ${x(wm.atMs[i])}`;
        last = null;
        continue;
      }
      // A step reached by following the clock (idle advance: now − delay,
      // the delay being at − v) stays level until the clock's line
      // reaches it, then rises with processing time: a slope, not a jump.
      if (last === null) d += ` M ${x(wm.atMs[i])} ${y(v)}`;
      else if (wm.clock?.[i]) d += ` H ${x(Math.max(wm.atMs[i - 1], last + (wm.atMs[i] - v)))} L ${x(wm.atMs[i])} ${y(v)}`;
      else d += ` H ${x(wm.atMs[i])} V ${y(v)}`;
      last = v;
    }
    if (last !== null) d += ` H ${x(xHi)}`;
    // Drawn over the dots (most sit near it, along the diagonal), on a
    // halo of the card's colour so it stands out where it crosses them.
    const wmLine = [
      s('path', { d: d.trim() || 'M 0 0', class: 'watermark-halo' }),
      s('path', { d: d.trim() || 'M 0 0', class: 'watermark', 'data-testid': 'time-watermark' }),
    ];
    // Events: dots in processing order; dropped ones crossed out.
    const dots = s('g', { class: 'dots' });
    dotEls = order.map((i) => {
      const cx = x(pic.processedMs[i]),
        cy = y(pic.eventMs[i]);
      const st = pic.status[i];
      const tip = s(
        'title',
        {},
        `event ${i + 1}${pic.key[i] ? ' (' + pic.key[i] + ')' : ''}: happened ${clock(pic.eventMs[i])}, processed ${clock(pic.processedMs[i])} — ${st.replace('_', ' ')}${pic.class[i] !== 'typical' ? ', ' + pic.class[i] : ''}`,
      );
      const el =
        st === 'dropped' || st === 'dead_letter'
          ? s(
              'g',
              { class: 'dot dropped', 'data-status': st },
              s('path', { d: `M ${cx - 4} ${cy - 4} L ${cx + 4} ${cy + 4} M ${cx - 4} ${cy + 4} L ${cx + 4} ${cy - 4}` }),
              tip,
            )
          : s('circle', { cx, cy, r: st === 'on_time' ? 2.6 : 4, class: 'dot ' + st, 'data-status': st }, tip);
      dots.append(el);
      return el;
    });
    plot.append(dots, ...wmLine);
    // Panes: where they fired (emit time across, the window's end up).
    const marks = s('g', { class: 'panes' });
    paneEls = panes.timing.map((tm, i) => {
      const cx = x(panes.emittedMs[i]),
        cy = y(panes.endMs[i]);
      const shape =
        tm === 'early'
          ? `M ${cx} ${cy - 6} L ${cx + 6} ${cy} L ${cx} ${cy + 6} L ${cx - 6} ${cy} Z`
          : tm === 'on_time'
            ? `M ${cx - 5} ${cy - 5} H ${cx + 5} V ${cy + 5} H ${cx - 5} Z`
            : `M ${cx} ${cy - 6} L ${cx + 6} ${cy + 5} L ${cx - 6} ${cy + 5} Z`;
      const el = s(
        'path',
        { d: shape, class: 'pane ' + tm, 'data-timing': tm },
        s(
          'title',
          {},
          `${TIMING[tm]} pane #${panes.index[i]} of ${windowName(panes.key[i], panes.startMs[i], panes.endMs[i])} at ${clock(panes.emittedMs[i])}: ${plural(panes.count[i], 'event')}${panes.added[i] !== panes.count[i] ? ` (+${fmt(panes.added[i])} new)` : ''}`,
        ),
      );
      marks.append(el);
      return el;
    });
    plot.append(marks);
    cursor = s('line', { x1: L, x2: L, y1: T, y2: H - B, class: 'cursor', visibility: 'hidden' });
    future = s('rect', { x: W - R, y: T, width: 0, height: H - T - B, class: 'future' });
    plot.append(future, cursor);
    svg.append(plot);
    place = (vt) => (vt === Infinity ? W - R : Math.min(x(Math.max(vt, 0)), W - R));
    // Everything is drawn shown: at() hides what comes after now.
    shownDots = dotEls.length;
    shownPanes = paneEls.length;
    if (now !== Infinity) at(now);
  };

  const at = (vt) => {
    now = vt;
    const upto = (arr, t) => {
      let lo = 0,
        hi = arr.length;
      while (lo < hi) {
        const m = (lo + hi) >> 1;
        if (arr[m] <= t) lo = m + 1;
        else hi = m;
      }
      return lo;
    };
    const kd = vt === Infinity ? dotEls.length : upto(times, vt);
    const kp = vt === Infinity ? paneEls.length : upto(panes.emittedMs, vt);
    for (let i = Math.min(kd, shownDots); i < Math.max(kd, shownDots); i++) dotEls[i].classList.toggle('hidden', i >= kd);
    for (let i = Math.min(kp, shownPanes); i < Math.max(kp, shownPanes); i++) paneEls[i].classList.toggle('hidden', i >= kp);
    shownDots = kd;
    shownPanes = kp;
    const cx = place(vt);
    const right = place(Infinity);
    cursor.setAttribute('x1', cx);
    cursor.setAttribute('x2', cx);
    cursor.setAttribute('visibility', vt === Infinity ? 'hidden' : 'visible');
    future.setAttribute('x', cx);
    future.setAttribute('width', right - cx);
    svg.dataset.dots = String(kd);
    svg.dataset.panes = String(kp);
  };
  fit(svg, draw);
  at(Infinity);

  // The text alternative: every pane in the order fired.
  const list = h(
    'ol',
    { class: 'et-pane-list' },
    panes.timing.map((tm, i) =>
      h(
        'li',
        {},
        `${clock(panes.emittedMs[i])} — ${TIMING[tm]} pane #${panes.index[i]} of ${windowName(panes.key[i], panes.startMs[i], panes.endMs[i])}: ${plural(panes.count[i], 'event')} (${panes.added[i] >= 0 ? '+' : ''}${fmt(panes.added[i])} since the last pane)`,
      ),
    ),
  );
  const fig = h(
    'figure',
    { class: 'chart et-figure', testid: 'time-picture' },
    h('figcaption', {}, 'Event time against processing time: each dot an event, each band a window'),
    svg,
    h(
      'div',
      { class: 'legend et-legend' },
      h('span', { class: 'key' }, h('span', { class: 'sw dot-on' }), 'on time'),
      h('span', { class: 'key' }, h('span', { class: 'sw dot-late' }), 'late, counted'),
      h('span', { class: 'key' }, h('span', { class: 'sw dot-drop' }, '×'), r.settings['trigger.deadLetter'] ? 'too late: dead letter' : 'dropped'),
      h('span', { class: 'key' }, h('span', { class: 'sw wm' }), 'watermark'),
      h('span', { class: 'key' }, h('span', { class: 'sw p-early' }), 'early pane'),
      h('span', { class: 'key' }, h('span', { class: 'sw p-on' }), 'on-time pane'),
      h('span', { class: 'key' }, h('span', { class: 'sw p-late' }), 'late pane'),
    ),
    h(
      'p',
      { class: 'note', testid: 'time-picture-note' },
      'A dot below the diagonal arrived after it happened; the further right of it, the longer it took. An event is late when, as it arrives, the watermark has already passed the end of its window (the top of its band). Below the watermark line is not enough: a dot there whose window has not ended yet is still on time. Panes fire at their window’s end (up) when processing time reaches them (across).' +
        (r.panesMore ? ` Only the first ${plural(panes.timing.length, 'pane is', 'panes are')} drawn; the panes table has all ${fmt(r.panes)}.` : ''),
    ),
    h(
      'details',
      { class: 'et-text' },
      h(
        'summary',
        {},
        `The picture as text: ${r.panesMore ? `the first ${plural(panes.timing.length, 'pane')}` : `every pane (${fmt(panes.timing.length)})`} in the order fired`,
      ),
      h(
        'p',
        { testid: 'time-picture-summary' },
        `${n === 1 ? 'The one event' : `${fmt(n)} events`}: ${fmt(r.onTime)} on time, ${fmt(r.late)} late but counted, ${fmt(r.dropped)} ${r.settings['trigger.deadLetter'] ? 'sent to the dead letter' : 'dropped'}${r.queueDropped ? `, ${fmt(r.queueDropped)} lost by the queue` : ''}; ${plural(r.panes, 'pane')}: ${fmt(r.earlyPanes)} early, ${fmt(r.onTimePanes)} on time, ${fmt(r.latePanes)} late.`,
      ),
      list,
    ),
  );
  return { el: fig, at };
}

// TimeReplay plays the engine's step list back on the picture: a
// processing-time cursor moves across, events appear as they are
// processed, panes as they fire, the watermark as it moves. It reuses the
// Streaming tab's replay (play, pause, Step ›, speed, shown / hidden).
export class TimeReplay extends Replay {
  constructor() {
    super();
    this.pic = null;
    this.speed = 60;
    this.speedSel = h(
      'select',
      {
        'aria-label': 'Replay speed',
        onchange: (e) => {
          this.speed = Number(e.target.value);
        },
      },
      [
        [10, '10×'],
        [60, '1 min per s'],
        [300, '5 min per s'],
        [1800, '30 min per s'],
      ].map(([v, l]) => h('option', { value: v, selected: v === 60 }, l)),
    );
    this.clock = h('span', { class: 'clock', testid: 'time-replay-clock' }, 'processing time 0:00');
    this.playBtn.dataset.testid = 'time-replay-play';
    this.stepBtn.dataset.testid = 'time-replay-step';
    this.stepBtn.title = 'Pause and go to the next step: an event processed, the watermark moving, a pane firing';
    this.counter = h('p', { class: 'replay-counter', testid: 'time-replay-counter' }, '');
    this.fired = h('ol', { class: 'flushes', testid: 'time-replay-panes', tabindex: 0, 'aria-label': 'Panes fired, newest first' });
    this.note = h('p', { class: 'note' });
    // What a screen reader hears: on Step ›, the processing time and the
    // pane that fired; while playing, a pane at most every few seconds
    // (not every frame); on a pause or at the end, where the replay is.
    this.live = h('p', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite', testid: 'time-replay-live' });
    this.lastPane = '';
    this.saidAt = 0;
    this.el = h(
      'section',
      { class: 'replay card et-replay', 'aria-label': 'Event-time replay' },
      h('h3', {}, 'Replay: move through processing time'),
      h('div', { class: 'replay-controls' }, this.playBtn, this.stepBtn, this.restartBtn, h('label', {}, 'Speed ', this.speedSel), this.clock),
      this.counter,
      h('div', { class: 'flush-head' }, 'Panes fired, newest first'),
      this.fired,
      this.note,
      this.live,
    );
  }

  say(text) {
    this.live.textContent = text;
    this.saidAt = performance.now();
  }

  // where says the processing time and, if one fired since it was last
  // said, the newest pane.
  where() {
    const pane = this.lastPane;
    this.lastPane = '';
    return `${this.clock.textContent}${pane ? `: ${pane}` : ''}.`;
  }

  step() {
    this.lastPane = '';
    super.step();
    if (this.data) this.say(`${this.where()} ${this.counter.textContent}.`);
  }

  stop() {
    const was = this.playing;
    super.stop();
    if (was && this.data) this.say(`${this.i >= this.data.kind.length ? 'Replay done at' : 'Paused at'} ${this.where()} ${this.counter.textContent}.`);
  }

  attach(pic) {
    this.pic = pic;
  }

  load(data) {
    this.stop();
    this.data = data;
    this.note.textContent = data.complete ? '' : `Showing the first ${plural(data.kind.length, 'step')}; the tables below have all of it.`;
    this.reset();
  }

  reset() {
    this.stop();
    this.pending = false;
    this.i = 0;
    this.vt = this.data?.timeMs.length ? this.data.timeMs[0] : 0;
    this.arrived = 0;
    this.wm = null;
    this.byTiming = { early: 0, on_time: 0, late: 0 };
    this.late = 0;
    this.dropped = 0;
    if (this.fired) clear(this.fired);
    if (this.data) this.draw();
  }

  clear() {
    this.stop();
    this.data = null;
    this.pic = null;
    this.note.textContent = '';
    this.counter.textContent = '';
    clear(this.fired);
  }

  finish() {
    if (!this.data) return;
    this.advance(Infinity);
    this.vt = Infinity;
    this.draw();
  }

  advance(until) {
    const d = this.data;
    while (this.i < d.kind.length && d.timeMs[this.i] <= until) {
      const i = this.i++;
      const kind = d.kind[i];
      if (kind === 'arrive') {
        this.arrived++;
        if (d.status[i] === 'late') this.late++;
        if (d.status[i] === 'dropped' || d.status[i] === 'dead_letter') this.dropped++;
      } else if (kind === 'watermark') {
        this.wm = d.watermarkMs[i];
      } else if (kind === 'pane' && this.panes) {
        const p = d.pane[i];
        const tm = this.panes.timing[p];
        if (tm) {
          this.byTiming[tm]++;
          this.lastPane = `${TIMING[tm]} pane #${this.panes.index[p]} of ${windowName(this.panes.key[p], this.panes.startMs[p], this.panes.endMs[p])} fired, ${plural(this.panes.count[p], 'event')}`;
          this.fired.prepend(
            h(
              'li',
              { class: 'flush', dataset: { timing: tm } },
              h('span', { class: 'badge ' + tm }, TIMING[tm]),
              ` ${clock(d.timeMs[i])} · pane #${this.panes.index[p]} of ${windowName(this.panes.key[p], this.panes.startMs[p], this.panes.endMs[p])}: ${plural(this.panes.count[p], 'event')}`,
            ),
          );
          while (this.fired.children.length > 10) this.fired.lastChild.remove();
        }
      }
    }
    this.draw();
    if (this.playing && this.lastPane && performance.now() - this.saidAt >= 4000) this.say(this.where());
  }

  draw() {
    const d = this.data;
    if (!d) return;
    const end = d.timeMs.length ? d.timeMs[d.timeMs.length - 1] : 0;
    const t = Math.min(this.vt, end);
    this.clock.textContent = `processing time ${clock(t)}`;
    if (this.pic) this.pic.at(this.vt === Infinity || this.i >= d.kind.length ? Infinity : this.vt);
    const b = this.byTiming;
    this.counter.textContent = `${plural(this.arrived, 'event')} processed (${fmt(this.late)} late, ${fmt(this.dropped)} ${this.deadLetter ? 'to the dead letter' : 'dropped'}) · watermark ${this.wm === null ? (this.i >= d.kind.length ? 'at the end of time' : 'not yet set') : clock(this.wm)} · ${plural(b.early + b.on_time + b.late, 'pane')} fired: ${fmt(b.early)} early, ${fmt(b.on_time)} on time, ${fmt(b.late)} late`;
  }
}

// sweepChart draws the watermark-delay sweep: result latency of the
// on-time panes (p50, p95) above; completeness of the on-time panes and
// the events dropped below; the current setting marked. Points are evenly
// spaced (the delays grow roughly geometrically from 0).
export function sweepChart(res, { testid = 'time-sweep' } = {}) {
  const pts = res.byDelay;
  const cur = res.current;
  const T = 26,
    H1 = 120,
    GAP = 44,
    H2 = 90,
    B = 38;
  const H = T + H1 + GAP + H2 + B;
  // Latency on a log scale (seconds and minutes both readable); the
  // completeness axis from just below the lowest point to 100 %.
  const lat0 = Math.log10(500),
    lat1 = Math.max(Math.log10(Math.max(...pts.map((p) => p.p95Ms), 1000) * 1.3), lat0 + 1);
  const minC = Math.min(...pts.map((p) => p.completeness), 1);
  const c0 = Math.max(0, Math.floor(minC * 20 - 0.5) / 20);
  const maxDrop = Math.max(...pts.map((p) => p.dropped), 1);
  const y1 = (v) => T + (1 - (Math.log10(Math.max(v, 500)) - lat0) / (lat1 - lat0)) * H1;
  const y2 = (c) => T + H1 + GAP + (1 - (c - c0) / (1 - c0 || 1)) * H2;
  const y3 = (v) => T + H1 + GAP + (1 - v / maxDrop) * H2;
  const short = (ms) => (!ms ? '0' : ms < 60000 ? `${ms / 1000}s` : `${ms / 60000}m`);
  const latTicks = [
    [1000, '1 s'],
    [10000, '10 s'],
    [60000, '1 min'],
    [600000, '10 min'],
    [3600000, '1 h'],
    [86400000, '1 day'],
  ].filter(([v]) => Math.log10(v) >= lat0 && Math.log10(v) <= lat1);
  const cTicks = [c0, (c0 + 1) / 2, 1].map((c) => [c, `${Math.round(c * 1000) / 10} %`]);
  const svg = s(
    'svg',
    { class: 'sweep-chart', role: 'img', 'aria-labelledby': testid + '-title' },
    s(
      'title',
      { id: testid + '-title' },
      `Watermark delay against result latency and completeness: ${pts.map((p) => `${fmtMs(p.x)}: p95 ${fmtMs(p.p95Ms)}, ${pct(p.completeness)} complete, ${fmt(p.dropped)} dropped`).join('; ')}`,
    ),
  );
  const ci = pts.findIndex((p) => p.x === cur);
  const draw = (W) => {
    const L = Math.round(12 + Math.max(...[...latTicks, ...cTicks].map(([, l]) => textWidth(l)))),
      R = Math.round(14 + textWidth(fmt(maxDrop)));
    const x = (i) => L + (pts.length > 1 ? i / (pts.length - 1) : 0.5) * (W - L - R);
    const path = (f) => pts.map((p, i) => `${i ? 'L' : 'M'} ${x(i)} ${f(p)}`).join(' ');
    const wide = W >= 520;
    svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
    svg.querySelector('g.plot')?.remove();
    const plot = s('g', { class: 'plot' });
    for (const [v, label] of latTicks)
      plot.append(
        s('line', { x1: L, x2: W - R, y1: y1(v), y2: y1(v), class: 'grid' }),
        s('text', { x: L - 6, y: y1(v) + 4, 'text-anchor': 'end', class: 'tick' }, label),
      );
    for (const [c, label] of cTicks)
      plot.append(
        s('line', { x1: L, x2: W - R, y1: y2(c), y2: y2(c), class: 'grid' }),
        s('text', { x: L - 6, y: y2(c) + 4, 'text-anchor': 'end', class: 'tick' }, label),
      );
    plot.append(s('text', { x: W - R + 6, y: y3(maxDrop) + 4, class: 'tick' }, fmt(maxDrop)), s('text', { x: W - R + 6, y: y3(0) + 4, class: 'tick' }, '0'));
    // A delay under every point that has room for it (every other one on a
    // phone), and always the current one.
    const gap = pts.length > 1 ? (W - L - R) / (pts.length - 1) : W;
    const every = Math.max(1, Math.ceil(36 / gap));
    pts.forEach((p, i) => {
      if (i % every && i !== ci) return;
      if (i !== ci && ci >= 0 && Math.abs(i - ci) * gap < 36) return;
      plot.append(s('text', { x: x(i), y: H - B + 17, 'text-anchor': 'middle', class: 'tick' + (i === ci ? ' now' : '') }, short(p.x)));
    });
    plot.append(
      s(
        'text',
        { x: wide ? L : 4, y: T - 10, class: 'axis' },
        wide ? 'result latency of the on-time panes (log scale)' : 'result latency, on-time panes (log)',
      ),
      s(
        'text',
        { x: wide ? L : 4, y: T + H1 + GAP - 12, class: 'axis' },
        wide ? 'complete on time (left) · events dropped (right)' : 'complete (left) · dropped (right)',
      ),
      s(
        'text',
        { x: (L + W - R) / 2, y: H - 4, 'text-anchor': 'middle', class: 'axis', 'data-testid': testid + '-x-axis' },
        wide ? 'watermark delay (steps, not to scale)' : 'watermark delay (not to scale)',
      ),
      s('path', { d: path((p) => y1(p.p50Ms)), class: 'sweep-line avg' }),
      s('path', { d: path((p) => y1(p.p95Ms)), class: 'sweep-line p95' }),
      s('path', { d: path((p) => y2(p.completeness)), class: 'sweep-line complete' }),
      s('path', { d: path((p) => y3(p.dropped)), class: 'sweep-line runs' }),
    );
    if (ci >= 0) {
      const p = pts[ci];
      plot.append(
        s('line', { x1: x(ci), x2: x(ci), y1: T, y2: T + H1 + GAP + H2, class: 'current', 'data-testid': testid + '-current' }),
        s('circle', { cx: x(ci), cy: y1(p.p95Ms), r: 4.5, class: 'mark p95' }),
        s('circle', { cx: x(ci), cy: y2(p.completeness), r: 4.5, class: 'mark complete' }),
        s('circle', { cx: x(ci), cy: y3(p.dropped), r: 4.5, class: 'mark runs' }),
      );
    }
    svg.append(plot);
  };
  fit(svg, draw);
  const table = h(
    'table',
    { class: 'mini sweep-table', testid: testid + '-table' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ['watermark delay', 'latency p50', 'latency p95', 'complete on time', 'late', 'dropped', 'late panes'].map((c, i) =>
          h('th', { class: i ? 'num' : '' }, c),
        ),
      ),
    ),
    h(
      'tbody',
      {},
      pts.map((p) =>
        h(
          'tr',
          { class: p.x === cur ? 'current' : '', dataset: { x: p.x } },
          h('td', {}, (p.x ? fmtMs(p.x) : '0') + (p.x === cur ? ' (now)' : '')),
          h('td', { class: 'num' }, fmtMs(p.p50Ms)),
          h('td', { class: 'num' }, fmtMs(p.p95Ms)),
          h('td', { class: 'num' }, pct(p.completeness)),
          h('td', { class: 'num' }, fmt(p.late)),
          h('td', { class: 'num' }, fmt(p.dropped)),
          h('td', { class: 'num' }, fmt(p.latePanes)),
        ),
      ),
    ),
  );
  return h(
    'figure',
    { class: 'chart sweep', testid, dataset: { current: cur === null ? '' : String(cur) } },
    h('figcaption', {}, 'The trade-off: wait longer for stragglers (a later watermark) or answer sooner'),
    svg,
    h(
      'div',
      { class: 'legend' },
      h('span', { class: 'key p95' }, h('span', { class: 'swatch' }), 'p95 result latency'),
      h('span', { class: 'key avg' }, h('span', { class: 'swatch' }), 'p50 result latency'),
      h('span', { class: 'key complete' }, h('span', { class: 'swatch' }), 'complete on time'),
      h('span', { class: 'key runs' }, h('span', { class: 'swatch' }), 'dropped'),
      h('span', { class: 'key current' }, cur === null ? 'a perfect watermark: no delay to mark' : '│ the current setting'),
    ),
    h(
      'p',
      { class: 'note' },
      'Result latency is when a window’s on-time pane fired minus the window’s end. Each point is a full run of the engine with only the watermark delay changed; the delays are evenly spaced across, not to scale.',
    ),
    h('details', { class: 'sweep-numbers' }, h('summary', {}, 'The numbers'), table),
  );
}

// processingPanel puts the per-window counts side by side: by event time
// (the truth) and by arrival (processing-time windows), and the error.
export function processingPanel(r) {
  if (r.processingTimeNote) {
    // Sessions: grouping by arrival makes other sessions, none to compare.
    return h(
      'div',
      { class: 'card et-processing', testid: 'time-processing' },
      h('h3', {}, 'Grouped by arrival instead: what processing-time windows get wrong'),
      h('p', { class: 'verdict', testid: 'time-processing-verdict' }, `The comparison ${r.processingTimeNote}.`),
    );
  }
  const c = r.processing;
  const total = r.processingTimeWindows; // every window; the page has the first c.key.length
  // With the backpressure queue on, the pipeline processes an event after
  // it arrives: the windows are by when it was processed.
  const by = r.queue ? 'by processing time' : 'by arrival';
  const max = Math.max(1, ...c.eventTime, ...c.processingTime);
  const bar = (v, cls) => {
    const b = h('span', { class: 'bar ' + cls });
    b.style.width = `${(v / max) * 100}%`;
    return h('span', { class: 'bar-track' }, b);
  };
  const row = (i) => {
    const err = c.error[i];
    return h(
      'tr',
      { dataset: { error: err } },
      h('th', { scope: 'row' }, windowName(c.key[i], c.startMs[i], c.endMs[i])),
      h('td', { class: 'num' }, fmt(c.eventTime[i])),
      h('td', { class: 'num' }, fmt(c.processingTime[i])),
      h('td', { class: 'num ' + (err ? 'off' : 'ok') }, err > 0 ? '+' + fmt(err) : fmt(err)),
      h('td', { class: 'hide-narrow' }, bar(c.eventTime[i], 'et'), bar(c.processingTime[i], 'pt')),
    );
  };
  // Every row the page has is in the page (no box that scrolls them out
  // of sight): up to 20 at once, then a button for the rest; the count
  // above the table says how many there are and how many are shown.
  const FIRST = 20;
  const n = c.key.length;
  const body = h('tbody', {});
  const count = h('p', { class: 'et-count', testid: 'time-processing-count', 'aria-live': 'polite' });
  const more = h('button', { type: 'button', class: 'secondary', testid: 'time-processing-more' });
  let shown = 0;
  // On paper, the first PRINTED rows (the CSS leaves out the rest): a
  // report stays a few pages whatever the number of windows.
  const PRINTED = 20;
  const printNote = h('p', { class: 'print-only et-count' });
  const show = (upto) => {
    for (; shown < upto; shown++) body.append(row(shown));
    printNote.textContent = shown > PRINTED ? `Printed: the first ${PRINTED} of ${plural(total, 'window')}; event_time_processing.csv has every one.` : '';
    count.classList.toggle('no-print', shown > PRINTED);
    const file = 'event_time_processing.csv has every one';
    count.textContent =
      shown === total
        ? `${total === 1 ? 'The one window' : `All ${plural(total, 'window')}`}, by event time and ${by}:`
        : `The first ${fmt(shown)} of ${plural(total, 'window')}${shown === n ? ` (${file})` : ''}:`;
    more.hidden = shown === n;
    more.textContent = `Show ${n === total ? 'all' : 'the first'} ${plural(n, 'window')}`;
  };
  more.addEventListener('click', () => show(n));
  show(Math.min(n, FIRST));
  return h(
    'div',
    { class: 'card et-processing', testid: 'time-processing' },
    h('h3', {}, `Grouped ${r.queue ? 'by when processed (after the queue)' : 'by arrival'} instead: what processing-time windows get wrong`),
    h(
      'p',
      { class: 'verdict ' + (r.processingTimeWrong ? 'bad' : 'ok'), testid: 'time-processing-verdict' },
      r.processingTimeWrong
        ? `${fmt(r.processingTimeWrong)} of ${plural(total, 'window')} ${r.processingTimeWrong === 1 ? 'differs' : 'differ'} from the event-time truth; ${plural(r.processingTimeCountError, 'event')} counted in the wrong window in all${r.queueDropped ? `, and the ${plural(r.queueDropped, 'event')} the queue lost ${r.queueDropped === 1 ? 'is' : 'are'} in no window by when processed (the truth counts ${r.queueDropped === 1 ? 'it' : 'them'})` : ''}.`
        : total === 1
          ? 'The one window agrees: with no delay, processing time is event time.'
          : `All ${plural(total, 'window')} agree: with no delay, processing time is event time.`,
    ),
    count,
    printNote,
    h(
      'div',
      { class: 'table-scroll', tabindex: 0, role: 'region', 'aria-label': `Counts per window, by event time and ${by}` },
      h(
        'table',
        { class: 'report et-compare' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', {}, 'window'),
            h('th', { class: 'num' }, 'by event time (truth)'),
            h('th', { class: 'num' }, by),
            h('th', { class: 'num' }, 'error'),
            h('th', { class: 'hide-narrow' }, h('span', { class: 'visually-hidden' }, 'bars')),
          ),
        ),
        body,
      ),
    ),
    more,
    h(
      'p',
      { class: 'note' },
      r.queue
        ? 'The truth groups every event by when it happened, after all the late ones are in. Grouping by when processed puts an event held in the queue in the minute it came out: one window too many, the other too few.'
        : 'The truth groups every event by when it happened, after all the late ones are in. Grouping by arrival puts a straggler in the minute it arrived: one window too many, the other too few.',
    ),
  );
}

// queueChart draws a backpressure queue's depth over time (the engine's
// depth series) with its capacity; figures is a list of [label, value,
// testid] shown under it. The time axis runs to the end of processing
// (the engine's endMs: the last micro-batch done), the queue empty after
// its last take.
export function queueChart(chart, { title, testid, figures = [], start = 0 }) {
  const H = 180,
    R = 12,
    T = 22,
    B = 30;
  const n = chart.atMs.length;
  const last = n ? chart.atMs[n - 1] : 0;
  const tail = n && chart.endMs >= last ? { takeMs: last, doneMs: chart.endMs } : null;
  const t0 = n ? chart.atMs[0] : 0,
    t1 = Math.max(tail ? tail.doneMs : last, t0 + 1);
  const top = Math.max(chart.capacity, ...chart.depth, 1);
  const fmtT = (t) => (start === null ? fmtMs(t) : clock(t));
  const svg = s(
    'svg',
    { class: 'queue-chart', role: 'img', 'aria-labelledby': testid + '-title', 'data-t0': t0, 'data-t1': t1 },
    s(
      'title',
      { id: testid + '-title' },
      `${title}: capacity ${fmt(chart.capacity)}; ${figures.map(([l, v]) => `${v} ${l}`).join(', ')}${tail ? `; the last micro-batch done at ${fmtT(tail.doneMs)}` : ''}`,
    ),
  );
  const draw = (W) => {
    const L = Math.round(12 + textWidth(fmt(top)));
    const x = (t) => L + ((t - t0) / (t1 - t0)) * (W - L - R);
    const y = (v) => T + (1 - v / top) * (H - T - B);
    let d = '';
    for (let i = 0; i < n; i++) d += i ? ` H ${x(chart.atMs[i])} V ${y(chart.depth[i])}` : `M ${x(chart.atMs[i])} ${y(chart.depth[i])}`;
    if (n && tail) d += ` H ${x(tail.takeMs)} V ${y(0)} H ${x(tail.doneMs)}`; // empty while the last batches are worked on
    svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
    svg.querySelector('g.plot')?.remove();
    svg.append(
      s(
        'g',
        { class: 'plot' },
        s('line', { x1: L, x2: W - R, y1: y(chart.capacity), y2: y(chart.capacity), class: 'capacity' }),
        s('text', { x: W - R, y: y(chart.capacity) - 4, 'text-anchor': 'end', class: 'tick' }, `capacity ${fmt(chart.capacity)}`),
        s('line', { x1: L, x2: W - R, y1: y(0), y2: y(0), class: 'grid' }),
        s('text', { x: L - 6, y: y(0) + 4, 'text-anchor': 'end', class: 'tick' }, '0'),
        s('text', { x: L - 6, y: y(top) + 4, 'text-anchor': 'end', class: 'tick' }, fmt(top)),
        s('text', { x: L, y: H - 8, class: 'tick' }, fmtT(t0)),
        s('text', { x: W - R, y: H - 8, 'text-anchor': 'end', class: 'tick' }, tail ? `${fmtT(t1)} last batch done` : fmtT(t1)),
        s('path', { d: d || 'M 0 0', class: 'depth' }),
      ),
    );
  };
  fit(svg, draw);
  return h(
    'figure',
    { class: 'chart queue', testid },
    h('figcaption', {}, title),
    svg,
    h(
      'div',
      { class: 'queue-figures' },
      figures.map(([label, value, id]) => h('span', { class: 'qf' }, h('strong', { testid: id }, value), ' ', label)),
    ),
  );
}

// queueFigures lists a queue's figures as the engine gave them.
export function queueFigures(q, prefix) {
  return [
    // The figure stays in ms (the downloads' unit); past 10 s the label says it in larger units too.
    [
      `ms the producer was blocked (${q.blockedMs >= 10000 ? fmtMs(q.blockedMs) + '; ' : ''}found the queue full ${q.blocked === 1 ? 'once' : `${fmt(q.blocked)} times`}; ${plural(q.delayed, 'event')} entered it after arriving)`,
      fmt(q.blockedMs),
      prefix + '-blocked-ms',
    ],
    [`${q.dropped === 1 ? 'event' : 'events'} dropped by the queue`, fmt(q.dropped), prefix + '-queue-dropped'],
    ['deepest queue', fmt(q.maxDepth), prefix + '-max-depth'],
    [`${q.batches === 1 ? 'micro-batch' : 'micro-batches'} taken`, fmt(q.batches), prefix + '-queue-batches'],
  ];
}
