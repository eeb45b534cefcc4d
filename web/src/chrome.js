// The page's own panels: the legend-and-filters drawer and the glossary dialog.

import { h } from './dom.js';
import { TERMS } from './glossary.js';

export function setupChrome() {
  const $ = (id) => document.getElementById(id);
  const tools = $('outils');
  const toggle = $('ouvrir-outils');
  const setTools = (open) => {
    tools.hidden = !open;
    toggle.setAttribute('aria-expanded', open ? 'true' : 'false');
  };
  toggle.addEventListener('click', () => setTools(tools.hidden));
  $('fermer-outils').addEventListener('click', () => {
    setTools(false);
    toggle.focus();
  });
  // Open beside the map on wide screens; on smaller ones it would cover it.
  setTools(window.matchMedia('(min-width: 1100px)').matches);

  const dialog = $('glossaire');
  const list = $('glossaire-liste');
  for (const [term, definition] of Object.entries(TERMS)) list.append(h('dt', {}, term), h('dd', {}, definition));
  $('ouvrir-glossaire').addEventListener('click', () => dialog.showModal());
  $('fermer-glossaire').addEventListener('click', () => dialog.close());
}
