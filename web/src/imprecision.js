// Features whose geometry is not exact must look it: hatched fills and dashed outlines. The
// hatch images are drawn here (no sprite file to ship), and if the server's style has no
// layer marking precision, overlay layers are added so the map never shows a guess as a fact.

const SIZE = 16;

/** A diagonal hatch of `color` as RGBA pixels, for `map.addImage`. */
export function hatch(color = [40, 40, 40, 150], width = 2) {
  const data = new Uint8ClampedArray(SIZE * SIZE * 4);
  for (let y = 0; y < SIZE; y += 1) {
    for (let x = 0; x < SIZE; x += 1) {
      // Lines of slope 1, repeating seamlessly every SIZE pixels.
      if ((x + y) % (SIZE / 2) < width) data.set(color, (y * SIZE + x) * 4);
    }
  }
  return { width: SIZE, height: SIZE, data };
}

/** Registers hatch images on demand, for any style image whose name starts with `hachure`. */
export function provideHatches(map) {
  map.on('styleimagemissing', (e) => {
    if (!e.id || !e.id.startsWith('hachure') || map.hasImage(e.id)) return;
    map.addImage(e.id, hatch(), { pixelRatio: 2 });
  });
}

const PRECISION = ['coalesce', ['get', 'precision_geometrie'], 'exact'];
/** Placed on a perimeter or drawn approximately: hatched. */
const HATCHED = ['in', PRECISION, ['literal', ['approximate', 'perimeter']]];
/** Anything not exact, including commune- or territory-wide placements: dashed outline only,
 * since hatching whole communes would bury the map. */
const NOT_EXACT = ['!=', PRECISION, 'exact'];

function mentionsPrecision(layer) {
  return JSON.stringify([layer.filter, layer.paint, layer.layout]).includes('precision_geometrie');
}

/**
 * Adds a hatched fill and a dashed outline over every polygon layer of our source, for the
 * features whose precision is not `exact`, unless the style already marks precision itself.
 */
export function ensureImprecisionMarks(map, sourceId) {
  const layers = map.getStyle().layers.filter((l) => l.source === sourceId);
  if (layers.some(mentionsPrecision)) return [];
  if (!map.hasImage('hachure-imprecis')) map.addImage('hachure-imprecis', hatch(), { pixelRatio: 2 });
  const added = [];
  for (const layer of layers.filter((l) => l.type === 'fill')) {
    const where = (cond) => (layer.filter ? ['all', layer.filter, cond] : cond);
    const base = { source: sourceId, 'source-layer': layer['source-layer'], metadata: { 'quartiers:imprecision': true } };
    for (const extra of [
      { id: `${layer.id}--hachures`, type: 'fill', filter: where(HATCHED), paint: { 'fill-pattern': 'hachure-imprecis', 'fill-opacity': 0.35 } },
      { id: `${layer.id}--pointilles`, type: 'line', filter: where(NOT_EXACT), paint: { 'line-color': '#333', 'line-width': 1.2, 'line-dasharray': [2, 2] } },
    ]) {
      map.addLayer({ ...base, ...extra, minzoom: layer.minzoom ?? 0, maxzoom: layer.maxzoom ?? 24 });
      added.push(extra.id);
    }
  }
  return added;
}
