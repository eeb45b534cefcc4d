"""Writes the wrk inputs of the server benchmarks into DIR: varied /impacts points and z14
tiles over the national QPV layer (one per QPV, from its first vertex), as Lua tables.

Usage: targets.py DATA_DIR OUT_DIR
"""

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from wrk_inputs import lua, qpv_vertices, tile  # noqa: E402

data, out = sys.argv[1], sys.argv[2]
rng = random.Random(2024)
vertices = qpv_vertices(data)
points = []
# A third in Annemasse Agglo (the loaded territory: full answers with actions), a third near
# a QPV anywhere in France (national answers), a third anywhere in metropolitan France.
for i in range(3000):
    if i % 3 == 0:
        points.append((rng.uniform(6.18, 6.35), rng.uniform(46.16, 46.26)))
    elif i % 3 == 1:
        lon, lat = rng.choice(vertices)
        points.append((lon + rng.uniform(-0.005, 0.005), lat + rng.uniform(-0.005, 0.005)))
    else:
        points.append((rng.uniform(-4.5, 7.5), rng.uniform(43.0, 50.5)))

tiles = sorted({tile(lon, lat, 14) for lon, lat in vertices})
# The answer issue's bar: random points of Annemasse Agglo's box only (every answer has the
# commune and territory scopes, counted in the compact form).
annemasse = [(rng.uniform(6.18, 6.33), rng.uniform(46.15, 46.24)) for _ in range(3000)]


lua(f"{out}/impacts.lua", [f"/impacts?lon={lon:.6f}&lat={lat:.6f}" for lon, lat in points])
# The same without the Annemasse third: answers of the national layer only (~1 KB each).
lua(f"{out}/impacts_national.lua", [f"/impacts?lon={lon:.6f}&lat={lat:.6f}" for i, (lon, lat) in enumerate(points) if i % 3])
lua(f"{out}/impacts_annemasse.lua", [f"/impacts?lon={lon:.6f}&lat={lat:.6f}" for lon, lat in annemasse])
lua(f"{out}/impacts_annemasse_complet.lua", [f"/impacts?lon={lon:.6f}&lat={lat:.6f}&detail=complet" for lon, lat in annemasse])
lua(f"{out}/tiles_z14.lua", [f"/tiles/14/{x}/{y}.mvt" for x, y in tiles])
with open(f"{out}/tiles_z14.txt", "w") as f:
    f.writelines(f"/tiles/14/{x}/{y}.mvt\n" for x, y in tiles)
print(f"{len(points)} points, {len(tiles)} z14 tiles")
