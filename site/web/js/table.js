// A table view over an engine table of any size: only the visible rows are
// in the DOM; pages of rows come from the engine as the view scrolls, and a
// click on a header sorts (in the engine) ascending, descending, then back.
import { h, clear, plural } from './dom.js';

const ROW = 28; // px, matches .grid td height in style.css
const PAGE = 50; // rows per call, about three screens of the table (site/prerender.go rowsPage records the first)

export class TableView {
  constructor(engine, info, { onError } = {}) {
    this.engine = engine;
    this.info = info;
    this.onError = onError || (() => {});
    this.sort = '';
    this.desc = false;
    this.cache = new Map(); // page index → rows
    this.loading = new Set();
    this.generation = 0;

    this.head = h('thead');
    this.body = h('tbody');
    this.spacerTop = h('div', { class: 'spacer' });
    this.spacerBottom = h('div', { class: 'spacer' });
    this.table = h('table', { class: 'grid' }, this.head, this.body);
    this.scroller = h(
      'div',
      { class: 'scroller', tabindex: 0, testid: 'table-' + info.name, 'aria-label': `${info.file}, ${plural(info.rows, 'row')}` },
      this.spacerTop,
      this.table,
      this.spacerBottom,
    );
    // The view's height and scroll position are kept here, from the scroll
    // event and a ResizeObserver, not read in render: reading them there
    // would make the browser lay out the whole page again each time a table
    // is drawn (a new page of results draws several).
    this.top = 0;
    this.height = 380; // .scroller's height in style.css, until measured
    this.scroller.addEventListener('scroll', () => {
      this.top = this.scroller.scrollTop;
      this.render();
    });
    if (window.ResizeObserver) {
      new ResizeObserver((entries) => {
        const height = entries[entries.length - 1].contentRect.height;
        const rows = (x) => Math.ceil(x / ROW);
        if (height <= 0) return; // hidden
        const redraw = rows(height) !== rows(this.height);
        this.height = height;
        if (redraw) this.render();
      }).observe(this.scroller);
    }
    this.el = this.scroller;
    this.renderHead();
    this.render();
  }

  renderHead() {
    // # is the row's line in its file (line 1 holds the column names), so
    // a row here is found in the download at the same number.
    const what = `line in ${this.info.file} (line 1: the column names)`;
    const cells = [h('th', { class: 'line', scope: 'col', title: what, 'aria-label': what }, '#')];
    for (const c of this.info.columns) {
      const mark = this.sort === c.name ? (this.desc ? ' ▼' : ' ▲') : '';
      // The header cell carries the sort state; a button in it sorts (a
      // click on the cell reaches the same handler).
      cells.push(
        h(
          'th',
          {
            class: 't-' + c.type,
            scope: 'col',
            'aria-sort': this.sort === c.name ? (this.desc ? 'descending' : 'ascending') : 'none',
            onclick: () => this.toggleSort(c.name),
          },
          h('button', { type: 'button', class: 'sort', title: `${c.name} (${c.type}) — sort` }, c.name, mark),
        ),
      );
    }
    clear(this.head).append(h('tr', {}, cells));
  }

  toggleSort(name) {
    if (this.sort !== name) {
      this.sort = name;
      this.desc = false;
    } else if (!this.desc) this.desc = true;
    else {
      this.sort = '';
      this.desc = false;
    }
    this.cache.clear();
    this.generation++;
    this.renderHead();
    this.render();
  }

  async fetchPage(p) {
    const gen = this.generation;
    const key = `${gen}:${p}`;
    if (this.cache.has(p) || this.loading.has(key)) return;
    this.loading.add(key);
    try {
      const res = await this.engine.rows({ table: this.info.name, offset: p * PAGE, limit: PAGE, sort: this.sort, desc: this.desc });
      if (gen !== this.generation) return; // sorted since: this page is stale
      this.cache.set(p, res.rows);
      if (this.cache.size > 50) this.cache.delete(this.cache.keys().next().value);
      this.render();
    } catch (err) {
      if (err.code !== 'cancelled') this.onError(err);
    } finally {
      this.loading.delete(key);
    }
  }

  render() {
    const total = this.info.rows;
    const height = this.height;
    const first = Math.max(0, Math.floor(this.top / ROW) - 5);
    const count = Math.ceil(height / ROW) + 10;
    const last = Math.min(total, first + count);
    this.spacerTop.style.height = `${first * ROW}px`;
    this.spacerBottom.style.height = `${Math.max(0, (total - last) * ROW)}px`;
    const rows = [];
    for (let i = first; i < last; i++) {
      const page = this.cache.get(Math.floor(i / PAGE));
      if (!page) {
        this.fetchPage(Math.floor(i / PAGE));
        rows.push(h('tr', { class: 'loading' }, h('td', { colspan: this.info.columns.length + 1 }, '…')));
        continue;
      }
      const row = page[i % PAGE];
      if (!row) continue;
      rows.push(
        h(
          'tr',
          {},
          row.map((v, j) => h('td', { class: j === 0 ? 'line' : v === null ? 'null' : 't-' + this.info.columns[j - 1].type }, v === null ? 'null' : String(v))),
        ),
      );
    }
    clear(this.body).append(...rows);
    if (total === 0) this.body.append(h('tr', {}, h('td', { colspan: this.info.columns.length + 1, class: 'empty' }, 'No rows.')));
  }
}
