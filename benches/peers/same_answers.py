"""Checks that our OGC API and the peers give the same QPV for the same requests (sample bbox
pages, single items and CQL2-filtered pages, and the QPV drawn in sample z14 tiles), so
the throughput comparison compares like with like. Each peer is asked in its own spelling:
`tipg` names the table's collection `public.qpv` and GeoJSON `f=geojson`, and serves its tiles
at /collections/public.qpv/tiles/WebMercatorQuad/{z}/{x}/{y} in a layer named `default`;
`martin` serves only tiles, at /qpv/{z}/{x}/{y} in a layer named `qpv`.

Usage: same_answers.py PATHS_JSON OURS_URL NAME=PEER_URL...
"""

import gzip
import json
import sys
import urllib.request

import mapbox_vector_tile
from shapely.geometry import box, shape

paths_file, ours, *peers = sys.argv[1:]
paths = json.load(open(paths_file))
# Every 25th tile of the sorted list: a spread over France, not one city.
sample_tiles = paths["tiles"][::25]


def get(url):
    with urllib.request.urlopen(url) as r:
        body = r.read()
    return gzip.decompress(body) if body[:2] == b"\x1f\x8b" else body


def ids(base, path):
    doc = json.loads(get(base + path))
    if doc.get("type") == "Feature":
        return {str(doc["properties"].get("code") or doc.get("id"))}
    return {str(f["properties"].get("code") or f.get("id")) for f in doc["features"]}


def tile_codes(base, path, layer):
    """The QPV drawn inside the tile itself. Each server also draws a margin around the tile
    for its renderer (ours and Martin 64 units of 4,096, tipg 256, but tipg selects only the
    rows meeting the tile proper): a QPV only in the margin is not the tile's content."""
    decoded = mapbox_vector_tile.decode(get(base + path)).get(layer, {})
    extent = decoded.get("extent", 4096)
    square = box(0, 0, extent, extent)
    return {str(f["properties"]["code"]) for f in decoded.get("features", [])
            if shape(f["geometry"]).buffer(0).intersection(square).area > 0}


def items_path(name, path):
    if name != "tipg":
        return path
    return path.replace("/collections/qpv/", "/collections/public.qpv/").replace("f=json", "f=geojson")


def tile_request(name, xy):
    return {
        "ours": (f"/tiles/14/{xy}.mvt", "qpv"),
        "tipg": (f"/collections/public.qpv/tiles/WebMercatorQuad/14/{xy}", "default"),
        "martin": (f"/qpv/14/{xy}", "qpv"),
    }.get(name)


status = 0
for peer in peers:
    name, url = peer.split("=", 1)
    same = differ = 0

    def compare(kind, label, a, b):
        global same, differ
        if a == b:
            same += 1
            return
        differ += 1
        if differ <= 3:
            print(f"differ ({name}, {kind}): {label}: ours {sorted(a - b)[:5]} not in {name}'s, "
                  f"{name} {sorted(b - a)[:5]} not in ours")

    for kind in ("bbox", "items", "filtered"):
        if name == "martin":
            break
        for path in paths.get(kind, []):
            compare(kind, path, ids(ours, path), ids(url, items_path(name, path)))
    if tile_request(name, "0/0"):
        for xy in sample_tiles:
            (a_path, a_layer), (b_path, b_layer) = tile_request("ours", xy), tile_request(name, xy)
            a, b = tile_codes(ours, a_path, a_layer), tile_codes(url, b_path, b_layer)
            # Each sampled tile holds a QPV vertex: two empty answers are two wrong requests.
            compare("tiles", f"14/{xy}", a or {"(no QPV in ours)"}, b)
    print(f"same answers as {name}: {same} of {same + differ} sample requests")
    status |= 1 if differ else 0
sys.exit(status)
