// The selected item or place drawn on top of everything: a GeoJSON source with a halo fill,
// outline and point, fed by the OGC API geometry of the selected feature.

const SOURCE = 'selection';
const PLACE = 'lieu-demande';

export function installHighlight(map) {
  const empty = { type: 'FeatureCollection', features: [] };
  map.addSource(SOURCE, { type: 'geojson', data: empty });
  map.addSource(PLACE, { type: 'geojson', data: empty });
  map.addLayer({ id: 'selection-fond', type: 'fill', source: SOURCE, filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'fill-color': '#ffd500', 'fill-opacity': 0.25 } });
  map.addLayer({ id: 'selection-contour', type: 'line', source: SOURCE, paint: { 'line-color': '#1a1a1a', 'line-width': 4 } });
  map.addLayer({ id: 'selection-contour-clair', type: 'line', source: SOURCE, paint: { 'line-color': '#ffd500', 'line-width': 2 } });
  map.addLayer({ id: 'selection-point', type: 'circle', source: SOURCE, filter: ['==', ['geometry-type'], 'Point'], paint: { 'circle-radius': 10, 'circle-color': '#ffd500', 'circle-stroke-color': '#1a1a1a', 'circle-stroke-width': 3 } });
  map.addLayer({ id: 'lieu-zone', type: 'line', source: PLACE, paint: { 'line-color': '#6a1b9a', 'line-width': 3, 'line-dasharray': [3, 1] } });
  map.addLayer({ id: 'lieu-point', type: 'circle', source: PLACE, filter: ['==', ['geometry-type'], 'Point'], paint: { 'circle-radius': 7, 'circle-color': '#6a1b9a', 'circle-stroke-color': '#fff', 'circle-stroke-width': 2 } });
}

export function showSelection(map, geometry) {
  const data = { type: 'FeatureCollection', features: geometry ? [{ type: 'Feature', geometry, properties: {} }] : [] };
  map.getSource(SOURCE)?.setData(data);
}

export function showPlace(map, geometry) {
  const data = { type: 'FeatureCollection', features: geometry ? [{ type: 'Feature', geometry, properties: {} }] : [] };
  map.getSource(PLACE)?.setData(data);
}
