// The territory menu of the header: every loaded territory (the `territoires` collection) and
// « Toute la France » (the national QPV layer). Choosing one frames it; the choice is kept in
// the permalink (`territoire=slug`, `territoire=france`), so a shared link opens on the same
// choice. A few territories are a `<select>`; past MANY (an instance for a région or all of
// France serves up to 344) a text field whose suggestions (a `<datalist>`) narrow as one
// types, the browser's own searchable list.

import * as api from './api.js';
import { bounds } from './geo.js';
import { h } from './dom.js';
import { fold } from './searchIndex.js';
import { ALL_FRANCE, MANY_TERRITORIES } from './view.js';

const FRANCE_LABEL = 'Toute la France';

export async function createTerritoryChoice({ container, selected, onChoose }) {
  let territories = [];
  try {
    territories = await api.allFeatures('territoires', {}, 50);
  } catch {
    return null; // No territory collection: nothing to choose.
  }
  if (territories.length < 2) return null;
  const choices = territories
    .map((t) => ({ slug: t.properties?.territoire, name: t.properties?.nom ?? t.properties?.territoire, t }))
    .filter((x) => x.slug)
    .sort((a, b) => a.name.localeCompare(b.name, 'fr'));
  const frame = (slug) => {
    const t = territories.find((x) => x.properties?.territoire === slug);
    return t?.geometry ? bounds(t.geometry) : null;
  };
  const label = h('label', { for: 'choix-territoire', class: 'visuellement-cache' }, 'Territoire affiché');
  const known = (slug) => choices.some((x) => x.slug === slug);
  if (choices.length <= MANY_TERRITORIES) {
    const select = h('select', { id: 'choix-territoire', class: 'bouton choix-territoire' }, [
      h('option', { value: ALL_FRANCE }, FRANCE_LABEL),
      ...choices.map((x) => h('option', { value: x.slug }, x.name)),
    ]);
    container.prepend(label, select);
    const set = (slug) => {
      select.value = known(slug) ? slug : ALL_FRANCE;
    };
    set(selected);
    select.addEventListener('change', () => onChoose(select.value, frame(select.value)));
    return { set };
  }
  return searchable({ container, label, choices, selected, onChoose, frame });
}

/** The text field with its suggestions: a name typed or picked is chosen, anything else undone. */
function searchable({ container, label, choices, selected, onChoose, frame }) {
  // Two EPCIs may share a name: the slug tells them apart.
  const counts = new Map();
  for (const x of choices) counts.set(x.name, (counts.get(x.name) ?? 0) + 1);
  const shown = (x) => (counts.get(x.name) > 1 ? `${x.name} (${x.slug})` : x.name);
  const bySlug = new Map(choices.map((x) => [x.slug, shown(x)]));
  const byName = new Map([[fold(FRANCE_LABEL), ALL_FRANCE], ...choices.map((x) => [fold(shown(x)), x.slug])]);
  const list = h('datalist', { id: 'liste-territoires' }, [
    h('option', { value: FRANCE_LABEL }),
    ...choices.map((x) => h('option', { value: shown(x) })),
  ]);
  const input = h('input', {
    id: 'choix-territoire',
    type: 'text',
    list: 'liste-territoires',
    class: 'bouton choix-territoire choix-territoire--recherche',
    autocomplete: 'off',
    spellcheck: 'false',
    placeholder: `Territoire (${choices.length})…`,
    title: `${choices.length} territoires : tapez un nom`,
  });
  container.prepend(label, input, list);
  let current = ALL_FRANCE;
  const set = (slug) => {
    current = bySlug.has(slug) ? slug : ALL_FRANCE;
    input.value = current === ALL_FRANCE ? FRANCE_LABEL : bySlug.get(current);
  };
  set(selected);
  // Emptied to type a name: what was shown comes back if nothing is chosen.
  input.addEventListener('focus', () => input.select());
  input.addEventListener('change', () => {
    const slug = byName.get(fold(input.value));
    if (!slug) {
      set(current);
      return;
    }
    set(slug);
    onChoose(slug, slug === ALL_FRANCE ? null : frame(slug));
  });
  return { set };
}
