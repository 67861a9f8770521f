// The streaming replay: the engine's step list (arrivals and flushes on its
// virtual clock) played back at a chosen speed. Events drop into the buffer,
// the oldest one's wait fills the linger bar, and each flush empties the
// buffer into the list of micro-batches, labelled with its trigger.
import { h, clear, fmt, fmtMs } from './dom.js';

const SPEEDS = [
  [0.25, '¼×'],
  [1, '1× (real time)'],
  [4, '4×'],
  [16, '16×'],
  [100, '100×'],
];
const SLOTS_MAX = 40;

export class Replay {
  constructor() {
    this.data = null;
    this.speed = 1;
    this.playing = false;
    this.raf = 0;
    this.playBtn = h('button', { type: 'button', class: 'secondary', testid: 'replay-play', onclick: () => this.toggle() }, 'Play');
    this.restartBtn = h(
      'button',
      {
        type: 'button',
        class: 'secondary',
        onclick: () => {
          this.reset();
          this.play();
        },
      },
      'Restart',
    );
    this.stepBtn = h(
      'button',
      { type: 'button', class: 'secondary', testid: 'replay-step', title: 'Pause and go to the next arrival or flush', onclick: () => this.step() },
      'Step ›',
    );
    this.pending = false; // play when the tab is shown
    this.speedSel = h(
      'select',
      {
        'aria-label': 'Replay speed',
        onchange: (e) => {
          this.speed = Number(e.target.value);
        },
      },
      SPEEDS.map(([v, l]) => h('option', { value: v, selected: v === 1 }, l)),
    );
    this.clock = h('span', { class: 'clock', testid: 'replay-clock' }, 't = 0 ms');
    this.slots = h('div', { class: 'slots', testid: 'replay-buffer', dataset: { count: 0 } });
    this.lingerBar = h('span', { class: 'linger-fill' });
    this.lingerText = h('span', { class: 'linger-text' }, '');
    this.flushes = h('ol', { class: 'flushes', testid: 'replay-flushes', tabindex: 0, 'aria-label': 'Micro-batches, newest first' });
    this.counter = h('p', { class: 'replay-counter', testid: 'replay-counter' }, '');
    this.note = h('p', { class: 'note' });
    this.el = h(
      'section',
      { class: 'replay card', 'aria-label': 'Stream replay' },
      h('h3', {}, 'Replay: watch the buffer'),
      h('div', { class: 'replay-controls' }, this.playBtn, this.stepBtn, this.restartBtn, h('label', {}, 'Speed ', this.speedSel), this.clock),
      h('div', { class: 'buffer-box' }, h('div', { class: 'buffer-label' }, 'Buffer'), this.slots),
      h(
        'div',
        { class: 'linger' },
        h('span', { class: 'linger-label' }, 'Oldest event waited'),
        h('span', { class: 'linger-track' }, this.lingerBar),
        this.lingerText,
      ),
      this.counter,
      h('div', { class: 'flush-head' }, 'Micro-batches, newest first'),
      this.flushes,
      this.note,
    );
  }

  load(data) {
    this.stop();
    this.data = data;
    this.note.textContent = data.complete ? '' : `Showing the first ${fmt(data.kind.length)} steps of the stream; the tables below have all of it.`;
    this.reset();
  }

  reset() {
    this.stop();
    this.pending = false;
    this.i = 0;
    this.vt = 0;
    this.buffer = [];
    this.oldest = null;
    this.arrived = 0;
    this.batches = 0;
    clear(this.flushes);
    this.draw();
  }

  // clear forgets the stream: its engine is gone.
  clear() {
    this.data = null;
    this.note.textContent = '';
    this.reset();
    clear(this.slots);
    this.counter.textContent = '';
    this.clock.textContent = 't = 0 ms';
  }

  toggle() {
    if (this.playing) this.stop();
    else this.play();
  }

  // autoplay plays the replay now if its tab is shown, or when it is.
  autoplay(shown) {
    this.pending = !shown;
    if (shown) this.play();
  }

  // shown and hidden follow the tab: a replay does not run unseen; one
  // that was playing (or waiting to) goes on when the tab comes back.
  shown() {
    if (this.pending) {
      this.pending = false;
      this.play();
    }
  }

  hidden() {
    if (this.playing) {
      this.stop();
      this.pending = true;
    }
  }

  // step pauses and applies the next step (an arrival or a flush).
  step() {
    if (!this.data) return;
    this.stop();
    this.pending = false;
    if (this.i >= this.data.kind.length) this.reset();
    this.vt = this.data.timeMs[this.i];
    this.advance(this.vt);
  }

  play() {
    if (!this.data) return;
    if (this.i >= this.data.kind.length) this.reset();
    this.playing = true;
    this.playBtn.textContent = 'Pause';
    let last = performance.now();
    const tick = (now) => {
      if (!this.playing) return;
      this.vt += (now - last) * this.speed;
      last = now;
      this.advance(this.vt);
      if (this.i >= this.data.kind.length) {
        this.stop();
        this.draw();
        return;
      }
      this.raf = requestAnimationFrame(tick);
    };
    this.raf = requestAnimationFrame(tick);
  }

  stop() {
    this.playing = false;
    cancelAnimationFrame(this.raf);
    this.playBtn.textContent = 'Play';
  }

  // finish applies every step at once.
  finish() {
    if (!this.data) return;
    this.advance(Infinity);
    this.vt = this.data.timeMs.length ? this.data.timeMs[this.data.timeMs.length - 1] : 0;
    this.draw();
  }

  advance(until) {
    const d = this.data;
    const flushed = [];
    while (this.i < d.kind.length && d.timeMs[this.i] <= until) {
      const i = this.i++;
      if (d.kind[i] === 'arrive') {
        if (this.buffer.length === 0) this.oldest = d.timeMs[i];
        this.buffer.push(d.event[i]);
        this.arrived++;
      } else {
        this.batches++;
        flushed.push({ batch: d.batch[i], trigger: d.trigger[i], size: d.size[i], at: d.timeMs[i], events: this.buffer.slice() });
        this.buffer = [];
        this.oldest = null;
      }
    }
    for (const f of flushed) {
      this.flushes.prepend(
        h(
          'li',
          { class: 'flush ' + f.trigger, dataset: { trigger: f.trigger } },
          h('span', { class: 'badge ' + f.trigger }, f.trigger === 'end' ? 'end of stream' : f.trigger),
          ` #${f.batch}: ${fmt(f.size)} event${f.size === 1 ? '' : 's'} at ${fmtMs(f.at)}`,
        ),
      );
      while (this.flushes.children.length > 12) this.flushes.lastChild.remove();
    }
    this.draw();
  }

  draw() {
    const d = this.data;
    if (!d) return;
    const size = d.bufferSize;
    this.clock.textContent = `t = ${fmtMs(Math.min(this.vt, d.timeMs.length ? d.timeMs[d.timeMs.length - 1] : 0))}`;
    clear(this.slots);
    this.slots.dataset.count = this.buffer.length;
    const shown = size > 0 && size <= SLOTS_MAX ? size : Math.min(Math.max(this.buffer.length, 1), SLOTS_MAX);
    for (let k = 0; k < shown; k++) {
      const full = k < this.buffer.length;
      this.slots.append(
        h('span', { class: 'slot' + (full ? ' full' : ''), title: full ? `event ${this.buffer[k] + 1}` : 'empty' }, full ? String(this.buffer[k] + 1) : ''),
      );
    }
    if (this.buffer.length > shown) this.slots.append(h('span', { class: 'more' }, `+${fmt(this.buffer.length - shown)}`));
    const waited = this.oldest === null ? 0 : Math.max(0, this.vt - this.oldest);
    if (d.lingerMs > 0) {
      this.lingerBar.style.width = `${Math.min(100, (waited / d.lingerMs) * 100)}%`;
      this.lingerText.textContent = `${fmtMs(Math.min(waited, d.lingerMs))} of ${fmtMs(d.lingerMs)}`;
    } else {
      this.lingerBar.style.width = '0%';
      this.lingerText.textContent = 'time trigger off';
    }
    this.counter.textContent = `${fmt(this.arrived)} events arrived · ${fmt(this.batches)} micro-batches flushed · ${fmt(this.buffer.length)} waiting`;
  }
}
