// Deployment settings from config.json beside the page (written by build.sh, editable after).
// `fond_de_carte`: URL of an external MapLibre style drawn under our layers; null keeps the map
// offline with the project's own layers as the only base.

export async function loadConfig() {
  try {
    const response = await fetch('./config.json', { cache: 'no-cache' });
    if (!response.ok) return { basemap: null };
    const body = await response.json();
    const url = typeof body.fond_de_carte === 'string' && body.fond_de_carte.trim() ? body.fond_de_carte.trim() : null;
    return { basemap: url };
  } catch {
    return { basemap: null };
  }
}
