// Asking about a place: the /impacts requests and their lifecycle (the compact answer, the
// commune's and territory's lists loaded when unfolded, « Nouveautés », the complete answer of
// the exports), the panel they fill and the item shown on the map. A newer question makes the
// answers still on their way to an older one be dropped.

import { announce } from './announce.js';
import { answerView, focusScope, markSelected, summary } from './answerView.js';
import { scopeKey } from './answerRows.js';
import * as api from './api.js';
import { enrich } from './enrich.js';
import { FILTERED_GROUPS, applyToAnswer } from './filters.js';
import { frame } from './framing.js';
import { bounds } from './geo.js';
import { showPlace, showSelection } from './highlight.js';
import { itemKey, itemRef } from './layers.js';
import * as news from './news.js';
import * as placeMod from './place.js';

/** Fits a geometry, with a little context, into the part of the map the panels leave free. */
export function fitTo(map, geometry) {
  frame(map, bounds(geometry), { maxZoom: 17, share: 0.15, minSpanM: 300 });
}

/**
 * `state`: the page state (place, answer, tiers, open, full, filters, selected, news, newsOpen),
 * read and written here; `panel`, `filtersUi`: where the answer and its filter menus go;
 * `programmes()`: programme names by id; `onChange()`: after anything the URL keeps changed.
 */
export function createAsking({ map, state, panel, filtersUi, programmes, onChange }) {
  const answerRoot = document.getElementById('reponse');
  /** The number of the latest question: answers to an older one are dropped. */
  let asking = 0;

  function render() {
    if (!state.answer) return;
    const { answer, hidden } = applyToAnswer(state.filters, state.answer);
    const tiers = Object.fromEntries(Object.entries(state.tiers).map(([key, a]) => [key, applyToAnswer(state.filters, a)]));
    filtersUi.fill(state.answer, programmes(), state.filters);
    const view = answerView(answer, {
      hidden,
      tiers,
      open: state.open,
      onToggleScope: toggleScope,
      hereTitle: placeMod.hereTitle(state.place),
      selectedKey: state.selected,
      onSelect: select,
      note: state.place?.note ?? null,
      ...news.forAnswer(state.news, {
        open: state.newsOpen,
        onToggle: (open) => {
          state.newsOpen = open;
          onChange();
        },
      }),
    });
    panel.show(placeMod.describe(state.place, state.answer), view, placeMod.heading(state.place));
  }

  /** « Nouveautés »: the changes published for the place, once its answer is shown. */
  async function loadNews(mine) {
    const feed = news.feedFor(state.place, state.answer, window.location.origin);
    if (!feed) return;
    let changes = null;
    try {
      changes = await api.follow(feed.changes);
    } catch {
      // No history to show (a server without a store still answers; an error leaves the feed link).
    }
    if (mine !== asking) return;
    state.news = { feed, changes };
    render();
  }

  /** Unfolding a commune or territory scope loads its complete list once. */
  async function toggleScope(scope, open) {
    const key = scopeKey(scope);
    if (!open) {
      state.open.delete(key);
      return;
    }
    state.open.add(key);
    const refocus = () => focusScope(answerRoot, key);
    if (state.tiers[key]) {
      render();
      refocus();
      return;
    }
    const mine = asking;
    render();
    refocus();
    try {
      const loaded = await enrich(await (scope.lien ? api.follow(scope.lien) : api.impacts(state.place, { detail: 'complet', portee: scope.portee })));
      if (mine !== asking) return;
      state.tiers[key] = loaded;
      render();
      refocus();
      announce(`Liste chargée : ${scope.libelle}.`);
    } catch (e) {
      if (mine !== asking) return;
      announce(`Impossible de charger la liste : ${e.message}`);
    }
  }

  /** A quartier or a commune asked about by name is drawn as the place, from the OGC API. */
  async function outlineNamedPlace(answer, mine) {
    const named = answer.lieu?.objet;
    // An îlot is drawn by the click; a commune outside every territory and a contract have no
    // OGC feature to draw.
    if (!named || named.type === 'ilot' || named.type === 'contrat' || (named.type === 'commune' && !named.territoire)) return;
    // A quartier is in its own answer's perimeters, with its link; a commune is in the
    // territory's `communes` collection.
    const ref =
      named.type === 'commune'
        ? { collection: 'communes', featureId: `${named.territoire}:${named.code}` }
        : itemRef((answer.perimetres ?? []).find((p) => p.code === named.code));
    if (!ref) return;
    try {
      const f = await api.feature(ref.collection, ref.featureId);
      if (mine === asking && f?.geometry) showPlace(map, f.geometry);
    } catch {
      // The answer stands without its outline.
    }
  }

  async function ask(place, { keepView = false, selected = null } = {}) {
    const mine = ++asking;
    state.place = place;
    state.selected = null;
    state.tiers = {};
    state.open = new Set();
    state.full = null;
    state.news = null;
    showSelection(map, null);
    showPlace(map, placeMod.geometry(place));
    panel.loading(placeMod.describe(place, null), placeMod.heading(place));
    try {
      const answer = await enrich(await api.impacts(place));
      if (mine !== asking) return;
      state.answer = answer;
      if (place.type === 'ilot') showPlace(map, null);
      render();
      loadNews(mine);
      outlineNamedPlace(answer, mine);
      announce(`Réponse chargée. ${summary(answer)}`);
      if (!keepView && place.type === 'zone') fitTo(map, placeMod.geometry(place));
      if (selected) await selectByKey(selected);
    } catch (e) {
      if (mine !== asking) return;
      state.answer = null;
      panel.error(e.message);
      announce(e.message);
    }
    onChange();
  }

  async function select(group, item) {
    const ref = itemRef(item);
    if (!ref) return;
    state.selected = `${ref.collection}/${ref.featureId}`;
    markSelected(answerRoot, state.selected);
    onChange();
    try {
      const f = await api.feature(ref.collection, ref.featureId);
      showSelection(map, f?.geometry ?? null);
      if (f?.geometry) fitTo(map, f.geometry);
      announce(`« ${item.nom ?? item.titre} » est mis en évidence sur la carte.`);
    } catch (e) {
      announce(`Impossible d’afficher cet élément : ${e.message}`);
    }
  }

  async function selectByKey(key) {
    for (const shown of [state.answer, ...Object.values(state.tiers)]) {
      const { answer } = applyToAnswer(state.filters, shown);
      for (const group of ['perimetres', ...FILTERED_GROUPS]) {
        for (const item of answer[group] ?? []) {
          if (itemKey(item) === key) return select(group, item);
        }
      }
    }
    return undefined;
  }

  return {
    ask,
    /** Renders the answer again (the filters changed). */
    render,
    /** The complete answer (a promise) for the exports and the printed fiche. */
    complete() {
      if (state.answer?.detail === 'complet') return Promise.resolve(state.answer);
      state.full ??= api.impacts(state.place, { detail: 'complet' }).then(enrich);
      return state.full;
    },
    /** The panel was closed: no place any more. */
    forget() {
      state.place = null;
      state.answer = null;
      state.selected = null;
      showPlace(map, null);
      showSelection(map, null);
      onChange();
    },
  };
}
