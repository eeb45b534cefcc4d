// One list of search suggestions from two sources — the server's `/geocode` (addresses,
// streets, lieux-dits and the places it indexes, each with its kind) and the map's own index of
// the dataset — merged by feature id so one thing appears once, ranked by how well it matches,
// then by kind, then by distance to the view. Pure, so node tests it.
//
// It never pretends: a place is listed only when its name or commune holds every significant
// word of the query (house numbers, street types and « de », « la »… aside; the server's rule,
// crates/geocoder/src/asked.rs), and an address asked (a number and a street word, or a
// postcode) lists its addresses first, or says « Aucune adresse trouvée ».

import { fold } from './searchIndex.js';

/** Kinds in the order they win a tie: an exact quartier name before a fuzzy address. */
export const KIND_ORDER = [
  'Quartier prioritaire',
  'Quartier de veille',
  'Commune',
  'Contrat de ville',
  'Équipement',
  'Opération',
  'Centralité',
  'Îlot',
  'Adresse',
  'Rue',
  'Lieu-dit',
  'Lieu',
];

/** The kind of a `/geocode` result from an API Adresse server that does not say `nature`. */
const NATURE_BY_TYPE = { housenumber: 'Adresse', street: 'Rue', locality: 'Lieu-dit', municipality: 'Commune', poi: 'Lieu' };
const ADDRESS_KINDS = new Set(['Adresse', 'Rue', 'Lieu-dit']);
const QUARTIER_KINDS = new Set(['Quartier prioritaire', 'Quartier de veille']);

/** Street types and articles: alone they narrow nothing down (as the server's asked.rs). */
const STREET_TYPES = new Set(
  'rue avenue boulevard chemin place impasse route allee cours square quai passage sentier chaussee promenade faubourg montee hameau lotissement residence voie clos rond point esplanade parvis ruelle venelle traverse'.split(' '),
);
const STREET_ABBREVIATIONS = new Set('r av ave bd bld blvd ch chem pl imp rte all crs sq'.split(' '));
const LINK_WORDS = new Set('de du des la le les l d a au aux et en sur sous lez bis ter quater quinquies'.split(' '));
const isPostcode = (w) => /^\d{5}$/.test(w);
const isHouseNumber = (w) => /^\d{1,4}[a-z]?$/.test(w);

/** The words of a folded query a place must hold: not numbers, street types or articles. */
export function significantWords(folded) {
  return folded
    .split(' ')
    .filter((w) => w && (isPostcode(w) || (!isHouseNumber(w) && w.length > 1 && !STREET_TYPES.has(w) && !STREET_ABBREVIATIONS.has(w) && !LINK_WORDS.has(w))));
}

/** Whether the query asks for an address: a house number and a street word, or a postcode. */
export function looksLikeAddress(query) {
  const words = fold(query).split(' ').filter(Boolean);
  const street = words.some((w) => STREET_TYPES.has(w) || STREET_ABBREVIATIONS.has(w));
  return words.some(isPostcode) || (street && words.some(isHouseNumber));
}

/** Whether a suggestion is an address (a house number, a street, a lieu-dit). */
export const isAddress = (entry) => ADDRESS_KINDS.has(entry.kind);

/** Suggestions shown at most. */
export const MAX_SUGGESTIONS = 8;

/** A `/geocode` feature as a suggestion, or null without a point. */
export function geocoderEntry(f) {
  if (f?.geometry?.type !== 'Point') return null;
  const p = f.properties ?? {};
  const kind = p.nature || NATURE_BY_TYPE[p.type] || 'Adresse';
  const name = p.name || p.label || kind;
  const code = QUARTIER_KINDS.has(kind) ? String(p.identifiant ?? p.id ?? '').split(':').pop() : '';
  // An address reads whole (« 12 Rue du Perrier 74100 Annemasse »); a place by its name, its
  // commune beside it.
  // A commune of France says its département: « Saint-Denis (93) », « Saint-Denis (974) ».
  const commune = kind === 'Commune' && p.context && p.type === 'municipality';
  const label = ADDRESS_KINDS.has(kind) ? p.label || name : commune ? `${name} (${p.context})` : name;
  const city = p.city && !label.includes(p.city) ? p.city : '';
  return {
    label,
    kind,
    detail: code || city,
    point: f.geometry.coordinates,
    // The extent of a commune or contract of the national references (GeoJSON `bbox`).
    bounds: bboxBounds(f.bbox),
    collection: p.collection || null,
    featureId: p.identifiant ?? null,
    nameFolded: fold(name),
    folded: fold(`${p.label ?? ''} ${name} ${p.postcode ?? ''} ${p.city ?? ''} ${code}`),
    fromGeocoder: true,
  };
}

/** A GeoJSON `bbox` as [[west, south], [east, north]], or undefined. */
function bboxBounds(bbox) {
  return Array.isArray(bbox) && bbox.length === 4 && bbox.every(Number.isFinite) ? [[bbox[0], bbox[1]], [bbox[2], bbox[3]]] : undefined;
}

/**
 * How well `entry` matches the folded query: 4 its name exactly, 3 every word whole, 2 every
 * word whole or as a word start, 1 as substrings, 0 not at all.
 */
export function quality(entry, words, folded) {
  if (entry.nameFolded && entry.nameFolded === folded) return 4;
  const own = entry.folded.split(' ');
  let whole = true;
  let prefix = true;
  for (const w of words) {
    if (own.includes(w)) continue;
    whole = false;
    if (own.some((o) => o.startsWith(w))) continue;
    prefix = false;
    if (!entry.folded.includes(w)) return 0;
  }
  return whole ? 3 : prefix ? 2 : 1;
}

/** A national reference's quality: below a loaded place that holds every word whole (3),
 * its own order kept (the exact name, 4, before a whole word, 3: Barcelonnette before
 * Faucon-de-Barcelonnette). */
function nationalQuality(q) {
  return q >= 3 ? 2.5 + (q - 3) * 0.25 : q;
}

function centre(e) {
  if (e.point) return e.point;
  if (e.bounds) return [(e.bounds[0][0] + e.bounds[1][0]) / 2, (e.bounds[0][1] + e.bounds[1][1]) / 2];
  return null;
}

/** Squared distance in degrees of latitude (longitude scaled), enough to order. */
function distance2(a, b) {
  if (!a || !b) return Number.POSITIVE_INFINITY;
  const k = Math.cos((b[1] * Math.PI) / 180);
  return ((a[0] - b[0]) * k) ** 2 + (a[1] - b[1]) ** 2;
}

function kindRank(kind) {
  const i = KIND_ORDER.indexOf(kind);
  return i < 0 ? KIND_ORDER.length : i;
}

/**
 * The suggestions for `query`: the index's `names` and the geocoder's `places` (already
 * turned into entries), one per feature, best first, at most `limit`. `center`: [lon, lat] of
 * the view, for ties.
 */
export function mergeResults(query, names, places, { center = null, limit = MAX_SUGGESTIONS } = {}) {
  const folded = fold(query);
  const words = folded.split(' ').filter(Boolean);
  if (!words.length) return [];
  const significant = significantWords(folded);
  const placeWords = significant.length ? significant : words;
  const addressAsked = looksLikeAddress(query);
  const merged = new Map();
  for (const e of [...names, ...places]) {
    // An address the server matched despite a typo is kept, last; a place must hold every
    // significant word. A commune or contract of the national references (no OGC collection)
    // comes after a place of the loaded data that matches every word whole: « Perrier » is
    // Annemasse's quartier before Perrier (63).
    const own = isAddress(e) ? quality(e, words, folded) : quality(e, placeWords, folded);
    const national = e.fromGeocoder && !e.collection && e.featureId;
    const q = own ? (national ? nationalQuality(own) : own) : isAddress(e) && e.fromGeocoder ? 0.5 : 0;
    if (!q) continue;
    const quartier = QUARTIER_KINDS.has(e.kind);
    // One feature once: by its OGC id (a national place by its code), else by kind and name
    // (and code for a quartier, as two quartiers of different communes may share a name; and
    // the label for a commune, which says its département).
    const named = `${e.kind}|${e.nameFolded ?? fold(e.label)}|${quartier ? e.detail : e.kind === 'Commune' ? e.label : ''}`;
    const key = e.featureId ? `${e.collection ?? e.kind}/${e.featureId}` : named;
    const previous = merged.get(key) ?? merged.get(named);
    if (previous) {
      // The index's entry has the extent; the geocoder's may match better.
      previous.quality = Math.max(previous.quality, q);
      previous.point ??= e.point;
      continue;
    }
    const entry = { ...e, quality: q };
    merged.set(key, entry);
    merged.set(named, entry);
  }
  const unique = [...new Set(merged.values())];
  return unique
    .map((e) => ({ e, d: distance2(centre(e), center) }))
    .sort((a, b) => (addressAsked ? isAddress(b.e) - isAddress(a.e) : 0) || b.e.quality - a.e.quality || kindRank(a.e.kind) - kindRank(b.e.kind) || a.d - b.d || a.e.label.length - b.e.label.length || a.e.label.localeCompare(b.e.label, 'fr'))
    .slice(0, limit)
    .map(({ e }) => e);
}
