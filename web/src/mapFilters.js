// Applies the planners' filters to the map: each filtered tile layer keeps its style filter,
// combined with the filters' expression.

import { mapExpression } from './filters.js';

const original = new WeakMap();

export function applyMapFilters(map, filters) {
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
    const extra = mapExpression(filters, sourceLayer);
    const combined = base && extra ? ['all', base, extra] : (extra ?? base);
    map.setFilter(layer.id, combined);
  }
}
