// A popup naming the features under a click, each with its layer, status and the status's
// date — « à vérifier » when it is older than its territory's threshold or undated, as the
// answer says it (issue 27) — and, when its geometry is not exact or its place inferred, a
// plain sentence saying so.

import * as maplibregl from 'maplibre-gl';
import { h } from './dom.js';
import * as fmt from './format.js';
import * as freshness from './freshness.js';
import { staleAfterYears } from './programmes.js';

const MAX = 4;
const MOTIF_CHARS = 160;

function shorten(text) {
  return text.length > MOTIF_CHARS ? `${text.slice(0, MOTIF_CHARS - 1).trimEnd()}…` : text;
}

function name(props) {
  return props.nom ?? props.titre ?? props.code ?? props.id ?? 'Sans nom';
}

/** Distinct features (by layer and id) at a point, in drawing order, top first. */
export function featuresAt(map, point, sourceId) {
  const seen = new Set();
  return map
    .queryRenderedFeatures(point)
    // Label points only say where a name is written: the area under them is what is there.
    .filter((f) => f.source === sourceId && f.sourceLayer && f.sourceLayer !== 'libelles')
    .filter((f) => {
      const key = `${f.sourceLayer}/${f.properties.territoire ?? ''}/${f.properties.id ?? f.properties.code ?? f.properties.insee_com ?? f.id}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

/**
 * The « à vérifier » badge of a stale or undated status, titled with the answer's note
 * (« état connu en 2019, à vérifier »); nothing when the status is current, or when the
 * territory's threshold is not known (then only the date is given).
 */
function toCheck(p, thresholds) {
  if (!p.statut || p.statut === 'non renseigné') return null;
  const years = thresholds[p.territoire];
  if (!Number.isInteger(years)) return null;
  const day = freshness.today();
  if (!freshness.isStale(p.statut_date, day, years)) return null;
  const note = freshness.note(p.statut_date, p.statut_date_origine, day, years);
  return h('span', { class: 'badge badge--a-verifier', title: note }, 'à vérifier');
}

function entry(f, layers, thresholds) {
  const p = f.properties;
  const precise = fmt.isExact(p.precision_geometrie ?? 'exact');
  return h(
    'li',
    {},
    h('strong', {}, name(p)),
    h('span', { class: 'popup__couche' }, ` — ${layers.title(f.sourceLayer)}`),
    // A status with its date (« en travaux · en 2019 »): the feature's as published.
    p.statut ? h('span', { class: `badge badge--${fmt.statusTone(p.statut)}` }, fmt.datedStatus(p.statut, p.statut_date, p.statut_date_origine)) : null,
    toCheck(p, thresholds),
    p.emplacement === 'déduit' ? h('p', { class: 'popup__imprecis' }, 'Emplacement déduit : la source ne le précise pas.') : null,
    precise
      ? null
      : h(
          'p',
          { class: 'popup__imprecis' },
          `${fmt.precision(p.precision_geometrie)} : le dessin ne montre pas son emplacement exact.`,
          p.motif_precision ? ` ${shorten(p.motif_precision)}` : '',
        ),
  );
}

let current = null;
/** Counts popups asked for, so that one whose thresholds arrive after a newer click is dropped. */
let asked = 0;

/** `layers`: the server's layers (`layersFrom`), which name each feature's layer. */
export async function showPopup(map, lngLat, features, layers) {
  const mine = ++asked;
  current?.remove();
  if (!features.length) return;
  const thresholds = await staleAfterYears();
  if (mine !== asked) return;
  const list = h('ul', { class: 'popup__liste' }, features.slice(0, MAX).map((f) => entry(f, layers, thresholds)));
  const more = features.length > MAX ? h('p', {}, `… et ${features.length - MAX} autres`) : null;
  current = new maplibregl.Popup({ maxWidth: '320px', focusAfterOpen: false })
    .setLngLat(lngLat)
    .setDOMContent(h('div', { class: 'popup' }, list, more))
    .addTo(map);
}

export function closePopup() {
  asked += 1;
  current?.remove();
  current = null;
}
