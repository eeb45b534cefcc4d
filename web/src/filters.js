// The planners' filters — theme, status, programme, period — and the timeline year, as one
// plain state object. Pure: the same predicate filters the panel, the exports and (through
// `mapExpression`) the map layers, so the three never disagree.

import { year } from './format.js';

export const EMPTY = Object.freeze({ theme: '', statut: '', programme: '', de: null, a: null, annee: null });

/** Groups the filters apply to; the perimeters are the place's context and always shown. */
export const FILTERED_GROUPS = ['operations', 'equipements', 'actions', 'centralites', 'corridors'];

/** A theme value names its field: `pilier:…` (actions) or `type:…` (operations, equipment). */
export function parseTheme(theme) {
  const i = theme ? theme.indexOf(':') : -1;
  if (i < 0) return null;
  return { field: theme.slice(0, i), value: theme.slice(i + 1) };
}

export function isActive(f) {
  return Boolean(f.theme || f.statut || f.programme || f.de != null || f.a != null || f.annee != null);
}

/** Start and end years of an item, from the answer (`date_debut`) or a layer's properties. */
function years(item) {
  return [year(item.date_debut), year(item.date_fin)];
}

/** Whether [start, end] (either may be unknown) meets [from, to]. Undated items never match. */
function overlaps([start, end], from, to) {
  if (start == null && end == null) return false;
  const s = start ?? end;
  const e = end ?? Number.POSITIVE_INFINITY;
  return (to == null || s <= to) && (from == null || e >= from);
}

/** Whether one item (answer item or layer feature properties) passes the filters. */
export function matches(f, item, group) {
  const theme = parseTheme(f.theme);
  if (theme && String(item[theme.field] ?? '') !== theme.value) return false;
  if (f.statut && (item.statut ?? 'non renseigné') !== f.statut) return false;
  if (f.programme && item.programme !== f.programme) return false;
  if ((f.de != null || f.a != null) && !overlaps(years(item), f.de, f.a)) return false;
  if (f.annee != null && group === 'operations' && !overlaps(years(item), f.annee, f.annee)) return false;
  return true;
}

/** The answer with the filtered groups narrowed; counts of what was hidden per group. */
export function applyToAnswer(f, answer) {
  const out = { ...answer };
  const hidden = {};
  for (const g of FILTERED_GROUPS) {
    const list = answer[g] ?? [];
    out[g] = list.filter((item) => matches(f, item, g));
    hidden[g] = list.length - out[g].length;
  }
  return { answer: out, hidden };
}

/** Theme, status and programme values present in an answer, to fill the filter menus. */
export function choices(answer) {
  const set = (values) => [...new Set(values.filter(Boolean))].sort((a, b) => a.localeCompare(b, 'fr'));
  const items = FILTERED_GROUPS.flatMap((g) => answer[g] ?? []);
  // What the compact answer only counts (the commune's and the territory's items) still offers
  // its statuses and themes, so a filter can be set before those lists are loaded.
  const counted = (groups, field) =>
    (answer.portees ?? []).flatMap((s) => groups.flatMap((g) => Object.keys(s.groupes?.[g]?.[field] ?? {})));
  return {
    piliers: set([...(answer.actions ?? []).map((a) => a.pilier), ...counted(['actions'], 'par_theme')]),
    types: set([...(answer.operations ?? []), ...(answer.equipements ?? [])].map((o) => o.type).concat(counted(['operations', 'equipements'], 'par_theme'))),
    statuts: set([...items.map((i) => i.statut ?? 'non renseigné'), ...counted(FILTERED_GROUPS, 'par_statut')]),
    programmes: set(items.map((i) => i.programme)),
  };
}

/** MapLibre expression giving the year of a fuzzy-date property, or `fallback` when absent. */
function yearExpr(prop, fallback) {
  return [
    'to-number',
    ['slice', ['coalesce', ['get', prop], String(fallback)], 0, 4],
    fallback,
  ];
}

function periodExpr(from, to) {
  const start = ['coalesce', ['get', 'date_debut'], ['get', 'date_fin']];
  const conds = [['any', ['has', 'date_debut'], ['has', 'date_fin']]];
  if (to != null) conds.push(['<=', ['to-number', ['slice', ['to-string', start], 0, 4], 0], to]);
  if (from != null) conds.push(['>=', yearExpr('date_fin', 9999), from]);
  return ['all', ...conds];
}

/** Precisions that say where a feature is, not just which quartier, commune or territory. */
const LOCATED = ['exact', 'approximate'];

/**
 * Expression keeping only located features of the filtered layers, or null when the user asked
 * to see everything. Features placed on a whole quartier, commune or territory pile up there
 * and hide the map; the answer panel still lists them.
 */
export function placementExpression(showUnlocated, layerId) {
  if (showUnlocated || ![...FILTERED_GROUPS, 'ilots'].includes(layerId)) return null;
  return ['in', ['coalesce', ['get', 'precision_geometrie'], 'exact'], ['literal', LOCATED]];
}

/**
 * The filter as a MapLibre expression for the features of one tile layer, or null when nothing
 * filters it. Mirrors `matches` on the properties the tiles carry.
 */
export function mapExpression(f, layerId) {
  if (!FILTERED_GROUPS.includes(layerId)) return null;
  const conds = [];
  const theme = parseTheme(f.theme);
  if (theme) conds.push(['==', ['to-string', ['get', theme.field]], theme.value]);
  if (f.statut) conds.push(['==', ['coalesce', ['get', 'statut'], 'non renseigné'], f.statut]);
  if (f.programme) conds.push(['==', ['get', 'programme'], f.programme]);
  if (f.de != null || f.a != null) conds.push(periodExpr(f.de, f.a));
  if (f.annee != null && layerId === 'operations') conds.push(periodExpr(f.annee, f.annee));
  return conds.length ? ['all', ...conds] : null;
}
