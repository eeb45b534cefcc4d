// Drawing a zone to ask about, with Terra Draw's polygon mode: click the vertices, click the
// first one (or press Entrée) to close; Échap cancels.

import { TerraDraw, TerraDrawPolygonMode } from 'terra-draw';
import { TerraDrawMapLibreGLAdapter } from 'terra-draw-maplibre-gl-adapter';

/**
 * `onZone(ring)` receives the closed polygon's outer ring as [lon, lat] pairs.
 * Returns { start, stop, active } to drive the drawing from a button.
 */
export function createDrawing(map, { onZone, onStateChange }) {
  let draw = null;
  // The click that closes the polygon also reaches the map's click handler: it must not be
  // taken for a point question.
  let finishedAt = 0;

  function stop() {
    if (!draw) return;
    draw.clear();
    draw.stop();
    draw = null;
    onStateChange(false);
  }

  function start() {
    if (draw) return;
    draw = new TerraDraw({
      adapter: new TerraDrawMapLibreGLAdapter({ map }),
      modes: [
        new TerraDrawPolygonMode({
          styles: { fillColor: '#6a1b9a', fillOpacity: 0.2, outlineColor: '#6a1b9a', outlineWidth: 3, closingPointColor: '#6a1b9a', closingPointWidth: 6 },
        }),
      ],
    });
    draw.start();
    draw.setMode('polygon');
    draw.on('finish', (id) => {
      finishedAt = Date.now();
      const f = draw?.getSnapshotFeature(id);
      const ring = f?.geometry?.type === 'Polygon' ? f.geometry.coordinates[0] : null;
      stop();
      if (ring && ring.length >= 4) onZone(ring.slice(0, -1));
    });
    onStateChange(true);
  }

  return { start, stop, active: () => draw != null || Date.now() - finishedAt < 500 };
}
