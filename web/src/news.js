// « Nouveautés » and « Suivre » in the answer panel: the changes published for the place
// (the server's /changements, same rules as /impacts), « modifié le … » on the items that
// changed, and the Atom feed to paste into a feed reader. The wording comes from the server;
// this module only picks, dates and lays out.

import { h } from './dom.js';

/** Changes shown in « Nouveautés ». */
export const NEWS_LIMIT = 10;

const DATE = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** `2025-03-04T10:12:00Z` → `4 mars 2025`. */
export function day(rfc3339) {
  const d = new Date(rfc3339);
  return Number.isNaN(d.getTime()) ? '' : DATE.format(d);
}

/** The quartier a place is in (the answer's first perimeter it is inside), if any. */
export function quartierOf(answer) {
  const p = (answer?.perimetres ?? []).find((x) => x.verdict === 'dedans' || x.relation === 'intersecte');
  return p ? { code: p.code, nom: p.nom } : null;
}

/**
 * What to follow for a place: the quartier's feed when the place is in one, else the place's
 * own feed for a point. `origin`: the page's origin (absolute URLs to paste elsewhere).
 */
export function feedFor(place, answer, origin) {
  if (place?.type === 'commune') {
    return {
      label: 'Suivre cette commune',
      url: `${origin}/flux/communes/${encodeURIComponent(place.insee)}`,
      changes: `/changements?commune=${encodeURIComponent(place.insee)}&limite=${NEWS_LIMIT}`,
      what: 'la commune',
    };
  }
  const q = place?.type === 'quartier' ? { code: place.code, nom: place.name ?? place.code } : quartierOf(answer);
  if (q) {
    return {
      label: 'Suivre ce quartier',
      url: `${origin}/flux/quartiers/${encodeURIComponent(q.code)}`,
      changes: `/changements?quartier=${encodeURIComponent(q.code)}&limite=${NEWS_LIMIT}`,
      what: `le quartier « ${q.nom} »`,
    };
  }
  const lon = place?.type === 'point' ? place.lon : answer?.lieu?.lon;
  const lat = place?.type === 'point' ? place.lat : answer?.lieu?.lat;
  if (lon == null || lat == null) return null;
  const at = `lon=${Number(lon).toFixed(6)}&lat=${Number(lat).toFixed(6)}`;
  return {
    label: 'Suivre ce lieu',
    url: `${origin}/flux?${at}`,
    changes: `/changements?${at}&limite=${NEWS_LIMIT}`,
    what: 'ce lieu',
  };
}

/** `collection/featureId` → date of its latest change, from a /changements answer. */
export function changedItems(changes) {
  const out = new Map();
  for (const c of changes?.changements ?? []) {
    const key = `${c.collection}/${c.id}`;
    if (!out.has(key)) out.set(key, c.date);
  }
  return out;
}

/** « modifié le 4 mars 2025 » for an item key that changed, else null. */
export function modifiedBadge(changed, key) {
  const date = changed?.get(key);
  if (!date) return null;
  return h('span', { class: 'badge badge--modifie', title: 'Changement publié dans les dernières versions' }, `modifié le ${day(date)}`);
}

/** The « Suivre » block: the feed URL, ready to copy, and what a feed reader is. */
export function followBlock(feed) {
  if (!feed) return null;
  const input = h('input', { type: 'text', readonly: true, value: feed.url, class: 'suivre__url', 'aria-label': `Adresse du flux de ${feed.what}` });
  const status = h('span', { class: 'suivre__etat', role: 'status' });
  const copy = h('button', {
    type: 'button',
    class: 'bouton bouton--petit',
    onclick: async () => {
      input.select();
      try {
        await navigator.clipboard.writeText(feed.url);
        status.textContent = 'Adresse copiée.';
      } catch {
        status.textContent = 'Sélectionnée : copiez-la (Ctrl+C).';
      }
    },
  }, 'Copier');
  return h('div', { class: 'suivre' },
    h('p', {}, h('a', { href: feed.url, type: 'application/atom+xml', class: 'suivre__lien' }, `${feed.label} (flux Atom)`)),
    h('p', { class: 'suivre__champ' }, input, ' ', copy, ' ', status),
    h('p', { class: 'suivre__aide' }, 'Un lecteur de flux (Thunderbird, Feeder, NetNewsWire…) vous signale chaque changement publié : collez-y cette adresse.'),
  );
}

/**
 * The « Nouveautés » section: the latest changes concerning the place, newest first; `open`
 * unfolds it (the permalink's `nouveautes=1`), `onToggle(open)` follows the reader.
 */
export function newsSection(changes, feed, { open = false, onToggle } = {}) {
  const list = changes?.changements ?? [];
  const items = list.map((c) =>
    h('li', { class: 'nouveaute' },
      h('time', { datetime: c.date }, day(c.date)), ' — ',
      h('a', { href: c.liens?.carte ?? '#' }, c.titre),
      c.commentaire ? h('span', { class: 'nouveaute__commentaire' }, ` (« ${c.commentaire} »)`) : null),
  );
  const body = items.length
    ? h('ul', { class: 'nouveautes__liste' }, items)
    : h('p', {}, 'Aucun changement publié ne concerne ce lieu depuis la mise en service des données.');
  const details = h('details', { class: 'nouveautes', id: 'nouveautes', open },
    h('summary', {}, h('h3', { class: 'nouveautes__titre' }, `Nouveautés${list.length ? ` (${list.length})` : ''}`)),
    body,
    followBlock(feed),
  );
  if (onToggle) details.addEventListener('toggle', () => onToggle(details.open));
  return details;
}

/**
 * What the answer view shows of `news` (`{ feed, changes }`, changes `null` while loading or
 * when unavailable): its « Nouveautés » section (`lead`) and the « modifié le … » badge of each
 * item that changed (`badge(key)`); nothing without a feed.
 */
export function forAnswer(news, options) {
  if (!news?.feed) return { lead: [], badge: () => null };
  const changed = changedItems(news.changes);
  return { lead: [newsSection(news.changes, news.feed, options)], badge: (key) => modifiedBadge(changed, key) };
}
