// The place asked about: a point, a quartier, an îlot, a commune, a contrat de ville or a drawn
// zone; its wording
// and its geometry.

import * as fmt from './format.js';

/** The place in words, once the answer is known (commune, zone area). */
export function describe(place, answer) {
  const commune = answer?.lieu?.commune?.nom;
  const inCommune = commune ? ` — ${commune}` : '';
  const named = answer?.lieu?.objet;
  if (!place) return '';
  if (place.label) return `${place.label}${inCommune && !place.label.includes(commune) ? inCommune : ''}`;
  if (place.type === 'point') return `Point choisi : ${fmt.coordinates(place.lon, place.lat)}${inCommune}`;
  if (place.type === 'ilot') return `Îlot ${place.name ?? named?.nom ?? place.id}${inCommune}`;
  if (place.type === 'quartier') return `Quartier « ${place.name ?? named?.nom ?? place.code} » (${place.code})${inCommune}`;
  if (place.type === 'commune') return `Commune ${place.name ?? named?.nom ?? place.insee} (${place.insee})`;
  if (place.type === 'contrat') return `Contrat de ville ${place.name ?? named?.nom ?? place.code} (${place.code})`;
  if (place.type === 'zone') {
    const surface = fmt.area(answer?.lieu?.surface_m2);
    return `Zone dessinée${surface ? ` de ${surface}` : ''}${inCommune}`;
  }
  return '';
}

/** The panel's title: « Ce qui concerne ce quartier ». */
export function heading(place) {
  const what = { quartier: 'ce quartier', commune: 'cette commune', contrat: 'ce contrat de ville', ilot: 'cet îlot', zone: 'cette zone' }[place?.type] ?? 'ce lieu';
  return `Ce qui concerne ${what}`;
}

/** The title of the answer's first scope, what is particular to the place. */
export function hereTitle(place) {
  return (
    { quartier: 'Dans ce quartier et autour', commune: 'Situé dans cette commune', ilot: 'Dans cet îlot et autour', zone: 'Dans cette zone et autour' }[place?.type] ??
    'Ici et à proximité'
  );
}

export function geometry(place) {
  if (place?.type === 'point') return { type: 'Point', coordinates: [place.lon, place.lat] };
  if (place?.type === 'zone') return { type: 'Polygon', coordinates: [[...place.ring, place.ring[0]]] };
  return null;
}
