// The search box: an ARIA 1.2 combobox with a listbox of suggestions, usable with the keyboard
// alone. One ranked list (searchRank.js) of the geocoder's results when the server has one
// (addresses, streets and the places it indexes, each with its kind) and the dataset's names.
// An address asked and not found is said first (« Aucune adresse trouvée » and why), above the
// places whose names match, never replaced by unrelated ones.

import { h, clear } from './dom.js';
import { announce } from './announce.js';
import * as api from './api.js';
import { geocoderEntry, isAddress, looksLikeAddress, mergeResults, MAX_SUGGESTIONS } from './searchRank.js';

const MIN_CHARS = 2;
const DELAY_MS = 150;
/** Asked of each source, before merging and cutting to MAX_SUGGESTIONS. */
const PER_SOURCE = 20;

/**
 * `onChoose(entry)`: an address ({ point }) or a dataset feature ({ collection, featureId,
 * bounds, point }). `getCenter()`: [lon, lat] of the view, to rank ties by distance.
 */
export function createSearch({ input, listbox, index, onChoose, getCenter = () => null }) {
  let results = [];
  /** « Aucune adresse trouvée — why », or null. */
  let noAddress = null;
  let active = -1;
  let timer = null;
  let generation = 0;

  function close() {
    listbox.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  }

  /** The suggestions' elements, without the notes (« Aucune adresse trouvée »…). */
  const items = () => [...listbox.children].filter((li) => li.dataset.index != null);

  function setActive(i) {
    active = i;
    const lis = items();
    for (const [j, li] of lis.entries()) li.setAttribute('aria-selected', j === i ? 'true' : 'false');
    if (i >= 0 && lis[i]) {
      input.setAttribute('aria-activedescendant', lis[i].id);
      lis[i].scrollIntoView({ block: 'nearest' });
    } else {
      input.removeAttribute('aria-activedescendant');
    }
  }

  function choose(i) {
    const entry = results[i];
    if (!entry) return;
    input.value = entry.label;
    close();
    onChoose(entry);
  }

  function render() {
    clear(listbox);
    const note = noAddress ? [noAddress.message || 'Aucune adresse trouvée', noAddress.raison].filter(Boolean).join(' : ') : null;
    if (note) {
      listbox.append(h('li', { class: 'suggestion suggestion--vide', role: 'option', 'aria-disabled': 'true', id: 'suggestion-aucune-adresse' }, note));
    }
    results.forEach((r, i) => {
      listbox.append(
        h(
          'li',
          {
            id: `suggestion-${i}`,
            'data-index': String(i),
            role: 'option',
            'aria-selected': 'false',
            class: 'suggestion',
            onmousedown: (e) => e.preventDefault(),
            onclick: () => choose(i),
          },
          h('span', { class: 'suggestion__nom' }, r.label),
          h('span', { class: 'suggestion__type' }, [r.kind, r.detail].filter(Boolean).join(' · ')),
        ),
      );
    });
    if (!results.length && !note) {
      listbox.append(h('li', { class: 'suggestion suggestion--vide', role: 'option', 'aria-disabled': 'true', id: 'suggestion-vide' }, 'Aucun résultat'));
    }
    listbox.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    active = -1;
    const count = results.length ? `${results.length} suggestion${results.length > 1 ? 's' : ''}` : note ? '' : 'Aucun résultat';
    announce([note, count].filter(Boolean).join('. '));
  }

  async function update() {
    const query = input.value.trim();
    const mine = ++generation;
    if (query.length < MIN_CHARS) {
      results = [];
      close();
      return;
    }
    const [answer, names] = await Promise.all([api.geocode(query, PER_SOURCE), index.search(query, PER_SOURCE)]);
    if (mine !== generation) return; // A newer keystroke won.
    results = mergeResults(query, names, answer.features.map(geocoderEntry).filter(Boolean), { center: getCenter(), limit: MAX_SUGGESTIONS });
    noAddress = looksLikeAddress(query) && !results.some(isAddress) ? (answer.noAddress ?? { message: 'Aucune adresse trouvée' }) : null;
    render();
  }

  input.addEventListener('focus', () => index.warm());
  input.addEventListener('input', () => {
    window.clearTimeout(timer);
    timer = window.setTimeout(update, DELAY_MS);
  });
  input.addEventListener('keydown', async (e) => {
    const open = !listbox.hidden && results.length > 0;
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      if (!open) await update();
      if (results.length) setActive((active + 1) % results.length);
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      if (open) setActive(active <= 0 ? results.length - 1 : active - 1);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      window.clearTimeout(timer);
      if (!open) await update();
      if (results.length) choose(active >= 0 ? active : 0);
    } else if (e.key === 'Escape') {
      if (!listbox.hidden) close();
      else input.value = '';
    }
  });
  input.addEventListener('blur', () => window.setTimeout(close, 150));
}
