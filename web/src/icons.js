// The equipment symbols: one pictogram per family, drawn here (the style has no sprite, so the
// map works offline). The same drawing is registered as a map image (`icon-image` names of the
// style's `equipements-symbole` layer) and shown as inline SVG in the legend and the answer.
// Which kinds make a family, its colour and French name come from that layer's metadata.

import { h } from './dom.js';

/** White pictograms on a 24×24 grid (SVG path data, drawn with the even-odd rule). */
const PICTOGRAMS = {
  'equipement-enseignement': 'M12 5 2 10l10 5 10-5zM6.5 12.6v3.6c0 1.6 2.6 3 5.5 3s5.5-1.4 5.5-3v-3.6L12 15.4z',
  'equipement-sport': 'M3 10h2v4H3zM5.5 7.5h2.5v9H5.5zM16 7.5h2.5v9H16zM19 10h2v4h-2zM8 11h8v2H8z',
  'equipement-sante-social': 'M10 4h4v6h6v4h-6v6h-4v-6H4v-4h6z',
  'equipement-vie-sociale': 'M12 3.5 3 11.5h2.5V20h5v-5h3v5h5v-8.5H21z',
  'equipement-culture': 'M3.5 5.5H10a2 2 0 0 1 2 2V19a2.5 2.5 0 0 0-2-1H3.5zM20.5 5.5H14a2 2 0 0 0-2 2V19a2.5 2.5 0 0 1 2-1h6.5z',
  'equipement-economie': 'M5 8.5h14L17.6 20H6.4zM9 8.5V7a3 3 0 0 1 6 0v1.5h-1.6V7a1.4 1.4 0 0 0-2.8 0v1.5z',
  'equipement-gare': 'M7 3h10a2 2 0 0 1 2 2v10a3 3 0 0 1-3 3l2 3h-2.2l-2-3H10.2l-2 3H6l2-3a3 3 0 0 1-3-3V5a2 2 0 0 1 2-2zM7.2 5.5v4.5h9.6V5.5zM8.5 13.5a1.2 1.2 0 1 0 0 .1zM15.5 13.5a1.2 1.2 0 1 0 0 .1z',
  'equipement-arret': 'M11 10h2v11h-2zM6 3h12v7H6zM8 5v1.6h8V5z',
  'equipement-autre': 'M12 7.5a4.5 4.5 0 1 1 0 9 4.5 4.5 0 0 1 0-9z',
};

const FALLBACK_COLOUR = '#666666';
/** Image side in CSS pixels; drawn at twice that for sharp icons on dense screens. */
const SIZE = 26;
const RATIO = 2;

let families = [];

/** Reads the families from the style's equipment symbol layer (metadata `quartiers:familles`). */
export function setFamilies(style) {
  const layer = (style.layers ?? []).find((l) => Array.isArray(l.metadata?.['quartiers:familles']));
  families = layer ? layer.metadata['quartiers:familles'] : [];
  return families;
}

export function allFamilies() {
  return families;
}

/** The family of an equipment `type`, or the « autres » one (the family with no kinds). */
export function familyOf(kind) {
  return families.find((f) => (f.types ?? []).includes(kind)) ?? families.find((f) => !(f.types ?? []).length) ?? null;
}

export function isEquipmentIcon(name) {
  return Object.hasOwn(PICTOGRAMS, name);
}

function colourOf(name) {
  return families.find((f) => f.icone === name)?.couleur ?? FALLBACK_COLOUR;
}

/** The icon as RGBA pixels for `map.addImage`: a coloured disc, white ring, white pictogram. */
export function iconImage(name) {
  const px = SIZE * RATIO;
  const canvas = document.createElement('canvas');
  canvas.width = px;
  canvas.height = px;
  const ctx = canvas.getContext('2d');
  ctx.scale(px / 24, px / 24);
  ctx.beginPath();
  ctx.arc(12, 12, 11.2, 0, Math.PI * 2);
  ctx.fillStyle = '#ffffff';
  ctx.fill();
  ctx.beginPath();
  ctx.arc(12, 12, 10, 0, Math.PI * 2);
  ctx.fillStyle = colourOf(name);
  ctx.fill();
  // The pictogram at 70 % around the centre, inside the disc.
  ctx.translate(3.6, 3.6);
  ctx.scale(0.7, 0.7);
  ctx.fillStyle = '#ffffff';
  ctx.fill(new Path2D(PICTOGRAMS[name] ?? PICTOGRAMS['equipement-autre']), 'evenodd');
  return { image: ctx.getImageData(0, 0, px, px), pixelRatio: RATIO };
}

/** Registers every equipment image now, and any one the map later finds missing. */
export function provideEquipmentIcons(map) {
  const add = (name) => {
    if (!isEquipmentIcon(name) || map.hasImage(name)) return;
    const { image, pixelRatio } = iconImage(name);
    map.addImage(name, image, { pixelRatio });
  };
  map.on('styleimagemissing', (e) => add(e.id));
  const addAll = () => Object.keys(PICTOGRAMS).forEach(add);
  if (map.isStyleLoaded()) addAll();
  else map.once('load', addAll);
}

const SVG = 'http://www.w3.org/2000/svg';

/** The icon as an inline SVG element (decorative: the text next to it says the same). */
export function iconSvg(name, size = 20) {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('width', String(size));
  svg.setAttribute('height', String(size));
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  svg.setAttribute('class', 'icone');
  const disc = document.createElementNS(SVG, 'circle');
  disc.setAttribute('cx', '12');
  disc.setAttribute('cy', '12');
  disc.setAttribute('r', '11');
  disc.setAttribute('fill', colourOf(name));
  const path = document.createElementNS(SVG, 'path');
  path.setAttribute('d', PICTOGRAMS[name] ?? PICTOGRAMS['equipement-autre']);
  path.setAttribute('fill', '#ffffff');
  path.setAttribute('fill-rule', 'evenodd');
  path.setAttribute('transform', 'translate(3.6 3.6) scale(0.7)');
  svg.append(disc, path);
  return svg;
}

/** The icon of an equipment kind, for lists; null before the style is read. */
export function kindIcon(kind, size = 20) {
  const family = familyOf(kind);
  return family ? iconSvg(family.icone, size) : null;
}

/** A legend list of the families: icon and French name. */
export function familiesLegend() {
  return h(
    'ul',
    { class: 'legende__categories legende__familles' },
    families.map((f) => h('li', {}, iconSvg(f.icone, 18), f.libelle)),
  );
}
