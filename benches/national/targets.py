"""Writes the wrk inputs of the national benchmark into OUT_DIR: /impacts on random points of
metropolitan France and overseas (uniform in each region's box), and on random points inside
the 2024 QPVs (a QPV drawn at random, a point drawn in its box until it falls inside).

Usage: targets.py DATA_DIR OUT_DIR
"""

import gzip
import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from wrk_inputs import lua  # noqa: E402

# Boxes (west, south, east, north) points are drawn in, with their weights: metropolitan
# France, then the five overseas départements.
REGIONS = [
    ((-4.8, 42.3, 8.2, 51.1), 0.9),
    ((-61.8, 15.8, -61.0, 16.5), 0.02),
    ((-61.25, 14.38, -60.8, 14.9), 0.02),
    ((-54.6, 2.1, -51.6, 5.8), 0.02),
    ((55.2, -21.4, 55.85, -20.85), 0.02),
    ((45.0, -13.0, 45.3, -12.6), 0.02),
]


def inside(ring, lon, lat):
    """Ray casting: whether (lon, lat) is inside `ring`."""
    hit = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]):
        if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
            hit = not hit
    return hit


def polygons(geometry):
    return geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]


def in_qpv(rng, qpv):
    f = rng.choice(qpv)
    polys = polygons(f["geometry"])
    ring_points = [p for poly in polys for p in poly[0]]
    w, s = min(p[0] for p in ring_points), min(p[1] for p in ring_points)
    e, n = max(p[0] for p in ring_points), max(p[1] for p in ring_points)
    while True:
        lon, lat = rng.uniform(w, e), rng.uniform(s, n)
        for poly in polys:
            if inside(poly[0], lon, lat) and not any(inside(h, lon, lat) for h in poly[1:]):
                return lon, lat


data, out = sys.argv[1], sys.argv[2]
rng = random.Random(2025)
qpv = json.load(gzip.open(f"{data}/france/qpv2024.geojson.gz", "rt"))["features"]
france = []
for _ in range(3000):
    (w, s, e, n), _ = rng.choices(REGIONS, weights=[r[1] for r in REGIONS])[0]
    france.append((rng.uniform(w, e), rng.uniform(s, n)))
in_qpvs = [in_qpv(rng, qpv) for _ in range(3000)]
lua(f"{out}/impacts_france.lua", [f"/impacts?lon={lon:.6f}&lat={lat:.6f}" for lon, lat in france])
lua(f"{out}/impacts_qpv.lua", [f"/impacts?lon={lon:.6f}&lat={lat:.6f}" for lon, lat in in_qpvs])
lua(f"{out}/health.lua", ["/health"])
# The first 200 of each, checked once before measuring.
with open(f"{out}/check.txt", "w") as f:
    f.writelines(f"/impacts?lon={lon:.6f}&lat={lat:.6f}\n" for lon, lat in france[:200] + in_qpvs[:200])
print(f"{len(france)} points of France, {len(in_qpvs)} points inside QPVs")
