// The map's style: our `/style.json`, optionally drawn over an external basemap style, its
// tiles optionally read from a PMTiles archive.
import { useArchive } from './pmtiles.js';

async function json(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url} : HTTP ${response.status}`);
  return response.json();
}

/** Makes relative URLs of our style absolute, since MapLibre resolves them against nothing. */
function absolutize(style) {
  const abs = (u) => (typeof u === 'string' && u.startsWith('/') ? new URL(u, window.location.origin).href : u);
  for (const source of Object.values(style.sources ?? {})) {
    if (source.url) source.url = abs(source.url);
    if (Array.isArray(source.tiles)) source.tiles = source.tiles.map(abs);
  }
  if (style.glyphs) style.glyphs = abs(style.glyphs).replaceAll('%7B', '{').replaceAll('%7D', '}');
  if (typeof style.sprite === 'string') style.sprite = abs(style.sprite);
  return style;
}

/**
 * Our layers over the basemap's: the basemap's sources and layers first, ours after, our
 * background dropped so the basemap shows. Falls back to our style alone if the basemap fails.
 */
export function merge(ours, basemap) {
  const layers = [...(basemap.layers ?? []), ...(ours.layers ?? []).filter((l) => l.type !== 'background')];
  return {
    ...basemap,
    name: ours.name ?? basemap.name,
    sources: { ...(basemap.sources ?? {}), ...(ours.sources ?? {}) },
    layers,
    glyphs: basemap.glyphs ?? ours.glyphs,
    sprite: basemap.sprite ?? ours.sprite,
  };
}

/**
 * `{ style, sourceId }`: the style to draw and the id of our vector source in it.
 * `config`: `{ basemap, pmtiles }` from config.js (a bare string is a basemap URL).
 */
export async function loadStyle(config) {
  const { basemap: basemapUrl, pmtiles } = typeof config === 'object' && config ? config : { basemap: config };
  const ours = absolutize(await json('/style.json'));
  const sourceId = Object.entries(ours.sources ?? {}).find(([, s]) => s.type === 'vector')?.[0] ?? 'quartiers';
  if (pmtiles) useArchive(ours, sourceId, pmtiles);
  if (!basemapUrl) return { style: ours, sourceId };
  try {
    return { style: merge(ours, await json(basemapUrl)), sourceId };
  } catch (e) {
    console.warn('Fond de carte externe indisponible, carte hors ligne :', e);
    return { style: ours, sourceId };
  }
}
