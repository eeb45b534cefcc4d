// A tiny element builder: every text goes through text nodes, never innerHTML, so names and
// descriptions from the data cannot inject markup.

import { splitAcronyms } from './glossary.js';

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value == null || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child == null || child === false || child === '') continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Text with its known acronyms wrapped in <abbr title="…">. */
export function withAcronyms(text) {
  return splitAcronyms(text).map((part) =>
    typeof part === 'string' ? part : h('abbr', { title: part.title }, part.abbr),
  );
}

export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
}
