// The place asked about: a point, an îlot or a drawn zone; its wording and its geometry.

import * as fmt from './format.js';

/** The place in words, once the answer is known (commune, zone area). */
export function describe(place, answer) {
  const commune = answer?.lieu?.commune?.nom;
  const inCommune = commune ? ` — ${commune}` : '';
  if (!place) return '';
  if (place.label) return `${place.label}${inCommune && !place.label.includes(commune) ? inCommune : ''}`;
  if (place.type === 'point') return `Point choisi : ${fmt.coordinates(place.lon, place.lat)}${inCommune}`;
  if (place.type === 'ilot') return `Îlot ${place.name ?? place.id}${inCommune}`;
  if (place.type === 'zone') {
    const surface = fmt.area(answer?.lieu?.surface_m2);
    return `Zone dessinée${surface ? ` de ${surface}` : ''}${inCommune}`;
  }
  return '';
}

export function geometry(place) {
  if (place?.type === 'point') return { type: 'Point', coordinates: [place.lon, place.lat] };
  if (place?.type === 'zone') return { type: 'Polygon', coordinates: [[...place.ring, place.ring[0]]] };
  return null;
}
