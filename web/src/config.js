// Deployment settings from config.json beside the page (written by build.sh, editable after).
// `fond_de_carte`: URL of an external MapLibre style drawn under our layers; null keeps the map
// offline with the project's own layers as the only base. `tuiles_pmtiles`: URL of a PMTiles
// archive of our tiles (static hosting, a CDN) read instead of the server's /tiles.
// `territoire_par_defaut`: slug of the territory the map opens on (without a permalink).

export async function loadConfig() {
  try {
    const response = await fetch('./config.json', { cache: 'no-cache' });
    if (!response.ok) return { basemap: null, pmtiles: null, territory: null };
    const body = await response.json();
    return {
      basemap: text(body.fond_de_carte),
      pmtiles: text(body.tuiles_pmtiles),
      territory: text(body.territoire_par_defaut),
    };
  } catch {
    return { basemap: null, pmtiles: null, territory: null };
  }
}

function text(value) {
  return typeof value === 'string' && value.trim() ? value.trim() : null;
}
