// The map's credit for the addresses its search finds: asked once at boot of the server's
// geocoder (a `/reverse` answer names the addresses' publisher and licence, and has a result
// only when addresses are loaded), so the credits say « Base Adresse Nationale (Licence
// Ouverte 2.0) » exactly when BAN addresses are searched.

import { reverseAnswer } from './api.js';

/** Licence codes of API Adresse answers, as a French reader names them. */
const LICENCES = { 'ETALAB-2.0': 'Licence Ouverte 2.0', 'ODbL-1.0': 'ODbL 1.0' };
/** Publishers, by their code in an answer. */
const PUBLISHERS = { BAN: 'Base Adresse Nationale' };

/** The credit line for an answer's `attribution` and `licence`, or null without addresses. */
export function creditText(answer) {
  if (!answer?.features?.length || !answer.attribution) return null;
  const who = PUBLISHERS[answer.attribution] ?? answer.attribution;
  const licence = LICENCES[answer.licence] ?? answer.licence;
  return `Adresses : ${who}${licence ? ` (${licence})` : ''}`;
}

/** The credit line of the server's addresses, or null (none loaded, no geocoder). */
export async function addressCredit() {
  return creditText(await reverseAnswer(2.35, 46.6));
}
