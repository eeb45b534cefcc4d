import test from 'node:test';
import assert from 'node:assert/strict';
import { geocoderEntry, looksLikeAddress, mergeResults, significantWords } from '../src/searchRank.js';
import { fold } from '../src/searchIndex.js';

const point = (lon, lat) => ({ type: 'Point', coordinates: [lon, lat] });
const place = (props, lon = 6.24, lat = 46.19) => geocoderEntry({ type: 'Feature', geometry: point(lon, lat), properties: props });
const item = (label, kind, collection, featureId, detail = '') => ({
  label,
  kind,
  detail,
  collection,
  featureId,
  bounds: [[6.2, 46.1], [6.3, 46.2]],
  nameFolded: fold(label),
  folded: fold(`${label} ${detail}`),
});

test('a geocoder place keeps its kind; an API Adresse result without one gets it from its type', () => {
  const q = place({ label: 'Le Perrier Annemasse', name: 'Le Perrier', type: 'locality', nature: 'Quartier prioritaire', collection: 'perimetres', identifiant: 'a:QN07401M', city: 'Annemasse' });
  assert.equal(q.kind, 'Quartier prioritaire');
  assert.equal(q.label, 'Le Perrier');
  assert.equal(q.detail, 'QN07401M');
  const a = place({ label: '12 Rue du Perrier 74100 Annemasse', name: '12 Rue du Perrier', type: 'housenumber', city: 'Annemasse' });
  assert.equal(a.kind, 'Adresse');
  assert.equal(a.label, '12 Rue du Perrier 74100 Annemasse');
  assert.equal(a.detail, '', 'the city is already in the label');
  assert.equal(place({ label: 'Rue du Perrier', name: 'Rue du Perrier', type: 'street' }).kind, 'Rue');
  assert.equal(place({ label: 'Les Bois', name: 'Les Bois', type: 'locality' }).kind, 'Lieu-dit');
});

test('one feature found by both sources is listed once, with the extent of the map index', () => {
  const names = [item('Maison de santé pluridisciplinaire du Perrier', 'Équipement', 'equipements', 'a:eq-msp')];
  const places = [
    place({ label: 'Maison de santé pluridisciplinaire du Perrier Annemasse', name: 'Maison de santé pluridisciplinaire du Perrier', type: 'poi', nature: 'Équipement', collection: 'equipements', identifiant: 'a:eq-msp' }),
  ];
  const r = mergeResults('perrier', names, places);
  assert.equal(r.length, 1);
  assert.deepEqual(r[0].bounds, names[0].bounds);
});

test('an exact quartier name comes before a fuzzy address, and the list is cut to 8', () => {
  const names = [item('Le Perrier', 'Quartier prioritaire', 'perimetres', 'a:QN1', 'QN1')];
  const places = [place({ label: 'Rue du Perier 74100 Annemasse', name: 'Rue du Perier', type: 'street', score: 0.4 })];
  for (let i = 0; i < 12; i += 1) places.push(place({ label: `${i} Rue du Perrier 74100 Annemasse`, name: `${i} Rue du Perrier`, type: 'housenumber' }));
  const r = mergeResults('le perrier', names, places);
  assert.equal(r[0].label, 'Le Perrier');
  assert.equal(r.length, 8);
  assert.ok(!r.some((e) => e.label.startsWith('Rue du Perier')), 'the fuzzy match falls off the end');
});

test('ties are broken by kind, then by distance to the view', () => {
  const far = item('Centre', 'Quartier prioritaire', 'qpv', 'QN2', 'QN2');
  far.bounds = [[2.3, 48.8], [2.4, 48.9]];
  const near = item('Centre', 'Quartier prioritaire', 'qpv', 'QN1', 'QN1');
  const commune = item('Centre', 'Commune', 'communes', 'a:1');
  const r = mergeResults('centre', [far, commune, near], [], { center: [6.25, 46.15] });
  assert.deepEqual(r.map((e) => e.featureId), ['QN1', 'QN2', 'a:1']);
});

test('homonymous communes of France say their département and stay apart', () => {
  const commune = (insee, dep, lon, lat) => ({
    type: 'Feature',
    geometry: { type: 'Point', coordinates: [lon, lat] },
    bbox: [lon - 0.5, lat - 0.25, lon + 0.5, lat + 0.25],
    properties: { label: 'Saint-Denis', name: 'Saint-Denis', type: 'municipality', nature: 'Commune', citycode: insee, context: dep, city: '', collection: '', identifiant: insee },
  });
  const places = [commune('93066', '93', 2.35, 48.93), commune('97411', '974', 55.45, -20.9)].map(geocoderEntry);
  assert.deepEqual(places.map((e) => e.label), ['Saint-Denis (93)', 'Saint-Denis (974)']);
  assert.equal(places[0].collection, null);
  assert.equal(places[0].featureId, '93066');
  assert.deepEqual(places[0].bounds, [[1.85, 48.68], [2.85, 49.18]]);
  const merged = mergeResults('saint denis', [], places, { center: [55.4, -20.9] });
  assert.deepEqual(merged.map((e) => e.label), ['Saint-Denis (974)', 'Saint-Denis (93)']);
});

test('a contrat de ville comes after communes on a tie, before equipment', () => {
  const contract = geocoderEntry({
    type: 'Feature',
    geometry: { type: 'Point', coordinates: [-0.55, 47.47] },
    properties: { label: 'Angers', name: 'Angers', type: 'poi', nature: 'Contrat de ville', city: 'CN04903M', collection: '', identifiant: 'CN04903M' },
  });
  const commune = geocoderEntry({
    type: 'Feature',
    geometry: { type: 'Point', coordinates: [-0.55, 47.47] },
    properties: { label: 'Angers', name: 'Angers', type: 'municipality', nature: 'Commune', citycode: '49007', context: '49', city: '', collection: '', identifiant: '49007' },
  });
  assert.equal(contract.detail, 'CN04903M');
  assert.deepEqual(mergeResults('angers', [], [contract, commune]).map((e) => e.kind), ['Commune', 'Contrat de ville']);
});

test('an address asked: places lacking one of its significant words are no answer', () => {
  const query = '12 rue de la gare annemasse';
  const places = [
    place({ label: 'Quartier De La Résidence', name: 'Quartier De La Résidence', type: 'locality', nature: 'Quartier prioritaire', collection: 'qpv', identifiant: 'QN00201M', score: 0.3 }),
    place({ label: 'Gare', name: 'Gare', type: 'locality', nature: 'Quartier prioritaire', collection: 'qpv', identifiant: 'QN09101M', city: 'Juvisy-sur-Orge', score: 0.4 }),
    place({ label: 'Cité 12-14', name: 'Cité 12-14', type: 'locality', nature: 'Quartier prioritaire', collection: 'qpv', identifiant: 'QN05901M', score: 0.3 }),
    place({ label: 'Gare d’Annemasse', name: 'Gare d’Annemasse', type: 'poi', nature: 'Équipement', collection: 'equipements', identifiant: 'a:gare', city: 'Annemasse' }),
  ];
  const names = [item('Cité 12-14', 'Quartier prioritaire', 'qpv', 'QN05901M', 'QN05901M')];
  assert.ok(looksLikeAddress(query) && looksLikeAddress('gare 74100') && !looksLikeAddress('Cité 12-14'));
  assert.deepEqual(significantWords(fold(query)), ['gare', 'annemasse']);
  assert.deepEqual(mergeResults(query, names, places).map((e) => e.label), ['Gare d’Annemasse']);
});

test('an address asked: the addresses come first, then the places whose names match', () => {
  const query = '12 rue de la gare annemasse';
  const places = [
    place({ label: 'Gare d’Annemasse', name: 'Gare d’Annemasse', type: 'poi', nature: 'Équipement', collection: 'equipements', identifiant: 'a:gare', city: 'Annemasse' }),
    place({ label: '12 Rue de la Gare 74100 Annemasse', name: '12 Rue de la Gare', type: 'housenumber', city: 'Annemasse' }),
  ];
  const r = mergeResults(query, [], places);
  assert.deepEqual(r.map((e) => e.kind), ['Adresse', 'Équipement']);
});

test('a commune elsewhere in France comes after a place of the loaded data matching every word', () => {
  const perrier = geocoderEntry({
    type: 'Feature',
    geometry: { type: 'Point', coordinates: [3.2, 45.5] },
    properties: { label: 'Perrier', name: 'Perrier', type: 'municipality', nature: 'Commune', citycode: '63275', context: '63', city: '', collection: '', identifiant: '63275' },
  });
  const quartier = { label: 'Le Perrier - Château Rouge - Livron', kind: 'Quartier prioritaire', detail: 'QN07401M', collection: 'perimetres', featureId: 'annemasse-agglo:QN07401M', nameFolded: fold('Le Perrier - Château Rouge - Livron'), folded: fold('Le Perrier - Château Rouge - Livron QN07401M') };
  assert.deepEqual(mergeResults('Perrier', [quartier], [perrier]).map((e) => e.label), ['Le Perrier - Château Rouge - Livron', 'Perrier (63)']);
  // Alone, it is found first.
  assert.equal(mergeResults('Perrier', [], [perrier])[0].label, 'Perrier (63)');
});

test('among communes elsewhere in France, the exact name first', () => {
  const commune = (name, insee, lon) => geocoderEntry({
    type: 'Feature',
    geometry: { type: 'Point', coordinates: [lon, 44.4] },
    properties: { label: name, name, type: 'municipality', nature: 'Commune', citycode: insee, context: '04', city: '', collection: '', identifiant: insee },
  });
  const found = mergeResults('Barcelonnette', [], [commune('Faucon-de-Barcelonnette', '04086', 6.68), commune('Barcelonnette', '04019', 6.65)]);
  assert.deepEqual(found.map((e) => e.label), ['Barcelonnette (04)', 'Faucon-de-Barcelonnette (04)']);
});
