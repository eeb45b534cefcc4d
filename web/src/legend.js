// The legend, built from the style itself: one entry per tile layer (source-layer) with a
// checkbox that shows or hides all its style layers, its colour, and the categories of any
// `match` colour expression (kinds, statuses). Entries are titled and ordered by the layers
// the server publishes (layers.js).

import { h, clear } from './dom.js';
import { perimeterKind, precision } from './format.js';
import { familiesLegend } from './icons.js';

/** Data codes shown in French; other category values are already French words. */
function categoryLabel(value) {
  const v = String(value);
  return perimeterKind(v) !== v ? perimeterKind(v) : precision(v) !== v ? precision(v) : v;
}

const FOLD_OVER = 7;

const COLOR_PROPS = ['fill-color', 'line-color', 'circle-color', 'fill-outline-color'];

function colorOf(layer) {
  for (const prop of COLOR_PROPS) {
    const v = layer.paint?.[prop];
    if (v != null) return v;
  }
  return null;
}

/** Category → colour pairs of a `match` expression, and its fallback colour. */
export function matchCategories(expr) {
  if (!Array.isArray(expr) || expr[0] !== 'match') return null;
  const pairs = [];
  for (let i = 2; i < expr.length - 1; i += 2) {
    const labels = Array.isArray(expr[i]) ? expr[i] : [expr[i]];
    for (const label of labels) pairs.push({ label: categoryLabel(label), color: expr[i + 1] });
  }
  return { pairs, fallback: expr.at(-1) };
}

function swatch(color, type, dashed = false) {
  const style = typeof color === 'string' ? `--couleur:${color}` : '--couleur:#888';
  return h('span', { class: `echantillon echantillon--${type}${dashed ? ' echantillon--hachure' : ''}`, style, 'aria-hidden': 'true' });
}

/** The tile layer a style layer shows: a label layer names it in its metadata. */
export function layerOf(layer) {
  return layer.metadata?.['quartiers:couche'] ?? layer['source-layer'];
}

/**
 * Style layers by tile layer, titled and ordered by `layers` (`layersFrom`), skipping the web
 * app's own layers.
 */
export function entries(style, sourceId, layers) {
  const bySourceLayer = new Map();
  for (const layer of style.layers ?? []) {
    if (layer.source !== sourceId || !layer['source-layer'] || layer.metadata?.['quartiers:imprecision']) continue;
    const key = layerOf(layer);
    if (!bySourceLayer.has(key)) bySourceLayer.set(key, []);
    bySourceLayer.get(key).push(layer);
  }
  return [...bySourceLayer.entries()]
    .sort(([a], [b]) => layers.rank(a) - layers.rank(b))
    .map(([id, styleLayers]) => ({ id, label: layers.title(id), layers: styleLayers }));
}

/**
 * Renders the legend into `root`; `onToggle(sourceLayerId, visible)` is called on a checkbox
 * change. `layers`: the server's layers (`layersFrom`); `hidden`: source-layer ids hidden at start.
 */
export function renderLegend(root, style, sourceId, { layers, hidden = [], onToggle }) {
  clear(root);
  for (const entry of entries(style, sourceId, layers)) {
    const main = entry.layers.find((l) => l.type !== 'symbol') ?? entry.layers[0];
    const color = colorOf(main);
    // Equipment: one symbol per family says more than a colour per kind.
    const withFamilies = entry.layers.some((l) => Array.isArray(l.metadata?.['quartiers:familles']));
    const categories = withFamilies ? { pairs: [] } : matchCategories(color);
    const inputId = `couche-${entry.id}`;
    const list = withFamilies
      ? familiesLegend()
      : categories
      ? h(
          'ul',
          { class: 'legende__categories' },
          categories.pairs.map((p) => h('li', {}, swatch(p.color, main.type), p.label)),
        )
      : null;
    // Long category lists (equipment kinds) fold so the filters stay in view.
    const sub =
      list && categories.pairs.length > FOLD_OVER
        ? h('details', { class: 'legende__detail' }, h('summary', {}, `Couleurs (${categories.pairs.length} catégories)`), list)
        : list;
    root.append(
      h(
        'li',
        { class: 'legende__entree' },
        h(
          'label',
          { for: inputId, class: 'case' },
          h('input', {
            type: 'checkbox',
            id: inputId,
            checked: !hidden.includes(entry.id),
            dataset: { couche: entry.id },
            onchange: (e) => onToggle(entry.id, e.target.checked),
          }),
          categories ? null : swatch(color, main.type),
          entry.label,
        ),
        sub,
      ),
    );
  }
}

/** Shows or hides every style layer of a tile layer (its labels too), including added overlays. */
export function setLayerVisible(map, sourceLayer, visible) {
  for (const layer of map.getStyle().layers) {
    if (layer['source-layer'] === sourceLayer || layerOf(layer) === sourceLayer) map.setLayoutProperty(layer.id, 'visibility', visible ? 'visible' : 'none');
  }
}

/** Shows every tile layer of the legend in `root` but those of `hidden`, boxes and map alike. */
export function showLayers(root, map, hidden) {
  for (const input of root.querySelectorAll('input[data-couche]')) {
    const visible = !hidden.includes(input.dataset.couche);
    input.checked = visible;
    setLayerVisible(map, input.dataset.couche, visible);
  }
}
