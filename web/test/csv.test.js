import test from 'node:test';
import assert from 'node:assert/strict';
import { toCsv } from '../src/csv.js';
import { toWkt, bounds } from '../src/geo.js';

test('CSV quotes separators, quotes and line breaks, and starts with a BOM', () => {
  const text = toCsv([{ key: 'a', label: 'nom' }, { key: 'b', label: 'montant' }], [
    { a: 'Le Perrier; Livron', b: 77000000 },
    { a: 'dit "Château"\nRouge', b: null },
  ]);
  assert.ok(text.startsWith('\uFEFFnom;montant\r\n'));
  assert.ok(text.includes('"Le Perrier; Livron";77000000\r\n'));
  assert.ok(text.includes('"dit ""Château""\nRouge";\r\n'));
});

test('WKT and bounds of GeoJSON geometries', () => {
  assert.equal(toWkt({ type: 'Point', coordinates: [6.2, 46.1] }), 'POINT (6.2 46.1)');
  const poly = { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 2], [0, 0]]] };
  assert.equal(toWkt(poly), 'POLYGON ((0 0, 1 0, 1 2, 0 0))');
  assert.equal(toWkt(null), '');
  assert.deepEqual(bounds(poly), [[0, 0], [1, 2]]);
  assert.equal(bounds(null), null);
});
