// The server's HTTP API: impacts, OGC API Features collections and the optional geocoder.
// Errors come back as RFC 9457 problem+json; they are turned into `ApiError` with the French
// detail the server wrote.

export class ApiError extends Error {
  constructor(status, title, detail) {
    super(detail || title || `Erreur ${status}`);
    this.status = status;
    this.title = title;
  }
}

async function request(url, init) {
  let response;
  try {
    response = await fetch(url, { headers: { Accept: 'application/json, application/geo+json' }, ...init });
  } catch {
    throw new ApiError(0, 'Serveur injoignable', 'Le serveur ne répond pas. Vérifiez la connexion et réessayez.');
  }
  if (!response.ok) {
    let problem = {};
    try {
      problem = await response.json();
    } catch {
      // Not a problem+json body: the status line is all there is.
    }
    throw new ApiError(response.status, problem.title, problem.detail);
  }
  return response.status === 204 ? null : response.json();
}

/**
 * What concerns `place` (a point, a quartier, an îlot, a commune, a contrat de ville or a drawn
 * zone). `options`:
 * `detail` ('resume' by default, or 'complet'), `portee` and `groupe` (comma-separated).
 */
export function impacts(place, options = {}) {
  const form = new URLSearchParams(Object.entries(options).filter(([, v]) => v != null && v !== ''));
  if (place.type === 'zone') {
    const ring = place.ring;
    const closed = ring.length && (ring[0][0] !== ring.at(-1)[0] || ring[0][1] !== ring.at(-1)[1]) ? [...ring, ring[0]] : ring;
    const q = form.toString();
    return request(`/impacts${q ? `?${q}` : ''}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/geo+json', Accept: 'application/json' },
      body: JSON.stringify({ type: 'Polygon', coordinates: [closed] }),
    });
  }
  const where = new URLSearchParams();
  if (place.type === 'point') {
    where.set('lon', String(place.lon));
    where.set('lat', String(place.lat));
  } else if (place.type === 'ilot') where.set('ilot', place.id);
  else if (place.type === 'quartier') where.set('quartier', place.code);
  else if (place.type === 'commune') where.set('commune', place.insee);
  else if (place.type === 'contrat') where.set('contrat', place.code);
  for (const [k, v] of form) where.set(k, v);
  return request(`/impacts?${where}`);
}

/** A link of an answer (`lien`), relative to `/impacts`. */
export function follow(link) {
  const url = new URL(link, new URL('/impacts', window.location.href));
  return request(`${url.pathname}${url.search}`);
}

export function feature(collection, featureId) {
  return request(`/collections/${encodeURIComponent(collection)}/items/${encodeURIComponent(featureId)}`);
}

/**
 * Every feature of a collection matching `params` (property filters), following `next` links.
 * `max` bounds what one call may load.
 */
export async function allFeatures(collection, params = {}, max = 20000) {
  const query = new URLSearchParams({ limit: '10000', ...params });
  let url = `/collections/${encodeURIComponent(collection)}/items?${query}`;
  const features = [];
  while (url && features.length < max) {
    const page = await request(url);
    features.push(...(page?.features ?? []));
    const next = (page?.links ?? []).find((l) => l.rel === 'next');
    url = next && (page?.features ?? []).length ? next.href : null;
  }
  return features;
}

/** The OGC API collections document: each layer's id, French title and description. */
export function collections() {
  return request('/collections');
}

let geocoderAvailable;

/** `/reverse` at a point (the addresses' credits ride on its answer), or null. */
export async function reverseAnswer(lon, lat) {
  try {
    return await request(`/reverse?lon=${lon}&lat=${lat}&limit=1`);
  } catch {
    return null;
  }
}

/**
 * What `/geocode` answers for `q`: its `features`, and `noAddress` (the server's
 * `aucune_adresse`: « Aucune adresse trouvée » and why) when an address was asked and none
 * found; no features when the server has no geocoder.
 */
export async function geocode(q, limit = 5) {
  if (geocoderAvailable === false) return { features: [], noAddress: null };
  try {
    const body = await request(`/geocode?q=${encodeURIComponent(q)}&limit=${limit}`);
    geocoderAvailable = true;
    return { features: body?.features ?? [], noAddress: body?.aucune_adresse ?? null };
  } catch (e) {
    if (e.status === 404 || e.status === 405 || e.status === 501) geocoderAvailable = false;
    return { features: [], noAddress: null };
  }
}
