// Messages in the learner's terms. The engine names a setting by its
// config key and durations in milliseconds ("window.periodMs must be
// between 1,000 ms and …"); the page says what its form says: the knob's
// label and the unit the knob is set in.

const nf = new Intl.NumberFormat('en-US', { maximumFractionDigits: 6 });

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

// knobProblem checks value v (in the engine's unit) against knob c's
// range, as the form shows it, and says what is wrong, or returns ''.
export function knobProblem(c, v) {
  if (c.type === 'choice' || c.type === 'bool' || c.type === 'select') return '';
  const name = knobName(c);
  const shown = v * (c.scale || 1);
  const unit = c.unit ? ' ' + c.unit : '';
  if (typeof v !== 'number' || !Number.isFinite(v)) return `${name}: enter a number from ${nf.format(c.min)} to ${nf.format(c.max)}${unit}.`;
  if (c.type === 'int' && !c.scale && !Number.isInteger(v))
    return `${name}: enter a whole number${c.unit ? ` of ${c.unit}` : ''} (you entered ${nf.format(v)}).`;
  // Compare in the form's unit, allowing for the rounding of the scale
  // (relative to the value: a seed of -1 is below 0 however large the
  // seed's maximum).
  const eps = 1e-9 * Math.max(1, Math.abs(shown));
  if (shown < c.min - eps || shown > c.max + eps) {
    // "1 event", not "1 events".
    const one = shown === 1 && /^[a-z]+s$/.test(c.unit || '') ? ' ' + c.unit.slice(0, -1) : unit;
    return `${name} must be from ${nf.format(c.min)} to ${nf.format(c.max)}${unit}; you entered ${nf.format(shown)}${one}.`;
  }
  // A duration in s, min or h is kept in whole milliseconds: 0.0001 s
  // would round to 0 (an idle advance silently off).
  if (c.type === 'int' && c.scale && Math.abs(v - Math.round(v)) > 1e-6)
    return `${name}: times are kept in whole milliseconds, and ${nf.format(shown)}${unit} is ${nf.format(v)} ms.`;
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
  const label = own ? knobName(own) : '';
  if (!label) return msg.charAt(0).toUpperCase() + msg.slice(1);
  return `${label} ${msg}`;
}
