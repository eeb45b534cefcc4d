// Renders the answer « Ce qui concerne ce lieu »: the place's perimeters, then one section per
// scope — what is here first, then the commune's and the whole territory's, folded and loaded on
// demand — each with one <ul> per group, each item with its status badge, dates, owner, amount,
// distance, precision and source.

import { h, withAcronyms } from './dom.js';
import { itemKey } from './layers.js';
import { kind, perimeterGroup, scopeKey, scopedGroups, scopedItems, scopes, status, title } from './answerRows.js';
import * as fmt from './format.js';
import { kindIcon } from './icons.js';
import { referencesView } from './referencesView.js';

/** Long lists start folded (the Contrat de Ville's actions run to a hundred and more). */
const FOLD_ACTIONS_OVER = 12;
const FOLD_OVER = 40;

/** The QPV situation in one sentence — what a resident asks first — then how many items
 * concern the place in each scope. */
export function summary(answer) {
  return [standing(answer), tally(answer), staleness(answer)].filter(Boolean).join(' ');
}

/** « 177 statuts sont connus depuis plus de deux ans ou non datés : à vérifier. » */
function staleness(answer) {
  const n = answer.a_verifier?.total ?? 0;
  if (!n) return '';
  return n === 1
    ? 'Un statut est ancien ou non daté : à vérifier.'
    : `${n} statuts sont anciens ou non datés : à vérifier.`;
}

function standing(answer) {
  const perims = answer.perimetres ?? [];
  const named = answer.lieu?.objet;
  const what = (p) => (p.type === 'veille_active' ? 'quartier de veille active' : 'quartier prioritaire');
  if (named?.type === 'quartier') {
    const own = perims.find((p) => p.code === named.code);
    return own ? `« ${own.nom} » (${own.code}) est un ${what(own)}.` : `Quartier « ${named.nom} ».`;
  }
  const inside = perims.filter((p) => p.verdict === 'dedans' || p.relation === 'intersecte');
  const edge = perims.filter((p) => p.verdict === 'en_limite');
  const isZone = answer.lieu?.type === 'surface';
  const zone = named?.type === 'commune' ? 'de la commune' : 'de la zone';
  if (inside.length > 1 && isZone) {
    // One sentence for a zone over several quartiers, never one per quartier.
    const total = inside.reduce((sum, p) => sum + (p.part_surface ?? 0), 0);
    const names = inside.map((p) => `« ${p.nom} »`).join(', ');
    return `${fmt.share(Math.min(total, 1))} ${zone} est dans ${inside.length} quartiers : ${names}.`;
  }
  if (inside.length) {
    const p = inside[0];
    if (isZone && p.part_surface != null) return `${fmt.share(p.part_surface)} ${zone} est dans le ${what(p)} « ${p.nom} ».`;
    return inside.map((q) => `Ce lieu est dans le ${what(q)} « ${q.nom} ».`).join(' ');
  }
  if (edge.length) return `Ce lieu est en limite du quartier « ${edge[0].nom} » : à vérifier sur le plan officiel.`;
  return isZone ? 'Cette zone n’est dans aucun quartier prioritaire.' : 'Ce lieu n’est dans aucun quartier prioritaire.';
}

/** « 22 éléments ici, 31 dans la commune, 132 dans toute l'agglomération. » */
function tally(answer) {
  const parts = (answer.portees ?? [])
    .map((s) => [scopeTotal(s), s.portee === 'ici' ? 'ici ou à proximité' : s.portee === 'commune' ? 'dans la commune' : 'dans tout le territoire'])
    .filter(([n]) => n > 0)
    .map(([n, where]) => `${n} ${where}`);
  return parts.length ? `Éléments recensés : ${parts.join(', ')}.` : '';
}

function detail(label, value) {
  if (value == null || value === '') return null;
  return [h('dt', {}, label), h('dd', {}, ...(Array.isArray(value) ? value : [value]))];
}

function where(item) {
  const parts = [fmt.relation(item.relation)];
  if (item.relation === 'a_proximite' && item.distance_m != null) parts.push(fmt.distance(item.distance_m));
  return parts.filter(Boolean).join(', ');
}

/** Whether an item's status is to be checked: the server says it (`perime`), on its day. */
function toCheck(item) {
  return item.perime === true;
}

function badges(group, item) {
  const s = status(group, item);
  const tone = group === 'perimetres' ? `verdict-${item.verdict}` : fmt.statusTone(item.statut);
  // A status is never shown without its date (issue 27): « en travaux · en 2019 ».
  const dated = group !== 'perimetres' && item.statut && item.statut !== 'non renseigné';
  const out = [
    h(
      'span',
      { class: `badge badge--${tone}` },
      h('span', { class: 'badge__statut' }, s),
      dated ? h('span', { class: 'badge__date' }, ` · ${fmt.statusDate(item.statut_date, item.statut_date_origine)}`) : null,
    ),
  ];
  if (toCheck(item)) {
    out.push(h('span', { class: 'badge badge--a-verifier', title: item.statut_etat ?? '' }, 'à vérifier'));
  }
  if (!fmt.isExact(item.precision_geometrie)) {
    out.push(h('span', { class: 'badge badge--imprecis' }, fmt.precision(item.precision_geometrie)));
  }
  return out;
}

function source(item) {
  if (!item.source_document) return null;
  const section = item.source_section ? h('span', { class: 'source__section' }, item.source_section) : null;
  return h('details', { class: 'source' }, h('summary', {}, `Source : ${item.source_document}`), section);
}

function itemDetails(group, item) {
  const rows = [
    detail('Type', withAcronyms(kind(group, item))),
    detail('Situation', where(item)),
  ];
  if (group === 'perimetres') {
    rows.push(detail('Code', item.code));
    if (item.distance_bord_m != null) rows.push(detail('Distance à la limite', fmt.distance(item.distance_bord_m).replace(/^à /, '')));
  }
  if (item.part_surface != null) rows.push(detail('Part de la zone', fmt.share(item.part_surface)));
  if (item.programme) rows.push(detail('Programme', withAcronyms(item.programme_nom ?? item.programme)));
  rows.push(detail('Dates', item.dates));
  rows.push(detail('Maître d’ouvrage', item.maitre_ouvrage ? withAcronyms(item.maitre_ouvrage) : null));
  rows.push(detail('Montant', fmt.amount(item.montant_eur)));
  if (item.logements != null) rows.push(detail('Logements', String(item.logements)));
  if (group === 'actions') {
    rows.push(detail('Orientation', item.os_numero != null ? withAcronyms(`OS ${item.os_numero} — ${item.orientation}`) : item.orientation));
    rows.push(detail('Lieu de réalisation', item.perimetre_realisation));
    rows.push(detail('Précision du statut', item.statut_texte));
  }
  if (item.statut && item.statut !== 'non renseigné' && group !== 'perimetres') {
    const known = item.statut_etat ?? `état connu ${fmt.statusDate(item.statut_date, item.statut_date_origine)}`;
    rows.push(detail('Date du statut', `${known} (${fmt.dateOrigin(item.statut_date_origine ?? 'non renseignée')})`));
  }
  rows.push(detail('Précision', [fmt.precision(item.precision_geometrie), item.motif_precision ? ` — ${item.motif_precision}` : '']));
  if (item.emplacement === 'déduit') {
    rows.push(detail('Emplacement', `déduit : la source ne précise pas l’emplacement${item.deduit_de ? ` (${item.deduit_de})` : ''}`));
  }
  return h('dl', { class: 'details' }, rows);
}

/** Fields whose value reads the source: the source's own words beside the reading. */
function readings(item) {
  const list = item.interpretations ?? [];
  if (!list.length) return null;
  return h(
    'ul',
    { class: 'lectures' },
    list.map((r) =>
      h(
        'li',
        {},
        h('strong', {}, `${r.champ} : `),
        'la source dit « ',
        h('q', { class: 'lectures__texte' }, r.texte_source),
        ` »${r.ligne != null ? ` (l. ${r.ligne})` : ''}`,
        r.motif ? ` — ${r.motif}` : '',
      ),
    ),
  );
}

function actionText(item) {
  if (!item.detail && !item.perspectives) return null;
  return h(
    'details',
    { class: 'action-texte' },
    h('summary', {}, 'Bilan et perspectives'),
    item.detail ? h('p', {}, withAcronyms(item.detail)) : null,
    item.perspectives ? h('p', {}, h('strong', {}, 'Perspectives : '), withAcronyms(item.perspectives)) : null,
  );
}

function itemView(group, item, { selectedKey, onSelect, badge }, level = 4) {
  const key = itemKey(item);
  const extra = badge(key);
  const selected = key === selectedKey;
  const name = title(group, item);
  const show =
    group === 'actions'
      ? null
      : h(
          'button',
          {
            type: 'button',
            class: 'bouton bouton--petit',
            'aria-pressed': selected ? 'true' : 'false',
            onclick: () => onSelect(group, item),
          },
          h('span', { class: 'bouton__texte' }, selected ? 'Affiché sur la carte' : 'Voir sur la carte'),
          h('span', { class: 'visuellement-cache' }, ` : ${name}`),
        );
  return h(
    'li',
    { class: `element${selected ? ' element--choisi' : ''}${fmt.isExact(item.precision_geometrie) ? '' : ' element--imprecis'}${toCheck(item) ? ' element--a-verifier' : ''}`, dataset: { key } },
    h(`h${level}`, { class: 'element__titre' }, group === 'equipements' ? kindIcon(item.type) : null, withAcronyms(name)),
    h('p', { class: 'badges' }, badges(group, item), extra ? [' ', extra] : null),
    item.raison ? h('p', { class: 'raison' }, withAcronyms(item.raison)) : null,
    itemDetails(group, item),
    readings(item),
    actionText(item),
    source(item),
    show,
  );
}

function emptyText(group, hiddenCount, local) {
  if (hiddenCount) return `Aucun élément ne correspond aux filtres (${hiddenCount} masqué${hiddenCount > 1 ? 's' : ''}).`;
  if (group === 'perimetres') return 'Aucun quartier prioritaire ni de veille à proximité.';
  return local ? 'Rien de recensé.' : 'Pas de données locales chargées pour ce lieu.';
}

/** One group as a foldable section with its list (or why it is empty). */
function groupSection(g, items, { hidden = 0, local, idPrefix, open, level = 4, ...item }) {
  const headingId = `${idPrefix}-${g.key}`;
  const count = h('span', { class: 'compte' }, ` (${items.length})`);
  const list = items.length
    ? h('ul', { class: 'liste', 'aria-labelledby': headingId }, items.map((x) => itemView(g.key, x, item, level + 1)))
    : h('p', { class: 'vide' }, emptyText(g.key, hidden, local));
  const unfolded = open ?? (items.length > 0 && items.length <= (g.key === 'actions' ? FOLD_ACTIONS_OVER : FOLD_OVER));
  return h(
    'section',
    { class: 'groupe', dataset: { groupe: g.key } },
    h('details', { open: unfolded }, h('summary', {}, h(`h${level}`, { id: headingId, class: 'groupe__titre' }, g.title, count)), list),
  );
}

/** « 3 opérations (programmé 2, en travaux 1) · 15 actions… » for a scope not yet listed. */
function counts(answer, scope) {
  const parts = [];
  for (const g of scopedGroups(answer)) {
    const c = scope.groupes?.[g.key];
    if (!c?.total) continue;
    const statuses = Object.entries(c.par_statut ?? {}).map(([s, n]) => `${s} ${n}`).join(', ');
    const stale = c.a_verifier ? ` · ${c.a_verifier} à vérifier` : '';
    parts.push(h('li', {}, `${g.title} : ${c.total}${statuses ? ` (${statuses})` : ''}${stale}`));
  }
  return parts.length ? h('ul', { class: 'portee__comptes' }, parts) : h('p', { class: 'vide' }, 'Rien de recensé.');
}

/** The number of items a scope holds, its perimeters aside (they are listed on their own). */
export function scopeTotal(scope) {
  return (scope.total ?? 0) - (scope.groupes?.perimetres?.total ?? 0);
}

/**
 * The grouped answer as DOM. `hidden`: count of items the filters removed, per group (of the
 * *ici* scope). `tiers`: scope key → `{ answer, hidden }` of the scopes already loaded in full;
 * `open`: keys of the scope sections the user unfolded; `onToggleScope(scope, open)` when one is
 * unfolded or folded. `hereTitle`: the title of the *ici* section. `onSelect(group, item)`: when
 * an item's « Voir sur la carte » is pressed. `lead`: nodes shown right after the summary (« 
 * Nouveautés »); `note`: a sentence of the map's about the place, after them; `badge(key)`: an
 * extra badge for an item (« modifié le … ») or null. A complete answer (`detail: complet`) is
 * listed whole, every section open (the printed fiche).
 */
export function answerView(
  answer,
  {
    hidden = {},
    selectedKey = null,
    onSelect = () => {},
    tiers = {},
    open = new Set(),
    onToggleScope = () => {},
    hereTitle = 'Ici et à proximité',
    lead = [],
    note = null,
    badge = () => null,
  } = {},
) {
  const root = h('div', { class: 'reponse' });
  root.append(h('p', { class: 'resume' }, withAcronyms(summary(answer))), ...lead);
  if (note) root.append(h('p', { class: 'avertissement', role: 'note' }, note));
  const local = (answer.territoires ?? []).length > 0;
  const complete = answer.detail === 'complet';
  for (const w of answer.avertissements ?? []) root.append(h('p', { class: 'avertissement', role: 'note' }, withAcronyms(w)));
  const common = { local, selectedKey, onSelect, badge };
  root.append(groupSection(perimeterGroup(answer), answer.perimetres ?? [], { ...common, hidden: hidden.perimetres, idPrefix: 'groupe', level: 3 }));
  // What national open data says of the place (its commune, contract, stations), wherever it is.
  const national = referencesView(answer.references);
  if (national) root.append(national);
  for (const scope of scopes(answer)) {
    const key = scopeKey(scope);
    const headingId = `portee-${key.replace(/[^a-z0-9-]/gi, '-')}`;
    const isHere = scope.portee === 'ici';
    const label = isHere ? hereTitle : scope.portee === 'territoire' && scope.territoire ? `${scope.libelle} (${scope.territoire.nom})` : scope.libelle;
    const heading = h('h3', { id: headingId }, label, h('span', { class: 'compte' }, ` (${scopeTotal(scope)})`));
    const loaded = isHere || complete ? { answer, hidden: isHere ? hidden : {} } : tiers[key];
    const body = loaded
      ? scopedGroups(answer).map((g) =>
          groupSection(g, scopedItems(loaded.answer, scope, g.key), { ...common, hidden: loaded.hidden?.[g.key], idPrefix: headingId, open: complete || undefined }),
        )
      : [counts(answer, scope), h('p', { class: 'chargement' }, open.has(key) ? 'Chargement de la liste…' : 'Dépliez pour voir la liste.')];
    const attrs = { class: `portee portee--${scope.portee}`, dataset: { portee: scope.portee, cle: key }, 'aria-labelledby': headingId };
    if (isHere) {
      root.append(h('section', attrs, heading, ...body));
      continue;
    }
    const details = h('details', { open: complete || open.has(key) }, h('summary', {}, heading), ...body);
    details.addEventListener('toggle', () => {
      if (details.open !== open.has(key)) onToggleScope(scope, details.open);
    });
    root.append(h('section', attrs, details));
  }
  return root;
}

/** Marks the item of `key` as the one shown on the map (and no other) in a rendered answer. */
export function markSelected(root, key) {
  for (const li of root.querySelectorAll('li.element')) {
    const on = li.dataset.key === key;
    li.classList.toggle('element--choisi', on);
    const button = li.querySelector('button[aria-pressed]');
    if (button) {
      button.setAttribute('aria-pressed', on ? 'true' : 'false');
      button.querySelector('.bouton__texte').textContent = on ? 'Affiché sur la carte' : 'Voir sur la carte';
    }
  }
}

/** Moves the focus to the fold of the scope section `key` of a rendered answer. */
export function focusScope(root, key) {
  root.querySelector(`[data-cle="${CSS.escape(key)}"] summary`)?.focus();
}
