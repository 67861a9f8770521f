// Sharing a setup: links, settings files and the embed dialog.
import { h, $, clear, fmt, download } from './dom.js';
import { PATTERNS, SHORT, encodeHash, decodeHash } from './state.js';
import { controlsOf } from './content.js';
import { hostScript } from './embed.js';
import { TITLES, app, setStatus } from './page.js';
import { saveHash } from './form.js';
import { render } from './render.js';
import { useState } from './app.js';

// copyText copies text, or shows it to copy by hand; it says which.
async function copyText(text, what) {
  try {
    await navigator.clipboard.writeText(text);
    setStatus(`${what} copied.`, 'ok');
    return true;
  } catch {
    // Clipboard refused (e.g. an iframe without permission): show it to copy by hand.
    const box = $('[data-testid="share-text"]');
    box.value = text;
    box.hidden = false;
    box.select();
    setStatus(`Select and copy the ${what.toLowerCase()} below.`, 'ok');
    return false;
  }
}

// LONG_LINK is the length past which many learning platforms, chat apps
// and mail programs cut a link (or refuse it).
const LONG_LINK = 2000;
const SETTINGS_FILE = 'playground-settings.txt';
const SETTINGS_MAX = 1 << 20; // a settings file is a link's hash: far below this

// copyLink copies the link to this setup; a link too long to travel
// safely is copied all the same, with a warning and the way that fits.
// unfinished names the settings marked wrong on any tab: a link or a
// settings file would carry their last good values, not what the form
// shows, so sharing waits until they are fixed.
function unfinished(what) {
  const bad = [...document.querySelectorAll('section.pattern .field.invalid')];
  if (!bad.length) return false;
  const names = bad.map(
    (f) => `“${f.querySelector('label')?.firstChild?.textContent?.trim() || f.dataset.key}” (${TITLES[f.closest('section').id] || f.closest('section').id})`,
  );
  setStatus(
    `Fix ${names.slice(0, 3).join(', ')}${names.length > 3 ? '…' : ''} first: ${what} would carry the last good value${bad.length > 1 ? 's' : ''}, not what the form shows.`,
    'bad',
  );
  bad[0].querySelector('input, select, textarea')?.focus();
  return true;
}

export async function copyLink() {
  if (unfinished('the link')) return;
  const url = await shareURL({ run: true, embed: false });
  const copied = await copyText(url, 'Link');
  if (url.length <= LONG_LINK) return;
  setStatus(
    `${copied ? 'Link copied, but it' : 'The link below'} is ${fmt(url.length)} characters long: many learning platforms and chat apps cut links longer than ${fmt(LONG_LINK)} characters, and a cut link loses settings. To share this setup, press Download settings and send the file (${SETTINGS_FILE}); Open settings… applies it.`,
    'warn',
  );
}

// downloadSettings saves the setup as a small text file: the link's hash,
// which Open settings… reads back the way a link is read.
export async function downloadSettings() {
  if (unfinished('the settings file')) return;
  const hash = await encodeHash({ ...app.state, run: true, embed: false }, app.defaults);
  download([hash + '\n'], SETTINGS_FILE, 'text/plain;charset=utf-8');
  setStatus(`Settings saved as ${SETTINGS_FILE}: open it here with Open settings… to get this setup back.`, 'ok');
}

// openSettings applies a settings file (or a text file holding a link):
// the same reader and the same checks as a link, the same messages.
export async function openSettings(file) {
  if (!file) return;
  if (file.size > SETTINGS_MAX) {
    setStatus(`${file.name} is ${fmt(file.size)} bytes: too big for a settings file (the text of a link). Nothing was changed.`, 'bad');
    return;
  }
  let text;
  try {
    text = (await file.text()).trim();
  } catch (err) {
    setStatus(`${file.name} cannot be read (${err.message}). Nothing was changed.`, 'bad');
    return;
  }
  const at = text.indexOf('#');
  const hash = at >= 0 ? text.slice(at) : text;
  if (!hash.replace(/^#/, '')) {
    setStatus(`${file.name} holds no settings (a settings file holds a link's part after #). Nothing was changed.`, 'bad');
    return;
  }
  const state = await decodeHash(hash, app.defaults);
  app.linkGen++;
  useState(state, 'settings file', `Settings opened from ${file.name}.`);
  saveHash(); // the address follows the settings, as it does for any change
}

export async function shareURL(extra) {
  const hash = await encodeHash({ ...app.state, ...extra }, app.defaults);
  return location.href.split('#')[0] + hash; // (a page opened from disk has no origin to build on)
}

// openEmbedDialog lets a teacher choose what an embed shows — the pattern,
// its knobs, autorun, theme, and whether it sizes itself — and gives the
// code to paste into a course page.
export function openEmbedDialog() {
  const pattern = h(
    'select',
    { testid: 'embed-pattern', 'aria-label': 'Pattern' },
    [...PATTERNS, 'data'].map((p) => h('option', { value: p, selected: p === app.state.pattern }, p === 'data' ? 'Your data' : TITLES[p])),
  );
  const knobs = h('fieldset', { class: 'embed-knobs' });
  const autorun = h('input', { type: 'checkbox', checked: true, testid: 'embed-autorun' });
  const theme = h(
    'select',
    { testid: 'embed-theme', 'aria-label': 'Theme' },
    [
      ['', 'as the visitor’s system'],
      ['light', 'light'],
      ['dark', 'dark'],
    ].map(([v, l]) => h('option', { value: v }, l)),
  );
  const fit = h(
    'select',
    { testid: 'embed-height', 'aria-label': 'Height' },
    [
      ['fit', 'fits its content (Canvas, or the script below)'],
      ['fixed', 'fixed at 760 px'],
    ].map(([v, l]) => h('option', { value: v }, l)),
  );
  const code = h('textarea', { rows: 8, readonly: true, testid: 'embed-code', 'aria-label': 'Embed code' });
  const drawKnobs = () => {
    clear(knobs).append(h('legend', {}, 'Settings the learner sees'));
    const p = pattern.value;
    if (p === 'data') return;
    const all = [...controlsOf(p), ...(p !== 'stream' && p !== 'etl' ? [] : [{ key: 'rules', label: p === 'stream' ? 'Event checks' : 'Quality rules' }])];
    for (const c of all) {
      const box = h('input', { type: 'checkbox', checked: true, dataset: { short: SHORT[c.key] || c.key }, testid: 'embed-knob-' + (SHORT[c.key] || c.key) });
      box.addEventListener('change', render);
      knobs.append(h('label', { class: 'check' }, box, ' ', c.label));
    }
  };
  async function render() {
    const boxes = [...knobs.querySelectorAll('input[type=checkbox]')];
    const show = boxes.every((b) => b.checked) ? null : boxes.filter((b) => b.checked).map((b) => b.dataset.short);
    const url = await shareURL({ pattern: pattern.value, run: autorun.checked, embed: true, show, theme: theme.value });
    const title = pattern.value === 'data' ? 'Your data' : TITLES[pattern.value];
    const frame = `<iframe src="${url.replace(/"/g, '&quot;')}" title="Ingestion playground: ${title}" width="100%" height="760" style="border:0" loading="lazy"${fit.value === 'fit' ? ' data-ingestion-playground' : ''}></iframe>`;
    code.value = fit.value === 'fit' ? frame + '\n' + hostScript : frame;
  }
  pattern.addEventListener('change', () => {
    drawKnobs();
    render();
  });
  for (const el of [autorun, theme, fit]) el.addEventListener('change', render);
  const dialog = h(
    'dialog',
    { class: 'embed-dialog', testid: 'embed-dialog', 'aria-labelledby': 'embed-title' },
    h('h2', { id: 'embed-title' }, 'Embed in a course page'),
    h(
      'div',
      { class: 'embed-form' },
      h('label', {}, 'Pattern ', pattern),
      knobs,
      h('label', { class: 'check' }, autorun, ' run on open'),
      h('label', {}, 'Theme ', theme),
      h('label', {}, 'Height ', fit),
    ),
    h(
      'p',
      { class: 'hint' },
      'Paste this into the page. With “fits its content” the frame grows and shrinks with the playground: Canvas does it by itself; other sites need the script below the frame (once per page).',
    ),
    code,
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'button', class: 'primary', testid: 'embed-copy', onclick: () => copyText(code.value, 'Embed code') }, 'Copy'),
      h('button', { type: 'button', class: 'secondary', onclick: () => dialog.close() }, 'Close'),
    ),
  );
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  drawKnobs();
  render();
  dialog.showModal();
}
