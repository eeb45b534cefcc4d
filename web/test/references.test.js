import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { citation, communeBlock, contractBlock, dayWords, postLine, postList, postYears, referenceBlocks, referenceRows, stationsBlock } from '../src/references.js';

const refs = JSON.parse(readFileSync(new URL('./fixtures/references.json', import.meta.url), 'utf8'));

test('dates read in French, the first of the month as « 1er »', () => {
  assert.equal(dayWords('2024-01-01'), '1er janvier 2024');
  assert.equal(dayWords('2021-06-22'), '22 juin 2021');
  assert.equal(dayWords('2018'), '2018');
  assert.equal(dayWords(undefined), '');
});

test('a commune reads its summary first, then programmes with dates, France services, centrality, BPE', () => {
  const b = communeBlock(refs.communes[0]);
  assert.equal(b.title, 'Angers (49)');
  assert.equal(communeBlock({ ...refs.communes[0], nom: 'Lyon 3e Arrondissement', departement: '69', type: 'arrondissement municipal' }).title, 'Lyon 3e Arrondissement (69), arrondissement municipal');
  assert.match(b.resume, /^Angers \(49\) compte 8 quartiers prioritaires/);
  const labels = b.facts.map((f) => f.label);
  assert.deepEqual(labels, ['Quartiers prioritaires', 'Cité éducative', 'Action cœur de ville', 'France services', 'Centralité', 'Équipements']);
  const acv = b.facts.find((f) => f.label === 'Action cœur de ville');
  assert.equal(acv.detail, 'signé le 28/09/2018');
  assert.match(acv.source, /Licence Ouverte 2\.0/);
  const fs = b.facts.find((f) => f.label === 'France services');
  assert.match(fs.precision, /^placé sur la commune/);
  const bpe = b.facts.find((f) => f.label === 'Équipements');
  assert.equal(bpe.detail, 'BPE 2024, au 1er janvier 2024');
  assert.match(bpe.source, /date de référence : 1er janvier 2024/);
  // Every fact says where it comes from.
  for (const f of b.facts) assert.ok(f.source, `${f.label} has a source`);
  assert.match(b.note, /contour 2018 simplifié/);
});

test('a commune the BPE counts nothing in says so, with the BPE date', () => {
  const b = communeBlock({ ...refs.communes[0], equipements_bpe: null, programmes: [], france_services: [], quartiers_prioritaires: [] });
  const bpe = b.facts.find((f) => f.label === 'Équipements');
  assert.match(bpe.text, /aucun/);
  assert.equal(bpe.detail, 'BPE 2024, au 1er janvier 2024');
});

test('a contract counts its posts per year and kind, latest year first', () => {
  const b = contractBlock(refs.contrats[0]);
  assert.equal(b.title, 'Contrat de ville CN04903M — 49 - CU Angers Loire Métropole');
  assert.equal(b.posts.heading, '21 postes financés publiés');
  assert.deepEqual(
    b.posts.years.map((y) => `${y.annee} : ${y.kinds}`),
    ['2025 : 14 adultes-relais (9 employeurs), 6 postes FONJEP (7 lignes publiées, 5 employeurs)', '2024 : 12 adultes-relais (8 employeurs)'],
  );
  assert.equal(b.posts.link, '?contrat=CN04903M&detail=complet');
  assert.equal(b.posts.list, null);
  assert.match(b.facts.find((f) => f.label === 'Rattachement').detail, /déduit/);
  assert.deepEqual(postYears({ par_annee: [{ annee: 2024, dispositif: 'fonjep', libelle: 'postes FONJEP', postes: 1, lignes_publiees: 1, employeurs: 1 }] }), [
    { annee: 2024, kinds: '1 poste FONJEP (1 employeur)' },
  ]);
});

test('the complete answer lists every post row with its published amount, never called a total', () => {
  const complete = { references: { ...refs, contrats: [{ ...refs.contrats[0], liste_postes: [{ dispositif: 'fonjep', libelle: 'poste FONJEP', annee: 2024, id_poste: 'D00279', employeur: 'ASS. S.C.O.O.P.E', montant_publie: 7164, source: 'x', ligne_source: 'postes-fonjep-2024.json#50' }] }] } };
  const rows = postList(complete, 'CN04903M');
  assert.equal(rows.length, 1);
  assert.match(postLine(rows[0]), /^2024 — poste FONJEP D00279 — ASS\. S\.C\.O\.O\.P\.E, montant publié 7\u202f164\s€ \(non documenté par la source, pas un total annuel\)$/);
  assert.equal(postList(complete, 'CN99999M'), null);
});

test('stations say their distance and lines, with the OpenStreetMap attribution and date', () => {
  const b = stationsBlock(refs.ici);
  assert.equal(b.heading, '2 gares ou stations à moins de 1 km');
  assert.equal(b.stations[0].detail, 'station de tramway · lignes B, C · à 412 m');
  assert.equal(b.stations[1].detail, 'station de tramway · à 905 m');
  assert.match(b.attribution, /OpenStreetMap.*ODbL 1\.0.*relevé le : 18 mai 2026/);
  assert.equal(stationsBlock({ rayon_m: 500, gares_total: 0, gares: [] }).heading, 'Aucune gare ni station à moins de 500 m');
});

test('the blocks come in panel order with every source cited; an empty part gives none', () => {
  const all = referenceBlocks(refs);
  assert.equal(all.communes.length, 1);
  assert.equal(all.contrats.length, 1);
  assert.ok(all.gares);
  assert.deepEqual(all.sources, [
    '© les contributeurs d\'OpenStreetMap, via bpineau/gazetteer — ODbL 1.0 — date de la source : 18 mai 2026',
    'ANCT, contrats de ville (anct-carto/ci-ville2) — Licence Ouverte 2.0',
    'INSEE, Base permanente des équipements 2024, via bpineau/gazetteer — Licence Ouverte 2.0 — date de la source : 1er janvier 2024',
  ]);
  assert.equal(referenceBlocks({ ici: { rayon_m: 1000, gares_total: 0, gares: [] }, communes: [], contrats: [], sources: [] }), null);
  assert.equal(referenceBlocks(undefined), null);
  assert.equal(citation({ source: 'S' }), 'S');
});

test('the CSV export carries the references: each fact, year of posts and station with its source', () => {
  const rows = referenceRows(refs);
  const of = (type) => rows.filter((r) => r.item.type === type);
  assert.ok(of('Résumé').length >= 1);
  assert.ok(rows.every((r) => r.group === 'references' && r.groupTitle.startsWith('Références nationales')));
  const posts = of('Postes financés');
  assert.ok(posts.length >= 1 && posts.every((r) => /^\d{4}$/.test(r.item.dates) && r.item.source_document.includes('ANCT')), JSON.stringify(posts));
  const stations = of('Gare ou station');
  assert.equal(stations.length, refs.ici.gares.length);
  assert.ok(stations.every((r) => r.item.source_document.includes('ODbL')));
  assert.ok(rows.every((r) => r.item.source_document), 'every row says its source');
  assert.deepEqual(referenceRows(null), []);
});
