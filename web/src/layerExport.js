// « Exporter une couche filtrée »: the layer menu and its CSV / GeoJSON / GeoPackage buttons.

import * as api from './api.js';
import { announce } from './announce.js';
import { h } from './dom.js';
import { saveLayer } from './exports.js';
import { FILTERED_GROUPS, matches } from './filters.js';

/**
 * `layers`: the server's layers (`layersFrom`), offered in their order;
 * `getFilters()`: the filters in force when a button is pressed.
 */
export function setupLayerExport(layers, getFilters) {
  const select = document.getElementById('export-couche');
  const buttons = ['csv', 'geojson', 'gpkg'].map((f) => document.getElementById(`export-couche-${f}`));

  async function run(format) {
    const id = select.value;
    if (!id) return;
    for (const b of buttons) b.disabled = true;
    try {
      const all = await api.allFeatures(id);
      const filters = getFilters();
      const kept = FILTERED_GROUPS.includes(id) ? all.filter((f) => matches(filters, f.properties ?? {}, id)) : all;
      await saveLayer(id, kept, format);
      announce(`${kept.length} éléments de la couche « ${layers.title(id)} » exportés.`);
    } catch (e) {
      announce(`Export impossible : ${e.message}`);
    } finally {
      for (const b of buttons) b.disabled = false;
    }
  }

  buttons[0].addEventListener('click', () => run('csv'));
  buttons[1].addEventListener('click', () => run('geojson'));
  buttons[2].addEventListener('click', () => run('gpkg'));
  for (const l of layers.list.filter((x) => x.exportable)) select.append(h('option', { value: l.id }, l.title));
}
