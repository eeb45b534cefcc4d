import test from 'node:test';
import assert from 'node:assert/strict';
import * as fmt from '../src/format.js';
import { splitAcronyms } from '../src/glossary.js';
import { matchCategories } from '../src/legend.js';
import { fold, score } from '../src/searchIndex.js';
import { rows, title } from '../src/answerRows.js';
import { summary } from '../src/answerView.js';

test('distances, amounts and shares in French', () => {
  assert.equal(fmt.distance(0), 'sur place');
  assert.equal(fmt.distance(246.8), 'à 247 m');
  assert.equal(fmt.distance(1530), 'à 1,5 km');
  assert.equal(fmt.amount(77000000), '77 M€');
  assert.equal(fmt.share(0.42).replace(/\s/g, ' '), '42 %');
  assert.equal(fmt.year('2021-T1'), 2021);
  assert.equal(fmt.year(null), null);
});

test('status tones cover project and action statuses', () => {
  assert.equal(fmt.statusTone('réalisé'), 'fait');
  assert.equal(fmt.statusTone('En cours de déploiement'), 'encours');
  assert.equal(fmt.statusTone('programmé'), 'prevu');
  assert.equal(fmt.statusTone('Non atteint'), 'arrete');
  assert.equal(fmt.statusTone(null), 'inconnu');
});

test('acronyms are split out with their definition', () => {
  const parts = splitAcronyms('Convention NPNRU signée avec l’ANRU');
  assert.equal(parts.filter((p) => typeof p !== 'string').map((p) => p.abbr).join(','), 'NPNRU,ANRU');
  assert.equal(parts.map((p) => (typeof p === 'string' ? p : p.abbr)).join(''), 'Convention NPNRU signée avec l’ANRU');
});

test('legend reads match expressions', () => {
  const c = matchCategories(['match', ['get', 'statut'], 'réalisé', '#0a0', ['programmé', 'en études'], '#00a', '#999']);
  assert.deepEqual(c.pairs.map((p) => p.label), ['réalisé', 'programmé', 'en études']);
  assert.equal(c.fallback, '#999');
  assert.equal(matchCategories('#fff'), null);
});

test('search folds accents and ranks word starts first', () => {
  assert.equal(fold('Château-Rouge'), 'chateau rouge');
  const a = { folded: fold('Le Perrier - Château Rouge - Livron') };
  const b = { folded: fold('Plaine des sports du Perrier') };
  assert.ok(score(a, ['chateau']) > 0);
  assert.equal(score(a, ['gare']), 0);
  assert.ok(score(a, ['le', 'perrier']) > score(b, ['le', 'perrier']) || score(b, ['le', 'perrier']) === 0);
});

test('rows follow the panel order and summary speaks plainly', () => {
  const answer = {
    lieu: { type: 'point' },
    groupes: [
      { cle: 'perimetres', titre: 'Quartiers' },
      { cle: 'operations', titre: 'Opérations' },
      { cle: 'actions', titre: 'Actions' },
    ],
    perimetres: [{ code: 'Q1', nom: 'Le Perrier', type: 'qpv', verdict: 'dedans', relation: 'dedans', lien: 'collections/qpv/items/Q1' }],
    operations: [{ territoire: 't', id: 'o', titre: 'Démolition', lien: 'collections/operations/items/t%3Ao' }],
    actions: [{ territoire: 't', id: '1.1', code: '1.1', titre: 'Accès aux droits', lien: 'collections/actions/items/t%3A1.1' }],
  };
  // Groups, their titles and order, and where items live come from the answer itself.
  assert.deepEqual(rows(answer).map((r) => [r.groupTitle, r.title, r.key]), [
    ['Quartiers', 'Le Perrier', 'qpv/Q1'],
    ['Opérations', 'Démolition', 'operations/t:o'],
    ['Actions', '1.1 — Accès aux droits', 'actions/t:1.1'],
  ]);
  assert.equal(title('actions', { code: 'N.A.', titre: 'X' }), 'X');
  assert.equal(summary(answer), 'Ce lieu est dans le quartier prioritaire « Le Perrier ».');
  assert.equal(summary({ lieu: { type: 'point' }, perimetres: [] }), 'Ce lieu n’est dans aucun quartier prioritaire.');
  const zone = { lieu: { type: 'surface' }, perimetres: [{ nom: 'Le Perrier', type: 'qpv', verdict: 'en_limite', relation: 'intersecte', part_surface: 0.4 }] };
  assert.match(summary(zone), /^40\s%\sde la zone est dans le quartier prioritaire « Le Perrier »\.$/);
  // A commune over several quartiers: one sentence, and « moins de 1 % » rather than « 0 % ».
  const commune = {
    lieu: { type: 'surface', objet: { type: 'commune', code: '74012', nom: 'Annemasse' } },
    perimetres: [
      { nom: 'A', type: 'qpv', verdict: 'dehors', relation: 'intersecte', part_surface: 0.003 },
      { nom: 'B', type: 'qpv', verdict: 'dehors', relation: 'intersecte', part_surface: 0.001 },
    ],
  };
  assert.match(summary(commune), /^moins de 1\s%\sde la commune est dans 2 quartiers : « A », « B »\.$/);
  assert.match(fmt.share(0.004), /^moins de 1\s%$/);
  assert.match(fmt.share(0), /^0\s%$/);
});

test('a status is said with its date, as the server words it', () => {
  assert.equal(fmt.statusDate('2019'), 'en 2019');
  assert.equal(fmt.statusDate('2019-06'), 'en juin 2019');
  assert.equal(fmt.statusDate('2019-06-01'), 'le 1er juin 2019');
  assert.equal(fmt.statusDate('2019-06-29'), 'le 29 juin 2019');
  assert.equal(fmt.statusDate('2021-T1'), 'au 1er trimestre 2021');
  assert.equal(fmt.statusDate('2020-S2'), 'au 2e semestre 2020');
  assert.equal(fmt.statusDate('2018', 'au plus tôt'), 'en 2018 ou après');
  assert.equal(fmt.statusDate(null), 'date inconnue');
  assert.equal(fmt.datedStatus('en travaux', '2019', 'document'), 'en travaux · en 2019');
  assert.equal(fmt.datedStatus('non renseigné', null), 'non renseigné');
  assert.equal(fmt.dateOrigin('document'), 'date du document source');
});
