// Drawing the Event time tab's result, and the Streaming tab's
// backpressure card.
import { h, clear, fmt, fmtMs } from './dom.js';
import { pipeline } from './diagram.js';
import { knobProblem } from './messages.js';
import { picture, plural, processingPanel, queueChart, queueFigures } from './eventtime.js';
import { engine, app } from './page.js';
import { SHORT } from './state.js';
import { showError, saveHash, markInvalid, setRunnable, QUEUE_REFUSED } from './form.js';
import { metric, saveCSV } from './outputs.js';

function windowText(st) {
  const per = st.keyBy ? ` per ${st.keyBy}` : ', global';
  if (st['window.kind'] === 'sliding') return `sliding ${fmtMs(st['window.sizeMs'])} every ${fmtMs(st['window.periodMs'])}${per}`;
  if (st['window.kind'] === 'session') return `sessions, gap ${fmtMs(st['window.gapMs'])}${per}`;
  return `tumbling ${fmtMs(st['window.sizeMs'])}${per}`;
}

// zeroNotes says, under a sliding window's period or a session's gap set
// to 0, the length the engine took for it (its run's settings: half the
// window size), so that the window size, which decides it, is seen to
// matter.
function zeroNotes(r) {
  const asked = app.state.settings.time;
  for (const [key, kind] of [
    ['window.periodMs', 'sliding'],
    ['window.gapMs', 'session'],
  ]) {
    const f = app.sections.time.form.querySelector(`.field[data-key="${key}"]`);
    if (!f) continue;
    let note = f.querySelector('.zero-note');
    if (!note) {
      note = h('p', { class: 'hint zero-note', testid: 'time-zero-' + key, hidden: true });
      f.querySelector('input').after(note);
    }
    const on = asked[key] === 0 && r.settings['window.kind'] === kind;
    note.textContent = on ? `0 = half the window size: ${fmtMs(r.settings[key])} in this run` : '';
    note.hidden = !on;
  }
}

export async function renderTime(s, r) {
  const st = r.settings;
  zeroNotes(r);
  const dropWord = st['trigger.deadLetter'] ? 'dead letter' : 'dropped';
  const nodes = [
    {
      id: 'time-source',
      title: 'Orders',
      count: fmt(r.events),
      detail: `one every ${fmtMs(st.intervalMs)}; ${r.maxDelayMs ? `up to ${fmtMs(r.maxDelayMs)} late` : 'no delay'}`,
      kind: 'source',
    },
  ];
  if (r.queue)
    nodes.push({
      id: 'time-queue',
      title: 'Bounded queue',
      count: plural(r.queueBatches, 'batch', 'batches'),
      detail: `capacity ${fmt(st['backpressure.capacity'])}, ${st['backpressure.policy'].replace('_', ' ')}`,
      kind: 'buffer',
    });
  nodes.push(
    { id: 'time-windows', title: 'Windows', count: plural(r.windows, 'window'), detail: windowText(st) },
    {
      id: 'time-watermark',
      title: 'Watermark',
      count: st['watermark.kind'] === 'perfect' ? 'perfect' : `${fmtMs(st['watermark.allowedDelayMs'])} behind`,
      detail: `lateness allowed: ${fmtMs(st['trigger.allowedLatenessMs'])}`,
      kind: 'quality',
    },
    {
      id: 'time-panes',
      title: 'Panes',
      count: fmt(r.panes),
      detail: `${fmt(r.earlyPanes)} early · ${fmt(r.onTimePanes)} on time · ${fmt(r.latePanes)} late`,
      kind: 'target',
    },
  );
  clear(s.diagram).append(
    pipeline(nodes, {
      reject: {
        id: 'time-drop',
        title: st['trigger.deadLetter'] ? 'Dead letter' : 'Dropped',
        count: fmt(r.droppedRows),
        detail: `later than the allowed lateness; event_time_${st['trigger.deadLetter'] ? 'dead_letter' : 'dropped'}.csv`,
        offset: 40,
      },
      testid: 'pipeline-time',
    }),
  );
  s.summary.append(
    metric('events', fmt(r.events), 'time-events'),
    metric('on time', fmt(r.onTime), 'time-on-time', 'arrived before the watermark passed their window'),
    metric('late but counted', fmt(r.late), 'time-late', 'within the allowed lateness: counted in a late pane'),
    metric(
      dropWord,
      fmt(r.dropped),
      'time-dropped',
      r.partlyDropped
        ? `${plural(r.partlyDropped, 'more event', 'more events')} dropped from some of ${r.partlyDropped === 1 ? 'its' : 'their'} windows`
        : 'later than the allowed lateness',
    ),
    metric('panes fired', fmt(r.panes), 'time-panes', `${fmt(r.earlyPanes)} early · ${fmt(r.onTimePanes)} on time · ${fmt(r.latePanes)} late`),
    metric(
      'complete on time',
      `${(Math.round(r.completeness * 1000) / 10).toFixed(1)} %`,
      'time-completeness',
      `of the events were in their window’s on-time pane; ${fmt(r.completeWindows)} of ${plural(r.windows, 'window')} complete`,
    ),
    metric(
      'result latency, p95',
      fmtMs(r.onTimeLatency.p95Ms),
      'time-latency',
      // p95 of a few panes is not the slowest (the index ⌊(n − 1) × 0.95⌋ of
      // the sorted latencies): the slowest is said beside it.
      `on-time pane after its window’s end: p50 ${fmtMs(r.onTimeLatency.p50Ms)}, slowest ${fmtMs(r.onTimeLatency.maxMs)}`,
    ),
    metric('windows corrected late', fmt(r.corrections), 'time-corrections', 'a late pane changed a result already given on time'),
  );
  if (r.queueDropped || r.queue)
    s.summary.append(metric('lost by the queue', fmt(r.queueDropped), 'time-queue-lost', `blocked ${fmtMs(r.blockedMs)}, deepest ${fmt(r.maxQueueDepth)}`));
  clear(app.timePicture);
  app.timeReplay.clear();
  if (r.picture) {
    const pic = picture(r);
    app.timePicture.append(pic.el);
    app.timeReplay.attach(pic);
    app.timeReplay.panes = r.paneList;
    app.timeReplay.deadLetter = !!r.settings['trigger.deadLetter'];
    app.timeReplay.el.hidden = false;
    try {
      const rep = await engine.replay({ pattern: 'time', limit: 20000 });
      app.timeReplay.load(rep);
      app.timeReplay.finish();
    } catch (err) {
      if (err.code !== 'cancelled') showError('time', null, 'Replay unavailable: ' + err.message);
    }
  } else {
    app.timeReplay.el.hidden = true;
    app.timePicture.append(
      h(
        'p',
        { class: 'hint card', testid: 'time-picture-none' },
        `${plural(r.events, 'event')} are too many to draw one by one (the picture shows up to 3,000): the tables below have every event and pane.`,
      ),
    );
  }
  s.charts.append(processingPanel(r));
  if (r.queue) {
    s.charts.append(
      queueChart(r.queue, {
        title: 'The queue in front of the consumer: events waiting over processing time',
        testid: 'time-queue-chart',
        figures: queueFigures(
          { blocked: r.blocked, delayed: r.delayed, blockedMs: r.blockedMs, dropped: r.queueDropped, maxDepth: r.maxQueueDepth, batches: r.queueBatches },
          'time',
        ),
      }),
    );
  }
}

// batchesNote says why the card's micro-batches are not the summary's:
// the queue's consumer (core's SimulateQueue) takes every waiting event,
// up to the buffer size, the moment it is free, and never waits for the
// linger; the stream's buffer (core's Batcher) flushes when it is full or
// when its oldest event has waited the linger, to no consumer.
function batchesNote(st, r, q) {
  const waits = [st.bufferSize ? plural(st.bufferSize, 'event') : '', st.lingerMs ? `the linger (${fmtMs(st.lingerMs)})` : ''].filter(Boolean).join(' or ');
  const mb = (n) => plural(n, 'micro-batch', 'micro-batches');
  return `The ${mb(q.batches)} taken ${q.batches === 1 ? 'is' : 'are'} the consumer’s: whenever it is free it takes every waiting event, up to ${fmt(st.bufferSize || 10)}, at once, without waiting for more or for the linger. The summary’s ${mb(r.batches)} ${r.batches === 1 ? 'is the buffer’s flush, which waits' : 'are the buffer’s flushes, which wait'} for ${waits}; so the two counts can differ.`;
}

// drawStreamQueue adds the Streaming tab's backpressure card: the
// stream's arrivals through a bounded queue in front of a slow consumer
// (the engine's queue method), with its own knobs.
export function drawStreamQueue(s, r) {
  const st = r.settings;
  // The knobs live in the stream's settings (the page's own: see
  // PAGE_SETTINGS), so that a link carries them: s.qc, s.qpb, s.qpe, s.qp.
  // (Read at each use: a link or a preset replaces the settings object.)
  const knob = (name) => app.state.settings.stream['backpressure.' + name];
  const setKnob = (name, v) => {
    app.state.settings.stream['backpressure.' + name] = v;
    saveHash();
    go();
  };
  const out = h('div', { class: 'queue-out' });
  // The ranges are the engine's (core.BackpressureConfig); a value out of
  // range is said, never changed behind the learner's back.
  const checks = []; // each number knob's check against its range, for go()
  const num = (key, label, unit, min, max) => {
    const id = 'stream-q-' + key;
    const c = { key, label, unit, type: 'int', min, max };
    const msg = h('div', { class: 'field-error', testid: 'stream-queue-error-' + key, hidden: true, role: 'alert' });
    // The field's text as a number (empty is no number).
    const typed = () => {
      const raw = input.value.trim();
      return raw === '' ? Number.NaN : Number(raw);
    };
    const input = h('input', {
      id,
      type: 'number',
      min,
      max,
      step: 1,
      value: knob(key),
      testid: 'stream-queue-' + key,
      onchange: () => {
        const v = typed();
        const problem = knobProblem(c, v);
        msg.textContent = problem;
        msg.hidden = !problem;
        input.closest('.field').classList.toggle('invalid', !!problem);
        markInvalid(input.closest('.field'), msg, !!problem);
        if (!problem) {
          // A run this card refused (see knobsOK) can go once it is fixed.
          const sec = app.sections.stream;
          if (!s.charts.querySelector('.stream-queue .field.invalid') && sec.error.textContent.startsWith(QUEUE_REFUSED)) {
            sec.error.hidden = true;
            setRunnable('stream', !sec.form.querySelector('.field.invalid'));
          }
          setKnob(key, v);
        }
      },
    });
    const f = h(
      'div',
      { class: 'field', dataset: { key: 'backpressure.' + key } },
      h('label', { for: id }, label, h('span', { class: 'unit' }, ` (${unit})`)),
      input,
      msg,
    );
    // A value from a link is checked as a typed one is, before the engine
    // sees it: the message names the knob and its range, at the knob. The
    // field's own text is what is checked: a value refused when typed
    // stays refused while another knob changes (the settings still hold
    // the last good one, which the learner no longer sees).
    checks.push(() => {
      const problem = knobProblem(c, typed());
      msg.textContent = problem;
      msg.hidden = !problem;
      f.classList.toggle('invalid', !!problem);
      markInvalid(f, msg, !!problem);
      return !problem;
    });
    return f;
  };
  const policy = h(
    'select',
    { id: 'stream-q-policy', testid: 'stream-queue-policy', onchange: () => setKnob('policy', policy.value) },
    [
      ['block', 'the producer blocks'],
      ['drop_oldest', 'drop the oldest'],
      ['drop_newest', 'drop the arriving event'],
    ].map(([v, l]) => h('option', { value: v, selected: v === knob('policy') }, l)),
  );
  let seq = 0; // the newest answer asked for: an older one never replaces it
  const go = async () => {
    const mine = ++seq;
    if (!checks.map((check) => check()).every(Boolean)) {
      clear(out).append(h('p', { class: 'field-error', role: 'alert', testid: 'stream-queue-error' }, 'Fix the setting marked above.'));
      return;
    }
    try {
      const args = {
        config: st,
        capacity: knob('capacity'),
        batchSize: st.bufferSize || 10,
        perBatchMs: knob('perBatchMs'),
        perEventMs: knob('perEventMs'),
        policy: knob('policy'),
      };
      const q = await engine.queue(args);
      if (mine !== seq) return;
      const w = q.wait;
      const fig = queueChart(q.chart, {
        title: `Queue depth while ${q.events === 1 ? '1 event arrives' : `${fmt(q.events)} events arrive`}`,
        testid: 'stream-queue-chart',
        start: null,
        figures: [
          ...queueFigures(q, 'stream'),
          ['ms from arrival to processed, median (the wait in the queue and the batch’s own time)', fmt(w.p50Ms), 'stream-queue-wait-p50'],
          ['ms from arrival to processed, 95th percentile', fmt(w.p95Ms), 'stream-queue-wait-p95'],
          ['ms from arrival to processed, at most', fmt(w.maxMs), 'stream-queue-wait-max'],
        ],
      });
      clear(out).append(
        fig,
        h('p', { class: 'note', testid: 'stream-queue-batches-note' }, batchesNote(st, r, q)),
        h(
          'p',
          { class: 'downloads' },
          q.tables.map((info) =>
            h(
              'button',
              { type: 'button', class: 'secondary', testid: 'download-' + info.name, onclick: () => saveCSV('stream', info, false) },
              `Download ${info.name === 'stream_queue_dropped' ? `the ${plural(info.rows, 'lost event')}` : 'the queue depth'} (${info.file})`,
            ),
          ),
        ),
      );
    } catch (err) {
      if (mine === seq && err.code !== 'cancelled')
        clear(out).append(h('p', { class: 'field-error', role: 'alert', testid: 'stream-queue-error' }, err.message));
    }
  };
  s.charts.append(
    h(
      'section',
      { class: 'card stream-queue', testid: 'stream-queue', 'aria-label': 'Backpressure' },
      h('h3', {}, 'Backpressure: when the consumer cannot keep up'),
      h(
        'p',
        { class: 'hint' },
        `The consumer takes up to ${fmt(st.bufferSize || 10)} waiting events at a time (the buffer size) and needs time per batch and per event; the queue between holds a limited number. Full queue: the producer waits, or events are lost.`,
      ),
      h(
        'div',
        { class: 'fields queue-knobs' },
        num('capacity', 'Queue capacity', 'events', 1, 1000000),
        num('perBatchMs', 'Time per batch', 'ms', 0, 3600000),
        num('perEventMs', 'Time per event', 'ms', 0, 60000),
        h('div', { class: 'field', dataset: { key: 'backpressure.policy' } }, h('label', { for: 'stream-q-policy' }, 'When full'), policy),
      ),
      h(
        'p',
        { class: 'real' },
        h('span', { class: 'real-tag' }, 'In real systems'),
        ' Kafka’s producer buffers up to buffer.memory bytes and blocks send() up to max.block.ms when it is full; Flink slows its sources through credit-based flow control; Reactor and RxJava choose onBackpressureBuffer, Drop or Latest.',
      ),
      out,
    ),
  );
  // An embed's show= (s.qc, s.qp, …) keeps the card's knobs it names.
  const show = app.state.embed && app.state.pattern === 'stream' ? app.state.show : null;
  if (show) for (const f of s.charts.querySelectorAll('.stream-queue .field[data-key]')) f.hidden = !show.includes(SHORT[f.dataset.key]);
  go();
}
