import test from 'node:test';
import assert from 'node:assert/strict';
import { merge } from '../src/mapStyle.js';
import { hatch } from '../src/imprecision.js';
import { entries } from '../src/legend.js';
import { layersFrom } from '../src/layers.js';

const ours = {
  version: 8,
  name: 'Quartiers',
  sources: { quartiers: { type: 'vector', url: 'http://x/tiles.json' } },
  layers: [
    { id: 'fond', type: 'background', paint: { 'background-color': '#eee' } },
    { id: 'qpv', type: 'fill', source: 'quartiers', 'source-layer': 'qpv' },
    { id: 'ops', type: 'fill', source: 'quartiers', 'source-layer': 'operations' },
    { id: 'ops-line', type: 'line', source: 'quartiers', 'source-layer': 'operations' },
    { id: 'ops--hachures', type: 'fill', source: 'quartiers', 'source-layer': 'operations', metadata: { 'quartiers:imprecision': true } },
  ],
};

test('an external basemap goes under our layers, and our background is dropped', () => {
  const basemap = {
    version: 8,
    glyphs: 'https://fonts/{fontstack}/{range}.pbf',
    sources: { osm: { type: 'vector', url: 'https://osm' } },
    layers: [{ id: 'eau', type: 'fill', source: 'osm', 'source-layer': 'water' }],
  };
  const s = merge(ours, basemap);
  assert.deepEqual(Object.keys(s.sources).sort(), ['osm', 'quartiers']);
  assert.deepEqual(s.layers.map((l) => l.id), ['eau', 'qpv', 'ops', 'ops-line', 'ops--hachures']);
  assert.equal(s.glyphs, basemap.glyphs);
  assert.equal(s.name, 'Quartiers');
});

test('legend entries group style layers by source-layer in the map’s order, without overlays', () => {
  const e = entries(ours, 'quartiers', layersFrom({ collections: [{ id: 'operations', title: 'Opérations' }, { id: 'qpv', title: 'QPV' }] }));
  assert.deepEqual(e.map((x) => x.id), ['qpv', 'operations']);
  assert.deepEqual(e[1].layers.map((l) => l.id), ['ops', 'ops-line']);
  assert.equal(e[0].label, 'QPV');
});

test('hatch image is a seamless diagonal pattern', () => {
  const img = hatch([0, 0, 0, 255], 2);
  assert.equal(img.data.length, img.width * img.height * 4);
  const alpha = (x, y) => img.data[(y * img.width + x) * 4 + 3];
  assert.equal(alpha(0, 0), 255);
  assert.equal(alpha(3, 0), 0);
  // Wrapping: the pixel after the right edge continues the line of the left edge.
  assert.equal(alpha(img.width - 1, 1), alpha(0, 0));
});
