// The popup's staleness rule against the server's cases (crates/geodata/src/model/dating.rs
// tests and crates/geodata/tests/dated_facts.rs): the same dates, days and thresholds give the
// same verdicts.

import test from 'node:test';
import assert from 'node:assert/strict';
import { freshness, isStale, note, periodStart, today } from '../src/freshness.js';

test('a 2019 status is stale in 2026 and current in 2020', () => {
  assert.ok(isStale('2019', '2026-12-07', 2));
  assert.ok(!isStale('2019', '2020-06-01', 2));
  // Two years from the start of the period: 1 January 2021 is the last current day.
  assert.ok(!isStale('2019', '2021-01-01', 2));
  assert.ok(isStale('2019', '2021-01-02', 2));
  // A longer threshold keeps it current.
  assert.ok(!isStale('2019', '2026-12-07', 10));
});

test('the period start counts', () => {
  assert.ok(!isStale('2021-T1', '2023-01-01', 2));
  assert.ok(isStale('2021-T1', '2023-01-02', 2));
  assert.ok(!isStale('2019-06-29', '2021-06-29', 2));
  assert.ok(isStale('2019-06-29', '2021-06-30', 2));
  assert.deepEqual(periodStart('2020-S2'), [2020, 7, 1]);
  assert.deepEqual(periodStart('2021-T4'), [2021, 10, 1]);
  assert.deepEqual(periodStart('2019-06'), [2019, 6, 1]);
});

test('an undated status is never current', () => {
  assert.equal(freshness(null, '2019-01-01', 2), 'non_date');
  assert.equal(freshness(undefined, '2019-01-01', 100), 'non_date');
  assert.ok(isStale('', '2019-01-01', 100));
  assert.equal(note(null, undefined, '2026', 2), 'état non daté, à vérifier');
});

test('the Annemasse–Genève tram: « en travaux », known in 2019 from its document', () => {
  // dated_facts.rs: stale on 2026-12-07 with Annemasse's threshold of 2, current in 2020.
  assert.ok(isStale('2019', '2026-12-07', 2));
  assert.equal(note('2019', 'document', '2026-12-07', 2), 'état connu en 2019, à vérifier');
  assert.ok(!isStale('2019', '2020-09-01', 2));
  assert.equal(note('2019', 'document', '2020-09-01', 2), 'état connu en 2019');
});

test('notes say when and whether to check', () => {
  assert.equal(note('2019', 'au plus tôt', '2026-12-07', 2), 'état connu en 2019 ou après, à vérifier');
  assert.equal(note('2026-T3', 'source', '2026-12-07', 2), 'état connu au 3e trimestre 2026');
  assert.equal(note('2026-06-29', 'source', '2026-12-07', 2), 'état connu le 29 juin 2026');
});

test('today is the UTC day', () => {
  assert.equal(today(new Date('2026-12-07T23:30:00Z')), '2026-12-07');
  assert.equal(today(new Date('2026-12-07T23:30:00-02:00')), '2026-12-08');
});
