// Where the map opens without a permalink: the loaded territories, or France.

import * as api from './api.js';
import { bounds } from './geo.js';

export const FRANCE = { center: [2.4, 46.6], zoom: 5 };

export async function initialView() {
  try {
    const territories = await api.allFeatures('territoires', {}, 50);
    const b = bounds({ type: 'GeometryCollection', geometries: territories.map((t) => t.geometry).filter(Boolean) });
    if (b) return { bounds: b };
  } catch {
    // No territory loaded: show France.
  }
  return FRANCE;
}
