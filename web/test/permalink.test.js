import test from 'node:test';
import assert from 'node:assert/strict';
import { decode, encode } from '../src/permalink.js';
import { EMPTY } from '../src/filters.js';

test('round trip of view, place, filters, hidden layers and selection', () => {
  const state = {
    view: { lon: 6.2438, lat: 46.1856, zoom: 14.5 },
    place: { type: 'zone', ring: [[6.24, 46.18], [6.25, 46.18], [6.25, 46.19]] },
    filters: { ...EMPTY, statut: 'programmé', theme: 'type:démolition', de: 2019, annee: 2021 },
    hidden: ['ilots', 'communes'],
    selected: 'operations/annemasse-agglo:npnru-perrier-convention',
    unlocated: true,
  };
  const back = decode(`#${encode(state)}`);
  assert.deepEqual(back.view, state.view);
  assert.deepEqual(back.place, state.place);
  assert.deepEqual(back.filters, state.filters);
  assert.deepEqual(back.hidden, ['communes', 'ilots']);
  assert.equal(back.selected, state.selected);
  assert.equal(back.unlocated, true);
  assert.equal(decode('#carte=3/45/5').unlocated, false);
});

test('points and îlots round trip', () => {
  assert.deepEqual(decode(encode({ place: { type: 'point', lon: 6.1, lat: 46.2 } })).place, { type: 'point', lon: 6.1, lat: 46.2 });
  assert.deepEqual(decode(encode({ place: { type: 'ilot', id: 'annemasse-agglo:gauguin' } })).place, { type: 'ilot', id: 'annemasse-agglo:gauguin' });
  assert.deepEqual(decode(encode({ place: { type: 'quartier', code: 'QN07401M' } })).place, { type: 'quartier', code: 'QN07401M' });
  assert.deepEqual(decode(encode({ place: { type: 'commune', insee: '2A004' } })).place, { type: 'commune', insee: '2A004' });
  assert.equal(decode('#lieu=commune:Paris').place, null);
  assert.deepEqual(decode(encode({ place: { type: 'contrat', code: 'CN04903M' } })).place, { type: 'contrat', code: 'CN04903M' });
  assert.equal(decode('#lieu=contrat:Angers').place, null);
});

test('malformed fragments give an empty state, never an exception', () => {
  for (const bad of ['', '#', '#carte=a/b/c', '#lieu=pt:999,999', '#lieu=zone:1,2;3', '#de=deux', '#lieu=%E0%A4%A', '#carte=3/95/0']) {
    const s = decode(bad);
    assert.equal(s.view, null, bad);
    assert.equal(s.place, null, bad);
    assert.equal(s.filters.de, null, bad);
  }
});

test('the chosen territory round trips; a slug that is not one is dropped', () => {
  assert.equal(decode(`#${encode({ territory: 'ales-agglomeration', view: { zoom: 9, lat: 44.1, lon: 4.08 } })}`).territory, 'ales-agglomeration');
  assert.equal(decode('#carte=3/45/5').territory, null);
  assert.equal(decode('#territoire=Al%C3%A8s%20<b>').territory, null);
  assert.ok(!encode({ territory: null }).includes('territoire'));
  assert.equal(decode(`#${encode({ territory: 'france' })}`).territory, 'france');
});
