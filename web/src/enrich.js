// What the answer lacks but the filters and the panel need: the programmes' names (the answer
// gives their ids), read once from the territories collection.

import { programmeNames } from './programmes.js';

export async function enrich(answer) {
  const names = await programmeNames();
  const named = (item) => (item.programme && names[item.programme] ? { ...item, programme_nom: names[item.programme] } : item);
  return { ...answer, operations: (answer.operations ?? []).map(named), actions: (answer.actions ?? []).map(named) };
}
