// The printed report of a tab.
import { h, clear, fmt, plural } from './dom.js';
import { controlsOf } from './content.js';
import { engine, app } from './page.js';
import { notApplicable } from './form.js';
import { shareURL } from './share.js';

// settingText writes a setting as its control shows it; a 0 that means
// something else than a length of 0 (off, a pane per event, no queue)
// says what it means.
// used is the value the engine ran with, where it says (a sliding window's
// period or a session's gap of 0 is half the window size: the run's
// settings hold the length it took).
function settingText(c, v, used) {
  if (v === 0 && c.zero) return `0: ${c.zero}${used ? ` (${settingText(c, used)} in this run)` : ''}`;
  if (c.type === 'select') {
    const opt = c.options.find(([x]) => x === Math.round(v * (c.scale || 1)));
    return opt ? opt[1] : String(v);
  }
  if (c.type === 'choice' || c.type === 'bool') {
    const opt = c.options.find(([x]) => x === v);
    return opt ? opt[1] : String(v);
  }
  const shown = Math.round(v * (c.scale || 1) * 1e6) / 1e6;
  const unit = shown === 1 && c.unit === 'events' ? 'event' : c.unit;
  return `${fmt(shown)}${unit ? ' ' + unit : ''}`;
}

// The report is the same whichever way it is printed: with the Print
// report button or with the browser's own print (Ctrl+P, the menu). The
// browser's print lays it out in beforeprint, which cannot wait for the
// engine, so the parts that need it — the link (compressed rules) and the
// first rows of each output — are kept ready: the link whenever the
// settings are saved, the rows when a result is drawn (background calls,
// after the learner's own). The button waits for both.
let reportLink = null;
const kept = {}; // p → {result, done: Promise, tables: [{info, rows} | {info, error}]}

// keepLink keeps the link that reproduces the page's setup (it runs when
// opened, however large).
export async function keepLink() {
  try {
    reportLink = await shareURL({ run: true, embed: false });
  } catch {
    /* the link kept last stays */
  }
}

// keepTables keeps the first rows of each of the result r's outputs for the
// report of pattern p.
export function keepTables(p, r, background = true) {
  if (!r) return Promise.resolve();
  if (kept[p]?.result === r) return kept[p].done;
  const k = { result: r, tables: null };
  kept[p] = k;
  k.done = (async () => {
    const tables = [];
    for (const info of r.tables) {
      try {
        tables.push({ info, rows: (await engine.rows({ table: info.name, limit: 8 }, null, [], background)).rows });
      } catch (err) {
        if (app.results[p] !== r) return; // a newer result replaced the tables
        tables.push({ info, error: err.message });
      }
    }
    k.tables = tables;
  })();
  return k.done;
}

// printTable prints a table's first rows: 8, or 5 when the run has more
// than six tables (Event time with the queue on), so the report stays
// within three pages; an empty table is one line.
function printTable({ info, rows: all, error }, _i, tables) {
  if (error) return h('p', {}, `${info.file}: ${error}`);
  if (!info.rows) return h('h4', {}, `${info.file} — no rows`);
  const rows = all.slice(0, tables.length > 6 ? 5 : 8);
  const cols = Math.min(info.columns.length, 9); // what fits across a page
  return [
    h(
      'h4',
      {},
      `${info.file} — first ${fmt(rows.length)} of ${plural(info.rows, 'row')}${cols < info.columns.length ? `, ${cols} of ${info.columns.length} columns` : ''}; # is the line in the file`,
    ),
    h(
      'table',
      { class: 'print-rows' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', {}, '#'),
          info.columns.slice(0, cols).map((c) => h('th', {}, c.name)),
        ),
      ),
      h(
        'tbody',
        {},
        rows.map((r) =>
          h(
            'tr',
            {},
            r.slice(0, cols + 1).map((v) => h('td', {}, v === null ? 'null' : String(v))),
          ),
        ),
      ),
    ),
  ];
}

// The details the report opened (samples and the step log print open),
// closed again after printing.
let opened = [];

// layReport lays pattern p out as a report a learner can hand in — title,
// date, version, every setting and the link that restores them, the
// summary, the diagram, rule results with samples, the first rows of each
// output — at once, from what is kept. The print style sheet hides the
// controls. A setup not run yet (a large one waits for Run) says so
// instead of printing empty results.
function layReport(p) {
  const s = app.sections[p];
  const head = s.section.querySelector('.print-head');
  const settings = app.state.settings[p];
  const result = app.results[p];
  const na = notApplicable(p, settings);
  const rows = controlsOf(p)
    .filter((c) => !na[c.key])
    .map((c) => h('tr', {}, h('th', { scope: 'row' }, c.label), h('td', {}, settingText(c, settings[c.key], result?.settings?.[c.key]))));
  if (settings.rules !== undefined)
    rows.push(h('tr', {}, h('th', { scope: 'row' }, p === 'stream' ? 'Event checks' : 'Quality rules'), h('td', {}, h('pre', {}, settings.rules || '(none)'))));
  const link = reportLink || location.href;
  clear(head).append(
    h(
      'p',
      { class: 'print-meta' },
      `Ingestion Playground report — ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC — engine ${app.defaults.version}`,
    ),
    h('table', { class: 'print-settings' }, h('tbody', {}, rows)),
    ...(result
      ? [h('p', { class: 'print-link' }, 'Reproduce this run: ', h('code', {}, link))]
      : [
          h(
            'p',
            { class: 'print-none', testid: 'print-none-' + p },
            'This setup has not been run yet, so there are no results to report: press Run, then print again.',
          ),
          h('p', { class: 'print-link' }, 'Open this setup: ', h('code', {}, link)),
        ]),
  );
  const tables = h('div', { class: 'print-only print-tables', testid: 'print-tables-' + p });
  const k = kept[p];
  if (result && k?.result === result && k.tables) tables.append(...k.tables.flatMap(printTable));
  s.section.querySelector('.print-tables')?.remove();
  s.outputs.before(tables);
  const closed = [...s.section.querySelectorAll('details:not([open])')];
  for (const d of closed) d.open = true;
  opened.push(...closed);
}

// printReport prints pattern p's report (the Print report button).
export async function printReport(p) {
  await Promise.all([keepLink(), keepTables(p, app.results[p], false)]);
  layReport(p);
  window.print();
}

// The browser's own print lays out the report of the tab on screen too.
window.addEventListener('beforeprint', () => {
  const p = app.state?.pattern;
  if (app.sections[p] && app.defaults) layReport(p);
});
window.addEventListener('afterprint', () => {
  for (const d of opened) d.open = false;
  opened = [];
});
