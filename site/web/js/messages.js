// Messages in the learner's terms. The engine names a setting by its
// config key and durations in milliseconds ("window.periodMs must be
// between 1,000 ms and …"); the page says what its form says: the knob's
// label and the unit the knob is set in.

import { formatNumber } from './dom.js';

// As Intl.NumberFormat('en-US', {maximumFractionDigits: 6}) writes numbers (see dom.js).
const nf = { format: (x) => formatNumber(x, 6) };

// knobName is what a message calls knob c: its name, or its label without
// a leading ellipsis and a trailing remark in brackets.
export function knobName(c) {
  if (c.name) return c.name;
  return c.label.replace(/^…\s*/, '').replace(/\s*\([^)]*\)$/, '');
}

// inUnit writes v, a value in the engine's unit, in knob c's unit: 90000
// for a knob in s reads "90 s", 0.25 for a knob in % reads "25 %".
export function inUnit(c, v) {
  const n = nf.format(v * (c.scale || 1));
  return c.unit ? `${n} ${c.unit}` : n;
}

// exactDuration writes ms in the largest unit that holds it whole:
// 3,600,000 ms is "1 h", 90,000 ms "90 s", 1,500 ms "1.5 s".
export function exactDuration(ms) {
  for (const [size, unit] of [
    [86400000, 'days'],
    [3600000, 'h'],
    [60000, 'min'],
  ]) {
    if (ms !== 0 && ms % size === 0) return `${nf.format(ms / size)} ${ms / size === 1 && unit === 'days' ? 'day' : unit}`;
  }
  if (Math.abs(ms) >= 1000) return `${nf.format(ms / 1000)} s`;
  return `${nf.format(ms)} ms`;
}

// num writes a figure as a message shows it: with separators, and a
// huge one (a typed 1e300) in exponent form rather than 301 digits.
const num = (x) => (Math.abs(x) >= 1e16 ? x.toPrecision(4) : nf.format(x));

// knobProblem checks value v (in the engine's unit) against knob c's
// range, as the form shows it, and says what is wrong, or returns ''.
// typed is the field's text, when there is one: the message repeats what
// the learner typed, not the number it became.
export function knobProblem(c, v, typed) {
  if (c.type === 'choice' || c.type === 'bool' || c.type === 'select') return '';
  const name = knobName(c);
  const shown = v * (c.scale || 1);
  const unit = c.unit ? ' ' + c.unit : '';
  // (A whole number past 15 digits is echoed as typed: as a number it
  // would have become another, 9007199254740993 → …992.)
  const entered = typed && /^[-+]?\d{16,}$/.test(typed.trim()) ? typed.trim() : num(shown);
  // A knob with a least value takes 0 (its zero: off, half the size…) or
  // a value from least up: an idle advance of 0.05 s is neither.
  const range = c.least ? `0 (${c.zero}) or from ${nf.format(c.least)} to ${nf.format(c.max)}` : `from ${nf.format(c.min)} to ${nf.format(c.max)}`;
  if (typeof v !== 'number' || !Number.isFinite(v)) return `${name}: enter a number ${range}${unit}.`;
  if (c.type === 'int' && !c.scale && !Number.isInteger(v)) return `${name}: enter a whole number${c.unit ? ` of ${c.unit}` : ''} (you entered ${entered}).`;
  // Compare in the form's unit, allowing for the rounding of a scale
  // (relative to the value); an unscaled number is compared exactly (a
  // seed one past the largest is refused).
  const eps = c.scale ? 1e-9 * Math.max(1, Math.abs(shown)) : 0;
  if (shown < c.min - eps || shown > c.max + eps || (c.least && shown !== 0 && shown < c.least - eps)) {
    // "1 event", not "1 events".
    const one = shown === 1 && /^[a-z]+s$/.test(c.unit || '') ? ' ' + c.unit.slice(0, -1) : unit;
    return `${name} must be ${range}${unit}; you entered ${entered}${one}.`;
  }
  // A duration in s, min or h is kept in whole milliseconds: 0.0001 s
  // would round to 0 (an idle advance silently off).
  if (c.type === 'int' && c.scale && Math.abs(v - Math.round(v)) > 1e-6)
    return `${name}: times are kept in whole milliseconds, and ${entered}${unit} is ${nf.format(v)} ms.`;
  return '';
}

// learnerMessage rewrites an engine error about field (a config key) in
// the terms of knobs, the tab's controls: the field's name first, other
// keys it mentions by their names, durations in the field's unit (or in
// the largest whole unit) and fractions of percent knobs in percent.
export function learnerMessage(knobs, field, message) {
  const own = knobs.find((c) => c.key === field);
  let msg = message;
  if (field && msg.startsWith(field + ' ')) msg = msg.slice(field.length + 1);
  // Keys named in the text, longest first, by their full key or last part.
  const names = [];
  for (const c of knobs) {
    names.push([c.key, c]);
    const last = c.key.split('.').pop();
    if (last !== c.key && !knobs.some((o) => o !== c && o.key.split('.').pop() === last)) names.push([last, c]);
  }
  names.sort((a, b) => b[0].length - a[0].length);
  for (const [key, c] of names) {
    if (!/[A-Z.]/.test(key)) continue; // a plain word ("records") is the text's own
    msg = msg.replace(new RegExp(`(^|[^\\w.])${key.replace(/\./g, '\\.')}(?![\\w.])`, 'g'), `$1“${knobName(c)}”`);
  }
  // Durations: "1,000 ms" in the field's own unit when it has one, else
  // in the largest whole unit.
  const timeUnit = own?.unit && own.scale && /^(s|min|h)$/.test(own.unit);
  msg = msg.replace(/(-?\d[\d,]*(?:\.\d+)?) ms\b/g, (_, num) => {
    const ms = Number(num.replace(/,/g, ''));
    return timeUnit ? inUnit(own, ms) : exactDuration(ms);
  });
  // "3,600 s (one hour)": the unit says it; "(0 for off)" and the like stay.
  msg = msg.replace(/ \((?:one|a|30) (?:second|minute|hour|day|week|days)\)/g, '');
  if (own && own.unit === '%') {
    msg = msg.replace(/a fraction between 0 and 1, got (-?[\d.e+-]+)/, (_, v) => `between 0 and 100 %, got ${nf.format(Number(v) * 100)} %`);
  }
  // Shares the page shows in % that add up to too much (delay.*, faults.*):
  // the sum in % too.
  if (field && knobs.some((c) => c.key.startsWith(field + '.') && c.unit === '%')) {
    msg = msg.replace(
      /add up to (\d+(?:\.\d+)?);(.*) add up to at most 1$/,
      (_, v, why) => `add up to ${nf.format(Number(v) * 100)} %;${why} add up to at most 100 %`,
    );
  }
  msg = recordsAs(knobs, msg);
  const label = own ? knobName(own) : '';
  if (!label) return msg.charAt(0).toUpperCase() + msg.slice(1);
  return `${label} ${msg}`;
}

// recordsAs writes the engine's "records" as the tab's form counts them
// ("events" on the Streaming and Event time tabs).
export function recordsAs(knobs, msg) {
  const n = knobs.find((c) => c.key === 'records');
  const word = n ? n.label.toLowerCase() : 'records';
  return word === 'records' ? msg : msg.replace(/\brecords\b/g, word);
}

// memoryMessage is an engine's refusal for memory in the tab's words,
// as a sentence.
export function memoryMessage(knobs, msg) {
  const m = recordsAs(knobs, msg);
  return m.charAt(0).toUpperCase() + m.slice(1) + (/[.!?]$/.test(m) ? '' : '.');
}
