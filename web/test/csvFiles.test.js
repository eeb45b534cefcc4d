// The shared table of CSV files (tests/data/csv/expected.json): the map's preview reads each
// file as the server's one reader does (crates/geocoder/tests/csv_files.rs checks the same table).
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { read } from '../src/csvRead.js';

const dir = new URL('../../tests/data/csv/', import.meta.url);
const table = JSON.parse(readFileSync(new URL('expected.json', dir), 'utf8'));

test('the table lists the files', () => {
  assert.ok(table.cases.length >= 10);
});

for (const { file, why, ...expected } of table.cases) {
  test(`${file}: ${why}`, () => {
    assert.deepEqual(read(new Uint8Array(readFileSync(new URL(file, dir)))), expected);
  });
}
