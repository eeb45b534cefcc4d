import test from 'node:test';
import assert from 'node:assert/strict';
import { ALL_FRANCE, territoryOf } from '../src/view.js';

test('the territory menu follows the place picked: its territory, else all of France', () => {
  assert.equal(territoryOf({ territoires: [{ slug: 'annemasse-agglo', nom: 'Annemasse Agglo' }] }), 'annemasse-agglo');
  assert.equal(territoryOf({ territoires: [] }), ALL_FRANCE);
  assert.equal(territoryOf({}), ALL_FRANCE);
});
