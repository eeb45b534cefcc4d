// The national references of an answer as DOM (« Références nationales »): each commune's
// summary and facts, each contract with its posts counted (the full list loaded when unfolded),
// the stations near the place with OpenStreetMap's attribution, and the sources cited.

import * as api from './api.js';
import { h, withAcronyms } from './dom.js';
import { postLine, postList, referenceBlocks } from './references.js';

function fact(f) {
  return h(
    'li',
    { class: 'fait' },
    h('span', { class: 'fait__libelle' }, withAcronyms(f.label), ' : '),
    h('span', { class: 'fait__texte' }, withAcronyms(f.text)),
    f.detail ? h('span', { class: 'fait__detail' }, ` (${f.detail})`) : null,
    f.precision ? h('span', { class: 'fait__precision' }, ` — ${f.precision}`) : null,
    f.source ? h('span', { class: 'fait__source' }, `Source : ${f.source}`) : null,
  );
}

function communeView(b) {
  return h(
    'section',
    { class: 'reference reference--commune', dataset: { insee: b.code } },
    h('h4', {}, b.title),
    h('p', { class: 'reference__resume' }, withAcronyms(b.resume)),
    h('ul', { class: 'faits' }, b.facts.map(fact)),
    b.note ? h('p', { class: 'reference__note' }, b.note) : null,
  );
}

/** The full list of a contract's posts, asked with `detail=complet` the first time it is unfolded. */
function postsList(b) {
  // A complete answer (the printed fiche) holds the list already.
  if (b.posts.list) return h('ul', { class: 'postes__lignes' }, b.posts.list.map((p) => h('li', {}, postLine(p))));
  const list = h('div', { class: 'postes__liste' }, h('p', { class: 'chargement' }, 'Dépliez pour charger la liste.'));
  const details = h('details', { class: 'postes__detail' }, h('summary', {}, 'Liste des postes publiés'), list);
  let loaded = false;
  details.addEventListener('toggle', async () => {
    if (!details.open || loaded || !b.posts.link) return;
    loaded = true;
    list.replaceChildren(h('p', { class: 'chargement' }, 'Chargement de la liste…'));
    try {
      const rows = postList(await api.follow(b.posts.link), b.code) ?? [];
      list.replaceChildren(rows.length ? h('ul', { class: 'postes__lignes' }, rows.map((p) => h('li', {}, postLine(p)))) : h('p', { class: 'vide' }, 'Aucune ligne publiée.'));
    } catch (e) {
      loaded = false;
      list.replaceChildren(h('p', { class: 'erreur', role: 'alert' }, e.message));
    }
  });
  return details;
}

function contractView(b) {
  return h(
    'section',
    { class: 'reference reference--contrat', dataset: { contrat: b.code } },
    h('h4', {}, withAcronyms(b.title)),
    h('ul', { class: 'faits' }, b.facts.map(fact)),
    h(
      'div',
      { class: 'postes' },
      h('p', { class: 'postes__total' }, withAcronyms(b.posts.heading)),
      b.posts.years.length ? h('ul', { class: 'postes__annees' }, b.posts.years.map((y) => h('li', {}, h('strong', {}, `${y.annee} : `), withAcronyms(y.kinds)))) : null,
      h('p', { class: 'fait__source' }, `Source : ${b.posts.source}`),
      b.posts.total ? postsList(b) : null,
    ),
  );
}

function stationsView(b) {
  return h(
    'section',
    { class: 'reference reference--gares' },
    h('h4', {}, 'Gares et stations proches'),
    h('p', {}, b.heading),
    b.stations.length ? h('ul', { class: 'faits' }, b.stations.map((s) => h('li', { class: 'fait', dataset: { gare: s.id } }, h('span', { class: 'fait__texte' }, s.text), h('span', { class: 'fait__detail' }, ` — ${s.detail}`)))) : null,
    b.attribution ? h('p', { class: 'fait__source attribution-osm' }, `Source : ${b.attribution}`) : null,
  );
}

/** The answer's `references` as a section, or null when national data says nothing. */
export function referencesView(refs) {
  const blocks = referenceBlocks(refs);
  if (!blocks) return null;
  const body = [
    ...blocks.communes.map(communeView),
    ...blocks.contrats.map(contractView),
    blocks.gares ? stationsView(blocks.gares) : null,
    blocks.sources.length ? h('details', { class: 'source references__sources' }, h('summary', {}, 'Sources des références nationales'), h('ul', {}, blocks.sources.map((s) => h('li', {}, s)))) : null,
  ];
  return h(
    'section',
    { class: 'references', 'aria-labelledby': 'references-titre' },
    h('details', { open: true }, h('summary', {}, h('h3', { id: 'references-titre' }, 'Références nationales')), ...body),
  );
}
