// The layers of the shared contract as the map uses them. Their ids, French titles and kinds
// are the server's (`/collections`, read once at boot by `loadLayers`); what the map owns is
// keyed by those ids: the legend order and which layers the user may export. Also the groups
// of the impact answer and where their items live in the OGC API, both read from the answer
// (its `groupes`, each item's `lien`): the server owns them (geodata's `impacts::Group`).

import * as api from './api.js';

/** Legend and export-menu order; a collection the map does not know yet comes after these. */
const ORDER = ['qpv', 'contrats', 'perimetres', 'operations', 'equipements', 'centralites', 'corridors', 'ilots', 'communes', 'territoires', 'actions'];

/** Drawn and listed in the legend, but not offered for export: the boundary frames the map. */
const NOT_EXPORTABLE = new Set(['territoires']);

const rank = (id) => (ORDER.indexOf(id) + 1 || ORDER.length + 1);

/**
 * The layers of a `/collections` body, in the map's order: `{ list, title(id) }`, each entry
 * `{ id, title, description, exportable }` with the server's title and description.
 * An id the server does not publish is titled by itself.
 */
export function layersFrom(body) {
  const list = (body?.collections ?? [])
    .filter((c) => typeof c?.id === 'string')
    .map((c, i) => ({ id: c.id, title: c.title || c.id, description: c.description ?? '', exportable: !NOT_EXPORTABLE.has(c.id), i }))
    .sort((a, b) => rank(a.id) - rank(b.id) || a.i - b.i)
    .map(({ i, ...layer }) => layer);
  const titles = new Map(list.map((l) => [l.id, l.title]));
  return { list, title: (id) => titles.get(id) ?? id, rank };
}

/** The server's layers; without an answer from `/collections`, none (every id is its own title). */
export async function loadLayers() {
  try {
    return layersFrom(await api.collections());
  } catch (e) {
    console.warn('Collections indisponibles : les couches gardent leur identifiant pour titre.', e);
    return layersFrom(null);
  }
}

/** The groups of an answer, in panel order: `{ key, title }` from its `groupes`. */
export function groupsOf(answer) {
  return (answer?.groupes ?? []).map((g) => ({ key: g.cle, title: g.titre }));
}

/**
 * Where an answer item lives in the OGC API, read from its `lien`
 * (`collections/{collection}/items/{id}`, relative to `/impacts`): `{ collection, featureId }`,
 * or null for an item without one.
 */
export function itemRef(item) {
  const m = /^collections\/([^/?#]+)\/items\/([^/?#]+)$/.exec(item?.lien ?? '');
  return m ? { collection: decodeURIComponent(m[1]), featureId: decodeURIComponent(m[2]) } : null;
}

/** A stable key of an item across renders, for the selection and the permalink. */
export function itemKey(item) {
  const ref = itemRef(item);
  return ref ? `${ref.collection}/${ref.featureId}` : '';
}
