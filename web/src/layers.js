// The collection / tile-layer ids of the shared contract, with their French names and the
// answer group each one feeds. One place, so the legend, the exports and the search agree.

/** Layers in legend order: French label, whether the user can export it. */
export const LAYERS = [
  { id: 'qpv', label: 'Quartiers prioritaires 2024 (France)', exportable: true },
  { id: 'perimetres', label: 'Quartiers prioritaires et de veille (territoire)', exportable: true },
  { id: 'operations', label: 'Opérations de renouvellement urbain', exportable: true },
  { id: 'equipements', label: 'Équipements', exportable: true },
  { id: 'centralites', label: 'Centralités commerciales', exportable: true },
  { id: 'corridors', label: 'Corridors écologiques', exportable: true },
  { id: 'ilots', label: 'Îlots', exportable: true },
  { id: 'communes', label: 'Communes', exportable: true },
  { id: 'territoires', label: 'Limites du territoire', exportable: false },
  { id: 'actions', label: 'Actions du Contrat de Ville', exportable: true, noGeometry: true },
];

export function layerLabel(id) {
  return LAYERS.find((l) => l.id === id)?.label ?? id;
}

/** Groups of the impact answer, in panel order, with the collection their items live in. */
export const GROUPS = [
  { key: 'perimetres', title: 'Quartier prioritaire / de veille', collection: 'perimetres' },
  { key: 'operations', title: 'Opérations de renouvellement urbain', collection: 'operations' },
  { key: 'equipements', title: 'Équipements', collection: 'equipements' },
  { key: 'actions', title: 'Actions du Contrat de Ville', collection: 'actions' },
  { key: 'centralites', title: 'Centralités commerciales', collection: 'centralites' },
  { key: 'corridors', title: 'Corridors écologiques', collection: 'corridors' },
];

/**
 * Where an answer item lives in the OGC API: collection and feature id. Territory layers use
 * `{slug}:{id}`; a perimeter answered by the national layer uses the `qpv` collection and its code.
 */
export function itemRef(groupKey, item) {
  if (groupKey === 'perimetres') {
    return item.territoire
      ? { collection: 'perimetres', featureId: `${item.territoire}:${item.code}` }
      : { collection: 'qpv', featureId: item.code };
  }
  const group = GROUPS.find((g) => g.key === groupKey);
  return { collection: group?.collection ?? groupKey, featureId: `${item.territoire}:${item.id}` };
}

/** A stable key of an item across renders, for the selection and the permalink. */
export function itemKey(groupKey, item) {
  const ref = itemRef(groupKey, item);
  return `${ref.collection}/${ref.featureId}`;
}
