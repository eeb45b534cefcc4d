// Boots the map and wires the page: one state object (place, answer, filters, hidden layers,
// selection, territory), kept in the URL (urlState.js), filled by the asking (asking.js) from
// the map's inputs (mapInputs.js). Rendering lives in the modules those import.

import * as maplibregl from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import './styles/main.css';

import { addressCredit } from './addressCredit.js';
import { setupAddressList } from './addressList.js';
import { setupAnswerActions } from './answerActions.js';
import { createAsking } from './asking.js';
import { setupChrome } from './chrome.js';
import { loadConfig } from './config.js';
import { h } from './dom.js';
import { EMPTY } from './filters.js';
import { createFiltersUi } from './filtersUi.js';
import { frame } from './framing.js';
import { installHighlight } from './highlight.js';
import { provideEquipmentIcons, setFamilies } from './icons.js';
import { ensureImprecisionMarks, provideHatches } from './imprecision.js';
import { setupLayerExport } from './layerExport.js';
import { loadLayers } from './layers.js';
import { renderLegend, setLayerVisible, showLayers } from './legend.js';
import { applyMapFilters } from './mapFilters.js';
import { setupLocate, setupMapInputs, setupSearch } from './mapInputs.js';
import { MAP_LOCALE } from './mapLocale.js';
import { loadStyle } from './mapStyle.js';
import { createPanel } from './panel.js';
import * as permalink from './permalink.js';
import { programmeNames } from './programmes.js';
import { createTerritoryChoice } from './territoryChoice.js';
import { createUrlState } from './urlState.js';
import { FRANCE, initialView, territoryOf } from './view.js';

const $ = (id) => document.getElementById(id);

function newState() {
  return {
    place: null,
    /** The compact answer: what is here in full, the commune's and the territory's counted. */
    answer: null,
    /** Scope key → the complete list of a commune or territory scope, loaded when unfolded. */
    tiers: {},
    /** Keys of the scope sections the user unfolded. */
    open: new Set(),
    /** The complete answer (a promise), fetched for the exports and the printed fiche. */
    full: null,
    filters: { ...EMPTY },
    hidden: [],
    selected: null,
    /** Also draw features only known to lie in a quartier, commune or territory. */
    unlocated: false,
    /** The changes published for the place and its feed (news.js), and whether « Nouveautés » is open. */
    news: null,
    newsOpen: false,
    /** Slug of the territory chosen in the header's menu (kept in the permalink). */
    territory: null,
  };
}

async function boot() {
  const state = newState();
  const config = await loadConfig();
  const [loaded, layers, addresses] = await Promise.all([loadStyle(config), loadLayers(), addressCredit()]);
  const { sourceId } = loaded;
  const fromUrl = permalink.decode(window.location.hash);
  const hasView = fromUrl.view != null;
  state.territory = fromUrl.territory;
  const view = hasView ? FRANCE : await initialView(fromUrl.territory, config.territory);
  const map = new maplibregl.Map({
    container: 'carte',
    style: loaded.style,
    ...(view.bounds ? { bounds: view.bounds, fitBoundsOptions: { padding: 20 } } : { center: view.center, zoom: view.zoom }),
    locale: MAP_LOCALE,
    attributionControl: { compact: true, ...(addresses ? { customAttribution: addresses } : {}) },
    canvasContextAttributes: { preserveDrawingBuffer: true },
    maxZoom: 19,
  });
  window.quartiersMap = map; // For the end-to-end tests and for debugging in the console.
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'bottom-right');
  map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-left');
  provideHatches(map);
  setFamilies(loaded.style);
  provideEquipmentIcons(map);
  /** Programme names by id, for the filter menu. */
  let programmes = {};
  programmeNames().then((names) => {
    programmes = names;
  });

  // The asking, the URL and the filters call each other: each is reached through the others'
  // closures, once all exist.
  let territoryChoice = null;
  const url = createUrlState({
    map,
    state,
    apply: async (s) => {
      // config.json's `territoire_par_defaut` is what the menu shows until a territory is chosen.
      territoryChoice?.set(state.territory ?? config.territory);
      $('montrer-vagues').checked = s.unlocated;
      filtersUi.set(s.filters);
      applyMapFilters(map, s.filters, s.unlocated);
      showLayers($('legende'), map, s.hidden);
      if (s.place) await asking.ask(s.place, { keepView: true, selected: s.selected });
    },
  });
  const panel = createPanel({ onClose: () => asking.forget() });
  const filtersUi = createFiltersUi({
    onChange: (f) => {
      // A `change` on blur repeats the last `input`: re-rendering then would swallow the
      // click that caused the blur.
      if (JSON.stringify(f) === JSON.stringify(state.filters)) return;
      state.filters = f;
      applyMapFilters(map, f, state.unlocated);
      asking.render();
      url.save();
    },
  });
  const asking = createAsking({ map, state, panel, filtersUi, programmes: () => programmes, onChange: url.save });

  setupChrome();
  territoryChoice = await createTerritoryChoice({
    container: document.querySelector('.barre__actions'),
    selected: state.territory ?? config.territory,
    onChoose: (slug, box) => {
      state.territory = slug;
      if (box) map.fitBounds(box, { padding: 20, duration: 600 });
      else map.flyTo({ center: FRANCE.center, zoom: FRANCE.zoom, duration: 600 });
      url.save();
    },
  });
  setupAddressList();
  setupAnswerActions({ map, state, asking, saveUrl: url.save });
  // A place picked by name moves the territory menu to the territory it lies in (« Toute la
  // France » outside every loaded one, and when the server knows it in none: a 404).
  const askPicked = async (place) => {
    await asking.ask(place);
    if (state.place !== place) return;
    state.territory = territoryOf(state.answer);
    territoryChoice?.set(state.territory);
    url.save();
  };
  // A territory picked in the search box is chosen as in the menu.
  const chooseTerritory = (slug) => {
    state.territory = slug;
    territoryChoice?.set(slug);
    url.save();
  };
  setupSearch({ map, layers, ask: askPicked, onTerritory: chooseTerritory });
  // The first view: the territory in the part of the map the open panels leave free.
  if (view.bounds) frame(map, view.bounds, { share: 0.02, minSpanM: 0, maxZoom: 14, duration: 0 });
  setupLocate({ map, ask: asking.ask, panel });
  setupLayerExport(layers, () => state.filters);

  map.on('load', async () => {
    ensureImprecisionMarks(map, sourceId);
    installHighlight(map);
    renderLegend($('legende'), map.getStyle(), sourceId, {
      layers,
      hidden: state.hidden,
      onToggle: (id, visible) => {
        setLayerVisible(map, id, visible);
        state.hidden = visible ? state.hidden.filter((x) => x !== id) : [...new Set([...state.hidden, id])];
        url.save();
      },
    });
    $('montrer-vagues').addEventListener('change', (e) => {
      state.unlocated = e.target.checked;
      applyMapFilters(map, state.filters, state.unlocated);
      url.save();
    });
    setupMapInputs({ map, sourceId, layers, ask: asking.ask });
    url.listen();
    await url.restore(window.location.hash);
    document.body.dataset.pret = 'oui';
  });
}

boot().catch((e) => {
  console.error(e);
  const message = `La carte n’a pas pu démarrer : ${e.message}`;
  $('carte').append(h('p', { class: 'erreur erreur--carte', role: 'alert' }, message));
});
