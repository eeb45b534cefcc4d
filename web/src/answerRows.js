// The answer in panel order: its perimeters, then one section per scope (what is here, the
// commune, the whole territory), each with its groups. The one order the panel, the CSV export
// and the printed fiche all read, so they always show the same items.

import { groupsOf, itemKey } from './layers.js';
import * as fmt from './format.js';

export function title(group, item) {
  if (group === 'actions') return item.code && item.code !== 'N.A.' ? `${item.code} — ${item.titre}` : item.titre;
  return item.nom ?? item.titre ?? item.id ?? item.code ?? '';
}

export function kind(group, item) {
  if (group === 'perimetres') return `${fmt.perimeterKind(item.type)}${item.millesime ? ` ${item.millesime}` : ''}`;
  if (group === 'actions') return item.pilier ?? '';
  return item.type ?? '';
}

/** Status as shown: the verdict for a perimeter, the progress for anything else. */
export function status(group, item) {
  if (group === 'perimetres') return fmt.verdict(item.verdict);
  return item.statut ?? 'non renseigné';
}

/** The answer's perimeters group: listed first, on its own. */
export function perimeterGroup(answer) {
  return groupsOf(answer).find((g) => g.key === 'perimetres') ?? { key: 'perimetres', title: '' };
}

/** The answer's groups listed inside each scope section (the perimeters come first, on their own). */
export function scopedGroups(answer) {
  return groupsOf(answer).filter((g) => g.key !== 'perimetres');
}

/** Whether an item belongs to a scope summary (`portees[i]`): same scope, same territory. */
export function inScope(scope, item) {
  return (item.portee ?? 'ici') === scope.portee && (!scope.territoire || item.territoire === scope.territoire.slug);
}

/** The key of a scope section: `ici`, `commune:annemasse-agglo`… */
export function scopeKey(scope) {
  return scope.territoire && scope.portee !== 'ici' ? `${scope.portee}:${scope.territoire.slug}` : scope.portee;
}

/** The scope summaries of an answer; an answer without any gets one *ici* scope. */
export function scopes(answer) {
  const list = answer?.portees ?? [];
  return list.length ? list : [{ portee: 'ici', libelle: 'Ici', total: 0, groupes: {} }];
}

/** One group's items within a scope. */
export function scopedItems(answer, scope, groupKey) {
  return (answer?.[groupKey] ?? []).filter((item) => inScope(scope, item));
}

function row(g, item) {
  return { group: g.key, groupTitle: g.title, item, key: itemKey(item), title: title(g.key, item) };
}

/** Every item in panel order: perimeters, then each scope's groups. */
export function rows(answer) {
  const perimetres = perimeterGroup(answer);
  const out = (answer?.perimetres ?? []).map((item) => row(perimetres, item));
  for (const scope of scopes(answer)) {
    for (const g of scopedGroups(answer)) {
      for (const item of scopedItems(answer, scope, g.key)) out.push(row(g, item));
    }
  }
  return out;
}

/** Columns of the answer's CSV export, in French. */
export const CSV_COLUMNS = [
  { label: 'groupe', value: (r) => r.groupTitle },
  { label: 'nom', value: (r) => r.title },
  { label: 'type', value: (r) => kind(r.group, r.item) },
  { label: 'statut', value: (r) => status(r.group, r.item) },
  // Beside every status, its date (issue 27): when the source knew it, from where, and
  // whether it is to be checked on the server's reference day.
  { label: 'statut_date', value: (r) => r.item.statut_date },
  { label: 'statut_date_origine', value: (r) => r.item.statut_date_origine },
  { label: 'a_verifier', value: (r) => (r.item.perime == null ? '' : r.item.perime ? 'oui' : 'non') },
  { label: 'portee', value: (r) => r.item.portee },
  { label: 'relation', value: (r) => fmt.relation(r.item.relation) },
  { label: 'distance_m', value: (r) => r.item.distance_m },
  { label: 'part_surface', value: (r) => r.item.part_surface },
  { label: 'programme', value: (r) => r.item.programme_nom ?? r.item.programme },
  { label: 'dates', value: (r) => r.item.dates },
  { label: 'maitre_ouvrage', value: (r) => r.item.maitre_ouvrage },
  { label: 'montant_eur', value: (r) => r.item.montant_eur },
  { label: 'precision_geometrie', value: (r) => r.item.precision_geometrie },
  { label: 'motif_precision', value: (r) => r.item.motif_precision },
  { label: 'emplacement', value: (r) => r.item.emplacement },
  { label: 'deduit_de', value: (r) => r.item.deduit_de },
  { label: 'raison', value: (r) => r.item.raison },
  { label: 'source_document', value: (r) => r.item.source_document },
  { label: 'source_section', value: (r) => r.item.source_section },
  { label: 'territoire', value: (r) => r.item.territoire },
  { label: 'identifiant', value: (r) => r.item.id ?? r.item.code },
];
