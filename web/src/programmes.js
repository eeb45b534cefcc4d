// What the territories collection publishes of each territory's manifest, read once: programme
// names (« Contrat de Ville de l'agglomération annemassienne 2015-2022 ») by id
// (`cdv-2015-2022`), since operations and actions carry the id, and each territory's freshness
// threshold (`statut_ancien_apres_ans`), with which the popups judge a status « à vérifier ».

import * as api from './api.js';

let loading = null;

async function load() {
  try {
    const territories = await api.allFeatures('territoires', {}, 50);
    const names = {};
    const thresholds = {};
    for (const t of territories) {
      for (const p of t.properties?.programmes ?? []) {
        if (p?.id && p.nom && !(p.id in names)) names[p.id] = p.nom;
      }
      const years = t.properties?.statut_ancien_apres_ans;
      if (t.properties?.territoire && Number.isInteger(years)) thresholds[t.properties.territoire] = years;
    }
    return { names, thresholds };
  } catch {
    // Without names the filters and the answer show the ids; without thresholds the popups
    // give a status's date without judging it.
    return { names: {}, thresholds: {} };
  }
}

function manifests() {
  loading ??= load();
  return loading;
}

/** `{ id: nom }` of every loaded territory's programmes. */
export async function programmeNames() {
  return (await manifests()).names;
}

/** `{ slug: years }`: after how many years a territory's statuses are « à vérifier ». */
export async function staleAfterYears() {
  return (await manifests()).thresholds;
}
