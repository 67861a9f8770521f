// The printed report of a tab.
import { h, clear, fmt } from './dom.js';
import { controlsOf } from './content.js';
import { engine, app } from './page.js';
import { notApplicable } from './form.js';
import { shareURL } from './share.js';

// settingText writes a setting as its control shows it.
function settingText(c, v) {
  if ((c.key === 'window.periodMs' || c.key === 'window.gapMs') && v === 0) return '0: half the window size';
  if (c.type === 'select') {
    const opt = c.options.find(([x]) => x === Math.round(v * (c.scale || 1)));
    return opt ? opt[1] : String(v);
  }
  if (c.type === 'choice' || c.type === 'bool') {
    const opt = c.options.find(([x]) => x === v);
    return opt ? opt[1] : String(v);
  }
  const shown = Math.round(v * (c.scale || 1) * 1e6) / 1e6;
  return `${fmt(shown)}${c.unit ? ' ' + c.unit : ''}`;
}

// printReport lays the pattern out as a report a learner can hand in —
// title, date, version, every setting and the link that restores them, the
// summary, the diagram, rule results with samples, the first rows of each
// output — and prints it. The print style sheet hides the controls.
export async function printReport(p) {
  const s = app.sections[p];
  const head = s.section.querySelector('.print-head');
  const settings = app.state.settings[p];
  const na = notApplicable(p, settings);
  const rows = controlsOf(p)
    .filter((c) => !na[c.key])
    .map((c) => h('tr', {}, h('th', { scope: 'row' }, c.label), h('td', {}, settingText(c, settings[c.key]))));
  if (settings.rules !== undefined)
    rows.push(h('tr', {}, h('th', { scope: 'row' }, p === 'stream' ? 'Event checks' : 'Quality rules'), h('td', {}, h('pre', {}, settings.rules || '(none)'))));
  const link = await shareURL({ run: true, embed: false });
  clear(head).append(
    h(
      'p',
      { class: 'print-meta' },
      `Ingestion Playground report — ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC — engine ${app.defaults.version}`,
    ),
    h('table', { class: 'print-settings' }, h('tbody', {}, rows)),
    h('p', { class: 'print-link' }, 'Reproduce this run: ', h('code', {}, link)),
  );
  const tables = h('div', { class: 'print-only print-tables', testid: 'print-tables-' + p });
  if (app.results[p]) {
    for (const info of app.results[p].tables) {
      try {
        const res = await engine.rows({ table: info.name, limit: 8 });
        const cols = Math.min(info.columns.length, 9); // what fits across a page
        tables.append(
          h(
            'h4',
            {},
            `${info.file} — first ${res.rows.length} of ${fmt(info.rows)} rows${cols < info.columns.length ? `, ${cols} of ${info.columns.length} columns` : ''}`,
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
              res.rows.map((r) =>
                h(
                  'tr',
                  {},
                  r.slice(0, cols + 1).map((v) => h('td', {}, v === null ? 'null' : String(v))),
                ),
              ),
            ),
          ),
        );
      } catch (err) {
        tables.append(h('p', {}, `${info.file}: ${err.message}`));
      }
    }
  }
  s.section.querySelector('.print-tables')?.remove();
  s.outputs.before(tables);
  const closed = [...s.section.querySelectorAll('details:not([open])')];
  for (const d of closed) d.open = true; // samples and the step log print open
  window.addEventListener(
    'afterprint',
    () => {
      for (const d of closed) d.open = false;
    },
    { once: true },
  );
  window.print();
}
