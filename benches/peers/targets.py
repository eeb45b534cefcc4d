"""Writes the wrk inputs of the peer comparison into OUT_DIR, the same requests for every
server: bbox item pages around QPVs, single QPV items, CQL2-filtered item pages, z14 tiles
over QPVs (our path, Martin's and tipg's), as Lua scripts cycling through the paths. tipg names
the table's collection `public.qpv` and GeoJSON `f=geojson`; the requests are otherwise the
same text.

Usage: targets.py DATA_DIR OUT_DIR
"""

import gzip
import json
import random
import sys
import urllib.parse
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
# CQL2 (Basic CQL2 and LIKE, which all three implement) with a bbox: a word of one QPV's
# name or the code of another, within a box around a third.
words = sorted({w for f in features for w in f["properties"]["nom"].split() if len(w) >= 5 and w.isalpha()})
filtered_paths = []
for a, b, c, d in boxes:
    cql = f"nom LIKE '%{rng.choice(words)}%' OR code = '{rng.choice(codes)}'"
    q = urllib.parse.urlencode({"bbox": f"{a:.5f},{b:.5f},{c:.5f},{d:.5f}", "filter": cql, "limit": 100, "f": "json"})
    filtered_paths.append(f"/collections/qpv/items?{q}")


def for_tipg(paths):
    return [p.replace("/collections/qpv/", "/collections/public.qpv/").replace("f=json", "f=geojson") for p in paths]


lua(f"{out}/items_bbox.lua", bbox_paths)
lua(f"{out}/items_single.lua", item_paths)
lua(f"{out}/items_filtered.lua", filtered_paths)
lua(f"{out}/items_bbox_tipg.lua", for_tipg(bbox_paths))
lua(f"{out}/items_single_tipg.lua", for_tipg(item_paths))
lua(f"{out}/items_filtered_tipg.lua", for_tipg(filtered_paths))
lua(f"{out}/tiles_ours.lua", [f"/tiles/14/{x}/{y}.mvt" for x, y in tiles])
lua(f"{out}/tiles_martin.lua", [f"/qpv/14/{x}/{y}" for x, y in tiles])
lua(f"{out}/tiles_tipg.lua", [f"/collections/public.qpv/tiles/WebMercatorQuad/14/{x}/{y}" for x, y in tiles])
with open(f"{out}/paths.json", "w") as f:
    json.dump({"bbox": bbox_paths[:50], "items": item_paths[:50], "filtered": filtered_paths[:50],
               "tiles": [f"{x}/{y}" for x, y in tiles]}, f)
print(f"{len(boxes)} boxes, {len(item_paths)} items, {len(filtered_paths)} filtered pages, {len(tiles)} z14 tiles")
