// Embed mode (embed=1): the page inside a course page's iframe. One
// pattern, results first, its settings in a collapsible panel (only the
// knobs the link's show= names), and the page tells its host how tall it
// is whenever that changes, so the host can size the iframe with no inner
// scrollbar:
//
//   {subject: 'lti.frameResize', height}          what Canvas listens for
//   {type: 'ingestion-playground:resize', height} for any other host
//
// A host needs a few lines of script for the second (see hostScript).
import { h } from './dom.js';
import { SHORT } from './state.js';
import { CONDITIONAL } from './content.js';

export const RESIZE_TYPE = 'ingestion-playground:resize';

// hostScript is the script a course page adds once to size every
// playground iframe marked data-ingestion-playground to its content.
export const hostScript = `<script>
addEventListener('message', (e) => {
  if (!e.data || e.data.type !== '${RESIZE_TYPE}') return;
  for (const f of document.querySelectorAll('iframe[data-ingestion-playground]'))
    if (f.contentWindow === e.source) f.style.height = e.data.height + 'px';
});
</script>`;

// applyEmbed lays a pattern's section out for an embed. show lists the
// short keys of the knobs to keep (null: all); na maps the keys of the
// knobs that do not apply at the link's settings to true.
export function applyEmbed(section, show, na = {}) {
  const form = section.querySelector('form.controls');
  if (form && !form.closest('details.settings-panel')) {
    const panel = h('details', { class: 'settings-panel card', testid: 'settings-panel-' + section.id }, h('summary', {}, 'Settings'));
    form.classList.remove('card');
    form.replaceWith(panel);
    panel.append(form);
  }
  if (!show) {
    // Every setting (a later link without show= on an embed that had one).
    for (const el of section.querySelectorAll('.field[data-key], details.faults, .knob-group')) el.hidden = false;
    return;
  }
  const keep = new Set(show);
  // A knob shown that does not apply at the link's settings (a sliding
  // window's period with tumbling windows, the queue's policy with the
  // queue off) comes with the knob that makes it apply: alone, it would be
  // hidden, and the learner could not turn it on.
  for (const [key, { by }] of Object.entries(CONDITIONAL)) {
    if (na[key] && keep.has(SHORT[key] || key)) keep.add(SHORT[by] || by);
  }
  for (const field of section.querySelectorAll('.field[data-key]')) {
    const key = field.dataset.key;
    field.hidden = !keep.has(SHORT[key] || key);
  }
  // The settings show= names are what the embed is for: the panels
  // holding them open, and a group with none of them goes (the
  // data-quality faults, the Event time tab's groups and its folded
  // Backpressure).
  let any = false;
  for (const group of section.querySelectorAll('details.faults, .knob-group')) {
    const shown = [...group.querySelectorAll('.field[data-key]')].some((f) => !f.hidden);
    group.hidden = !shown;
    if (shown && group.tagName === 'DETAILS') group.open = true;
    any ||= shown;
  }
  any ||= [...section.querySelectorAll('form.controls .field[data-key]')].some((f) => !f.hidden);
  const panel = section.querySelector('details.settings-panel');
  if (panel && any) panel.open = true;
}

// reportHeight posts the page's height to its host whenever it changes.
export function reportHeight() {
  if (window.parent === window) return;
  let last = 0;
  let queued = false;
  const send = () => {
    queued = false;
    const height = Math.ceil(document.body.getBoundingClientRect().height);
    if (height === last) return;
    last = height;
    try {
      window.parent.postMessage({ subject: 'lti.frameResize', height }, '*');
      window.parent.postMessage({ type: RESIZE_TYPE, height }, '*');
    } catch {
      /* no host to tell */
    }
  };
  new ResizeObserver(() => {
    if (!queued) {
      queued = true;
      requestAnimationFrame(send);
    }
  }).observe(document.body);
  send();
}
