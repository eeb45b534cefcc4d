"""GDAL and OWSLib against a running Quartiers server: every collection listed and copied,
Lambert-93 served by the server equal to GDAL's own reprojection, OWSLib items and paging.

Usage: check.py BASE_URL WORKDIR (writes WORKDIR/passed and WORKDIR/failed counts).
"""

import json
import os
import subprocess
import sys
import urllib.request

from osgeo import ogr, osr

ogr.UseExceptions()
osr.UseExceptions()

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from report import REFERENCES, Report  # noqa: E402

BASE, WORK = sys.argv[1], sys.argv[2]
L93 = "http://www.opengis.net/def/crs/EPSG/0/2154"
report = Report('')
check = report.check


def get_json(path):
    with urllib.request.urlopen(BASE + path, timeout=60) as r:
        return json.load(r)


collections = [c["id"] for c in get_json("/collections")["collections"]]
layers = [c for c in collections if c not in REFERENCES]
matched = {c: get_json(f"/collections/{c}/items?limit=1")["numberMatched"] for c in layers}

# ogrinfo lists every collection.
out = subprocess.run(["ogrinfo", "-ro", "-q", f"OAPIF:{BASE}"], capture_output=True, text=True, timeout=120)
listed = [line.split(":")[1].split("(")[0].strip() for line in out.stdout.splitlines() if ":" in line]
check("ogrinfo OAPIF lists every collection", listed == collections, f"{listed} != {collections}")
check("ogrinfo without warnings", "Warning" not in out.stderr and "ERROR" not in out.stderr, out.stderr[:500])

# ogr2ogr copies every feature of every layer (the references: references_check.py).
for c in layers:
    dst = f"{WORK}/{c}.geojson"
    p = subprocess.run(["ogr2ogr", "-f", "GeoJSON", dst, f"OAPIF:{BASE}", c],
                       capture_output=True, text=True, timeout=300)
    if p.returncode != 0:
        check(f"ogr2ogr {c}", False, p.stderr[:300])
        continue
    ds = ogr.Open(dst)  # keep the dataset alive while its layer is used
    n = ds.GetLayer(0).GetFeatureCount()
    check(f"ogr2ogr {c}: {n} features = numberMatched {matched[c]}", n == matched[c], f"{n}")

# Lambert-93: ogr2ogr -t_srs EPSG:2154 from the OAPIF layer (GDAL reprojects), against the
# server's ?crs=EPSG:2154 read by GDAL's GeoJSON driver (the server reprojects through PROJ).
for c in [c for c in layers if c not in ("actions", "corridors")]:
    gdal_side = f"{WORK}/{c}_l93_gdal.geojson"
    p = subprocess.run(["ogr2ogr", "-f", "GeoJSON", "-t_srs", "EPSG:2154", "-lco", "RFC7946=NO",
                        gdal_side, f"OAPIF:{BASE}", c], capture_output=True, text=True, timeout=300)
    if p.returncode != 0:
        check(f"ogr2ogr -t_srs EPSG:2154 {c}", False, p.stderr[:300])
        continue
    server_side = f"{WORK}/{c}_l93_server.geojson"
    url = f"{BASE}/collections/{c}/items?limit=10000&crs={L93}"
    with urllib.request.urlopen(url, timeout=120) as r:
        crs_header = r.headers.get("Content-Crs")
        open(server_side, "wb").write(r.read())
    p = subprocess.run(["ogr2ogr", "-f", "GeoJSON", "-a_srs", "EPSG:2154", "-lco", "RFC7946=NO",
                        f"{WORK}/{c}_l93_server_copy.geojson", server_side],
                       capture_output=True, text=True, timeout=300)
    check(f"Content-Crs of {c} in Lambert-93", crs_header == f"<{L93}>", crs_header)
    ds_a, ds_b = ogr.Open(gdal_side), ogr.Open(f"{WORK}/{c}_l93_server_copy.geojson")
    a, b = ds_a.GetLayer(0), ds_b.GetLayer(0)
    check(f"{c} in EPSG:2154: same count ({a.GetFeatureCount()}) both ways",
          a.GetFeatureCount() == b.GetFeatureCount() == matched[c], f"{a.GetFeatureCount()} vs {b.GetFeatureCount()}")
    worst = 0.0
    fa = {f.GetField("id") if f.GetFieldIndex("id") >= 0 else f.GetFID(): f.GetGeometryRef().Clone() for f in a}
    fb = {f.GetField("id") if f.GetFieldIndex("id") >= 0 else f.GetFID(): f.GetGeometryRef().Clone() for f in b}
    for k, ga in fa.items():
        gb = fb.get(k)
        if gb is None:
            worst = float("inf")
            break
        ea, eb = ga.GetEnvelope(), gb.GetEnvelope()
        worst = max(worst, max(abs(x - y) for x, y in zip(ea, eb)))
    check(f"{c}: server's Lambert-93 within 1 cm of GDAL's (worst {worst:.4f} m)", worst < 0.01, f"{worst}")

# OWSLib reads the API.
try:
    from owslib.ogcapi.features import Features

    w = Features(BASE)
    ids = [c["id"] for c in w.collections()["collections"]]
    check("OWSLib lists the collections", ids == collections, ids)
    items = w.collection_items("qpv", limit=5)
    check("OWSLib reads 5 QPV items", len(items["features"]) == 5 and items["numberMatched"] == matched["qpv"])
    boxed = w.collection_items("qpv", bbox=[6.2, 46.17, 6.3, 46.22], limit=50)
    codes = sorted(f["id"] for f in boxed["features"])
    check("OWSLib bbox around Annemasse finds QN07401M and QN07402M",
          "QN07401M" in codes and "QN07402M" in codes, codes)
    one = w.collection_item("qpv", "QN07401M")
    check("OWSLib reads one feature", one["id"] == "QN07401M")
    q = w.collection_queryables("operations")
    check("OWSLib reads queryables", "statut" in q.get("properties", {}))
    l93 = w.collection_items("qpv", bbox=[946000, 6565000, 955000, 6572500], crs=L93, limit=50,
                             **{"bbox-crs": L93})
    x = l93["features"][0]["geometry"]["coordinates"][0][0][0][0] if l93["features"] else 0
    check("OWSLib bbox-crs and crs in Lambert-93", 900_000 < x < 1_000_000, x)
except Exception as e:  # noqa: BLE001 — any client failure is a test failure
    check("OWSLib", False, repr(e))

sys.exit(report.finish(WORK, 'checks'))
