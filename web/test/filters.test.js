import test from 'node:test';
import assert from 'node:assert/strict';
import { EMPTY, applyToAnswer, choices, matches, mapExpression, placementExpression } from '../src/filters.js';

const answer = {
  perimetres: [{ code: 'QN07401M', verdict: 'dedans' }],
  operations: [
    { id: 'a', type: 'démolition', statut: 'réalisé', programme: 'npnru', date_debut: '2019-06-29', date_fin: '2021' },
    { id: 'b', type: 'réhabilitation', statut: 'programmé', programme: 'npnru', date_debut: '2023-T1', date_fin: null },
    { id: 'c', type: 'étude', statut: null, programme: 'anah', date_debut: null, date_fin: null },
  ],
  actions: [
    { id: '1.1', pilier: 'Cadre de vie', statut: 'Atteint', programme: 'cdv' },
    { id: '2.1', pilier: 'Emploi', statut: 'Non atteint', programme: 'cdv' },
  ],
};

test('no filter keeps everything', () => {
  const { answer: out, hidden } = applyToAnswer(EMPTY, answer);
  assert.equal(out.operations.length, 3);
  assert.equal(hidden.operations, 0);
});

test('status filter narrows the filtered groups, never the perimeters', () => {
  const { answer: out, hidden } = applyToAnswer({ ...EMPTY, statut: 'programmé' }, answer);
  assert.deepEqual(out.operations.map((o) => o.id), ['b']);
  assert.equal(hidden.operations, 2);
  assert.equal(out.actions.length, 0);
  assert.equal(out.perimetres.length, 1);
});

test('a missing status counts as « non renseigné »', () => {
  assert.ok(matches({ ...EMPTY, statut: 'non renseigné' }, answer.operations[2], 'operations'));
});

test('theme names its field', () => {
  const { answer: out } = applyToAnswer({ ...EMPTY, theme: 'pilier:Emploi' }, answer);
  assert.deepEqual(out.actions.map((a) => a.id), ['2.1']);
  assert.equal(out.operations.length, 0);
});

test('period overlaps start and end years; open-ended items run on; undated never match', () => {
  const ids = (f) => applyToAnswer({ ...EMPTY, ...f }, answer).answer.operations.map((o) => o.id);
  assert.deepEqual(ids({ de: 2020, a: 2020 }), ['a']);
  assert.deepEqual(ids({ de: 2022, a: null }), ['b']);
  assert.deepEqual(ids({ de: null, a: 2018 }), []);
  assert.deepEqual(ids({ annee: 2030 }), ['b']);
});

test('timeline year only filters operations', () => {
  const { answer: out } = applyToAnswer({ ...EMPTY, annee: 2020 }, answer);
  assert.equal(out.actions.length, 2);
  assert.deepEqual(out.operations.map((o) => o.id), ['a']);
});

test('choices list the values present', () => {
  const c = choices(answer);
  assert.deepEqual(c.piliers, ['Cadre de vie', 'Emploi']);
  assert.ok(c.statuts.includes('non renseigné'));
  assert.deepEqual(c.programmes, ['anah', 'cdv', 'npnru']);
});

test('map expression mirrors the filters and leaves unfiltered layers alone', () => {
  assert.equal(mapExpression(EMPTY, 'operations'), null);
  assert.equal(mapExpression({ ...EMPTY, statut: 'réalisé' }, 'qpv'), null);
  const e = mapExpression({ ...EMPTY, statut: 'réalisé', programme: 'npnru' }, 'operations');
  assert.equal(e[0], 'all');
  assert.equal(e.length, 3);
  assert.ok(mapExpression({ ...EMPTY, annee: 2020 }, 'operations'));
  assert.equal(mapExpression({ ...EMPTY, annee: 2020 }, 'equipements'), null);
});

test('unlocated features are left off the map unless asked for; perimeters always drawn', () => {
  const e = placementExpression(false, 'operations');
  assert.deepEqual(e[2], ['literal', ['exact', 'approximate']]);
  assert.ok(placementExpression(false, 'ilots'));
  assert.equal(placementExpression(true, 'operations'), null);
  assert.equal(placementExpression(false, 'perimetres'), null);
  assert.equal(placementExpression(false, 'qpv'), null);
});
