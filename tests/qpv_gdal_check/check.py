"""Independent check of QPV membership: `quartiers locate` against GEOS through GDAL/OGR.

    check.py points QPV_GEOJSON OUT.csv        write 10,000 seeded points to OUT.csv
    check.py compare QPV_GEOJSON LOCATED.csv   classify them with OGR/GEOS and compare

The points mix uniform draws over metropolitan France, draws in and around QPV bounding
boxes (so that many land inside), and draws over the overseas departments. GDAL answers
with `OGRGeometry.Contains` (GEOS) on the same polygons; the distance to the nearest edge is
computed independently, in the point's UTM zone (GDAL/PROJ), and points closer than 1 m to
an edge are excluded. Every other point must get the same membership and, when inside, the
same QPV code; where ours gives an edge distance, both must agree within 0.1 m + 0.5 %.
Prints one line per check and a closing `N passed, N failed`.
"""

import csv
import random
import sys
import time

from osgeo import ogr, osr

ogr.UseExceptions()
osr.UseExceptions()

SEED = 20240101
METRO_BBOX = (-5.2, 41.3, 9.6, 51.1)
# Land boxes of the overseas departments and Saint-Martin (lon_min, lat_min, lon_max, lat_max).
OVERSEAS_BBOXES = {
    "Guadeloupe": (-61.81, 15.83, -61.0, 16.52),
    "Martinique": (-61.23, 14.38, -60.80, 14.88),
    "Guyane": (-54.6, 3.5, -51.6, 5.8),
    "La Réunion": (55.21, -21.40, 55.84, -20.87),
    "Mayotte": (45.01, -13.01, 45.30, -12.63),
    "Saint-Martin": (-63.16, 18.04, -62.97, 18.13),
}
COUNTS = {"metro": 6000, "near_qpv": 3200, "near_overseas_qpv": 300, "overseas": 500}
EXCLUDE_M = 1.0
DISTANCE_ABS_M, DISTANCE_REL = 0.1, 0.006
SEARCH_DEG = 0.0002  # envelope margin for edge-distance candidates (> 1 m everywhere)


def is_overseas(code):
    return code[2:4] in ("97", "98")


def load_qpv(path):
    """Every QPV: code -> (geometry in WGS84, envelope). GeoJSON axis order is lon, lat."""
    source = path if not path.endswith(".gz") else "/vsigzip/" + path
    ds = ogr.Open(source)
    layer = ds.GetLayer(0)
    qpv = {}
    for feature in layer:
        geometry = feature.GetGeometryRef().Clone()
        qpv[feature.GetField("code")] = (geometry, geometry.GetEnvelope())
    return qpv


def draw_points(qpv):
    rng = random.Random(SEED)
    points = []

    def uniform(box, kind):
        x0, y0, x1, y1 = box
        points.append((kind, rng.uniform(x0, x1), rng.uniform(y0, y1)))

    for _ in range(COUNTS["metro"]):
        uniform(METRO_BBOX, "metro")
    codes = sorted(qpv)
    overseas_codes = [c for c in codes if is_overseas(c)]
    for kind, pool in (("near_qpv", codes), ("near_overseas_qpv", overseas_codes)):
        for _ in range(COUNTS[kind]):
            x0, x1, y0, y1 = qpv[rng.choice(pool)][1]
            # The QPV's box grown by 20 % on each side: inside, at the edge and just outside.
            dx, dy = (x1 - x0) * 0.2, (y1 - y0) * 0.2
            uniform((x0 - dx, y0 - dy, x1 + dx, y1 + dy), kind)
    names = sorted(OVERSEAS_BBOXES)
    for i in range(COUNTS["overseas"]):
        uniform(OVERSEAS_BBOXES[names[i % len(names)]], "overseas")
    return points


def write_points(qpv_path, out_path):
    points = draw_points(load_qpv(qpv_path))
    with open(out_path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "tirage", "lon", "lat"])
        for i, (kind, lon, lat) in enumerate(points):
            w.writerow([i, kind, repr(lon), repr(lat)])
    print(f"{len(points)} points written to {out_path}")


class Grid:
    """A plain bucket grid over QPV envelopes: which QPV may be near a point."""

    def __init__(self, qpv, cell=0.05):
        self.cell = cell
        self.buckets = {}
        for code, (_, (x0, x1, y0, y1)) in qpv.items():
            for i in range(self.key(x0 - SEARCH_DEG), self.key(x1 + SEARCH_DEG) + 1):
                for j in range(self.key(y0 - SEARCH_DEG), self.key(y1 + SEARCH_DEG) + 1):
                    self.buckets.setdefault((i, j), []).append(code)

    def key(self, v):
        return int(v // self.cell)

    def near(self, lon, lat):
        return self.buckets.get((self.key(lon), self.key(lat)), [])


class Metric:
    """Geometries and points in the UTM zone of a point (WGS84 / UTM, EPSG 326xx or 327xx)."""

    def __init__(self):
        self.wgs84 = osr.SpatialReference()
        self.wgs84.ImportFromEPSG(4326)
        self.wgs84.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
        self.transforms = {}
        self.boundaries = {}

    def zone(self, lon, lat):
        number = min(60, int((lon + 180) // 6) + 1)
        return (32600 if lat >= 0 else 32700) + number

    def transform(self, epsg):
        if epsg not in self.transforms:
            utm = osr.SpatialReference()
            utm.ImportFromEPSG(epsg)
            utm.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
            self.transforms[epsg] = osr.CoordinateTransformation(self.wgs84, utm)
        return self.transforms[epsg]

    def edge_distance_m(self, code, geometry, lon, lat):
        epsg = self.zone(lon, lat)
        key = (code, epsg)
        if key not in self.boundaries:
            projected = geometry.Clone()
            projected.Transform(self.transform(epsg))
            self.boundaries[key] = projected.Boundary()
        point = ogr.Geometry(ogr.wkbPoint)
        point.AddPoint_2D(lon, lat)
        point.Transform(self.transform(epsg))
        return self.boundaries[key].Distance(point)


def compare(qpv_path, located_path):
    started = time.monotonic()
    qpv = load_qpv(qpv_path)
    grid = Grid(qpv)
    metric = Metric()
    with open(located_path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))

    counts = {"inside": 0, "outside": 0, "excluded": 0, "mismatches": 0}
    inside_by_kind = {}
    errors = [r for r in rows if r["erreur"]]
    code_mismatches = []
    membership_mismatches = []
    distance_gaps = []
    for row in rows:
        if row["erreur"]:
            continue
        lon, lat = float(row["lon"]), float(row["lat"])
        point = ogr.Geometry(ogr.wkbPoint)
        point.AddPoint_2D(lon, lat)
        containing = []
        edge_m = float("inf")
        edges = {}
        for code in grid.near(lon, lat):
            geometry, (x0, x1, y0, y1) = qpv[code]
            if not (x0 - SEARCH_DEG <= lon <= x1 + SEARCH_DEG and y0 - SEARCH_DEG <= lat <= y1 + SEARCH_DEG):
                continue
            if geometry.Contains(point):
                containing.append(code)
            edges[code] = metric.edge_distance_m(code, geometry, lon, lat)
            edge_m = min(edge_m, edges[code])
        ours_inside = row["dans_contour"] == "oui"
        if edge_m < EXCLUDE_M:
            counts["excluded"] += 1
            continue
        gdal_inside = bool(containing)
        if ours_inside != gdal_inside:
            counts["mismatches"] += 1
            membership_mismatches.append((row, containing, edge_m))
            continue
        if gdal_inside:
            counts["inside"] += 1
            inside_by_kind[row["tirage"]] = inside_by_kind.get(row["tirage"], 0) + 1
            if row["qpv_code"] not in containing:
                code_mismatches.append((row, containing))
        else:
            counts["outside"] += 1
        # Our edge distance, when we name a QPV, against GDAL's in UTM.
        if row["qpv_code"] and row["distance_bord_m"]:
            theirs = edges.get(row["qpv_code"])
            if theirs is None:
                geometry = qpv[row["qpv_code"]][0]
                theirs = metric.edge_distance_m(row["qpv_code"], geometry, lon, lat)
            ours = float(row["distance_bord_m"])
            excess = abs(ours - theirs) - (DISTANCE_ABS_M + DISTANCE_REL * theirs)
            distance_gaps.append((excess, ours, theirs, row))
    elapsed = time.monotonic() - started

    print(
        f"points: {len(rows)}; inside: {counts['inside']}, outside: {counts['outside']}, "
        f"excluded (< {EXCLUDE_M:g} m from an edge): {counts['excluded']}, "
        f"membership mismatches: {counts['mismatches']}, code mismatches: {len(code_mismatches)}"
    )
    print(f"inside by draw: {dict(sorted(inside_by_kind.items()))}")
    worst = max(distance_gaps, key=lambda g: g[0], default=None)
    if worst:
        row = worst[3]
        print(
            f"edge distances compared: {len(distance_gaps)}; closest to the tolerance: ours "
            f"{worst[1]} m vs GDAL {worst[2]:.2f} m at ({row['lon']}, {row['lat']}) "
            f"{row['qpv_code']} (margin left {-worst[0]:.2f} m)"
        )
    print(f"GDAL/GEOS side: {elapsed:.1f} s")
    for row, containing, edge_m in membership_mismatches[:10]:
        print(f"  MISMATCH id {row['id']} ({row['lon']}, {row['lat']}): ours {row['dans_contour']} "
              f"{row['qpv_code']} {row['verdict']}; GDAL {containing or 'outside'}, edge {edge_m:.2f} m")
    for row, containing in code_mismatches[:10]:
        print(f"  CODE id {row['id']}: ours {row['qpv_code']}, GDAL {containing}")

    checks = [
        ("every row located (no erreur column)", not errors),
        ("10,000 points", len(rows) == 10000),
        ("hundreds of points inside QPVs", counts["inside"] >= 300),
        ("overseas points inside QPVs", inside_by_kind.get("near_overseas_qpv", 0) >= 30),
        ("thousands of points outside", counts["outside"] >= 5000),
        ("no membership mismatch", counts["mismatches"] == 0),
        ("same QPV code when inside", not code_mismatches),
        (
            f"edge distances agree ({DISTANCE_ABS_M:g} m + {DISTANCE_REL:.1%})",
            bool(distance_gaps) and worst[0] <= 0,
        ),
    ]
    failed = 0
    for name, ok in checks:
        print(f"{'ok' if ok else 'FAILED'}: {name}")
        failed += not ok
    print(f"{len(checks) - failed} passed, {failed} failed")
    return failed == 0


if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[1] not in ("points", "compare"):
        sys.exit(__doc__)
    if sys.argv[1] == "points":
        write_points(sys.argv[2], sys.argv[3])
    else:
        sys.exit(0 if compare(sys.argv[2], sys.argv[3]) else 1)
