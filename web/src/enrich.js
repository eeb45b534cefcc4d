// What the answer lacks but the filters and the panel need: an operation's programme, read
// once from the operations collection, and the programmes' names.

import * as api from './api.js';
import { programmeNames } from './programmes.js';

let operationProps = null;

async function loadOperationProps() {
  if (operationProps) return operationProps;
  try {
    const features = await api.allFeatures('operations');
    operationProps = new Map(features.map((f) => [String(f.id), f.properties ?? {}]));
  } catch {
    // Without the layer, the programme filter simply finds no operation.
    operationProps = new Map();
  }
  return operationProps;
}

export async function enrich(answer) {
  const [props, names] = await Promise.all([loadOperationProps(), programmeNames()]);
  const named = (item) => (item.programme && names[item.programme] ? { ...item, programme_nom: names[item.programme] } : item);
  const operations = (answer.operations ?? []).map((o) =>
    named({
      programme: props.get(`${o.territoire}:${o.id}`)?.programme,
      ...o,
    }),
  );
  return { ...answer, operations, actions: (answer.actions ?? []).map(named) };
}
