import test from 'node:test';
import assert from 'node:assert/strict';
import { creditText } from '../src/addressCredit.js';

const found = [{ type: 'Feature' }];

test('BAN addresses are credited with the Licence Ouverte; others by what the answer says', () => {
  assert.equal(creditText({ features: found, attribution: 'BAN', licence: 'ETALAB-2.0' }), 'Adresses : Base Adresse Nationale (Licence Ouverte 2.0)');
  assert.equal(creditText({ features: found, attribution: 'BANO (© contributeurs OpenStreetMap)', licence: 'ODbL-1.0' }), 'Adresses : BANO (© contributeurs OpenStreetMap) (ODbL 1.0)');
});

test('no address loaded (an empty /reverse answer) or no geocoder: no credit', () => {
  assert.equal(creditText({ features: [], attribution: 'lieux des données publiées (sources : /collections)', licence: 'voir /collections' }), null);
  assert.equal(creditText(null), null);
});
