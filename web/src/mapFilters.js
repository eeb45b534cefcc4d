// Applies the planners' filters to the map: each filtered tile layer keeps its style filter,
// combined with the filters' expression and the choice of drawing unlocated features.

import { mapExpression, placementExpression } from './filters.js';

const original = new WeakMap();

/** `showUnlocated`: also draw features only known to lie in a quartier, commune or territory. */
export function applyMapFilters(map, filters, showUnlocated = false) {
  let originals = original.get(map);
  if (!originals) {
    originals = new Map(map.getStyle().layers.map((l) => [l.id, l.filter ?? null]));
    original.set(map, originals);
  }
  for (const layer of map.getStyle().layers) {
    const sourceLayer = layer['source-layer'];
    if (!sourceLayer) continue;
    if (!originals.has(layer.id)) originals.set(layer.id, layer.filter ?? null);
    const base = originals.get(layer.id);
    const parts = [base, mapExpression(filters, sourceLayer), placementExpression(showUnlocated, sourceLayer)].filter(Boolean);
    map.setFilter(layer.id, parts.length > 1 ? ['all', ...parts] : (parts[0] ?? null));
  }
}
