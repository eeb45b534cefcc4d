// The dataset's names (quartiers, operations, equipment, communes…) for the search box, loaded
// once from the OGC API collections, matched accent- and case-insensitively.

import * as api from './api.js';
import { bounds } from './geo.js';

/** Collections searched, with the French word shown beside each result. */
const SOURCES = [
  { collection: 'perimetres', kind: (p) => (p.type === 'veille_active' ? 'Quartier de veille' : 'Quartier prioritaire') },
  { collection: 'qpv', kind: 'Quartier prioritaire' },
  { collection: 'communes', kind: 'Commune' },
  { collection: 'operations', kind: 'Opération' },
  { collection: 'equipements', kind: 'Équipement' },
  { collection: 'centralites', kind: 'Centralité' },
  { collection: 'ilots', kind: 'Îlot' },
  // Picking one chooses it in the header's menu (mapInputs.js).
  { collection: 'territoires', kind: 'Territoire' },
];

export function fold(text) {
  return String(text ?? '')
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

function entryOf(source, f) {
  const p = f.properties ?? {};
  const label = p.nom ?? p.titre;
  if (!label) return null;
  const detail = p.code ?? p.insee_com ?? '';
  return {
    label,
    kind: typeof source.kind === 'function' ? source.kind(p) : source.kind,
    detail: typeof detail === 'string' ? detail : '',
    collection: source.collection,
    territory: p.territoire ?? null,
    featureId: f.id != null ? String(f.id) : null,
    bounds: bounds(f.geometry),
    nameFolded: fold(label),
    folded: fold(`${label} ${typeof detail === 'string' ? detail : ''} ${(p.anciens_noms ?? []).join?.(' ') ?? ''}`),
  };
}

/**
 * Score of an entry for folded query words: 0 when a word is missing; a whole word counts
 * most, then a word start, then a substring.
 */
export function score(entry, words) {
  const own = entry.folded.split(' ');
  let total = 0;
  for (const w of words) {
    if (own.includes(w)) total += 4;
    else if (own.some((o) => o.startsWith(w))) total += 2;
    else if (entry.folded.includes(w)) total += 1;
    else return 0;
  }
  return total;
}

/**
 * The search index over the collections the server publishes (`layers`, from layersFrom); when
 * it said none (no answer from `/collections`), every collection searched is tried.
 */
export function createIndex(layers) {
  let entries = null;
  let loading = null;

  async function load() {
    const published = new Set(layers.list.map((l) => l.id));
    const available = published.size ? published : new Set(SOURCES.map((s) => s.collection));
    const lists = await Promise.all(
      SOURCES.filter((s) => available.has(s.collection)).map(async (s) => {
        try {
          const rank = s.collection === 'qpv' ? 1 : 0;
          return (await api.allFeatures(s.collection)).map((f) => ({ ...entryOf(s, f), rank })).filter((e) => e.label);
        } catch {
          return [];
        }
      }),
    );
    // A territory perimeter and its national twin share a code: keep the territory's.
    const seen = new Set();
    entries = lists.flat().filter((e) => {
      const key = `${e.detail}|${fold(e.label)}`;
      if (e.detail && seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    return entries;
  }

  return {
    /** Loads the names in the background (first focus of the search box). */
    warm() {
      loading ??= load();
      return loading;
    },
    async search(query, limit = 8) {
      const words = fold(query).split(' ').filter(Boolean);
      if (!words.length) return [];
      const all = await this.warm();
      return all
        .map((e, i) => ({ e, i, s: score(e, words) }))
        .filter((x) => x.s > 0)
        // Ties: the territory's own layers (loaded first) before the national one.
        .sort((a, b) => b.s - a.s || a.e.rank - b.e.rank || a.e.label.length - b.e.label.length || a.e.label.localeCompare(b.e.label, 'fr'))
        .slice(0, limit)
        .map((x) => x.e);
    },
  };
}
