// Programme names (« Contrat de Ville de l'agglomération annemassienne 2015-2022 ») by id
// (`cdv-2015-2022`): operations and actions carry the id, the territories collection publishes
// each territory's programmes from its manifest. Read once.

import * as api from './api.js';

let loading = null;

async function load() {
  try {
    const territories = await api.allFeatures('territoires', {}, 50);
    const names = {};
    for (const t of territories) {
      for (const p of t.properties?.programmes ?? []) {
        if (p?.id && p.nom && !(p.id in names)) names[p.id] = p.nom;
      }
    }
    return names;
  } catch {
    // Without names the filters and the answer show the ids.
    return {};
  }
}

/** `{ id: nom }` of every loaded territory's programmes. */
export function programmeNames() {
  loading ??= load();
  return loading;
}
