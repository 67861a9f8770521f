// "Your data": load a CSV (file, drop or paste), see its columns and
// profile, check it with quality rules, download clean and rejected rows.
// The file goes to the engine in this tab's Web Worker and nowhere else.
import { h, clear, fmt, fmtMs } from './dom.js';
import { columns, funnel } from './charts.js';
import { RulesEditor } from './rulesEditor.js';
import { ExportPanel } from './export.js';

const TYPES = ['string', 'integer', 'decimal', 'boolean', 'timestamp'];
const MAX_BYTES = 200 * 1024 * 1024;
// Files from this size on are read, checked and written by several engines
// at once (the engine's pool: wasm/api's PartsFrom).
const POOL_FROM = 16 * 1024 * 1024;
const SEPS = { comma: ',', semicolon: ';', tab: '\t', bar: '|' };

export function buildDataSection(ctx) {
  const { engine, drawOutputs, metric } = ctx;
  const state = {
    loaded: null,
    source: null,
    types: {},
    cases: {},
    isoDates: new Set(),
    parts: new Set(),
    running: false,
    trim: false,
    emptyNulls: false,
    decimalPoint: false,
    writeUtf8: false,
  };

  const fileInput = h('input', { type: 'file', id: 'data-file', accept: '.csv,.txt,text/csv,text/plain', testid: 'file-input', class: 'visually-hidden' });
  const drop = h(
    'label',
    { for: 'data-file', class: 'drop', testid: 'drop-zone', tabindex: 0 },
    h('strong', {}, 'Drop a CSV file here'),
    ' or ',
    h('span', { class: 'link' }, 'choose one'),
    h('span', { class: 'hint' }, ' — up to 200 MB; it stays in this browser tab.'),
  );
  const paste = h('textarea', {
    rows: 4,
    spellcheck: 'false',
    placeholder: '…or paste CSV text here (first line: column names)',
    testid: 'paste-input',
    'aria-label': 'CSV text',
  });
  const pasteBtn = h('button', { type: 'button', class: 'secondary', testid: 'paste-load', onclick: () => loadText(paste.value) }, 'Use pasted text');
  const sampleBtn = h('button', { type: 'button', class: 'secondary', testid: 'sample-load', onclick: loadSample }, 'Try a messy sample file');
  const loadStatus = h('div', { class: 'load-status', testid: 'file-summary', 'aria-live': 'polite' });
  const loadError = h('div', { class: 'error', role: 'alert', testid: 'error-data', hidden: true });
  const progress = h('div', { class: 'progress', hidden: true, role: 'progressbar', 'aria-label': 'Working' }, h('span'));
  const cancelBtn = h('button', { type: 'button', class: 'secondary', testid: 'cancel-data', hidden: true, onclick: cancel }, 'Cancel');

  const problems = h('div', { class: 'problems', testid: 'file-problems' });
  // How the file is written (separator, encoding, numbers), as the engine
  // read it, with the choices that read it another way.
  const dialectBox = h('div', { class: 'dialect', testid: 'file-dialect', hidden: true });
  const decimalRow = h(
    'div',
    { class: 'derive-row', hidden: true },
    optionBox('decimalPoint', 'Numbers with a decimal point (1.234,56 → 1234.56; grouping removed)'),
  );
  const utf8Row = h(
    'div',
    { class: 'derive-row', hidden: true },
    optionBox('writeUtf8', 'Write the downloads in UTF-8, with a byte order mark so that Excel reads them (this file is Windows-1252)'),
  );
  const profile = h('div', { class: 'profile card', testid: 'profile', hidden: true });
  const rules = new RulesEditor({
    id: 'data-rules',
    testid: 'rules-data',
    errorTestid: 'field-error-data-rules',
    chipsTestid: 'column-chips',
    chipTestid: (name) => 'chip-' + name,
    rows: 7,
    ariaLabel: 'Quality rules for your file',
  });
  const suggestions = h('ul', { class: 'suggestions', testid: 'suggestions' });
  const derive = h('div', { class: 'derive' });
  const checkBtn = h('button', { type: 'button', class: 'primary', testid: 'run-data', disabled: true, onclick: check }, 'Check file');
  const elapsed = h('span', { class: 'elapsed' });
  const results = h('div', { class: 'right', testid: 'data-results' });
  const outputs = h('div', { class: 'outputs card', testid: 'outputs-data' });
  // The last check, as a program for pandas, DuckDB or Beam: shown once a
  // check has run, for that check's settings (its outputs are in the zip).
  const exporter = new ExportPanel(engine, 'data', () => state.checked);
  exporter.el.hidden = true;

  fileInput.addEventListener('change', () => {
    const f = fileInput.files[0];
    // Emptied, so that choosing the same file again (after a cancel, or
    // after it changed on disk) reads it again: a chooser whose file is
    // unchanged fires no change.
    fileInput.value = '';
    if (f) loadData(f);
  });
  // The pool's engines start while the learner picks a file: they are
  // ready by the time a large one is read.
  const startPool = () =>
    engine.readyPromise?.then(
      () => engine.startPool(),
      () => {},
    );
  fileInput.addEventListener('click', startPool);
  drop.addEventListener('dragenter', startPool);
  drop.addEventListener('dragover', (e) => {
    e.preventDefault();
    drop.classList.add('over');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    const f = e.dataTransfer?.files[0];
    if (f) loadData(f);
  });
  drop.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      fileInput.click();
    }
  });

  const rulesBox = h(
    'div',
    { class: 'card rules-box', hidden: true },
    h('h3', {}, 'Quality rules'),
    h('p', { class: 'hint' }, 'One rule per line. Click a column to insert its name; add suggestions from the profile.'),
    rules.chips,
    rules.editor,
    rules.error,
    h('h4', {}, 'Suggested from the profile'),
    suggestions,
    rules.names,
    h('h3', {}, 'Standardize and enrich'),
    h(
      'p',
      { class: 'hint' },
      'Your file comes back as it went in: the clean file is your rows that passed, cell for cell — the same separator, encoding, numbers (decimal commas too), dates, null markers and line ends. Only the options you choose rewrite anything, and each says what. Per column (table above): a case for text, dates → ISO 8601, + date parts.',
    ),
    h('div', { class: 'derive-row' }, optionBox('trim', 'Trim spaces around every value (" Books " → "Books")')),
    h('div', { class: 'derive-row' }, optionBox('emptyNulls', 'Write nulls as empty cells (NA, N/A, null, NULL → empty)')),
    decimalRow,
    utf8Row,
    derive,
    h('div', { class: 'actions' }, checkBtn, elapsed),
  );

  const section = h(
    'section',
    { id: 'data', class: 'pattern', testid: 'section-data', 'aria-labelledby': 'data-title', hidden: true },
    h(
      'header',
      { class: 'pattern-head' },
      h('h2', { id: 'data-title' }, 'Your data'),
      h(
        'p',
        { class: 'lede' },
        'Bring your own CSV and run it through the same quality gate as the ETL pipeline: see its columns and profile, write rules, and download the clean rows, the rejected rows with their reasons, and a rule report. Nothing is uploaded: the file is read by the engine in this tab.',
      ),
    ),
    h(
      'div',
      { class: 'card load' },
      drop,
      fileInput,
      h('div', { class: 'paste-row' }, paste, h('div', { class: 'paste-actions' }, pasteBtn, sampleBtn)),
      h('div', { class: 'actions' }, progress, cancelBtn),
      loadStatus,
      dialectBox,
      loadError,
      problems,
    ),
    profile,
    rulesBox,
    results,
    outputs,
    exporter.el,
  );

  function optionBox(key, label) {
    const box = h('input', { type: 'checkbox', id: 'data-opt-' + key, testid: 'option-' + key });
    box.addEventListener('change', () => {
      state[key] = box.checked;
    });
    return h('label', { class: 'check' }, box, ' ', label);
  }

  function showError(msg) {
    loadError.textContent = msg;
    loadError.hidden = !msg;
  }

  // unload forgets the loaded file and hides what belonged to it.
  function unload() {
    state.loaded = null;
    profile.hidden = true;
    rulesBox.hidden = true;
    clear(results);
    clear(outputs);
    clear(problems);
    hideExport();
    loadStatus.textContent = '';
    dialectBox.hidden = true;
    checkBtn.disabled = true;
  }

  // hideExport hides the last check's export (a new file or check replaces it).
  function hideExport() {
    state.checked = null;
    exporter.el.open = false;
    exporter.el.hidden = true;
  }

  // engineRestarted: the new engine holds no file. Whatever was shown of
  // it is cleared, with a note and a button that loads the same file again.
  function engineRestarted(reason) {
    const had = state.loaded || state.running;
    busy(false);
    if (!had) return;
    const src = state.source;
    unload();
    const why =
      ctx.cancelledWhat() === 'data' && reason === 'cancelled'
        ? 'Cancelled.'
        : reason === 'crashed'
          ? 'The engine stopped while working — most likely it ran out of memory — and has been restarted.'
          : 'The engine was restarted (a run on another tab was cancelled).';
    showError(`${why} Your file was unloaded from it${src ? '; load it again when you are ready' : ''}.`);
    if (src) {
      loadStatus.append(
        h('button', { type: 'button', class: 'secondary', testid: 'reload-data', onclick: () => reload(src) }, 'Load ' + (src.name || 'the file') + ' again'),
      );
    }
  }

  async function reload(src) {
    showError('');
    if (src.sample) return loadSample();
    if (src.file) return loadData(src.file);
    if (src.text !== undefined) return loadText(src.text);
  }

  function busy(on) {
    state.running = on;
    progress.hidden = !on;
    cancelBtn.hidden = !on;
    checkBtn.disabled = on || !state.loaded;
    section.classList.toggle('busy', on);
  }

  // stillLoaded ends the message of a file that was not loaded: the file
  // loaded before, if any, stays.
  function stillLoaded() {
    return state.loaded ? `; ${state.loaded.name} is still loaded.` : '.';
  }

  async function loadData(file) {
    showError('');
    if (file.size > MAX_BYTES) {
      showError(`${file.name} is ${fmt(file.size)} bytes, so it was not loaded: the limit is ${fmt(MAX_BYTES)} bytes (200 MB)${stillLoaded()}`);
      return;
    }
    if (file.size === 0) {
      showError(`${file.name} is empty, so it was not loaded: a CSV file needs a header row naming the columns${stillLoaded()}`);
      return;
    }
    if (file.size >= POOL_FROM) engine.startPool();
    let data;
    try {
      data = new Uint8Array(await file.arrayBuffer());
    } catch (err) {
      showError(`${file.name} cannot be read, so it was not loaded (${err.message})${stillLoaded()}`);
      return;
    }
    // (file: for the pool's helper engines, which read it for themselves)
    await load({ name: file.name, data, file }, [data.buffer], { file, name: file.name });
  }

  async function loadText(text) {
    showError('');
    if (!text.trim()) {
      showError('Paste some CSV text first: a header line with column names, then one line per row.');
      return;
    }
    const data = new TextEncoder().encode(text);
    await load({ name: 'pasted.csv', data }, [data.buffer], { text, name: 'pasted.csv' });
  }

  // The sample file is built into the engine: it loads offline too.
  async function loadSample() {
    showError('');
    await load({ sample: true }, [], { sample: true, name: 'orders_messy.csv' });
  }

  // load reads a file in the engine and shows it; it returns whether it
  // did. A file the engine refuses changes nothing: the file loaded before
  // stays, with its summary and results (the engine's message names both).
  // Loads run one after another: a file chosen while another is read waits
  // for it (the engine would read them in turn anyway), so the page shows
  // each answer in its turn, and never the first file as ready, with
  // Cancel gone, while the second is still being read.
  let loads = Promise.resolve();
  function load(args, transfer, source) {
    const run = loads.then(() => loadNow(args, transfer, source));
    loads = run.catch(() => {});
    return run;
  }

  async function loadNow(args, transfer, source) {
    busy(true);
    const t0 = performance.now();
    const shown = [...loadStatus.childNodes]; // the loaded file's summary (or a button to load it again), put back if this one is refused
    loadStatus.textContent = `Reading ${args.name || 'the file'}…`;
    try {
      const r = await engine.loadData(
        args,
        (step) => {
          loadStatus.textContent = `Reading… ${step} done (${fmtMs(performance.now() - t0)})`;
        },
        transfer,
      );
      if (source) state.source = source;
      // The last check's results and export were of the file as it was
      // read before: the engine has dropped them.
      hideExport();
      clear(results);
      clear(outputs);
      elapsed.textContent = '';
      if (args.data || args.sample) {
        state.types = {};
        state.cases = {};
        state.isoDates = new Set();
        state.parts = new Set();
        if (!rules.value.trim()) rules.value = '';
      }
      state.loaded = r;
      showLoaded(r, performance.now() - t0);
      return true;
    } catch (err) {
      if (err.code === 'cancelled' || err.code === 'crashed') return false; // engineRestarted said what happened
      if (err.field === 'unloaded') {
        // It did not fit even once the file before was dropped to make room.
        const src = state.source;
        unload();
        showError(err.message);
        if (src && source) {
          loadStatus.append(
            h(
              'button',
              { type: 'button', class: 'secondary', testid: 'reload-data', onclick: () => reload(src) },
              'Load ' + (src.name || 'the file') + ' again',
            ),
          );
        }
      } else {
        loadStatus.replaceChildren(...shown);
        showError(err.message);
      }
      return false;
    } finally {
      busy(false);
    }
  }

  function cancel() {
    ctx.cancel('data');
  }

  function showLoaded(r, ms) {
    loadStatus.textContent = '';
    loadStatus.append(
      h('strong', {}, r.name),
      ` — ${fmt(r.bytes)} bytes, ${fmt(r.records)} records: `,
      h('span', { testid: 'data-rows' }, fmt(r.rows)),
      ' read, ',
      h('span', { testid: 'data-unreadable-count' }, fmt(r.unreadable)),
      ' unreadable ',
      h(
        'span',
        { testid: 'data-load-time', dataset: Object.fromEntries(r.steps.map((s) => [s.name + 'Ms', s.durationMs])) },
        `(${fmtMs(ms)}: ${r.steps.map((s) => `${s.name} ${fmtMs(s.durationMs)}`).join(', ')}${r.parts > 1 ? `; ${r.parts} engines at once` : ''})`,
      ),
      '.',
    );
    clear(problems);
    if (r.warnings.length)
      problems.append(
        h(
          'ul',
          { class: 'warnings', testid: 'file-warnings' },
          r.warnings.map((w) => h('li', {}, w)),
        ),
      );
    if (r.unreadable) {
      problems.append(
        h(
          'details',
          { class: 'unreadable', open: r.unreadable <= 5 },
          h('summary', {}, `${fmt(r.unreadable)} record${r.unreadable === 1 ? '' : 's'} could not be read — they go to the rejected file with the reason`),
          h(
            'table',
            { class: 'mini' },
            h('thead', {}, h('tr', {}, h('th', {}, 'line'), h('th', {}, 'problem'), h('th', {}, 'text'))),
            h(
              'tbody',
              {},
              r.problems.map((p) => h('tr', {}, h('td', {}, String(p.line)), h('td', {}, p.reason), h('td', {}, h('code', {}, p.raw)))),
            ),
          ),
        ),
      );
    }
    drawDialect(r.dialect);
    drawProfile(r);
    drawRulesHelp(r);
    drawDerive(r);
    profile.hidden = false;
    rulesBox.hidden = false;
    checkBtn.disabled = false;
  }

  // drawDialect says how the file is written — separator, encoding, line
  // end, numbers — and offers to read it another way (a change reads the
  // file again; the types chosen are dropped, as the columns may change).
  function drawDialect(d) {
    const from = { detected: 'detected', 'sep line': `from the file's first line, ${d.sepLine}`, chosen: 'as chosen' };
    const sepSel = h(
      'select',
      { testid: 'separator', 'aria-label': 'field separator', onchange: (e) => reread({ separator: e.target.value }) },
      [
        ['auto', 'detect'],
        ['comma', 'comma (,)'],
        ['semicolon', 'semicolon (;)'],
        ['tab', 'tab'],
        ['bar', 'vertical bar (|)'],
      ].map(([v, l]) => h('option', { value: v, selected: d.separatorFrom === 'chosen' ? SEPS[v] === d.separator : v === 'auto' }, l)),
    );
    const encSel = h(
      'select',
      { testid: 'encoding', 'aria-label': 'text encoding', onchange: (e) => reread({ encoding: e.target.value }) },
      [
        ['auto', 'detect'],
        ['utf-8', 'UTF-8'],
        ['windows-1252', 'Windows-1252 (Western Europe)'],
      ].map(([v, l]) => h('option', { value: v, selected: d.encodingFrom === 'chosen' ? v === d.encoding : v === 'auto' }, l)),
    );
    const numbers = Object.entries(d.numbers || {});
    const notes = [];
    if (numbers.length)
      notes.push(
        'Numbers: ' +
          numbers
            .map(
              ([c, f]) =>
                `${c} — ${f.label}${f.ambiguous ? (f.byOthers ? ' (every value reads either way: decided by the decimal marks of the file’s other number columns)' : ' (every value reads either way: decided by the separator’s custom; set the type to decimal or integer to decide it)') : ''}${f.mixed ? ' (some values use the other mark)' : ''}`,
            )
            .join('; ') +
          '. Each is written back as it was.',
      );
    clear(dialectBox).append(
      h(
        'p',
        {},
        h('strong', {}, 'Read as: '),
        h(
          'span',
          { testid: 'dialect-summary' },
          `${d.separatorName} separator (${from[d.separatorFrom] || d.separatorFrom}), ${d.encodingName} text (${d.encodingFrom === 'chosen' ? 'as chosen' : 'detected'}), ${d.lineEnd} line ends${d.bom ? ', a byte order mark' : ''}${d.decimalComma ? ', decimal commas' : ''}.`,
        ),
        ' ',
        h('label', {}, 'Separator ', sepSel),
        ' ',
        h('label', {}, 'Encoding ', encSel),
      ),
      ...notes.map((n) => h('p', { class: 'hint', testid: 'dialect-note' }, n)),
    );
    if (d.encodingSuggestion === 'utf-8') {
      dialectBox.append(
        h(
          'p',
          { class: 'notice', testid: 'encoding-suggestion' },
          'Most of the file is not UTF-8, so it was read as Windows-1252; but some of its characters are UTF-8, and read so they show as two or three odd characters each (é as Ã©). If the file is mostly UTF-8, read it as UTF-8: its lines that are not valid UTF-8 are then set aside. ',
          h('button', { type: 'button', class: 'secondary', testid: 'read-as-utf8', onclick: () => reread({ encoding: 'utf-8' }) }, 'Read as UTF-8'),
        ),
      );
    } else if (d.encodingSuggestion) {
      dialectBox.append(
        h(
          'p',
          { class: 'notice', testid: 'encoding-suggestion' },
          'Some lines are not valid UTF-8, so they could not be read; they would read as Windows-1252 text (what Excel on Windows writes). The file also holds UTF-8 characters, which would then read as two or three odd characters each (é as Ã©): choose what the file mostly is. ',
          h(
            'button',
            { type: 'button', class: 'secondary', testid: 'read-as-1252', onclick: () => reread({ encoding: 'windows-1252' }) },
            'Read as Windows-1252',
          ),
        ),
      );
    }
    dialectBox.hidden = false;
    decimalRow.hidden = !numbers.length;
    utf8Row.hidden = d.encoding !== 'windows-1252';
    if (decimalRow.hidden) setOption('decimalPoint', false);
    if (utf8Row.hidden) setOption('writeUtf8', false);
  }

  function setOption(key, on) {
    state[key] = on;
    const box = section.querySelector('#data-opt-' + key);
    if (box) box.checked = on;
  }

  // reread reads the loaded file again another way; the types chosen go.
  async function reread(how) {
    const before = state.types;
    state.types = {};
    if (!(await load(how))) state.types = before;
    else if (state.loaded) drawDialect(state.loaded.dialect);
  }

  function drawProfile(r) {
    clear(profile);
    const rows = r.profile.map((p, i) => {
      const col = r.columns[i];
      const typeSel = h(
        'select',
        { testid: 'type-' + p.name, 'aria-label': `type of ${p.name}`, onchange: (e) => retype(p.name, e.target.value) },
        TYPES.map((t) => h('option', { value: t, selected: t === col.type }, t)),
      );
      const std = [];
      if (col.type === 'string') {
        std.push(
          h(
            'select',
            {
              'aria-label': `case of ${p.name}`,
              testid: 'case-' + p.name,
              onchange: (e) => {
                state.cases[p.name] = e.target.value;
              },
            },
            [
              ['keep', 'keep case'],
              ['lower', 'lower case'],
              ['upper', 'UPPER CASE'],
              ['title', 'Title Case'],
            ].map(([v, l]) => h('option', { value: v, selected: (state.cases[p.name] || 'keep') === v }, l)),
          ),
        );
      }
      if (col.type === 'string' || col.type === 'timestamp') {
        std.push(checkbox(`iso-${p.name}`, 'dates → ISO 8601 UTC (2024-03-05T14:07:00Z)', state.isoDates, p.name));
        std.push(checkbox(`parts-${p.name}`, '+ date parts', state.parts, p.name));
      }
      const valid = p.rows - p.nulls;
      return h(
        'tr',
        {},
        h(
          'th',
          { scope: 'row' },
          p.name,
          p.leadingZero ? h('div', { class: 'observed' }, 'leading zeros: kept as text') : null,
          p.format ? h('div', { class: 'observed' }, 'format: ' + p.format) : null,
          r.dialect.numbers[p.name] ? h('div', { class: 'observed', testid: 'number-style-' + p.name }, r.dialect.numbers[p.name].label) : null,
        ),
        h('td', {}, typeSel),
        h('td', { class: 'num' }, fmt(p.nulls), p.rows ? h('div', { class: 'observed' }, `${((p.nulls / p.rows) * 100).toFixed(1)} %`) : null),
        h(
          'td',
          { class: 'num', title: p.sampled ? `counted on an even sample of ${fmt(p.sampled)} rows` : '' },
          (p.distinctCapped ? '≥ ' : '') + fmt(p.distinct),
          p.sampled ? h('div', { class: 'observed' }, 'sampled') : null,
        ),
        h('td', {}, minMax(p)),
        h(
          'td',
          {},
          h(
            'div',
            { class: 'topvals' },
            p.top
              .slice(0, 5)
              .map((t) =>
                h(
                  'span',
                  { class: 'chip', title: `${t.count} rows` },
                  t.value === '' ? '(empty)' : t.value.slice(0, 24),
                  h('span', { class: 'count' }, fmt(t.count)),
                ),
              ),
          ),
        ),
        h(
          'td',
          {},
          p.histogram?.length
            ? columns(
                p.histogram.map(() => ''),
                p.histogram,
                { testid: 'hist-' + p.name },
              )
            : valid
              ? ''
              : 'all null',
        ),
        h('td', { class: 'std' }, std),
      );
    });
    profile.append(
      h('h3', {}, 'Columns and profile'),
      h(
        'p',
        { class: 'hint' },
        'Types are inferred from the values; change one to read the column again that way (values that do not fit become rejected rows). Read as null: empty cells, NA, N/A, null and NULL. On large files, distinct and top values are counted on an even sample (marked “sampled”; top counts are estimates).',
      ),
      h(
        'div',
        { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': 'Columns and profile' },
        h(
          'table',
          { class: 'report profile-table', testid: 'profile-table' },
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              ['column', 'type', 'nulls', 'distinct', 'min … max', 'top values', 'histogram', 'standardize / enrich'].map((x) => h('th', {}, x)),
            ),
          ),
          h('tbody', {}, rows),
        ),
      ),
    );
  }

  function minMax(p) {
    if (!p.min && !p.max) return '';
    if (p.type === 'string') return h('span', { title: `${p.min} … ${p.max}` }, `length ${p.minLen}…${p.maxLen}`);
    return `${p.min} … ${p.max}`;
  }

  function checkbox(id, label, set, name) {
    const box = h('input', { type: 'checkbox', id: 'data-' + id, testid: id, checked: set.has(name) });
    box.addEventListener('change', () => {
      if (box.checked) set.add(name);
      else set.delete(name);
    });
    return h('label', { class: 'check' }, box, ' ', label);
  }

  async function retype(name, type) {
    const before = state.types[name];
    const types = { ...currentTypes(), [name]: type };
    state.types[name] = type;
    if (await load({ types })) return;
    // Not read that way: the column keeps the type it has.
    if (before === undefined) delete state.types[name];
    else state.types[name] = before;
    const sel = profile.querySelector(`[data-testid="type-${CSS.escape(name)}"]`);
    const col = state.loaded?.columns.find((c) => c.name === name);
    if (sel && col) sel.value = col.type;
  }

  function currentTypes() {
    const out = {};
    for (const c of state.loaded.columns) out[c.name] = c.type;
    return { ...out, ...state.types };
  }

  function drawRulesHelp(r) {
    rules.setColumns(r.columns);
    clear(suggestions);
    for (const s of r.suggestions) {
      suggestions.append(
        h('li', { testid: 'suggestion' }, h('code', {}, s), ' ', h('button', { type: 'button', class: 'link', onclick: () => rules.addLine(s) }, 'add')),
      );
    }
    if (r.suggestions.length) {
      suggestions.append(
        h(
          'li',
          {},
          h(
            'button',
            {
              type: 'button',
              class: 'secondary',
              testid: 'add-all-suggestions',
              onclick: () => {
                for (const s of r.suggestions) rules.addLine(s);
              },
            },
            'Add all',
          ),
        ),
      );
    }
    rules.mark(0);
  }

  function drawDerive(r) {
    const nums = r.columns.filter((c) => c.type === 'integer' || c.type === 'decimal').map((c) => c.name);
    const all = r.columns.map((c) => c.name);
    const sel = (id, names, label) =>
      h(
        'select',
        { testid: id, 'aria-label': label },
        h('option', { value: '' }, '—'),
        names.map((n) => h('option', { value: n }, n)),
      );
    state.pa = sel('product-a', nums, 'first factor');
    state.pb = sel('product-b', nums, 'second factor');
    state.pname = h('input', { type: 'text', value: 'revenue', testid: 'product-name', 'aria-label': 'name of the product column', class: 'short' });
    state.group = sel('group-by', all, 'group by');
    state.measure = sel('measure', [...nums, '(the product)'], 'measure');
    clear(derive).append(
      h('div', { class: 'derive-row' }, h('span', {}, 'New column '), state.pname, h('span', {}, ' = '), state.pa, h('span', {}, ' × '), state.pb),
      h('div', { class: 'derive-row' }, h('span', {}, 'Aggregate by '), state.group, h('span', {}, ' summing '), state.measure),
    );
  }

  function config() {
    const cfg = {
      rules: rules.value,
      trim: state.trim,
      emptyNulls: state.emptyNulls,
      decimalPoint: state.decimalPoint,
      writeUtf8: state.writeUtf8,
      case: { ...state.cases },
      timestamps: [...state.isoDates],
      dateParts: [...state.parts],
      groupBy: state.group.value,
    };
    if (state.pa.value || state.pb.value) cfg.product = { a: state.pa.value, b: state.pb.value, name: state.pname.value.trim() };
    const m = state.measure.value;
    cfg.measure = m === '(the product)' ? state.pname.value.trim() || '' : m;
    return cfg;
  }

  async function check() {
    rules.error.hidden = true;
    showError('');
    rules.mark(0);
    busy(true);
    const t0 = performance.now();
    const tick = setInterval(() => {
      elapsed.textContent = fmtMs(performance.now() - t0);
    }, 100);
    try {
      const r = await engine.checkData({ config: config() });
      elapsed.textContent = `done in ${fmtMs(performance.now() - t0)}: ${fmt(r.valid)} passed, ${fmt(r.rejected + r.unreadable)} rejected — results below`;
      drawResults(r);
      state.checked = config();
      exporter.el.hidden = false;
      exporter.update();
      if (results.scrollIntoView) results.scrollIntoView({ behavior: 'smooth', block: 'start' });
      if (!ctx.firstDataMark) {
        ctx.firstDataMark = true;
        performance.mark('data-checked');
      }
    } catch (err) {
      elapsed.textContent = '';
      if (err.code === 'cancelled' || err.code === 'crashed') return; // engineRestarted said what happened
      if (err.field === 'rules') {
        rules.error.textContent = err.message;
        rules.error.hidden = false;
        if (err.line) rules.mark(err.line);
      } else showError(err.message);
    } finally {
      clearInterval(tick);
      busy(false);
    }
  }

  function drawResults(r) {
    clear(results);
    const summary = h(
      'div',
      { class: 'summary', testid: 'summary-data' },
      metric('records in the file', fmt(r.records), 'data-records'),
      metric('passed', fmt(r.valid), 'data-valid'),
      metric('failed a rule', fmt(r.rejected), 'data-rejected'),
      metric('could not be read', fmt(r.unreadable), 'data-unreadable'),
      metric('kept with warnings', fmt(r.warned), 'data-warned'),
    );
    const rows = r.quality.results.map((res) =>
      h(
        'tr',
        { testid: 'rule-result-data', dataset: { status: res.status, failures: res.failures } },
        h(
          'td',
          {},
          h('code', {}, res.rule),
          res.observed ? h('div', { class: 'observed' }, res.observed) : null,
          res.message ? h('div', { class: 'observed' }, res.message) : null,
        ),
        h('td', {}, h('span', { class: 'badge ' + res.status }, res.status)),
        h('td', { class: 'num' }, res.dataset ? '—' : fmt(res.checked)),
        h('td', { class: 'num' }, res.dataset ? '—' : fmt(res.nulls)),
        h('td', { class: 'num' }, fmt(res.failures)),
        h('td', { class: 'num' }, res.dataset ? '—' : res.failurePct + ' %'),
        h(
          'td',
          {},
          res.samples.length
            ? h(
                'details',
                { class: 'samples' },
                h('summary', {}, `${res.samples.length} sample${res.samples.length === 1 ? '' : 's'}`),
                h(
                  'table',
                  { class: 'mini' },
                  h(
                    'tbody',
                    {},
                    res.samples.map((x) => h('tr', {}, h('td', {}, 'line ' + x.line), h('td', {}, x.reason))),
                  ),
                ),
              )
            : '',
        ),
      ),
    );
    const log = h(
      'ol',
      { class: 'log', testid: 'log-data' },
      r.steps.map((st) =>
        h(
          'li',
          {},
          h('strong', {}, st.name),
          ` — ${fmt(st.in)} in, ${fmt(st.out)} out (${st.durationMs.toFixed(1)} ms)`,
          st.notes.length
            ? h(
                'ul',
                {},
                st.notes.map((n) => h('li', {}, n)),
              )
            : null,
        ),
      ),
    );
    results.append(
      summary,
      r.quality.results.length ? funnel(r.quality, r.records - r.unreadable, { testid: 'funnel-data', unit: 'readable rows' }) : '',
      h(
        'div',
        { class: 'card rules-report' },
        h('h3', {}, 'Rule results'),
        r.quality.results.length
          ? h(
              'table',
              { class: 'report' },
              h(
                'thead',
                {},
                h(
                  'tr',
                  {},
                  ['rule', 'status', 'checked', 'nulls', 'failed', 'failed %', 'failing rows'].map((x) => h('th', {}, x)),
                ),
              ),
              h('tbody', {}, rows),
            )
          : h('p', { class: 'hint' }, 'No rules: every readable row passes. Add rules above.'),
      ),
      h('details', { class: 'log-box card', open: true }, h('summary', {}, 'What happened, step by step'), log),
    );
    drawOutputs(outputs, r.tables, 'data');
  }

  return { section, showError, engineRestarted };
}
