"""Writes the wrk inputs of the peer comparison into OUT_DIR, the same requests for every
server: bbox item pages around QPVs, single QPV items, z14 tiles over QPVs (our path and
Martin's), as Lua scripts cycling through the paths.

Usage: targets.py DATA_DIR OUT_DIR
"""

import gzip
import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from wrk_inputs import first_vertex, lua, tile  # noqa: E402

data, out = sys.argv[1], sys.argv[2]
rng = random.Random(2024)
features = json.load(gzip.open(f"{data}/france/qpv2024.geojson.gz", "rt"))["features"]

vertices = [first_vertex(f["geometry"]) for f in features]
codes = [f["properties"]["code"] for f in features]
# Boxes of about 4 km around a QPV vertex: a city district, 1 to ~20 QPV each.
boxes = []
for _ in range(2000):
    lon, lat = rng.choice(vertices)
    boxes.append((lon - 0.025, lat - 0.018, lon + 0.025, lat + 0.018))
bbox_paths = [f"/collections/qpv/items?bbox={a:.5f},{b:.5f},{c:.5f},{d:.5f}&limit=100&f=json" for a, b, c, d in boxes]
item_paths = [f"/collections/qpv/items/{rng.choice(codes)}?f=json" for _ in range(2000)]
tiles = sorted({tile(lon, lat, 14) for lon, lat in vertices})
lua(f"{out}/items_bbox.lua", bbox_paths)
lua(f"{out}/items_single.lua", item_paths)
lua(f"{out}/tiles_ours.lua", [f"/tiles/14/{x}/{y}.mvt" for x, y in tiles])
lua(f"{out}/tiles_martin.lua", [f"/qpv/14/{x}/{y}" for x, y in tiles])
with open(f"{out}/paths.json", "w") as f:
    json.dump({"bbox": bbox_paths[:50], "items": item_paths[:50], "tiles": [f"{x}/{y}" for x, y in tiles]}, f)
print(f"{len(boxes)} boxes, {len(item_paths)} items, {len(tiles)} z14 tiles")
