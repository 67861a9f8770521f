// Pipeline diagrams with live counts: source → steps → target, and a side
// branch for what a step rejects. Each node shows what the last run did.
import { h } from './dom.js';

// node: {id, title, detail, count, kind} — kind colours the box (source,
// step, buffer, quality, target, reject).
export function pipeline(nodes, { reject, testid } = {}) {
  const row = h('div', { class: 'flow' });
  nodes.forEach((n, i) => {
    if (i > 0) row.append(h('span', { class: 'arrow', 'aria-hidden': 'true' }, '→'));
    row.append(box(n));
  });
  const fig = h('figure', { class: 'diagram', testid }, row);
  if (reject) {
    const under = h('div', { class: 'branch' }, h('span', { class: 'arrow down', 'aria-hidden': 'true' }, '↳'), box({ ...reject, kind: 'reject' }));
    under.style.marginLeft = `${reject.offset || 0}%`;
    fig.append(under);
  }
  return fig;
}

function box(n) {
  return h(
    'div',
    { class: `node ${n.kind || 'step'}`, testid: n.id ? 'node-' + n.id : undefined },
    h('div', { class: 'node-title' }, n.title),
    n.count !== undefined ? h('div', { class: 'node-count' }, n.count) : null,
    n.detail ? h('div', { class: 'node-detail' }, n.detail) : null,
  );
}
