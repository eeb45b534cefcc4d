// Small GeoJSON helpers: bounds to fly to, and WKT for the CSV exports.

function eachPosition(geometry, visit) {
  if (!geometry) return;
  const walk = (coords, depth) => {
    if (depth === 0) visit(coords);
    else for (const c of coords) walk(c, depth - 1);
  };
  const depths = { Point: 0, MultiPoint: 1, LineString: 1, MultiLineString: 2, Polygon: 2, MultiPolygon: 3 };
  if (geometry.type === 'GeometryCollection') {
    for (const g of geometry.geometries ?? []) eachPosition(g, visit);
  } else if (geometry.type in depths) {
    walk(geometry.coordinates ?? [], depths[geometry.type]);
  }
}

/** [[west, south], [east, north]] of a geometry, or null when it has no position. */
export function bounds(geometry) {
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  eachPosition(geometry, ([x, y]) => {
    w = Math.min(w, x);
    s = Math.min(s, y);
    e = Math.max(e, x);
    n = Math.max(n, y);
  });
  return Number.isFinite(w) ? [[w, s], [e, n]] : null;
}

const pos = ([x, y]) => `${x} ${y}`;
const ring = (r) => `(${r.map(pos).join(', ')})`;
const poly = (p) => `(${p.map(ring).join(', ')})`;

/** Well-known text of a GeoJSON geometry; empty for a null geometry. */
export function toWkt(g) {
  if (!g) return '';
  switch (g.type) {
    case 'Point':
      return `POINT (${pos(g.coordinates)})`;
    case 'MultiPoint':
      return `MULTIPOINT (${g.coordinates.map((p) => `(${pos(p)})`).join(', ')})`;
    case 'LineString':
      return `LINESTRING ${ring(g.coordinates)}`;
    case 'MultiLineString':
      return `MULTILINESTRING (${g.coordinates.map(ring).join(', ')})`;
    case 'Polygon':
      return `POLYGON ${poly(g.coordinates)}`;
    case 'MultiPolygon':
      return `MULTIPOLYGON (${g.coordinates.map(poly).join(', ')})`;
    case 'GeometryCollection':
      return `GEOMETRYCOLLECTION (${g.geometries.map(toWkt).join(', ')})`;
    default:
      return '';
  }
}
