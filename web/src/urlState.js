// The page state kept in the URL fragment (permalink.js encodes it): written after every
// change, read back at boot and when the fragment changes (a pasted link, the back button).

import * as permalink from './permalink.js';

/**
 * `state`: the page state; `apply(decoded)`: puts a decoded fragment's filters, layers and
 * territory on the page, and asks about its place (async). Returns `{ save, restore, listen }`.
 */
export function createUrlState({ map, state, apply }) {
  /** While a fragment is being applied, its own changes must not rewrite it. */
  let restoring = false;

  function current() {
    const c = map.getCenter();
    return permalink.encode({ ...state, view: { lon: c.lng, lat: c.lat, zoom: map.getZoom() } });
  }

  function save() {
    if (restoring) return;
    window.history.replaceState(null, '', `#${current()}`);
  }

  async function restore(fragment) {
    const s = permalink.decode(fragment);
    restoring = true;
    try {
      if (s.view) map.jumpTo({ center: [s.view.lon, s.view.lat], zoom: s.view.zoom });
      state.filters = s.filters;
      state.unlocated = s.unlocated;
      state.newsOpen = s.newsOpen;
      state.hidden = s.hidden;
      if (s.territory) state.territory = s.territory;
      await apply(s);
    } finally {
      restoring = false;
    }
    save();
  }

  return {
    save,
    restore,
    /** Follows the map's moves and the fragment's changes from outside. */
    listen() {
      map.on('moveend', save);
      window.addEventListener('hashchange', () => {
        if (window.location.hash.slice(1) !== current()) restore(window.location.hash);
      });
    },
  };
}
