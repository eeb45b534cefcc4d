"""GDAL's OGCAPI driver on the vector tiles (OGC API – Tiles), against a running server.

Debian 12's GDAL 3.6.2 cannot be the client here: its OGCAPI driver was built without vector
tile support (the code sits behind `OGR_ENABLE_DRIVER_GML`, which GDAL's CMake set only after
configuring that driver; fixed in GDAL 3.7.1, OSGeo/gdal#7993), so `ogrinfo OGCAPI:…` on any
vector tileset fails silently there. The client is GDAL 3.12 as shipped in pyogrio's wheel
(already in the suite's venv through ogctests → geopandas), in its own process so that its
libgdal never meets Debian's (check.py uses `osgeo`).

GDAL takes the collection's `extent.spatial.bbox` as coordinates of the tile matrix set's CRS,
but OGC API – Features says that bbox is CRS84; a GIS user gives the area in EPSG:3857 metres
with the MINX/MINY/MAXX/MAXY open options, as here.

Usage: gdal_tiles_check.py BASE_URL WORKDIR (writes WORKDIR/passed and WORKDIR/failed counts).
"""

import json
import math
import os
import sys
import urllib.request

import pyogrio
from pyogrio.raw import read

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from report import Report  # noqa: E402

BASE, WORK = sys.argv[1], sys.argv[2]
report = Report("GDAL OGCAPI tiles: ")
check = report.check


def get_json(path):
    with urllib.request.urlopen(BASE + path, timeout=60) as r:
        return json.load(r)


def web_mercator(lon, lat):
    r = 6_378_137.0
    return r * math.radians(lon), r * math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


check(f"GDAL {pyogrio.__gdal_version_string__} has the OGCAPI driver", "OGCAPI" in pyogrio.list_drivers())
tms = get_json("/tileMatrixSets/WebMercatorQuad")
levels = len(tms["tileMatrices"])

# A QPV and a renewal operation of Le Perrier (Annemasse): GDAL must find each, with the
# properties the items give, in the z14 tile layer it reads through the OGC API – Tiles
# metadata (tilesets, tileset, tile matrix set, limits, URL template).
LE_PERRIER = (6.2438, 46.1856)
CASES = (
    ("qpv", "QN07401M", "code", ("nom", "precision_geometrie")),
    ("operations", "annemasse-agglo:npnru-perrier-convention", "id", ("titre", "precision_geometrie")),
)
for collection, item, key, compared in CASES:
    url = f"OGCAPI:{BASE}/collections/{collection}"
    props = get_json(f"/collections/{collection}/items/{item}")["properties"]
    x, y = web_mercator(*LE_PERRIER)
    area = dict(MINX=x - 3000, MINY=y - 3000, MAXX=x + 3000, MAXY=y + 3000)
    try:
        if collection == "qpv":
            # Its national extent holds 0°, 0°: GDAL lists every level even without the area.
            layers = [name for name, _ in pyogrio.list_layers(url)]
            check(f"{collection}: one layer per zoom level ({levels})",
                  layers == [f"Zoom level {z}" for z in range(levels)], layers)
        for z in (0, levels - 1):
            pyogrio.read_info(url, layer=f"Zoom level {z}", **area)
        check(f"{collection}: levels 0 and {levels - 1} open in the given area", True)
        meta, _, _, values = read(url, layer="Zoom level 14", bbox=(x - 50, y - 50, x + 50, y + 50), **area)
        check(f"{collection}: read in EPSG:3857", meta["crs"] == "EPSG:3857", meta["crs"])
        fields = list(meta["fields"])
        column = lambda f: list(values[fields.index(f)]) if f in fields else []  # noqa: E731
        found = [i for i, k in enumerate(column(key)) if k == props[key]]
        check(f"{collection}: the z14 tile at Le Perrier holds {item}", len(found) == 1,
              f"{key} values {column(key)} (fields {fields})")
        if found:
            same = {f: column(f)[found[0]] for f in compared if f in fields}
            want = {f: props.get(f) for f in compared}
            check(f"{collection}: {item}'s {' and '.join(compared)} as the items say", same == want, f"{same} != {want}")
    except Exception as e:  # noqa: BLE001 — any client failure is a test failure
        check(f"{collection}: GDAL opens the vector tiles", False, repr(e))

sys.exit(report.finish(WORK, "GDAL OGCAPI vector tiles"))
