// The ways to ask about a place from the map: a click (an îlot, or the point), Entrée on the
// focused map (its centre), a drawn zone, « Me localiser », and a name picked in the search
// box. Each ends in `ask(place)`; the framing of what was picked is done here.

import { announce } from './announce.js';
import * as api from './api.js';
import { createDrawing } from './draw.js';
import { frame } from './framing.js';
import { bounds } from './geo.js';
import { showSelection } from './highlight.js';
import { locate } from './locate.js';
import { closePopup, featuresAt, showPopup } from './popup.js';
import { createSearch } from './search.js';
import { createIndex } from './searchIndex.js';

const $ = (id) => document.getElementById(id);

/** Rounded to 0.1 m as in the permalink, so a shared link asks exactly the same question. */
const round = (v) => Math.round(v * 1e6) / 1e6;

/** The own id of a territory's feature: the OGC feature id without its `{slug}:`. */
function ownId(featureId) {
  return featureId.slice(featureId.indexOf(':') + 1);
}

/**
 * A picked search result is a place to answer: an address or a point where it is; a quartier,
 * a commune or an îlot for itself; an operation or an equipment where it is, or, when only its
 * quartier or commune is known, for that quartier or commune (and the panel says so).
 */
async function chooseSearchResult(map, ask, entry, onTerritory) {
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
  // A commune or a contrat de ville of the national references (no OGC collection): asked by
  // its code, framed by the extent the geocoder gives (the commune's contour, the contract's
  // communes).
  if (!entry.collection && entry.featureId && entry.kind === 'Commune') {
    return askAndFrame({ type: 'commune', insee: entry.featureId, name: entry.label });
  }
  if (!entry.collection && entry.featureId && entry.kind === 'Contrat de ville') {
    return askAndFrame({ type: 'contrat', code: entry.featureId, name: entry.label });
  }
  if (!entry.featureId) {
    frame(map, extent);
    return;
  }
  // A territory is chosen, as in the header's menu: framed, not asked about.
  if (entry.collection === 'territoires' && entry.territory) {
    frame(map, extent);
    onTerritory?.(entry.territory);
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

/** The search box: names of the server's `layers` (and addresses), answered when picked. */
export function setupSearch({ map, layers, ask, onTerritory }) {
  createSearch({
    input: $('recherche'),
    listbox: $('suggestions'),
    index: createIndex(layers),
    onChoose: (entry) => chooseSearchResult(map, ask, entry, onTerritory),
    getCenter: () => map.getCenter().toArray(),
  });
}

/** « Me localiser »: the browser's position, flown to and asked about. */
export function setupLocate({ map, ask, panel }) {
  const button = $('localiser');
  button.addEventListener('click', async () => {
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
  });
}

/** « Dessiner une zone »: a drawn polygon is asked about; Échap cancels the drawing. */
function setupDrawing(map, ask) {
  const button = $('dessiner');
  const help = $('aide-dessin');
  const drawing = createDrawing(map, {
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
  return drawing;
}

/**
 * Clicks, Entrée and drawing on a loaded map. `sourceId`: our vector source; `layers`: the
 * server's layers (they name the popup's features).
 */
export function setupMapInputs({ map, sourceId, layers, ask }) {
  const drawing = setupDrawing(map, ask);
  map.on('click', (e) => {
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
      ask({ type: 'point', lon: round(e.lngLat.lng), lat: round(e.lngLat.lat) });
    }
  });
  // Keyboard users move the map with the arrows and ask about its centre with Entrée.
  map.getCanvas().setAttribute('aria-label', 'Carte : flèches pour se déplacer, + et − pour zoomer, Entrée pour savoir ce qui concerne le centre de la carte');
  map.getCanvas().addEventListener('keydown', (e) => {
    if (e.key !== 'Enter' || drawing.active()) return;
    const c = map.getCenter();
    ask({ type: 'point', lon: round(c.lng), lat: round(c.lat) });
  });
}
