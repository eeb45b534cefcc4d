// The page state in the URL fragment, so a link restores the view, the filters, the hidden
// layers, the place asked about and the selected item. Pure encode/decode; `urlState.js` syncs it.
//
// #carte=zoom/lat/lon&lieu=pt:lon,lat | ilot:ID | quartier:CODE | commune:INSEE
//  | contrat:CODE | zone:lon,lat;lon,lat;…&theme=…&statut=…
//  &programme=…&de=AAAA&a=AAAA&annee=AAAA&masquer=id,id&sel=collection/featureId&vagues=1&nouveautes=1
//  &territoire=slug (the territory chosen in the header's menu)

import { EMPTY } from './filters.js';

const round = (v, digits) => Number(v.toFixed(digits));

function encodePlace(place) {
  if (!place) return null;
  if (place.type === 'point') return `pt:${round(place.lon, 6)},${round(place.lat, 6)}`;
  if (place.type === 'ilot') return `ilot:${place.id}`;
  if (place.type === 'quartier') return `quartier:${place.code}`;
  if (place.type === 'commune') return `commune:${place.insee}`;
  if (place.type === 'contrat') return `contrat:${place.code}`;
  if (place.type === 'zone') {
    return `zone:${place.ring.map(([x, y]) => `${round(x, 6)},${round(y, 6)}`).join(';')}`;
  }
  return null;
}

function number(text) {
  if (text == null || text === '') return null;
  const v = Number(text);
  return Number.isFinite(v) ? v : null;
}

function pair(text) {
  const [x, y] = text.split(',').map(number);
  return x != null && y != null && Math.abs(x) <= 180 && Math.abs(y) <= 90 ? [x, y] : null;
}

function decodePlace(text) {
  if (!text) return null;
  const i = text.indexOf(':');
  const kind = text.slice(0, i);
  const rest = text.slice(i + 1);
  if (kind === 'pt') {
    const p = pair(rest);
    return p ? { type: 'point', lon: p[0], lat: p[1] } : null;
  }
  if (kind === 'ilot' && rest) return { type: 'ilot', id: rest };
  if (kind === 'quartier' && rest) return { type: 'quartier', code: rest };
  if (kind === 'commune' && /^[0-9][0-9AB][0-9]{3}$/.test(rest)) return { type: 'commune', insee: rest };
  if (kind === 'contrat' && /^C[NV][0-9A-Z]+$/.test(rest)) return { type: 'contrat', code: rest };
  if (kind === 'zone') {
    const ring = rest.split(';').map(pair);
    return ring.length >= 3 && ring.every(Boolean) ? { type: 'zone', ring } : null;
  }
  return null;
}

/** State → fragment (without `#`). */
export function encode(state) {
  const p = new URLSearchParams();
  const v = state.view;
  if (v) p.set('carte', `${round(v.zoom, 2)}/${round(v.lat, 5)}/${round(v.lon, 5)}`);
  const place = encodePlace(state.place);
  if (place) p.set('lieu', place);
  const f = state.filters ?? EMPTY;
  for (const key of ['theme', 'statut', 'programme']) if (f[key]) p.set(key, f[key]);
  for (const key of ['de', 'a', 'annee']) if (f[key] != null) p.set(key, String(f[key]));
  if (state.hidden?.length) p.set('masquer', [...state.hidden].sort().join(','));
  if (state.selected) p.set('sel', state.selected);
  if (state.unlocated) p.set('vagues', '1');
  if (state.newsOpen) p.set('nouveautes', '1');
  if (state.territory) p.set('territoire', state.territory);
  return p.toString();
}

/** Fragment (with or without `#`) → state; anything malformed is dropped, never thrown. */
export function decode(fragment) {
  const p = new URLSearchParams((fragment ?? '').replace(/^#/, ''));
  const state = { view: null, place: null, filters: { ...EMPTY }, hidden: [], selected: null, unlocated: false, territory: null };
  const carte = (p.get('carte') ?? '').split('/').map(number);
  if (carte.length === 3 && carte.every((x) => x != null) && Math.abs(carte[1]) <= 90 && Math.abs(carte[2]) <= 180) {
    state.view = { zoom: Math.min(Math.max(carte[0], 0), 22), lat: carte[1], lon: carte[2] };
  }
  state.place = decodePlace(p.get('lieu'));
  for (const key of ['theme', 'statut', 'programme']) state.filters[key] = p.get(key) ?? '';
  for (const key of ['de', 'a', 'annee']) {
    const y = number(p.get(key));
    state.filters[key] = y != null && Number.isInteger(y) ? y : null;
  }
  state.hidden = (p.get('masquer') ?? '').split(',').filter(Boolean);
  state.selected = p.get('sel') || null;
  state.unlocated = p.get('vagues') === '1';
  state.newsOpen = p.get('nouveautes') === '1';
  const territory = p.get('territoire') ?? '';
  state.territory = /^[a-z0-9-]+$/.test(territory) ? territory : null;
  return state;
}
