// Font warm-up. The first time a browser lays out text in a font at a
// size it has not used yet, it asks the system for that font's data and
// its rendering settings — in Chromium on Linux a round trip per size and
// weight, 5–60 ms each on a 2-core machine — inside whatever task lays the
// text out. A tab's first large result uses a dozen sizes the page above
// it has not (metrics, tables, notes), which made its drawing one 150 ms
// task. Once the page is idle, warmFonts lays out one word in every size,
// weight and family the style sheet names, a few at a time while the
// browser has nothing else to do, so that a result's first layout finds
// them ready.

// fontVariants lists the sizes, weights and families the page's screen
// style rules name (print rules are laid out only when printing).
function fontVariants() {
  const sizes = new Set(['1rem']);
  const weights = new Set(['400']);
  const families = new Set(['inherit']);
  const walk = (rules) => {
    for (const r of rules) {
      if (r.media && /\bprint\b/.test(r.media.mediaText)) continue;
      if (r.cssRules) walk(r.cssRules);
      const st = r.style;
      if (!st) continue;
      const keep = (set, v) => v && !/^(inherit|initial|unset|revert)/.test(v) && set.add(v);
      keep(sizes, st.fontSize);
      keep(weights, st.fontWeight);
      keep(families, st.fontFamily);
    }
  };
  // A shorthand with a var() in it (the body's font) leaves its longhands
  // empty in the style sheet: the body's computed size stands in (its
  // family is the one "inherit" lays out).
  sizes.add(getComputedStyle(document.body).fontSize);
  for (const sheet of document.styleSheets) {
    try {
      walk(sheet.cssRules);
    } catch {
      /* a sheet from elsewhere: the page has none, but never fail */
    }
  }
  const out = [];
  for (const family of families) for (const weight of weights) for (const size of sizes) out.push({ family, weight, size });
  return out;
}

const idle = (fn) => (window.requestIdleCallback ? window.requestIdleCallback(fn, { timeout: 1000 }) : setTimeout(() => fn(null), 50));

// warmFonts lays each variant out in a box no one sees (one clipped
// pixel, hidden, out of the accessibility tree), a few per idle period, then
// removes the box and marks 'fonts-warm'.
export function warmFonts() {
  const variants = fontVariants();
  const box = document.createElement('div');
  box.setAttribute('aria-hidden', 'true');
  // Fixed and clipped to one pixel: laid out, never seen, and never making
  // the page wider (a box off to the side would widen a phone's page).
  box.style.cssText =
    'position:fixed;left:0;top:0;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);visibility:hidden;pointer-events:none;white-space:nowrap';
  document.body.append(box);
  let i = 0;
  const step = (deadline) => {
    do {
      const v = variants[i++];
      const span = document.createElement('span');
      span.style.fontFamily = v.family;
      span.style.fontWeight = v.weight;
      span.style.fontSize = v.size;
      // Digits, letters and the page's signs: tabular numbers, units, arrows.
      span.textContent = 'Aa 0123456789 ·→ %';
      box.append(span);
      void span.offsetWidth; // lay it out now, in this idle period
    } while (i < variants.length && (!deadline || deadline.timeRemaining() > 8));
    if (i < variants.length) idle(step);
    else {
      box.remove();
      performance.mark('fonts-warm', { detail: { variants: variants.length } });
    }
  };
  if (variants.length) idle(step);
}
