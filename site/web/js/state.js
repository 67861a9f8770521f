// The page's state and its home, the URL hash. Every setting lives in the
// hash, under a short key, and only when it differs from the default, so a
// link restores a setup and stays short. Long rule text is compressed.
//
//   #p=etl&e.n=500&e.fp=0.1&e.r=z:<base64url deflate>&run=1&embed=1
//
// Keys: p (the open pattern: batch, stream, etl, compare, time, data), run=1 (run on open),
// embed=1 (compact view for iframes), show=<short keys> (the knobs an embed
// shows), theme=light|dark, and <pattern letter>.<setting>.
import { controlsOf } from './content.js';

export const PATTERNS = ['batch', 'stream', 'etl', 'compare', 'time'];
// The patterns with a pipeline of their own (compare sends the same events
// through two): each has an export panel, and a learning platform hears
// the lesson is completed once the learner has run each of them.
export const PIPELINES = ['batch', 'stream', 'etl', 'time'];

// PAGE_SETTINGS are settings the page keeps beside a pattern's engine
// settings: in the link like the others (s.qc=20), never sent in the
// pattern's config (the engine would refuse a key it does not know). The
// Streaming tab's backpressure card sends them to the engine's queue
// method; its batch size is the stream's buffer size.
export const PAGE_SETTINGS = {
  stream: { 'backpressure.capacity': 10, 'backpressure.perBatchMs': 50, 'backpressure.perEventMs': 150, 'backpressure.policy': 'block' },
};

// engineConfig is a pattern's settings as the engine takes them: without
// the page's own (PAGE_SETTINGS).
export function engineConfig(pattern, settings) {
  const own = PAGE_SETTINGS[pattern];
  if (!own) return settings;
  const out = { ...settings };
  for (const key of Object.keys(own)) delete out[key];
  return out;
}
const LETTER = { batch: 'b', stream: 's', etl: 'e', compare: 'c', time: 't' };

// Short names of the engine's settings.
export const SHORT = {
  records: 'n',
  seed: 'seed',
  span: 'sp',
  interval: 'iv',
  bufferSize: 'bs',
  lingerMs: 'lg',
  intervalMs: 'ei',
  batchInterval: 'bi',
  jitterMs: 'j',
  outOfOrder: 'oo',
  lateMs: 'lt',
  rules: 'r',
  samples: 'sm',
  'faults.nullPrice': 'fp',
  'faults.badQuantity': 'fq',
  'faults.duplicates': 'fd',
  'faults.messyText': 'fm',
  'faults.mixedDates': 'fx',
  'faults.badDates': 'fb',
  'faults.outliers': 'fo',
  // Event time (t.): core's field names, shortened.
  'delay.typicalMs': 'dt',
  'delay.stragglerShare': 'ds',
  'delay.stragglerMs': 'dsm',
  'delay.offlineShare': 'do',
  'delay.offlineMs': 'dom',
  'delay.burstShare': 'db',
  'delay.burstSize': 'dbs',
  'window.kind': 'wk',
  'window.sizeMs': 'ws',
  'window.periodMs': 'wp',
  'window.gapMs': 'wg',
  keyBy: 'key',
  'watermark.kind': 'wmk',
  'watermark.allowedDelayMs': 'wd',
  'watermark.idleMs': 'wi',
  'trigger.earlyEveryEvents': 'ee',
  'trigger.earlyEveryMs': 'et',
  'trigger.lateEveryMs': 'le',
  'trigger.allowedLatenessMs': 'al',
  'trigger.accumulate': 'acc',
  'trigger.deadLetter': 'dl',
  'backpressure.capacity': 'qc',
  'backpressure.batchSize': 'qb',
  'backpressure.perBatchMs': 'qpb',
  'backpressure.perEventMs': 'qpe',
  'backpressure.policy': 'qp',
};
const LONG = Object.fromEntries(Object.entries(SHORT).map(([k, v]) => [v, k]));

// MAX_TEXT is the longest text a link may carry: the engine's limit for
// rule text (quality.MaxBytes in core/quality).
export const MAX_TEXT = 64 * 1024;

// CUT_SHORT says why a part of a link cannot be percent-decoded.
const CUT_SHORT = 'its text is not properly percent-encoded: the link may have been cut short, copy it again';

const b64url = (bytes) =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
const unb64url = (s) => Uint8Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));

async function pipe(bytes, stream) {
  const out = new Blob([bytes]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(out).arrayBuffer());
}

// packText returns the shorter of the plain text and its compressed form.
export async function packText(text) {
  const plain = encodeURIComponent(text);
  if (plain.length < 60 || typeof CompressionStream === 'undefined') return plain;
  const packed = 'z:' + b64url(await pipe(new TextEncoder().encode(text), new CompressionStream('deflate-raw')));
  return packed.length < plain.length ? packed : plain;
}

// unpackText reads a text setting of a link: plain (percent-encoded) or
// compressed ("z:" + base64url of raw deflate). It stops inflating at
// MAX_TEXT bytes, so a small link cannot unpack into megabytes, and its
// errors say what is wrong with the link.
export async function unpackText(value) {
  if (!value.startsWith('z:')) {
    let text;
    try {
      text = decodeURIComponent(value);
    } catch {
      throw new Error(CUT_SHORT);
    }
    if (text.length > MAX_TEXT) throw new Error(`its text is longer than ${MAX_TEXT.toLocaleString('en-US')} characters, the limit for rules`);
    return text;
  }
  let bytes;
  try {
    bytes = unb64url(value.slice(2));
  } catch {
    throw new Error('its compressed text is damaged (it is not base64url): copy the link again');
  }
  const reader = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw')).getReader();
  const chunks = [];
  let size = 0;
  for (;;) {
    let step;
    try {
      step = await reader.read();
    } catch {
      throw new Error('its compressed text is damaged (cut short or changed): copy the link again');
    }
    if (step.done) break;
    size += step.value.length;
    if (size > MAX_TEXT) {
      reader.cancel().catch(() => {});
      throw new Error(`its compressed text unpacks to more than ${MAX_TEXT.toLocaleString('en-US')} bytes, the limit for rules`);
    }
    chunks.push(step.value);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(await new Blob(chunks).arrayBuffer());
  } catch {
    throw new Error('its compressed text is not UTF-8 text: copy the link again');
  }
}

// encodeHash writes the state as a hash, leaving out default values. It
// never writes a value it does not have: a teacher's exercise without a
// question (one whose q could not be read) is left out, not written as
// q=undefined.
export async function encodeHash(state, defaults) {
  const parts = [];
  if (state.pattern && state.pattern !== 'batch') parts.push('p=' + state.pattern);
  for (const p of PATTERNS) {
    const d = defaults[p];
    const s = state.settings[p];
    for (const key of Object.keys(d)) {
      if (s[key] === undefined || s[key] === null || s[key] === d[key]) continue;
      const short = SHORT[key] || key;
      const value = typeof s[key] === 'string' ? await packText(s[key]) : encodeURIComponent(String(s[key]));
      parts.push(`${LETTER[p]}.${short}=${value}`);
    }
  }
  if (state.run) parts.push('run=1');
  if (state.embed) parts.push('embed=1');
  if (state.show) parts.push('show=' + state.show.map(encodeURIComponent).join(','));
  if (state.theme) parts.push('theme=' + state.theme);
  const ex = state.exercise;
  if (ex && typeof ex.id === 'string' && ex.id) parts.push('ex=' + encodeURIComponent(ex.id));
  else if (ex && !ex.id && typeof ex.question === 'string' && ex.question) {
    parts.push('q=' + (await packText(ex.question)));
    for (const [k, v] of [
      ['qf', ex.figure],
      ['qv', ex.expected],
      ['qt', ex.tolerance],
      ['qx', ex.explain],
      ['qc', Array.isArray(ex.choices) ? ex.choices.join('|') : undefined],
    ]) {
      if (v !== undefined && v !== null && v !== '') parts.push(`${k}=${k === 'qx' ? await packText(String(v)) : encodeURIComponent(String(v))}`);
    }
  }
  return parts.length ? '#' + parts.join('&') : '';
}

// quote writes a piece of a link into a message: at most 40 characters of
// it (a damaged link can be megabytes long).
const quote = (text) => {
  const t = String(text);
  return '"' + (t.length > 40 ? t.slice(0, 40) + '…' : t) + '"';
};

// decodePart percent-decodes one part of a link; null if it is damaged
// (a link cut short in the middle of a character, a lone %, %ZZ).
function decodePart(raw) {
  try {
    return decodeURIComponent(raw);
  } catch {
    return null;
  }
}

// The keys of a teacher's exercise, and the field each one fills.
const EXERCISE_KEYS = { q: 'question', qf: 'figure', qv: 'expected', qt: 'tolerance', qx: 'explain', qc: 'choices' };

// toleranceProblem says what is wrong with a tolerance (qt), or '' if it is
// usable: a number of 0 or more, or a percentage such as 10%.
export function toleranceProblem(tolerance) {
  const t = String(tolerance ?? '').trim();
  if (t === '') return '';
  const n = t.endsWith('%') ? t.slice(0, -1).trim() : t;
  if (n !== '' && Number.isFinite(Number(n)) && Number(n) >= 0) return '';
  return `the exercise's "qt" is ${quote(t)}: use a number of 0 or more (such as 0 or 25) or a percentage (such as 10%)`;
}

// expectedProblem says what is wrong with an expected value (qv), or '' if
// it is usable: a finite number, or with choices (qc) one of them.
export function expectedProblem(expected, choices) {
  const v = String(expected ?? '');
  if (v === '') return '';
  if (Array.isArray(choices)) {
    return choices.includes(v) ? '' : `the exercise's "qv" is ${quote(v)}, which is not one of its choices (qc): use one of them exactly`;
  }
  return v.trim() !== '' && Number.isFinite(Number(v))
    ? ''
    : `the exercise's "qv" is ${quote(v)}: use a finite number (such as 10 or 2.5), or with choices (qc) one of them`;
}

// decodeHash reads a hash into a state over the defaults. Values keep the
// type of their default; what cannot be read is listed in problems and
// left out, and the rest of the link still applies: no part of a link,
// however damaged, makes it throw.
export async function decodeHash(hash, defaults) {
  const state = { pattern: 'batch', run: false, embed: false, show: null, theme: '', settings: {}, problems: [], exercise: null };
  for (const p of PATTERNS) state.settings[p] = { ...defaults[p] };
  const text = String(hash || '').replace(/^#/, '');
  if (!text) return state;
  let exerciseBroken = false;
  for (const part of text.split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq);
    const raw = eq < 0 ? '' : part.slice(eq + 1);
    try {
      exerciseBroken = (await readPart(state, defaults, key, raw)) || exerciseBroken;
    } catch (err) {
      state.problems.push(`${quote(key)} in the link cannot be read (${err?.message ? err.message : err})`);
    }
  }
  // A teacher's exercise with a part that cannot be read, or a number it
  // cannot check against, is left out: a learner is never marked against
  // a value the teacher did not give.
  const ex = state.exercise;
  if (ex && ex.id === undefined) {
    const numbers = [toleranceProblem(ex.tolerance), expectedProblem(ex.expected, ex.choices)].filter(Boolean);
    state.problems.push(...numbers);
    if (exerciseBroken || numbers.length) {
      state.exercise = null;
      state.problems.push('so the exercise is left out');
    }
  }
  return state;
}

// readPart reads one key=raw of a link into state; it returns true if the
// part belongs to a teacher's exercise and could not be read.
async function readPart(state, defaults, key, raw) {
  const value = (what) => {
    const v = decodePart(raw);
    if (v === null) state.problems.push(`${what} cannot be read (${CUT_SHORT})`);
    return v;
  };
  if (key === 'p') {
    const v = value('"p" in the link');
    if (v === null) return false;
    if (PATTERNS.includes(v) || v === 'data') state.pattern = v;
    else state.problems.push(`unknown pattern ${quote(v)} in the link: use batch, stream, etl, compare, time or data`);
    return false;
  }
  if (key === 'run' || key === 'embed') {
    const v = value(`"${key}" in the link`);
    if (v === null) return false;
    if (v !== '1' && v !== '0' && v !== '') state.problems.push(`"${key}" in the link is ${quote(v)}: use ${key}=1`);
    state[key] = v === '1';
    return false;
  }
  if (key === 'show') {
    const v = value('"show" in the link');
    if (v === null) return false;
    const known = new Set(Object.values(SHORT));
    const keys = v === '' ? [] : v.split(',');
    const unknown = keys.filter((k) => !known.has(k));
    if (unknown.length)
      state.problems.push(
        `unknown setting${unknown.length > 1 ? 's' : ''} ${unknown.slice(0, 3).map(quote).join(', ')}${unknown.length > 3 ? '…' : ''} in "show"`,
      );
    state.show = [...new Set(keys.filter((k) => known.has(k)))];
    return false;
  }
  if (key === 'theme') {
    const v = value('"theme" in the link');
    if (v === null) return false;
    if (v === 'light' || v === 'dark') state.theme = v;
    else state.problems.push(`unknown theme ${quote(v)} in the link: use light or dark`);
    return false;
  }
  // An exercise: a built-in one by id (ex), or a teacher's own: question
  // (q), the figure that answers it (qf: a data-testid on the page), the
  // expected value (qv; by default the engine's figure), the tolerance
  // (qt: a number, or a percentage such as 5%), an explanation (qx) and,
  // for a choice, the choices (qc, separated by |).
  if (key === 'ex') {
    const v = value('the exercise "ex"');
    if (v === null) return false;
    if (v === '') state.problems.push('the exercise "ex" in the link is empty: give an exercise\'s id, such as ex=daily-wait');
    else state.exercise = { id: v };
    return false;
  }
  if (Object.hasOwn(EXERCISE_KEYS, key)) {
    state.exercise = state.exercise && state.exercise.id === undefined ? state.exercise : {};
    try {
      const v = key === 'q' || key === 'qx' ? await unpackText(raw) : decodePart(raw);
      if (v === null) throw new Error(CUT_SHORT);
      state.exercise[EXERCISE_KEYS[key]] = key === 'qc' ? v.split('|') : v;
    } catch (err) {
      state.problems.push(`the exercise's "${key}" cannot be read (${err.message})`);
      return key !== 'qx'; // without its explanation, an exercise still works
    }
    return false;
  }
  const dot = key.indexOf('.');
  const pattern = PATTERNS.find((p) => LETTER[p] === key.slice(0, dot));
  const short = key.slice(dot + 1);
  const name = Object.hasOwn(LONG, short) ? LONG[short] : short;
  if (dot < 0 || !pattern || !Object.hasOwn(defaults[pattern], name)) {
    state.problems.push(`unknown setting ${quote(key)} in the link`);
    return false;
  }
  try {
    const def = defaults[pattern][name];
    if (typeof def === 'string') {
      const v = await unpackText(raw);
      // A choice (window kind, queue policy) is one of its options, or
      // left out like any value that cannot be read. (The Streaming tab's queue policy is the Event time tab's.)
      const options = [...controlsOf(pattern), ...controlsOf('time')].find((c) => c.key === name && c.type === 'choice')?.options;
      if (options && !options.some((o) => o[0] === v)) {
        const names = options.map(([o, label]) => (o === '' ? `nothing (${label})` : o));
        throw new Error(`${quote(v)} is not one of ${names.slice(0, -1).join(', ')} or ${names.at(-1)}`);
      }
      state.settings[pattern][name] = v;
    } else if (typeof def === 'boolean') {
      const v = decodePart(raw);
      if (v === null) throw new Error(CUT_SHORT);
      if (v !== 'true' && v !== 'false') throw new Error(`${quote(v)} is not true or false`);
      state.settings[pattern][name] = v === 'true';
    } else {
      const v = decodePart(raw);
      if (v === null) throw new Error(CUT_SHORT);
      const n = Number(v);
      // A decimal number only: Number() also takes 0x10, 0b1 and 0o7.
      if (!/^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(v) && !/^\s*[-+]?Infinity\s*$/.test(v)) throw new Error(`${quote(v)} is not a number`);
      if (v.trim() === '' || Number.isNaN(n)) throw new Error(`${quote(v)} is not a number`);
      if (!Number.isFinite(n)) throw new Error(`${quote(v)} is not a finite number`);
      state.settings[pattern][name] = n;
    }
  } catch (err) {
    state.problems.push(`setting "${key}" in the link cannot be read (${err.message})`);
  }
  return false;
}

// storage wraps localStorage: in a third-party iframe it can throw.
export const storage = {
  get(key) {
    try {
      return window.localStorage.getItem(key);
    } catch {
      return null;
    }
  },
  set(key, value) {
    try {
      window.localStorage.setItem(key, value);
    } catch {
      /* storage is off here: nothing to keep */
    }
  },
};
