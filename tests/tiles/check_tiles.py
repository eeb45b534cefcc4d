"""End-to-end checks of the vector tiles, TileJSON and style served by `quartiers serve`.

Tiles are decoded by two independent readers, Python's mapbox-vector-tile and GDAL's MVT
driver, and compared with the source geometry (data/france/qpv2024.geojson.gz, and the OGC API
features of the same server for the territory layers). The MVT 2.1 geometry rules (winding,
no degenerate ring, buffer) are checked on the raw commands of the protobuf.

Usage: check_tiles.py BASE_URL REPO_ROOT STYLE_VALIDATOR
Prints one line per check and `N passed, N failed`; exits 1 on any failure.
"""

import gzip
import json
import math
import os
import subprocess
import sys
import tempfile
import traceback
import urllib.parse
import urllib.request

import mapbox_vector_tile
from mapbox_vector_tile.Mapbox import vector_tile_pb2
from osgeo import gdal, ogr, osr
from shapely.geometry import Point, box, shape

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from suite_http import answer  # noqa: E402

BASE, ROOT, VALIDATOR = sys.argv[1], sys.argv[2], sys.argv[3]
gdal.UseExceptions()

CONTRACT = {"qpv", "perimetres", "operations", "equipements", "centralites", "corridors",
            "ilots", "communes", "territoires"}
# Label points (one per commune and located quartier), drawn as text only, from z10.
LABELS = "libelles"
# France's contrats de ville, one inferred point each (no outline is published).
CONTRACTS = "contrats"
EXTENT, BUFFER = 4096, 64
POLYGON = 3  # GeomType of the MVT 2.1 protobuf
PERRIER = (6.2438, 46.1856)  # Le Perrier, Annemasse: inside QPV QN07401M


def tile_of(lon, lat, z):
    n = 2 ** z
    x = (lon + 180) / 360 * n
    y = (1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n
    return z, int(x), int(y)


PERRIER_Z14 = tile_of(*PERRIER, 14)
assert PERRIER_Z14 == (14, 8476, 5816)


def to_lonlat(t, x, y):
    """Tile coordinates (y down) of tile t to degrees."""
    z, tx, ty = t
    n = 2 ** z * EXTENT
    wx, wy = (tx * EXTENT + x) / n, (ty * EXTENT + y) / n
    return wx * 360 - 180, math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * wy))))


def tile_box(t, buffer=BUFFER):
    w, n = to_lonlat(t, -buffer, -buffer)
    e, s = to_lonlat(t, EXTENT + buffer, EXTENT + buffer)
    return box(w, s, e, n)


def get(path, headers=None):
    return answer(BASE + path, headers)


def get_json(path):
    status, _, body = get(path)
    assert status == 200, f"{path}: HTTP {status}: {body[:300]!r}"
    return json.loads(body)


_tiles = {}


def fetch_tile(t):
    """Raw MVT bytes of a tile (requested gzipped, as browsers do)."""
    if t not in _tiles:
        status, headers, body = get("/tiles/%d/%d/%d.mvt" % t, {"Accept-Encoding": "gzip"})
        assert status == 200, f"tile {t}: HTTP {status}"
        assert headers.get("Content-Type") == "application/vnd.mapbox-vector-tile", headers
        assert headers.get("Content-Encoding") == "gzip", headers
        _tiles[t] = gzip.decompress(body)
    return _tiles[t]


def decode(t):
    """The tile through mapbox-vector-tile, geometry in degrees."""
    return mapbox_vector_tile.decode(
        fetch_tile(t),
        default_options={"y_coord_down": True, "transformer": lambda x, y: to_lonlat(t, x, y)},
    )


def national_qpv(code):
    with gzip.open(os.path.join(ROOT, "data/france/qpv2024.geojson.gz"), "rt") as f:
        for feature in json.load(f)["features"]:
            if feature["properties"]["code"] == code:
                return shape(feature["geometry"])
    raise AssertionError(f"{code} not in the national layer")


CHECKS = []


def varints(buf):
    """(field number, wire type, value) of a protobuf message; length-delimited values as bytes."""
    i = 0
    while i < len(buf):
        def varint():
            nonlocal i
            shift = value = 0
            while True:
                b = buf[i]
                i += 1
                value |= (b & 0x7F) << shift
                shift += 7
                if b < 0x80:
                    return value
        key = varint()
        field, wire = key >> 3, key & 7
        if wire == 0:
            yield field, wire, varint()
        elif wire == 2:
            n = varint()
            yield field, wire, buf[i:i + n]
            i += n
        elif wire == 5:
            i += 4
        elif wire == 1:
            i += 8
        else:
            raise AssertionError(f"wire type {wire}")


def glyph_ids(pbf):
    """Code points of a MapLibre glyphs message (glyphs.stacks[].glyphs[].id)."""
    ids = set()
    for f, _, stack in varints(pbf):
        if f != 1:
            continue
        for g, _, glyph in varints(stack):
            if g == 3:
                ids |= {v for k, w, v in varints(glyph) if k == 1 and w == 0}
    return ids


def check(fn):
    CHECKS.append(fn)
    return fn


@check
def tilejson_describes_the_contract_layers():
    tj = get_json("/tiles.json")
    assert tj["tilejson"] == "3.0.0"
    assert tj["tiles"] == [BASE + "/tiles/{z}/{x}/{y}.mvt"], tj["tiles"]
    assert (tj["minzoom"], tj["maxzoom"]) == (0, 18)
    ids = {layer["id"] for layer in tj["vector_layers"]}
    assert ids == CONTRACT | {LABELS, CONTRACTS}, ids
    labels = next(l for l in tj["vector_layers"] if l["id"] == LABELS)
    assert labels["minzoom"] == 10 and {"couche", "nom", "code"} <= set(labels["fields"]), labels
    ops = next(l for l in tj["vector_layers"] if l["id"] == "operations")
    for field in ("id", "titre", "type", "statut", "precision_geometrie", "territoire"):
        assert field in ops["fields"], (field, ops["fields"])
    w, s, e, n = tj["bounds"]
    assert w < PERRIER[0] < e and s < PERRIER[1] < n and w < -60, tj["bounds"]
    assert tj["attribution"]


@check
def style_is_valid_maplibre_and_draws_every_layer():
    style = get_json("/style.json")
    assert style["version"] == 8
    (source,) = style["sources"].values()
    assert source["type"] == "vector" and source["url"] == BASE + "/tiles.json", source
    ids = {layer["id"] for layer in get_json("/tiles.json")["vector_layers"]}
    drawn = {l["source-layer"] for l in style["layers"] if "source-layer" in l}
    assert drawn == CONTRACT | {LABELS, CONTRACTS} and drawn <= ids, drawn
    # Text from the server's own glyphs: the URL is ours, and every font the style names is
    # served (a range with the French letters decodes to glyphs).
    assert style["glyphs"] == BASE + "/fonts/{fontstack}/{range}.pbf", style.get("glyphs")
    texts = [l for l in style["layers"] if "text-field" in l.get("layout", {})]
    named = {l["metadata"]["quartiers:couche"] for l in texts}
    assert {"communes", "perimetres", "qpv", "equipements", "operations", "centralites", "ilots"} <= named, named
    fonts = {f for l in texts for f in l["layout"]["text-font"]}
    for font in fonts:
        with urllib.request.urlopen(BASE + "/fonts/" + urllib.parse.quote(font) + "/0-255.pbf") as r:
            assert r.headers["Content-Type"] == "application/x-protobuf", r.headers["Content-Type"]
            assert r.headers["ETag"], "no ETag"
            body = r.read()
        assert len(body) > 10_000, (font, len(body))
        assert glyph_ids(body) >= {ord(c) for c in "AZaz09éèçàÎ«»"}, font
    dashed = {l["source-layer"] for l in style["layers"]
              if "line-dasharray" in l.get("paint", {}) and "precision_geometrie" in json.dumps(l["filter"])}
    assert dashed == CONTRACT, f"no dashed mark for imprecise features in {CONTRACT - dashed}"
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(style, f)
    try:
        run = subprocess.run(["node", VALIDATOR, f.name], capture_output=True, text=True, timeout=60)
    finally:
        os.unlink(f.name)
    assert run.returncode == 0 and not run.stdout.strip(), run.stdout + run.stderr


@check
def le_perrier_z14_matches_the_national_geometry():
    layers = decode(PERRIER_Z14)
    for name in ("qpv", "perimetres", "operations", "equipements", "communes", "territoires"):
        assert name in layers, (name, sorted(layers))
    qpv = layers["qpv"]
    assert qpv["extent"] == EXTENT
    (perrier,) = [f for f in qpv["features"] if f["properties"].get("code") == "QN07401M"]
    props = perrier["properties"]
    assert props["nom"].startswith("Le Perrier") and props["precision_geometrie"] == "exact", props
    got = shape(perrier["geometry"])
    assert got.is_valid, "decoded polygon invalid"
    assert got.contains(Point(PERRIER))
    want = national_qpv("QN07401M").intersection(tile_box(PERRIER_Z14))
    # z14: one tile unit is ~0.26 m here; the tile keeps the outline to a few units.
    hausdorff_m = got.hausdorff_distance(want) * 111_320 * math.cos(math.radians(PERRIER[1]))
    assert hausdorff_m < 3.0, f"outline off by {hausdorff_m:.2f} m"
    diff = got.symmetric_difference(want).area / want.area
    assert diff < 0.002, f"area differs by {diff:.4%}"


@check
def gdal_mvt_driver_reads_the_same_tile():
    t = PERRIER_Z14
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "%d/%d/%d.mvt" % t)
        os.makedirs(os.path.dirname(path))
        with open(path, "wb") as f:
            f.write(fetch_tile(t))
        ds = gdal.OpenEx(path, gdal.OF_VECTOR, allowed_drivers=["MVT"],
                         open_options=["Z=%d" % t[0], "X=%d" % t[1], "Y=%d" % t[2], "CLIP=NO"])
        ours = decode(t)
        names = {ds.GetLayer(i).GetName() for i in range(ds.GetLayerCount())}
        assert names == set(ours), (names, set(ours))
        wgs84 = osr.SpatialReference()
        wgs84.ImportFromEPSG(4326)
        wgs84.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
        found = False
        for i in range(ds.GetLayerCount()):
            layer = ds.GetLayer(i)
            count = 0
            for feature in layer:
                count += 1
                g = feature.GetGeometryRef()
                assert g is not None and g.IsValid(), (layer.GetName(), feature.GetFID())
                if layer.GetName() == "qpv" and feature.GetField("code") == "QN07401M":
                    g = g.Clone()
                    g.TransformTo(wgs84)
                    found = g.Contains(ogr.CreateGeometryFromWkt("POINT (%f %f)" % PERRIER))
            assert count == len(ours[layer.GetName()]["features"]), layer.GetName()
        assert found, "GDAL: QN07401M does not contain Le Perrier"


@check
def feature_counts_match_the_ogc_features_meeting_the_tile():
    t = PERRIER_Z14
    layers = decode(t)
    area = tile_box(t)
    w, s, e, n = area.bounds
    for name in ("qpv", "perimetres", "operations", "equipements", "communes", "territoires",
                 "centralites", "ilots"):
        items = get_json(f"/collections/{name}/items?bbox={w},{s},{e},{n}&limit=10000")
        want = sum(1 for f in items["features"]
                   if f["geometry"] and shape(f["geometry"]).intersects(area))
        got = len(layers.get(name, {"features": []})["features"])
        assert got == want, f"{name}: {got} in the tile, {want} in the OGC API"
        assert want > 0 or name in ("ilots", "centralites"), name


def commands(geometry):
    """Rings of a raw MVT polygon geometry, as lists of (x, y) tile coordinates."""
    rings, ring, i, x, y = [], [], 0, 0, 0
    while i < len(geometry):
        cmd, count = geometry[i] & 7, geometry[i] >> 3
        i += 1
        if cmd == 7:  # ClosePath
            rings.append(ring)
            ring = []
            continue
        for _ in range(count):
            dx, dy = geometry[i], geometry[i + 1]
            x += (dx >> 1) ^ -(dx & 1)
            y += (dy >> 1) ^ -(dy & 1)
            i += 2
            if cmd == 1 and ring:
                raise AssertionError("MoveTo inside an open ring")
            ring.append((x, y))
    assert not ring, "ring without ClosePath"
    return rings


def area2(ring):
    return sum(ring[k][0] * ring[(k + 1) % len(ring)][1] - ring[(k + 1) % len(ring)][0] * ring[k][1]
               for k in range(len(ring)))


def raw_layers(t):
    pb = vector_tile_pb2.tile()
    pb.ParseFromString(fetch_tile(t))
    return pb.layers


@check
def raw_geometry_follows_mvt_2_1_at_every_zoom():
    tiles = [tile_of(*PERRIER, z) for z in (0, 5, 8, 10, 12, 14, 16, 18)]
    polygons = 0
    for t in tiles:
        for layer in raw_layers(t):
            assert layer.version == 2 and layer.extent == EXTENT, layer.name
            for f in layer.features:
                assert f.HasField("id"), layer.name
                assert len(f.tags) % 2 == 0
                if f.type != POLYGON:
                    continue
                polygons += 1
                rings = commands(f.geometry)
                assert rings and area2(rings[0]) > 0, (t, layer.name, "first ring not exterior")
                for ring in rings:
                    assert len(set(ring)) >= 3, (t, layer.name, "degenerate ring", ring)
                    assert area2(ring) != 0, (t, layer.name, "zero-area ring")
                    for x, y in ring:
                        assert -BUFFER <= x <= EXTENT + BUFFER and -BUFFER <= y <= EXTENT + BUFFER, (t, x, y)
    assert polygons > 20, polygons


@check
def property_values_are_scalars_with_territory():
    for name, layer in decode(PERRIER_Z14).items():
        for f in layer["features"]:
            for k, v in f["properties"].items():
                assert isinstance(v, (str, int, float, bool)), (name, k, v)
            national = name == "qpv" or (name == LABELS and f["properties"]["couche"] == "qpv")
            if not national:
                assert f["properties"].get("territoire") == "annemasse-agglo", (name, f["properties"])


@check
def z18_inside_le_perrier_is_the_buffered_square():
    t = tile_of(*PERRIER, 18)
    (f,) = [f for f in decode(t)["qpv"]["features"] if f["properties"]["code"] == "QN07401M"]
    raw = [l for l in raw_layers(t) if l.name == "qpv"][0]
    (rings,) = [commands(g.geometry) for g in raw.features]
    xs = {x for x, _ in rings[0]}
    ys = {y for _, y in rings[0]}
    assert (min(xs), max(xs), min(ys), max(ys)) == (-BUFFER, EXTENT + BUFFER, -BUFFER, EXTENT + BUFFER), rings


@check
def low_zoom_keeps_every_qpv_as_area_or_point():
    t = (5, 16, 11)  # the Alps and the Rhône valley
    qpv = decode(t)["qpv"]["features"]
    points = sum(1 for f in qpv if f["geometry"]["type"] == "Point")
    inner = tile_box(t, buffer=-100)
    with gzip.open(os.path.join(ROOT, "data/france/qpv2024.geojson.gz"), "rt") as fh:
        expected = sum(1 for f in json.load(fh)["features"] if inner.contains(shape(f["geometry"])))
    assert expected > 50 and len(qpv) >= expected, (len(qpv), expected)
    assert points > len(qpv) / 2, f"{points} points of {len(qpv)}: small QPVs should be points at z5"


@check
def http_empty_invalid_and_revalidation():
    status, _, body = get("/tiles/8/10/150.mvt")  # South Pacific
    assert status == 204 and body == b"", status
    for path in ("/tiles/19/0/0.mvt", "/tiles/3/8/0.mvt", "/tiles/3/0/8.mvt", "/tiles/3/0/x.mvt"):
        status, headers, body = get(path)
        assert status == 400, (path, status)
        assert headers.get("Content-Type", "").startswith("application/problem+json"), (path, headers)
        assert json.loads(body)["status"] == 400
    status, headers, _ = get("/tiles/%d/%d/%d.mvt" % PERRIER_Z14)
    etag = headers.get("ETag")
    assert status == 200 and etag, headers
    status, _, _ = get("/tiles/%d/%d/%d.mvt" % PERRIER_Z14, {"If-None-Match": etag})
    assert status == 304, status


def main():
    passed = failed = 0
    for fn in CHECKS:
        try:
            fn()
            passed += 1
            print(f"ok   {fn.__name__}")
        except Exception as e:  # report every failing check, not only the first
            failed += 1
            print(f"FAIL {fn.__name__}: {e!r}")
            traceback.print_exc(limit=3, file=sys.stdout)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
