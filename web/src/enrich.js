// What the answer lacks but the filters need: an operation's programme, read once from the
// operations collection.

import * as api from './api.js';

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
  const props = await loadOperationProps();
  const operations = (answer.operations ?? []).map((o) => ({
    programme: props.get(`${o.territoire}:${o.id}`)?.programme,
    ...o,
  }));
  return { ...answer, operations };
}
