// Where the map opens without a permalink view: the chosen territory (the permalink's
// `territoire`, else config.json's `territoire_par_defaut`, Annemasse Agglo as built), France
// when « Toute la France » was chosen, else every loaded territory (France past
// MANY_TERRITORIES), else France.

import * as api from './api.js';
import { bounds } from './geo.js';

export const FRANCE = { center: [2.4, 46.6], zoom: 5 };
/** The menu's « Toute la France » in the permalink (`territoire=france`): the national layer's
 * name in the store, never a territory's slug. */
export const ALL_FRANCE = 'france';
/** Past this many territories, the header's menu is searchable and the first view is France. */
export const MANY_TERRITORIES = 12;

/** The territory menu's choice for an answer: the first loaded territory the place lies in, else
 * « Toute la France » (a commune, contract or quartier outside every loaded territory). */
export function territoryOf(answer) {
  return answer?.territoires?.[0]?.slug ?? ALL_FRANCE;
}

export async function initialView(...preferred) {
  // The permalink's choice, else the build's default (`france` for France).
  if (preferred.find(Boolean) === ALL_FRANCE) return FRANCE;
  try {
    const all = await api.allFeatures('territoires', {}, 50);
    const slug = preferred.find((s) => s && all.some((t) => t.properties?.territoire === s));
    // Many territories and none asked for: France and its QPVs, not the frame of them all
    // (which the overseas ones stretch across the globe).
    if (!slug && all.length > MANY_TERRITORIES) return FRANCE;
    const territories = slug ? all.filter((t) => t.properties?.territoire === slug) : all;
    const b = bounds({ type: 'GeometryCollection', geometries: territories.map((t) => t.geometry).filter(Boolean) });
    if (b) return { bounds: b };
  } catch {
    // No territory loaded: show France.
  }
  return FRANCE;
}
