import test from 'node:test';
import assert from 'node:assert/strict';
import { familyOf, isEquipmentIcon, setFamilies } from '../src/icons.js';

const style = {
  layers: [
    { id: 'equipements-point', type: 'circle' },
    {
      id: 'equipements-symbole',
      type: 'symbol',
      metadata: {
        'quartiers:familles': [
          { icone: 'equipement-sport', libelle: 'Sport', couleur: '#33a02c', types: ['gymnase', 'stade'] },
          { icone: 'equipement-gare', libelle: 'Gares', couleur: '#1a1a1a', types: ['gare'] },
          { icone: 'equipement-autre', libelle: 'Autres équipements', couleur: '#666666', types: [] },
        ],
      },
    },
  ],
};

test('an equipment kind gets its family from the style, an unknown kind the « autres » one', () => {
  assert.equal(setFamilies(style).length, 3);
  assert.equal(familyOf('stade').icone, 'equipement-sport');
  assert.equal(familyOf('gare').libelle, 'Gares');
  assert.equal(familyOf('kiosque').icone, 'equipement-autre');
});

test('every family the server names has a pictogram drawn here', () => {
  for (const name of ['enseignement', 'sport', 'sante-social', 'vie-sociale', 'culture', 'economie', 'gare', 'arret', 'autre']) {
    assert.ok(isEquipmentIcon(`equipement-${name}`), name);
  }
  assert.equal(isEquipmentIcon('hachure-imprecis'), false);
});

test('without the metadata, no family (the map keeps its circles)', () => {
  setFamilies({ layers: [] });
  assert.equal(familyOf('gare'), null);
});
