// One rules editor for the ETL and Streaming tabs and for Your data: a
// text area with numbered lines (the line of a rule the engine refused is
// marked), column chips that insert a column's name as the rule language
// spells it (the engine's spelling: each column's `rule`), and the rule
// language with what real tools call each rule.
import { h, clear } from './dom.js';
import { RULE_NAMES } from './content.js';

export class RulesEditor {
  // id and testid name the text area; errorTestid and chipsTestid its
  // message and its chips; chipTestid(name), if given, each chip.
  // onInput(text) is called as the learner types or a chip inserts.
  constructor({ id, testid, errorTestid, chipsTestid, chipTestid = null, rows = 6, ariaLabel, describedBy, onInput = null }) {
    this.chipTestid = chipTestid;
    this.onInput = onInput;
    this.area = h('textarea', {
      id,
      rows,
      spellcheck: 'false',
      maxlength: 65536,
      dataset: { key: 'rules' },
      testid,
      'aria-label': ariaLabel,
      'aria-describedby': describedBy,
    });
    this.gutter = h('div', { class: 'gutter', 'aria-hidden': 'true' });
    this.error = h('div', { class: 'field-error', testid: errorTestid, hidden: true, role: 'alert' });
    this.chips = h('div', { class: 'chips', testid: chipsTestid });
    this.editor = h('div', { class: 'editor' }, this.gutter, this.area);
    this.names = h(
      'details',
      { class: 'rule-names' },
      h('summary', {}, 'The rule language, and what real tools call each rule'),
      h(
        'table',
        {},
        h(
          'tbody',
          {},
          RULE_NAMES.map(([rule, real]) => h('tr', {}, h('td', {}, h('code', {}, rule)), h('td', {}, real))),
        ),
      ),
      h(
        'p',
        { class: 'hint' },
        'One rule per line; # starts a comment. Column names with spaces go in double quotes. Rules skip null values, except not null. "warn:" keeps failing rows; "mostly 0.95" passes when 95 % of the non-null rows pass.',
      ),
    );
    this.area.addEventListener('input', () => {
      this.mark(0);
      this.onInput?.(this.area.value);
    });
    this.area.addEventListener('scroll', () => {
      this.gutter.scrollTop = this.area.scrollTop;
    });
    this.mark(0);
  }

  get value() {
    return this.area.value;
  }

  set value(text) {
    this.area.value = text;
    this.mark(0);
  }

  // mark numbers the lines, marking line (1-based; 0: none).
  mark(line) {
    drawGutter(this.gutter, this.area.value, line);
  }

  // setColumns shows a chip per column ({name, type, rule}): a click
  // inserts the column as rule text at the cursor.
  setColumns(columns) {
    clear(this.chips).append(
      h('span', { class: 'hint' }, 'Columns: '),
      ...columns.map((c) =>
        h(
          'button',
          {
            type: 'button',
            class: 'chip',
            testid: this.chipTestid ? this.chipTestid(c.name) : undefined,
            title: `insert ${c.name} (${c.type})`,
            onclick: () => this.insert((c.rule || c.name) + ' '),
          },
          c.name,
        ),
      ),
    );
  }

  // insert puts text at the cursor, as if typed.
  insert(text) {
    const a = this.area;
    const start = a.selectionStart ?? a.value.length;
    const end = a.selectionEnd ?? start;
    a.value = a.value.slice(0, start) + text + a.value.slice(end);
    a.focus();
    a.selectionStart = a.selectionEnd = start + text.length;
    a.dispatchEvent(new Event('input'));
  }

  // addLine appends a rule on a line of its own.
  addLine(rule) {
    const v = this.area.value;
    this.area.value = v + (v && !v.endsWith('\n') ? '\n' : '') + rule + '\n';
    this.area.dispatchEvent(new Event('input'));
  }
}

// drawGutter numbers an editor's lines in at most three elements (the
// lines before a marked error line, that line, the lines after), however
// long the text.
export function drawGutter(gutter, text, errorLine) {
  clear(gutter);
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  const block = (a, b) => {
    if (a > b) return null;
    const nums = [];
    for (let i = a; i <= b; i++) nums.push(i);
    return h('div', { class: 'nums' }, nums.join('\n'));
  };
  if (errorLine >= 1 && errorLine <= n)
    gutter.append(...[block(1, errorLine - 1), h('div', { class: 'bad' }, String(errorLine)), block(errorLine + 1, n)].filter(Boolean));
  else gutter.append(block(1, n));
}
