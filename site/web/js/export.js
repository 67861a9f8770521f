// The "Run this on a real engine" panel: the pipeline as it is set up on the
// page, written by the engine as a program for pandas or DuckDB, with its
// input and this page's outputs to compare. This module only shows what the
// engine wrote and hands its files to the browser.
import { h, clear, fmt, download } from './dom.js';

const TARGETS = [
  {
    id: 'pandas',
    label: 'pandas (Python)',
    where: 'Runs where Python and pandas do: a laptop, a notebook, a scheduled job. Data up to the memory of one machine.',
  },
  { id: 'duckdb', label: 'DuckDB SQL', where: 'One SQL script for the DuckDB command line: a laptop or a server, files larger than memory, many cores.' },
  {
    id: 'beam',
    label: 'Apache Beam (Go)',
    where:
      'A Go program for Apache Beam: Prism runs it on this machine; the same program runs on Dataflow, Flink or Spark by flags (see its head), over as many machines as the data needs.',
  },
];
// The template files the programs are written from: not part of the engine
// (they would weigh on every visit). The engine's worker downloads them,
// export/templates.json beside the page, while the engine starts, and hands
// them over when asked with no texts: a page that says "Engine ready" has
// them, and an export opened later needs no network. Where the worker
// could not, the page downloads them itself when an export is opened (and
// keeps them for a restarted engine); the single-file page carries them as
// a JSON block.
let templateTexts = null; // Promise of {pandas, duckdb, beam}, loaded by the page
let templatesSent = null; // Promise: the current engine has them

// TemplatesError is a failure to load the templates: what failed, and what
// to do about it, shown in the export panel.
class TemplatesError extends Error {}

function loadTemplates() {
  if (!templateTexts) {
    templateTexts = (async () => {
      const inline = document.getElementById('ingest-export-templates');
      if (inline) return JSON.parse(inline.textContent);
      let res;
      try {
        res = await fetch('export/templates.json');
      } catch (err) {
        throw new TemplatesError(
          `The program templates (export/templates.json) could not be downloaded: ${err.message}. They did not come with the page, and cannot be had now: the network is gone, or the page's server does not answer. Reload the page when you are online, then open this again.`,
        );
      }
      if (!res.ok)
        throw new TemplatesError(
          `The program templates (export/templates.json) could not be downloaded: the server answered ${res.status} ${res.statusText}. Reload the page, then open this again.`,
        );
      return res.json();
    })();
    templateTexts.catch(() => {
      templateTexts = null;
    }); // try again next time
  }
  return templateTexts;
}

function sendTemplates(engine) {
  if (!templatesSent) {
    templatesSent = (async () => {
      if (!templateTexts && !document.getElementById('ingest-export-templates')) {
        const r = await engine.exportTemplates({}); // the worker's copy, if it has one
        if (r.loaded.length) return;
      }
      await engine.exportTemplates(await loadTemplates());
    })();
    templatesSent.catch(() => {
      templatesSent = null;
    });
  }
  return templatesSent;
}

export class ExportPanel {
  // settings() returns the pattern's current settings. A failure (the
  // templates could not be loaded, the engine refused) shows in the panel.
  constructor(engine, pattern, settings) {
    this.engine = engine;
    this.pattern = pattern;
    this.settings = settings;
    this.target = TARGETS[0].id;
    this.seq = 0;
    this.tabs = h('div', { class: 'tabs export-tabs', role: 'tablist', 'aria-label': 'Engine' });
    for (const t of TARGETS) {
      const btn = h(
        'button',
        {
          type: 'button',
          role: 'tab',
          class: 'tab',
          testid: `export-tab-${pattern}-${t.id}`,
          'aria-selected': String(t.id === this.target),
          tabindex: t.id === this.target ? 0 : -1,
          onclick: () => this.choose(t.id),
        },
        t.label,
      );
      this.tabs.append(btn);
    }
    this.tabs.addEventListener('keydown', (e) => {
      const i = TARGETS.findIndex((t) => t.id === this.target);
      const k = { ArrowRight: 1, ArrowLeft: -1 }[e.key];
      if (!k) return;
      e.preventDefault();
      this.choose(TARGETS[(i + k + TARGETS.length) % TARGETS.length].id);
      this.tabs.querySelector('[aria-selected="true"]').focus();
    });
    this.run = h('p', { class: 'export-run', testid: `export-run-${pattern}` });
    this.where = h('p', { class: 'hint' });
    // The program in three parts: its head, the helpers that carry the
    // playground's meaning of values (folded: a reader may skip them) and
    // the pipeline. export-code holds the whole program's text.
    this.head = h('code');
    this.helpers = h('code');
    this.body = h('code');
    this.helperNote = h('summary', { testid: `export-helpers-${pattern}` });
    this.code = h(
      'div',
      { class: 'export-code', tabindex: 0, role: 'region', 'aria-label': 'The program', testid: `export-code-${pattern}` },
      h('pre', {}, this.head),
      h('details', { class: 'export-helpers' }, this.helperNote, h('pre', {}, this.helpers)),
      h('pre', {}, this.body),
    );
    this.pre = this.code;
    this.copyBtn = h('button', { type: 'button', class: 'secondary', testid: `export-copy-${pattern}`, onclick: () => this.copy() }, 'Copy code');
    this.zipBtn = h('button', { type: 'button', class: 'download', testid: `export-zip-${pattern}`, onclick: () => this.saveZip() }, '⬇ .zip');
    this.inputBtn = h('button', { type: 'button', class: 'download', testid: `export-input-${pattern}`, onclick: () => this.saveInput() }, '⬇ input CSV');
    this.files = h('p', { class: 'hint', testid: `export-files-${pattern}` });
    this.notes = h('div', { class: 'export-notes', testid: `export-untranslated-${pattern}`, hidden: true });
    this.status = h('span', { class: 'hint', role: 'status', 'aria-live': 'polite' });
    this.error = h('p', { class: 'error', role: 'alert', testid: `export-error-${pattern}`, hidden: true });
    this.actions = h('div', { class: 'downloads' }, this.copyBtn, this.zipBtn, this.inputBtn, this.status);
    this.el = h(
      'details',
      { class: 'card export', testid: 'export-' + pattern },
      h(
        'summary',
        { testid: `export-open-${pattern}` },
        h('h3', {}, 'Run this on a real engine'),
        h('span', { class: 'hint' }, ' — the same pipeline as a pandas, DuckDB or Apache Beam program'),
      ),
      pattern === 'data'
        ? h(
            'p',
            {},
            "The same check — your file's column types, these rules and options — as a program for a real engine, commented step by step. ",
            'Run next to your file, it writes the files this page wrote in its last check; the download holds those outputs to compare. Your file is not in it: it never leaves this tab.',
          )
        : pattern === 'time'
          ? h(
              'p',
              {},
              "The same windows, watermark, triggers and allowed lateness, over the same event log (each order's event, arrival and processing time), as a program for a real engine, commented step by step. ",
              "Run on the event log in the download, it writes the windows' results and the dropped events; the download holds this page's outputs to compare. ",
              "With the watermark's idle advance on, which the programs do not model, their dropped events and final windows differ from this page's: the bundle's README says how.",
            )
          : h(
              'p',
              {},
              'The same pipeline — these settings, these rules, this input — as a program for a real engine, commented step by step. ',
              "Run on the input in the download, it writes the files this page writes; the download holds this page's outputs to compare.",
            ),
      this.tabs,
      this.error,
      this.run,
      this.where,
      this.actions,
      this.notes,
      this.pre,
      this.files,
    );
    // Nothing is written until the panel is opened.
    this.el.addEventListener('toggle', () => {
      if (this.el.open) this.update();
    });
    engine.onRestart(() => {
      templatesSent = null;
    });
  }

  // showError shows what failed in the panel ('' clears it).
  showError(msg) {
    this.error.textContent = msg;
    this.error.hidden = !msg;
  }

  // showProgram shows or hides the program and what goes with it.
  showProgram(on) {
    for (const el of [this.run, this.where, this.actions, this.pre, this.files]) el.hidden = !on;
    if (!on) {
      this.program = '';
      this.notes.hidden = true;
    }
  }

  // failed shows an error of the engine or of the templates' download.
  failed(what, err) {
    if (err.code === 'cancelled') return;
    this.showError(err instanceof TemplatesError ? err.message : `${what}: ${err.message}`);
  }

  choose(target) {
    this.target = target;
    for (const b of this.tabs.children) {
      const on = b.dataset.testid === `export-tab-${this.pattern}-${target}`;
      b.setAttribute('aria-selected', String(on));
      b.tabIndex = on ? 0 : -1;
    }
    this.update();
  }

  request() {
    return { pattern: this.pattern, target: this.target, config: this.settings() };
  }

  // update shows the program for the current settings (after each run,
  // while the panel is open).
  async update() {
    if (!this.el.open) return;
    const seq = ++this.seq;
    let res;
    try {
      await sendTemplates(this.engine);
      res = await this.engine.export(this.request());
    } catch (err) {
      if (seq === this.seq && err.code !== 'cancelled') {
        // No program for this target: nothing of another target's stays shown.
        this.showProgram(false);
        this.failed('The program could not be written', err);
      }
      return;
    }
    if (seq !== this.seq) return;
    this.showError('');
    this.showProgram(true);
    const t = TARGETS.find((x) => x.id === this.target);
    clear(this.run).append(
      this.pattern === 'data' ? 'Run it in the unzipped folder, next to your file: ' : 'Run it in the unzipped folder: ',
      h('code', {}, res.run),
    );
    this.where.textContent = t.where;
    // The helpers are part of the program (DuckDB's macros, before the SQL
    // that calls them) or a file of their own (values.py, values.go), shown
    // folded after the program, which reads top down without them.
    const [a, b] = res.helperFile ? [res.program.length, res.program.length] : res.helpers;
    const helpers = res.helperFile ? res.helperText : res.program.slice(a, b);
    this.head.textContent = res.program.slice(0, a);
    this.helpers.textContent = helpers;
    this.body.textContent = res.program.slice(b);
    const lang = { 'pipeline.sql': 'SQL macros', 'pipeline.py': 'Python', 'main.go': 'Go' }[res.main];
    const lines = helpers.split('\n').length - 1;
    this.helperNote.textContent = res.helperFile
      ? `${res.helperFile}: the playground's meaning of values — date formats, number rules, rounding, text case — in ${lang}, which ${res.main} uses (${lines} lines: open to read)`
      : `The playground's meaning of values — date formats, number rules, rounding, text case — in ${lang} (${lines} lines: open to read)`;
    this.helperNote.parentElement.hidden = lines === 0; // a program with no helpers (event time) has nothing to open
    this.program = res.program;
    this.main = res.main;
    this.helperFile = res.helperFile;
    this.zipBtn.textContent = '⬇ ' + res.zip;
    this.inputBtn.textContent = '⬇ ' + res.input;
    this.inputBtn.hidden = this.pattern === 'data';
    const program = `${res.main}${res.helperFile ? ', ' + res.helperFile : ''}${res.main === 'main.go' ? ', go.mod' : ''}`;
    if (this.pattern === 'data') {
      this.files.textContent = `${res.zip} holds ${program}, README.md (the commands, and where your file goes) and expected/ (this page's outputs of its last check). Copy your file into the unzipped folder as ${res.input}${res.renamed ? ' (its name as loaded holds characters that are not safe in a command line or a program, so the program reads it under this name)' : ''}, then run the command.`;
    } else {
      const records = fmt(this.settings().records);
      const beam = res.main === 'main.go';
      const readme =
        {
          stream: beam ? ", and how Beam's buffer differs from the page's" : '',
          time: beam
            ? ", how to swap the test stream for Kafka or Pub/Sub on Dataflow, Flink or Spark, and where Prism, Beam's local runner, fires panes differently from the page"
            : '',
        }[this.pattern] || '';
      const input =
        {
          stream: `the ${records} events with their event and arrival times`,
          time: `the event log: the ${records} events with their event, arrival and processing times`,
        }[this.pattern] || `the ${records} generated records, with any injected faults`;
      this.files.textContent = `${res.zip} holds ${program}, README.md (the commands${readme}), ${res.input} (${input}) and expected/ (this page's outputs${this.pattern === 'time' && beam ? ": the dropped events, and each window's panes and final result as the engine fired them" : ''}).`;
    }
    clear(this.notes);
    this.notes.hidden = !res.untranslated.length;
    if (res.untranslated.length) this.notes.append(h('strong', {}, 'Not translated: '), res.untranslated.join('; '));
  }

  async copy() {
    try {
      await navigator.clipboard.writeText(this.program || '');
      this.status.textContent = this.helperFile ? `Copied ${this.main}; it runs beside ${this.helperFile}, which the .zip holds.` : 'Copied.';
    } catch {
      // Clipboard refused (an iframe without permission): select the code to copy by hand.
      const range = document.createRange();
      for (const d of this.code.querySelectorAll('details')) d.open = true;
      range.selectNodeContents(this.code);
      const sel = getSelection();
      sel.removeAllRanges();
      sel.addRange(range);
      this.status.textContent = 'Selected: press Ctrl+C (⌘C) to copy.';
    }
  }

  async saveZip() {
    await this.save('exportZip', this.request(), 'application/zip');
  }

  async saveInput() {
    await this.save('exportInput', { pattern: this.pattern, config: this.settings() }, 'text/csv;charset=utf-8');
  }

  async save(method, args, type) {
    this.status.textContent = 'Preparing…';
    try {
      await sendTemplates(this.engine);
      const res = await this.engine[method](args);
      download(res.parts, res.file, type);
      this.status.textContent = `${res.file}: ${fmt(res.bytes)} bytes.`;
      this.showError('');
    } catch (err) {
      this.status.textContent = '';
      this.failed('Download failed', err);
    }
  }
}
