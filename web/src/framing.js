// Framing: what the map shows when it opens or when something is picked. The extent is
// widened so the surroundings (streets, the commune's name) stay in view, zoom is capped, and
// the panels over the map (legend and filters, the answer, a phone's bottom sheet) are left
// out of the part the extent is fitted into.

/** Panels that may cover the map, by id. */
const PANELS = ['outils', 'panneau'];
/** Margin around the framed extent, in pixels. */
const MARGIN = 24;
/** The free part of the map is never narrower than this, in pixels. */
const MIN_FREE = 120;

/**
 * Padding (pixels) leaving out what each visible panel covers of `mapRect`: a panel spanning
 * most of the width is a bottom (or top) sheet, others cover their side.
 * `rects`: the panels' DOMRect-like boxes.
 */
export function freePadding(mapRect, rects, margin = MARGIN) {
  const pad = { top: margin, right: margin, bottom: margin, left: margin };
  for (const r of rects) {
    const w = Math.min(r.right, mapRect.right) - Math.max(r.left, mapRect.left);
    const h = Math.min(r.bottom, mapRect.bottom) - Math.max(r.top, mapRect.top);
    if (w <= 0 || h <= 0) continue;
    if (w >= mapRect.width * 0.8) {
      if (r.top - mapRect.top > mapRect.bottom - r.bottom) pad.bottom = Math.max(pad.bottom, mapRect.bottom - r.top + margin);
      else pad.top = Math.max(pad.top, r.bottom - mapRect.top + margin);
    } else if (r.left - mapRect.left < mapRect.right - r.right) {
      pad.left = Math.max(pad.left, r.right - mapRect.left + margin);
    } else {
      pad.right = Math.max(pad.right, mapRect.right - r.left + margin);
    }
  }
  // Panels covering (almost) everything: keep a usable strip rather than fail to fit.
  const shrink = (a, b, size) => {
    const over = pad[a] + pad[b] + MIN_FREE - size;
    if (over > 0) {
      const share = pad[a] / (pad[a] + pad[b]);
      pad[a] = Math.max(0, pad[a] - over * share);
      pad[b] = Math.max(0, pad[b] - over * (1 - share));
    }
  };
  shrink('left', 'right', mapRect.width);
  shrink('top', 'bottom', mapRect.height);
  return pad;
}

/** Metres per degree of latitude. */
const M_PER_DEG = 111320;

/**
 * `[[w, s], [e, n]]` widened by `share` of its size on each side, and to at least `minSpanM`
 * metres across, so a point or a small quartier is shown with what is around it.
 */
export function withContext([[w, s], [e, n]], { share = 0.35, minSpanM = 700 } = {}) {
  const lat = (s + n) / 2;
  const mPerDegLon = M_PER_DEG * Math.cos((lat * Math.PI) / 180);
  const minLon = minSpanM / mPerDegLon;
  const minLat = minSpanM / M_PER_DEG;
  const dx = Math.max((e - w) * share, (minLon - (e - w)) / 2, 0);
  const dy = Math.max((n - s) * share, (minLat - (n - s)) / 2, 0);
  return [
    [w - dx, s - dy],
    [e + dx, n + dy],
  ];
}

function panelRects() {
  return PANELS.map((id) => document.getElementById(id))
    .filter((el) => el && !el.hidden && el.getClientRects().length)
    .map((el) => el.getBoundingClientRect());
}

/** The padding the open panels leave on `map` now. */
export function mapPadding(map) {
  return freePadding(map.getContainer().getBoundingClientRect(), panelRects());
}

/**
 * Fits `bounds` (`[[w, s], [e, n]]`) with context into the free part of the map.
 * `maxZoom`: closest zoom allowed (a point would otherwise fill the screen); `share`,
 * `minSpanM`: see `withContext`; `duration` in milliseconds (0 jumps).
 */
export function frame(map, bounds, { maxZoom = 16, share, minSpanM, duration = 600 } = {}) {
  if (!bounds) return;
  map.fitBounds(withContext(bounds, { share, minSpanM }), { padding: mapPadding(map), maxZoom, duration });
}
