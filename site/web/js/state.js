// The page's state and its home, the URL hash. Every setting lives in the
// hash, under a short key, and only when it differs from the default, so a
// link restores a setup and stays short. Long rule text is compressed.
//
//   #p=etl&e.n=500&e.fp=0.1&e.r=z:<base64url deflate>&run=1&embed=1
//
// Keys: p (the open pattern: batch, stream, etl, compare, data), run=1 (run on open),
// embed=1 (compact view for iframes), show=<short keys> (the knobs an embed
// shows), theme=light|dark, and <pattern letter>.<setting>.

export const PATTERNS = ['batch', 'stream', 'etl', 'compare'];
// The patterns with a pipeline of their own (compare sends the same events through two).
export const PIPELINES = ['batch', 'stream', 'etl'];
const LETTER = { batch: 'b', stream: 's', etl: 'e', compare: 'c' };

// Short names of the engine's settings.
export const SHORT = {
  records: 'n', seed: 'seed', span: 'sp', interval: 'iv',
  bufferSize: 'bs', lingerMs: 'lg', intervalMs: 'ei', batchInterval: 'bi', jitterMs: 'j', outOfOrder: 'oo', lateMs: 'lt',
  rules: 'r', samples: 'sm',
  'faults.nullPrice': 'fp', 'faults.badQuantity': 'fq', 'faults.duplicates': 'fd', 'faults.messyText': 'fm',
  'faults.mixedDates': 'fx', 'faults.badDates': 'fb', 'faults.outliers': 'fo',
};
const LONG = Object.fromEntries(Object.entries(SHORT).map(([k, v]) => [v, k]));

// MAX_TEXT is the longest text a link may carry: the engine's limit for
// rule text (core.MaxRulesBytes).
export const MAX_TEXT = 64 * 1024;

const b64url = (bytes) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
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
    try { text = decodeURIComponent(value); } catch { throw new Error('its text is not properly percent-encoded: copy the link again'); }
    if (text.length > MAX_TEXT) throw new Error(`its text is longer than ${MAX_TEXT.toLocaleString('en-US')} characters, the limit for rules`);
    return text;
  }
  let bytes;
  try { bytes = unb64url(value.slice(2)); } catch { throw new Error('its compressed text is damaged (it is not base64url): copy the link again'); }
  const reader = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw')).getReader();
  const chunks = [];
  let size = 0;
  for (;;) {
    let step;
    try { step = await reader.read(); } catch { throw new Error('its compressed text is damaged (cut short or changed): copy the link again'); }
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

// encodeHash writes the state as a hash, leaving out default values.
export async function encodeHash(state, defaults) {
  const parts = [];
  if (state.pattern && state.pattern !== 'batch') parts.push('p=' + state.pattern);
  for (const p of PATTERNS) {
    const d = defaults[p];
    const s = state.settings[p];
    for (const key of Object.keys(d)) {
      if (s[key] === undefined || s[key] === d[key]) continue;
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
  if (ex && ex.id) parts.push('ex=' + encodeURIComponent(ex.id));
  else if (ex) {
    parts.push('q=' + await packText(ex.question));
    for (const [k, v] of [['qf', ex.figure], ['qv', ex.expected], ['qt', ex.tolerance], ['qx', ex.explain], ['qc', ex.choices && ex.choices.join('|')]]) {
      if (v !== undefined && v !== null && v !== '') parts.push(`${k}=${k === 'qx' ? await packText(String(v)) : encodeURIComponent(String(v))}`);
    }
  }
  return parts.length ? '#' + parts.join('&') : '';
}

// decodeHash reads a hash into a state over the defaults. Values keep the
// type of their default; what cannot be read is listed in problems.
export async function decodeHash(hash, defaults) {
  const state = { pattern: 'batch', run: false, embed: false, show: null, theme: '', settings: {}, problems: [], exercise: null };
  for (const p of PATTERNS) state.settings[p] = { ...defaults[p] };
  const text = (hash || '').replace(/^#/, '');
  if (!text) return state;
  for (const part of text.split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq);
    const raw = eq < 0 ? '' : part.slice(eq + 1);
    if (key === 'p') {
      if (PATTERNS.includes(raw) || raw === 'data') state.pattern = raw;
      else state.problems.push(`unknown pattern "${raw}" in the link`);
      continue;
    }
    if (key === 'run') { state.run = raw === '1'; continue; }
    if (key === 'embed') { state.embed = raw === '1'; continue; }
    if (key === 'show') {
      state.show = raw === '' ? [] : raw.split(',').map((k) => { try { return decodeURIComponent(k); } catch { return k; } });
      continue;
    }
    // An exercise: a built-in one by id (ex), or a teacher's own: question
    // (q), the figure that answers it (qf: a data-testid on the page), the
    // expected value (qv; by default the engine's figure), the tolerance
    // (qt: a number, or a percentage such as 5%), an explanation (qx) and,
    // for a choice, the choices (qc, separated by |).
    if (key === 'ex') { state.exercise = { id: decodeURIComponent(raw) }; continue; }
    if (['q', 'qf', 'qv', 'qt', 'qx', 'qc'].includes(key)) {
      state.exercise = state.exercise && !state.exercise.id ? state.exercise : {};
      try {
        const v = key === 'q' || key === 'qx' ? await unpackText(raw) : decodeURIComponent(raw);
        const field = { q: 'question', qf: 'figure', qv: 'expected', qt: 'tolerance', qx: 'explain', qc: 'choices' }[key];
        state.exercise[field] = key === 'qc' ? v.split('|') : v;
      } catch (err) {
        state.problems.push(`the exercise's "${key}" cannot be read (${err.message})`);
      }
      continue;
    }
    if (key === 'theme') {
      if (raw === 'light' || raw === 'dark') state.theme = raw;
      else state.problems.push(`unknown theme "${raw}" in the link: use light or dark`);
      continue;
    }
    const dot = key.indexOf('.');
    const pattern = PATTERNS.find((p) => LETTER[p] === key.slice(0, dot));
    const name = LONG[key.slice(dot + 1)] || key.slice(dot + 1);
    if (dot < 0 || !pattern || !(name in defaults[pattern])) {
      state.problems.push(`unknown setting "${key}" in the link`);
      continue;
    }
    try {
      const def = defaults[pattern][name];
      if (typeof def === 'string') state.settings[pattern][name] = await unpackText(raw);
      else {
        const n = Number(decodeURIComponent(raw));
        if (raw === '' || Number.isNaN(n)) throw new Error('not a number');
        state.settings[pattern][name] = n;
      }
    } catch (err) {
      state.problems.push(`setting "${key}" in the link cannot be read (${err.message})`);
    }
  }
  return state;
}

// storage wraps localStorage: in a third-party iframe it can throw.
export const storage = {
  get(key) {
    try { return window.localStorage.getItem(key); } catch { return null; }
  },
  set(key, value) {
    try { window.localStorage.setItem(key, value); } catch { /* storage is off here: nothing to keep */ }
  },
};
