// The territory menu of the header: every loaded territory (the `territoires` collection) and
// « Toute la France » (the national QPV layer). Choosing one frames it; the choice is kept in
// the permalink (`territoire=slug`, `territoire=france`), so a shared link opens on the same
// choice.

import * as api from './api.js';
import { bounds } from './geo.js';
import { h } from './dom.js';
import { ALL_FRANCE } from './view.js';

export async function createTerritoryChoice({ container, selected, onChoose }) {
  let territories = [];
  try {
    territories = await api.allFeatures('territoires', {}, 50);
  } catch {
    return null; // No territory collection: nothing to choose.
  }
  if (territories.length < 2) return null;
  const select = h('select', { id: 'choix-territoire', class: 'bouton choix-territoire' }, [
    h('option', { value: ALL_FRANCE }, 'Toute la France'),
    ...territories
      .map((t) => ({ slug: t.properties?.territoire, name: t.properties?.nom ?? t.properties?.territoire, t }))
      .filter((x) => x.slug)
      .sort((a, b) => a.name.localeCompare(b.name, 'fr'))
      .map((x) => h('option', { value: x.slug }, x.name)),
  ]);
  const label = h('label', { for: 'choix-territoire', class: 'visuellement-cache' }, 'Territoire affiché');
  container.prepend(label, select);
  const frame = (slug) => {
    const t = territories.find((x) => x.properties?.territoire === slug);
    return t?.geometry ? bounds(t.geometry) : null;
  };
  const set = (slug) => {
    select.value = territories.some((t) => t.properties?.territoire === slug) ? slug : ALL_FRANCE;
  };
  set(selected);
  select.addEventListener('change', () => onChoose(select.value, frame(select.value)));
  return { set };
}
