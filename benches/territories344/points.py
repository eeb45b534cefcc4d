"""Inputs of benches/territories344/run.sh: random points inside the national QPVs (fixed seed)
as a wrk Lua script, and one point per QPV with the territory that must answer it (the slug of
the territory whose EPCI has one of the QPV's communes), read from the data directory made by
`quartiers territory init --all`.

Usage: python points.py DATA_DIR OUT_DIR N"""

import gzip
import json
import os
import random
import sys
import tomllib

from shapely.geometry import Point, shape

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
from wrk_inputs import lua  # noqa: E402

data, out, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
rng = random.Random(29)
qpv = json.load(gzip.open(f"{data}/france/qpv2024.geojson.gz", "rt"))["features"]
shapes = [(f["properties"], shape(f["geometry"])) for f in qpv]


def inside(g):
    """A random point of g (rejection in its box; its representative point after 200 misses)."""
    x0, y0, x1, y1 = g.bounds
    for _ in range(200):
        p = Point(rng.uniform(x0, x1), rng.uniform(y0, y1))
        if g.contains(p):
            return p
    return g.representative_point()


paths = []
for _ in range(n):
    _, g = rng.choice(shapes)
    p = inside(g)
    paths.append(f"/impacts?lon={p.x:.6f}&lat={p.y:.6f}")
lua(f"{out}/impacts_qpv.lua", paths)

# The territory of each commune, from the manifests.
by_commune = {}
root = f"{data}/territories"
for slug in sorted(os.listdir(root)):
    path = f"{root}/{slug}/territory.toml"
    if os.path.isfile(path):
        m = tomllib.load(open(path, "rb"))
        for c in m["communes"]:
            by_commune.setdefault(c["insee"], set()).add(m["slug"])
checks = []
for props, g in shapes:
    expected = sorted(set().union(*(by_commune.get(c, set()) for c in props["insee_com"])))
    p = inside(g)
    checks.append({"code": props["code"], "lon": p.x, "lat": p.y, "territoires": expected})
json.dump(checks, open(f"{out}/checks.json", "w"))
print(f"{len(paths)} points, {len(checks)} QPV checks, "
      f"{sum(1 for c in checks if not c['territoires'])} QPV in no territory")
