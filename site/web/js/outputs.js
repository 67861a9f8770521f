// The parts every result shares: metrics, the run's log and the output
// tables with their downloads.
import { h, clear, fmt, download, plural } from './dom.js';
import { TableView } from './table.js';
import { engine, app } from './page.js';
import { showError } from './form.js';
import { tabKeys } from './app.js';

export function metric(label, value, testid, note) {
  return h(
    'div',
    { class: 'metric' },
    h('div', { class: 'metric-value', testid }, value),
    h('div', { class: 'metric-label' }, label),
    note ? h('div', { class: 'metric-note' }, note) : null,
  );
}

export function drawLog(p, steps) {
  const log = app.sections[p].log;
  clear(log);
  for (const st of steps) {
    log.append(
      h(
        'li',
        {},
        h('strong', {}, st.name),
        ` — ${fmt(st.in)} in, ${fmt(st.out)} out`,
        st.rejected ? `, ${fmt(st.rejected)} ${p === 'batch' ? 'filtered' : 'rejected'}` : '',
        ` (${st.durationMs.toFixed(1)} ms)`,
        st.notes.length
          ? h(
              'ul',
              {},
              st.notes.map((n) => h('li', {}, n)),
            )
          : null,
      ),
    );
  }
}

export function drawOutputs(out, tables, p) {
  clear(out);
  const tabs = h('div', { class: 'tabs', role: 'tablist', 'aria-label': 'Output tables' });
  tabKeys(tabs, (tab) => tab.click());
  const holder = h('div', { class: 'table-holder' });
  const downloads = h('div', { class: 'downloads' }, h('span', { class: 'downloads-label' }, 'Download:'));
  const guard = h('input', { type: 'checkbox', id: p + '-guard' });
  const show = (info, btn) => {
    for (const b of tabs.children) {
      b.setAttribute('aria-selected', String(b === btn));
      b.tabIndex = b === btn ? 0 : -1;
    }
    clear(holder);
    const view = new TableView(engine, info, { onError: (err) => (p === 'data' ? app.data.showError(err.message) : showError(p, null, err.message)) });
    app.views[p] = view;
    holder.append(
      h(
        'p',
        { class: 'table-caption', testid: 'table-caption-' + info.name },
        `${info.file} — ${plural(info.rows, 'row')} × ${plural(info.columns.length, 'column')}. # is the row’s line in the file (line 1 holds the column names). Scroll to page through; click a header to sort.`,
      ),
      view.el,
    );
    view.render();
  };
  tables.forEach((info, i) => {
    const btn = h(
      'button',
      { type: 'button', role: 'tab', class: 'tab', testid: 'tab-' + info.name, onclick: () => show(info, btn) },
      info.file,
      h('span', { class: 'count' }, fmt(info.rows)),
    );
    tabs.append(btn);
    downloads.append(
      h('button', { type: 'button', class: 'download', testid: 'download-' + info.name, onclick: () => saveCSV(p, info, guard.checked) }, '⬇ ', info.file),
    );
    if (i === 0) queueMicrotask(() => show(info, btn));
  });
  downloads.append(
    h(
      'label',
      { class: 'guard', title: 'Prefix text cells and column names that start with = + - @ with an apostrophe, so spreadsheets do not run them as formulas' },
      guard,
      ' spreadsheet-safe',
    ),
  );
  if (p === 'data')
    downloads.append(
      h(
        'span',
        { class: 'hint guard-note' },
        'Off: the clean file keeps your cells as they are. Turn it on before opening a file from an unknown source in a spreadsheet (cells such as =HYPERLINK(…) then stay text).',
      ),
    );
  out.append(h('h3', {}, 'Outputs'), downloads, tabs, holder);
}

export async function saveCSV(p, info, guard) {
  try {
    const res = await engine.csv({ table: info.name, formulaGuard: guard });
    download(res.parts, res.file);
  } catch (err) {
    if (err.code === 'cancelled') return;
    if (p === 'data') app.data.showError('Download failed: ' + err.message);
    else showError(p, null, 'Download failed: ' + err.message);
  }
}
