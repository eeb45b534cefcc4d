// The printable « fiche lieu »: the map as an image, the place, the grouped answer, its
// sources and the date, laid out by the print stylesheet.

import { h, clear } from './dom.js';
import { answerView } from './answerView.js';
import { rows } from './answerRows.js';

export function printSheet(map, placeText, answer, hidden = {}) {
  const image = document.getElementById('fiche-carte');
  try {
    image.src = map.getCanvas().toDataURL('image/png');
  } catch {
    image.removeAttribute('src');
  }
  document.getElementById('fiche-lieu').textContent = placeText;
  const body = document.getElementById('fiche-reponse');
  clear(body);
  const view = answerView(answer, { hidden });
  // Printed, every group is unfolded.
  for (const d of view.querySelectorAll('details')) d.open = true;
  for (const b of view.querySelectorAll('button')) b.remove();
  body.append(view);
  const sources = document.getElementById('fiche-sources');
  clear(sources);
  const docs = new Map();
  for (const r of rows(answer)) {
    if (r.item.source_document && !docs.has(r.item.source_document)) docs.set(r.item.source_document, r.item.source_section);
  }
  for (const doc of docs.keys()) sources.append(h('li', {}, doc));
  const now = new Date();
  document.getElementById('fiche-date').textContent = `Fiche éditée le ${now.toLocaleDateString('fr-FR', { dateStyle: 'long' })} à ${now.toLocaleTimeString('fr-FR', { timeStyle: 'short' })}, d’après les données publiées par le serveur Quartiers.`;
  window.print();
}
