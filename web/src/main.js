// Boots the map and wires the page: one state object (place, answer, filters, hidden layers,
// selection) kept in the URL, and one function per user action. Rendering lives in the
// modules it imports.

import * as maplibregl from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import './styles/main.css';

import { setupAddressList } from './addressList.js';
import { announce } from './announce.js';
import { summary, answerView } from './answerView.js';
import * as api from './api.js';
import { setupChrome } from './chrome.js';
import { loadConfig } from './config.js';
import { h } from './dom.js';
import { createDrawing } from './draw.js';
import { enrich } from './enrich.js';
import * as exportsMod from './exports.js';
import { EMPTY, FILTERED_GROUPS, applyToAnswer } from './filters.js';
import { createFiltersUi } from './filtersUi.js';
import { frame } from './framing.js';
import { bounds } from './geo.js';
import { installHighlight, showPlace, showSelection } from './highlight.js';
import { provideEquipmentIcons, setFamilies } from './icons.js';
import { ensureImprecisionMarks, provideHatches } from './imprecision.js';
import { setupLayerExport } from './layerExport.js';
import { itemRef, loadLayers } from './layers.js';
import { scopeKey } from './answerRows.js';
import { renderLegend, setLayerVisible } from './legend.js';
import { locate } from './locate.js';
import { applyMapFilters } from './mapFilters.js';
import { MAP_LOCALE } from './mapLocale.js';
import * as news from './news.js';
import { loadStyle } from './mapStyle.js';
import { createPanel } from './panel.js';
import * as permalink from './permalink.js';
import { createTerritoryChoice } from './territoryChoice.js';
import * as placeMod from './place.js';
import { closePopup, featuresAt, showPopup } from './popup.js';
import { printSheet } from './print.js';
import { programmeNames } from './programmes.js';
import { createSearch } from './search.js';
import { createIndex } from './searchIndex.js';
import { FRANCE, initialView } from './view.js';

const state = {
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

let map;
let sourceId;
/** The server's layers (layers.js): their titles in the legend, the popup and the export menu. */
let layers;
let panel;
let filtersUi;
let drawing;
let restoring = false;
let territoryChoice = null;
/** config.json's `territoire_par_defaut`: what the menu shows until a territory is chosen. */
let defaultTerritory = null;
/** Programme names by id, for the filter menu. */
let programmes = {};

const $ = (id) => document.getElementById(id);

// ---- URL state -------------------------------------------------------------------------

function saveUrl() {
  if (restoring || !map) return;
  const c = map.getCenter();
  const fragment = permalink.encode({ ...state, view: { lon: c.lng, lat: c.lat, zoom: map.getZoom() } });
  window.history.replaceState(null, '', `#${fragment}`);
}

async function restore(fragment) {
  const s = permalink.decode(fragment);
  restoring = true;
  try {
    if (s.view) map.jumpTo({ center: [s.view.lon, s.view.lat], zoom: s.view.zoom });
    state.filters = s.filters;
    state.unlocated = s.unlocated;
    state.newsOpen = s.newsOpen;
    if (s.territory) state.territory = s.territory;
    territoryChoice?.set(state.territory ?? defaultTerritory);
    $('montrer-vagues').checked = s.unlocated;
    filtersUi.set(s.filters);
    applyMapFilters(map, s.filters, s.unlocated);
    state.hidden = s.hidden;
    for (const input of document.querySelectorAll('#legende input[data-couche]')) {
      const visible = !s.hidden.includes(input.dataset.couche);
      input.checked = visible;
      setLayerVisible(map, input.dataset.couche, visible);
    }
    if (s.place) await ask(s.place, { keepView: true, selected: s.selected });
  } finally {
    restoring = false;
  }
  saveUrl();
}

// ---- Asking about a place --------------------------------------------------------------

function visibleAnswer() {
  return applyToAnswer(state.filters, state.answer);
}

function renderAnswer() {
  if (!state.answer) return;
  const { answer, hidden } = visibleAnswer();
  const tiers = Object.fromEntries(Object.entries(state.tiers).map(([key, a]) => [key, applyToAnswer(state.filters, a)]));
  filtersUi.fill(state.answer, programmes, state.filters);
  const view = answerView(answer, {
    hidden,
    tiers,
    open: state.open,
    onToggleScope: toggleScope,
    hereTitle: placeMod.hereTitle(state.place),
    selectedKey: state.selected,
    onSelect: select,
  });
  if (state.place?.note) view.firstChild.after(h('p', { class: 'avertissement', role: 'note' }, state.place.note));
  news.decorate(view, state.news, { open: state.newsOpen, onToggle: (open) => { state.newsOpen = open; saveUrl(); } });
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
  renderAnswer();
}

/** Unfolding a commune or territory scope loads its complete list once. */
async function toggleScope(scope, open) {
  const key = scopeKey(scope);
  if (!open) {
    state.open.delete(key);
    return;
  }
  state.open.add(key);
  const refocus = () => document.querySelector(`#reponse [data-cle="${CSS.escape(key)}"] summary`)?.focus();
  if (state.tiers[key]) {
    renderAnswer();
    refocus();
    return;
  }
  const mine = asking;
  renderAnswer();
  refocus();
  try {
    const loaded = await enrich(await (scope.lien ? api.follow(scope.lien) : api.impacts(state.place, { detail: 'complet', portee: scope.portee })));
    if (mine !== asking) return;
    state.tiers[key] = loaded;
    renderAnswer();
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
  if (!named || named.type === 'ilot') return;
  const ref =
    named.type === 'commune'
      ? { collection: 'communes', featureId: `${named.territoire}:${named.code}` }
      : named.territoire
        ? { collection: 'perimetres', featureId: `${named.territoire}:${named.code}` }
        : { collection: 'qpv', featureId: named.code };
  try {
    const f = await api.feature(ref.collection, ref.featureId);
    if (mine === asking && f?.geometry) showPlace(map, f.geometry);
  } catch {
    // The answer stands without its outline.
  }
}

/** The complete answer for the exports and the printed fiche (« Tout exporter »). */
function completeAnswer() {
  if (state.answer?.detail === 'complet') return Promise.resolve(state.answer);
  state.full ??= api.impacts(state.place, { detail: 'complet' }).then(enrich);
  return state.full;
}

let asking = 0;

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
    renderAnswer();
    loadNews(mine);
    outlineNamedPlace(answer, mine);
    announce(`Réponse chargée. ${summary(answer)}`);
    if (!keepView && place.type === 'zone') fitTo(placeMod.geometry(place));
    if (selected) await selectByKey(selected);
  } catch (e) {
    if (mine !== asking) return;
    state.answer = null;
    panel.error(e.message);
    announce(e.message);
  }
  saveUrl();
}

// ---- Selection -------------------------------------------------------------------------

/** Fits a geometry, with a little context, into the part of the map the panels leave free. */
function fitTo(geometry) {
  frame(map, bounds(geometry), { maxZoom: 17, share: 0.15, minSpanM: 300 });
}

function markSelected() {
  for (const li of document.querySelectorAll('#reponse li.element')) {
    const on = li.dataset.key === state.selected;
    li.classList.toggle('element--choisi', on);
    const button = li.querySelector('button[aria-pressed]');
    if (button) {
      button.setAttribute('aria-pressed', on ? 'true' : 'false');
      button.querySelector('.bouton__texte').textContent = on ? 'Affiché sur la carte' : 'Voir sur la carte';
    }
  }
}

async function select(group, item) {
  const ref = itemRef(group, item);
  state.selected = `${ref.collection}/${ref.featureId}`;
  markSelected();
  saveUrl();
  try {
    const f = await api.feature(ref.collection, ref.featureId);
    showSelection(map, f?.geometry ?? null);
    if (f?.geometry) fitTo(f.geometry);
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
        const ref = itemRef(group, item);
        if (`${ref.collection}/${ref.featureId}` === key) return select(group, item);
      }
    }
  }
  return undefined;
}

// ---- Map interactions ------------------------------------------------------------------

function onMapClick(e) {
  if (drawing.active()) return;
  const features = featuresAt(map, e.point, sourceId);
  // On phones the bottom sheet says the same and the popup would sit under it.
  if (window.matchMedia('(min-width: 700px)').matches) showPopup(map, e.lngLat, features, layers);
  else closePopup();
  // An îlot only known by the perimeter it is placed on is not where the click is.
  const ilot = features.find((f) => f.sourceLayer === 'ilots' && ['exact', 'approximate'].includes(f.properties?.precision_geometrie ?? 'exact'));
  if (ilot?.properties?.id) {
    const p = ilot.properties;
    ask({ type: 'ilot', id: String(p.id), name: p.nom });
  } else {
    // Rounded to 0.1 m as in the permalink, so a shared link asks exactly the same question.
    const round = (v) => Math.round(v * 1e6) / 1e6;
    ask({ type: 'point', lon: round(e.lngLat.lng), lat: round(e.lngLat.lat) });
  }
}

/** The own id of a territory's feature: the OGC feature id without its `{slug}:`. */
function ownId(featureId) {
  return featureId.slice(featureId.indexOf(':') + 1);
}

/**
 * A picked search result is a place to answer: an address or a point where it is; a quartier,
 * a commune or an îlot for itself; an operation or an equipment where it is, or, when only its
 * quartier or commune is known, for that quartier or commune (and the panel says so).
 */
async function chooseSearchResult(entry) {
  // A dataset feature the index has not loaded: its extent from the OGC API.
  let extent = entry.bounds;
  if (!extent && entry.collection && entry.featureId) {
    const fetched = await api.feature(entry.collection, entry.featureId).catch(() => null);
    extent = fetched?.geometry ? bounds(fetched.geometry) : null;
  }
  // Asking opens the answer panel at once (before its first await): frame after that, so the
  // panel is left out of the framing.
  const askAndFrame = (place, box = extent, options = {}) => {
    const answered = ask(place);
    frame(map, box, options);
    return answered;
  };
  if (!extent && entry.point) {
    // An address: the street around it, not just the building.
    const [lon, lat] = entry.point;
    await askAndFrame({ type: 'point', lon, lat, label: entry.label }, [[lon, lat], [lon, lat]], { minSpanM: 400, maxZoom: 17 });
    return;
  }
  announce(`Carte centrée sur ${entry.kind.toLowerCase()} « ${entry.label} ».`);
  if (!entry.featureId) {
    frame(map, extent);
    return;
  }
  const showFeature = async () => {
    const f = await api.feature(entry.collection, entry.featureId).catch(() => null);
    showSelection(map, f?.geometry ?? null);
    return f;
  };
  if (entry.collection === 'ilots') return askAndFrame({ type: 'ilot', id: ownId(entry.featureId), name: entry.label });
  if (entry.collection === 'perimetres' || entry.collection === 'qpv') {
    const code = entry.collection === 'qpv' ? entry.featureId : ownId(entry.featureId);
    await askAndFrame({ type: 'quartier', code, name: entry.label });
    await showFeature();
    return;
  }
  if (entry.collection === 'communes') {
    await askAndFrame({ type: 'commune', insee: ownId(entry.featureId), name: entry.label });
    await showFeature();
    return;
  }
  const f = await showFeature();
  const p = f?.properties ?? {};
  const precision = p.precision_geometrie ?? 'exact';
  if (['exact', 'approximate'].includes(precision) && f?.geometry) {
    const b = bounds(f.geometry);
    const [lon, lat] = f.geometry.type === 'Point' ? f.geometry.coordinates : [(b[0][0] + b[1][0]) / 2, (b[0][1] + b[1][1]) / 2];
    await askAndFrame({ type: 'point', lon, lat, label: entry.label });
  } else if (precision === 'perimeter' && p.perimetre) {
    await askAndFrame({
      type: 'quartier',
      code: p.perimetre,
      note: `« ${entry.label} » n’a pas d’emplacement publié : seul son quartier est connu, la réponse porte sur tout ce quartier.`,
    });
  } else if (precision === 'commune' && (p.insee_com ?? []).length) {
    await askAndFrame({
      type: 'commune',
      insee: p.insee_com[0],
      note: `« ${entry.label} » n’a pas d’emplacement publié : seule sa commune est connue, la réponse porte sur toute la commune.`,
    });
  } else {
    frame(map, extent);
    announce(`« ${entry.label} » concerne tout le territoire : il n’a pas d’emplacement propre.`);
  }
  showSelection(map, f?.geometry ?? null);
}

async function locateMe() {
  const button = $('localiser');
  button.disabled = true;
  try {
    const { lon, lat } = await locate();
    map.flyTo({ center: [lon, lat], zoom: 16 });
    await ask({ type: 'point', lon, lat, label: 'Votre position' });
  } catch (e) {
    announce(e.message);
    panel.error(e.message);
  } finally {
    button.disabled = false;
  }
}

// ---- Answer actions -----------------------------------------------------------------------

function setupAnswerActions() {
  // The exports and the fiche hold the complete answer, every scope, under the filters.
  const complete = async (use) => {
    if (!state.answer) return;
    try {
      const { answer, hidden } = applyToAnswer(state.filters, await completeAnswer());
      await use(answer, hidden);
    } catch (e) {
      announce(`Export impossible : ${e.message}`);
    }
  };
  $('export-csv').addEventListener('click', () => complete((answer) => exportsMod.saveAnswerCsv(answer)));
  $('export-geojson').addEventListener('click', () => complete((answer) => exportsMod.saveAnswerGeojson(answer, state.place)));
  $('export-gpkg').addEventListener('click', () => complete((answer) => exportsMod.saveAnswerGpkg(answer, state.place)));
  $('imprimer').addEventListener('click', () =>
    complete((answer, hidden) => printSheet(map, placeMod.describe(state.place, state.answer), answer, hidden)),
  );
  $('copier-lien').addEventListener('click', async () => {
    saveUrl();
    try {
      await navigator.clipboard.writeText(window.location.href);
      announce('Lien copié : il rouvre la carte dans cet état.');
    } catch {
      window.prompt('Copiez ce lien :', window.location.href);
    }
  });
}

function setupDrawing() {
  const button = $('dessiner');
  const help = $('aide-dessin');
  drawing = createDrawing(map, {
    onZone: (ring) => ask({ type: 'zone', ring }),
    onStateChange: (on) => {
      button.setAttribute('aria-pressed', on ? 'true' : 'false');
      button.textContent = on ? 'Annuler le dessin' : 'Dessiner une zone';
      help.hidden = !on;
      if (on) {
        closePopup();
        announce(help.textContent.trim());
      }
    },
  });
  button.addEventListener('click', () => (drawing.active() ? drawing.stop() : drawing.start()));
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && drawing.active()) drawing.stop();
  });
}

async function boot() {
  const config = await loadConfig();
  defaultTerritory = config.territory;
  const [loaded, published] = await Promise.all([loadStyle(config), loadLayers()]);
  layers = published;
  sourceId = loaded.sourceId;
  const fromUrl = permalink.decode(window.location.hash);
  const hasView = fromUrl.view != null;
  state.territory = fromUrl.territory;
  const view = hasView ? FRANCE : await initialView(fromUrl.territory, config.territory);
  map = new maplibregl.Map({
    container: 'carte',
    style: loaded.style,
    ...(view.bounds ? { bounds: view.bounds, fitBoundsOptions: { padding: 20 } } : { center: view.center, zoom: view.zoom }),
    locale: MAP_LOCALE,
    attributionControl: { compact: true },
    canvasContextAttributes: { preserveDrawingBuffer: true },
    maxZoom: 19,
  });
  window.quartiersMap = map; // For the end-to-end tests and for debugging in the console.
  map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'bottom-right');
  map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-left');
  provideHatches(map);
  setFamilies(loaded.style);
  provideEquipmentIcons(map);
  programmeNames().then((names) => {
    programmes = names;
  });

  panel = createPanel({
    onClose: () => {
      state.place = null;
      state.answer = null;
      state.selected = null;
      showPlace(map, null);
      showSelection(map, null);
      saveUrl();
    },
  });
  filtersUi = createFiltersUi({
    onChange: (f) => {
      // A `change` on blur repeats the last `input`: re-rendering then would swallow the
      // click that caused the blur.
      if (JSON.stringify(f) === JSON.stringify(state.filters)) return;
      state.filters = f;
      applyMapFilters(map, f, state.unlocated);
      renderAnswer();
      saveUrl();
    },
  });
  setupChrome();
  territoryChoice = await createTerritoryChoice({
    container: document.querySelector('.barre__actions'),
    selected: state.territory ?? defaultTerritory,
    onChoose: (slug, frame) => {
      state.territory = slug;
      if (frame) map.fitBounds(frame, { padding: 20, duration: 600 });
      else map.flyTo({ center: FRANCE.center, zoom: FRANCE.zoom, duration: 600 });
      saveUrl();
    },
  });
  setupAddressList();
  setupAnswerActions();
  createSearch({
    input: $('recherche'),
    listbox: $('suggestions'),
    index: createIndex(layers),
    onChoose: chooseSearchResult,
    getCenter: () => map.getCenter().toArray(),
  });
  // The first view: the territory in the part of the map the open panels leave free.
  if (view.bounds) frame(map, view.bounds, { share: 0.02, minSpanM: 0, maxZoom: 14, duration: 0 });
  $('localiser').addEventListener('click', locateMe);
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
        saveUrl();
      },
    });
    $('montrer-vagues').addEventListener('change', (e) => {
      state.unlocated = e.target.checked;
      applyMapFilters(map, state.filters, state.unlocated);
      saveUrl();
    });
    setupDrawing();
    map.on('click', onMapClick);
    // Keyboard users move the map with the arrows and ask about its centre with Entrée.
    map.getCanvas().setAttribute('aria-label', 'Carte : flèches pour se déplacer, + et − pour zoomer, Entrée pour savoir ce qui concerne le centre de la carte');
    map.getCanvas().addEventListener('keydown', (e) => {
      if (e.key !== 'Enter' || drawing.active()) return;
      const c = map.getCenter();
      const round = (v) => Math.round(v * 1e6) / 1e6;
      ask({ type: 'point', lon: round(c.lng), lat: round(c.lat) });
    });
    map.on('moveend', saveUrl);
    window.addEventListener('hashchange', () => {
      if (window.location.hash.slice(1) !== currentFragment()) restore(window.location.hash);
    });
    await restore(window.location.hash);
    document.body.dataset.pret = 'oui';
  });
}

function currentFragment() {
  const c = map.getCenter();
  return permalink.encode({ ...state, view: { lon: c.lng, lat: c.lat, zoom: map.getZoom() } });
}

boot().catch((e) => {
  console.error(e);
  const message = `La carte n’a pas pu démarrer : ${e.message}`;
  $('carte').append(h('p', { class: 'erreur erreur--carte', role: 'alert' }, message));
});
