// Whether a status is too old to be said as today's (issue 27), for what the map shows without
// asking the server (the popups on tile features). The rule is the server's
// (`geodata::model::StatusDate::freshness`), copied exactly: the age is counted from the start
// of the date's period (a status « known in 2019 » may have been known in January, a
// « 2021-T1 » one on 1 January 2021), a status is current until that day plus the territory's
// threshold in years, inclusive, and an undated status is never current.

import { statusDate } from './format.js';

/** First day of a fuzzy date's period as [year, month, day], or null when it does not parse. */
export function periodStart(fuzzy) {
  if (typeof fuzzy !== 'string') return null;
  let m;
  if ((m = /^(\d{4})$/.exec(fuzzy))) return [Number(m[1]), 1, 1];
  if ((m = /^(\d{4})-(\d{2})$/.exec(fuzzy))) return [Number(m[1]), Number(m[2]), 1];
  if ((m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(fuzzy))) return [Number(m[1]), Number(m[2]), Number(m[3])];
  if ((m = /^(\d{4})-T([1-4])$/.exec(fuzzy))) return [Number(m[1]), Number(m[2]) * 3 - 2, 1];
  if ((m = /^(\d{4})-S([12])$/.exec(fuzzy))) return [Number(m[1]), Number(m[2]) * 6 - 5, 1];
  return null;
}

/** Lexicographic order of [year, month, day] triples, as Rust compares tuples. */
function after(a, b) {
  for (let i = 0; i < 3; i += 1) if (a[i] !== b[i]) return a[i] > b[i];
  return false;
}

/**
 * `a_jour`, `ancien` or `non_date` (the server's `Freshness::code`) of a status dated `fuzzy`
 * on `today` (a fuzzy date, the day in practice) with a threshold of `years`. A date that does
 * not parse is undated: the server refuses such data, so it cannot be said current either.
 */
export function freshness(fuzzy, today, years) {
  const start = periodStart(fuzzy);
  if (!start) return 'non_date';
  const limit = [start[0] + years, start[1], start[2]];
  return after(periodStart(today), limit) ? 'ancien' : 'a_jour';
}

export function isStale(fuzzy, today, years) {
  return freshness(fuzzy, today, years) !== 'a_jour';
}

/** Today (UTC, as the server's `geodata::clock::today`) as `AAAA-MM-JJ`. */
export function today(now = new Date()) {
  return now.toISOString().slice(0, 10);
}

/**
 * What a resident reads beside a status (`StatusDate::note_fr`): « état connu en 2019 »,
 * « état connu en 2019, à vérifier », « état connu en 2019 ou après, à vérifier », « état non
 * daté, à vérifier ».
 */
export function note(fuzzy, origin, day, years) {
  const fresh = freshness(fuzzy, day, years);
  const known = fresh === 'non_date' ? 'état non daté' : `état connu ${statusDate(fuzzy, origin)}`;
  return fresh === 'a_jour' ? known : `${known}, à vérifier`;
}
