import test from 'node:test';
import assert from 'node:assert/strict';
import { layersFrom } from '../src/layers.js';
import { entries } from '../src/legend.js';

// A `/collections` body as the server writes it (ids, French titles), in another order than
// the map's and with a collection the map does not know.
const body = {
  collections: [
    { id: 'territoires', title: 'Limites des territoires', description: 'Contours' },
    { id: 'nouvelle', title: 'Une couche nouvelle' },
    { id: 'operations', title: 'Titre venu du serveur' },
    { id: 'qpv', title: 'QPV selon l’API' },
  ],
};

test('layer titles come from /collections, in the map’s order, unknown ones last', () => {
  const layers = layersFrom(body);
  assert.deepEqual(layers.list.map((l) => l.id), ['qpv', 'operations', 'territoires', 'nouvelle']);
  assert.equal(layers.title('operations'), 'Titre venu du serveur');
  assert.equal(layers.list[2].description, 'Contours');
  // The map owns what it offers for export: not the boundary.
  assert.deepEqual(layers.list.filter((l) => l.exportable).map((l) => l.id), ['qpv', 'operations', 'nouvelle']);
});

test('without /collections every layer is titled by its id and none is offered', () => {
  const layers = layersFrom(null);
  assert.deepEqual(layers.list, []);
  assert.equal(layers.title('equipements'), 'equipements');
});

test('the legend shows the titles /collections gives', () => {
  const style = {
    version: 8,
    sources: { quartiers: { type: 'vector' } },
    layers: [
      { id: 'ops', type: 'fill', source: 'quartiers', 'source-layer': 'operations' },
      { id: 'qpv', type: 'fill', source: 'quartiers', 'source-layer': 'qpv' },
    ],
  };
  const e = entries(style, 'quartiers', layersFrom(body));
  assert.deepEqual(e.map((x) => [x.id, x.label]), [['qpv', 'QPV selon l’API'], ['operations', 'Titre venu du serveur']]);
});
