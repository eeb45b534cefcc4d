// Tiles read from a PMTiles archive (`quartiers export-pmtiles`, put on a static host or a
// CDN) instead of the server's /tiles: the pmtiles protocol fetches byte ranges of one file.
import * as maplibregl from 'maplibre-gl';
import { Protocol } from 'pmtiles';

let registered = false;

/** Points our vector source at the archive; `archiveUrl` may be relative to the page. */
export function useArchive(style, sourceId, archiveUrl) {
  if (!registered) {
    maplibregl.addProtocol('pmtiles', new Protocol().tile);
    registered = true;
  }
  const url = new URL(archiveUrl, window.location.href).href;
  const ours = style.sources?.[sourceId] ?? {};
  style.sources = {
    ...style.sources,
    [sourceId]: { type: 'vector', url: `pmtiles://${url}`, attribution: ours.attribution },
  };
  return style;
}
