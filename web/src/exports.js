// Exports of the current answer and of a filtered layer, as CSV, GeoJSON and GeoPackage files.

import { toCsv } from './csv.js';
import { toWkt } from './geo.js';
import { CSV_COLUMNS, rows } from './answerRows.js';
import { itemRef } from './layers.js';
import { referenceRows } from './references.js';
import * as api from './api.js';

export function download(filename, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10000);
}

function stamp() {
  return new Date().toISOString().slice(0, 10);
}

/** The answer's items, then what national references say of the place (communes, contracts, stations). */
export function answerCsv(answer) {
  return toCsv(CSV_COLUMNS, [...rows(answer), ...referenceRows(answer?.references)]);
}

/** The place asked about as a GeoJSON geometry. */
export function placeGeometry(place) {
  if (place?.type === 'zone') return { type: 'Polygon', coordinates: [[...place.ring, place.ring[0]]] };
  if (place?.type === 'point') return { type: 'Point', coordinates: [place.lon, place.lat] };
  return null;
}

/**
 * The answer as a FeatureCollection: the place first, then every listed item with its
 * geometry fetched from the OGC API (null for actions, or when the item has none).
 */
export async function answerGeojson(answer, place) {
  const list = rows(answer);
  const geometries = await Promise.all(
    list.map(async (r) => {
      if (r.group === 'actions') return null;
      const ref = itemRef(r.item);
      if (!ref) return null;
      try {
        return (await api.feature(ref.collection, ref.featureId))?.geometry ?? null;
      } catch {
        return null;
      }
    }),
  );
  const lieu = answer.lieu ?? {};
  return {
    type: 'FeatureCollection',
    features: [
      {
        type: 'Feature',
        geometry: placeGeometry(place) ?? { type: 'Point', coordinates: [lieu.lon, lieu.lat] },
        properties: { groupe: 'lieu', ...lieu, commune: lieu.commune?.nom ?? null },
      },
      ...list.map((r, i) => ({
        type: 'Feature',
        geometry: geometries[i],
        properties: { groupe: r.groupTitle, nom: r.title, ...r.item },
      })),
    ],
  };
}

export function saveAnswerCsv(answer) {
  download(`quartiers-lieu-${stamp()}.csv`, answerCsv(answer), 'text/csv;charset=utf-8');
}

export async function saveAnswerGeojson(answer, place) {
  const fc = await answerGeojson(answer, place);
  download(`quartiers-lieu-${stamp()}.geojson`, JSON.stringify(fc, null, 1), 'application/geo+json');
}

/**
 * The answer as a GeoPackage: the GeoJSON export's features (the place, then every item)
 * in one layer `lieu`, written by the server's GDAL.
 */
export async function saveAnswerGpkg(answer, place) {
  const fc = await answerGeojson(answer, place);
  download(`quartiers-lieu-${stamp()}.gpkg`, await geopackage('lieu', fc.features), 'application/geopackage+sqlite3');
}

/** CSV of layer features: every property seen, plus the geometry as WKT. */
export function featuresCsv(features) {
  const keys = [...new Set(features.flatMap((f) => Object.keys(f.properties ?? {})))];
  const columns = [
    { label: 'id_ogc', value: (f) => f.id },
    ...keys.map((k) => ({ label: k, value: (f) => f.properties?.[k] })),
    { label: 'geometrie_wkt', value: (f) => toWkt(f.geometry) },
  ];
  return toCsv(columns, features);
}

/**
 * A FeatureCollection as a GeoPackage (one layer `layer`), written by the server's GDAL
 * (`POST /export/gpkg`): the same features as the CSV and GeoJSON exports.
 */
export async function geopackage(layer, features) {
  const response = await fetch(`/export/gpkg?couche=${encodeURIComponent(layer)}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/geo+json' },
    body: JSON.stringify({ type: 'FeatureCollection', features }),
  });
  if (!response.ok) {
    const problem = await response.json().catch(() => ({}));
    throw new Error(problem.detail || `Erreur ${response.status}`);
  }
  return response.blob();
}

export async function saveLayer(layerId, features, format) {
  const name = `quartiers-${layerId}-${stamp()}`;
  if (format === 'csv') download(`${name}.csv`, featuresCsv(features), 'text/csv;charset=utf-8');
  else if (format === 'gpkg') download(`${name}.gpkg`, await geopackage(layerId, features), 'application/geopackage+sqlite3');
  else download(`${name}.geojson`, JSON.stringify({ type: 'FeatureCollection', features }, null, 1), 'application/geo+json');
}
