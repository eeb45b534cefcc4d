import test from 'node:test';
import assert from 'node:assert/strict';
import { changedItems, day, feedFor, quartierOf } from '../src/news.js';

const inPerrier = {
  lieu: { type: 'point', lon: 6.2438, lat: 46.1856 },
  perimetres: [
    { code: 'QN07402M', nom: 'Le Chalet', verdict: 'dehors', relation: 'a_proximite' },
    { code: 'QN07401M', nom: 'Le Perrier - Château Rouge - Livron', verdict: 'dedans', relation: 'dedans' },
  ],
};

test('a place in a quartier follows the quartier, elsewhere the place', () => {
  assert.deepEqual(quartierOf(inPerrier), { code: 'QN07401M', nom: 'Le Perrier - Château Rouge - Livron' });
  const feed = feedFor({ type: 'point', lon: 6.2438, lat: 46.1856 }, inPerrier, 'http://exemple.fr');
  assert.equal(feed.label, 'Suivre ce quartier');
  assert.equal(feed.url, 'http://exemple.fr/flux/quartiers/QN07401M');
  assert.equal(feed.changes, '/changements?quartier=QN07401M&limite=10');
  const outside = { lieu: { type: 'point', lon: 6.3, lat: 46.2 }, perimetres: [] };
  const place = feedFor({ type: 'point', lon: 6.3, lat: 46.2 }, outside, 'http://exemple.fr');
  assert.equal(place.label, 'Suivre ce lieu');
  assert.equal(place.url, 'http://exemple.fr/flux?lon=6.300000&lat=46.200000');
});

test('the latest change of each item dates its badge', () => {
  const changed = changedItems({
    changements: [
      { collection: 'operations', id: 'annemasse-agglo:a', date: '2025-03-04T10:12:00Z' },
      { collection: 'operations', id: 'annemasse-agglo:a', date: '2025-01-01T00:00:00Z' },
    ],
  });
  assert.equal(changed.get('operations/annemasse-agglo:a'), '2025-03-04T10:12:00Z');
  assert.equal(day('2025-03-04T10:12:00Z'), '4 mars 2025');
  assert.equal(day('pas une date'), '');
});
