"""PMTiles archives written by `quartiers export-pmtiles`, read by Protomaps' own Python
reader: every tile decodes and equals the server's tile for the same z/x/y at the same data
version; the archive served at /tiles.pmtiles answers range requests; no tile with content
within the archive's bounds is missing. Each archive is compared with a server of the same
data: the territory's serves that territory alone (and its archive), the national one every
bundled territory.

Usage: check_archive.py TERRITORY_SERVER TERRITORY.pmtiles NATIONAL_SERVER NATIONAL.pmtiles
"""

import gzip
import math
import sys
import urllib.error
import urllib.request

import mapbox_vector_tile
from pmtiles.reader import MemorySource, MmapSource, Reader, all_tiles

base, territory_path, national_base, national_path = sys.argv[1:5]
passed = failed = 0


def check(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print(f"ok   {name}")
    else:
        failed += 1
        print(f"FAIL {name} {detail}")


def get(path, headers=None, server=None):
    request = urllib.request.Request((server or base) + path, headers=headers or {})
    try:
        with urllib.request.urlopen(request) as r:
            return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read()
    except urllib.error.HTTPError as e:
        return e.code, {k.lower(): v for k, v in e.headers.items()}, e.read()


def server_version(server=None):
    """The data version the tiles' ETags carry."""
    _, headers, _ = get("/tiles/0/0/0.mvt", server=server)
    etag = headers.get("etag", "")
    return etag.removeprefix("W/").strip('"')


def http_source(path):
    """Range requests on the served archive, as a PMTiles client in a browser makes them."""

    def get_bytes(offset, length):
        status, headers, body = get(path, {"Range": f"bytes={offset}-{offset + length - 1}"})
        assert status == 206, f"range request answered {status}"
        return body

    return get_bytes


def compare_all(name, get_bytes, version, server=None):
    reader = Reader(get_bytes)
    header, metadata = reader.header(), reader.metadata()
    check(f"{name}: MVT tiles, gzip", header["tile_type"].name == "MVT" and header["tile_compression"].name == "GZIP", str(header))
    check(f"{name}: data version of the server", metadata.get("quartiers_version") == version,
          f"{metadata.get('quartiers_version')} != {version}")
    check(f"{name}: vector_layers listed", {l["id"] for l in metadata.get("vector_layers", [])} >= {"qpv", "perimetres"})
    tiles = mismatches = undecodable = 0
    for (z, x, y), data in all_tiles(get_bytes):
        tiles += 1
        raw = gzip.decompress(data)
        try:
            layers = mapbox_vector_tile.decode(raw)
        except Exception as e:  # noqa: BLE001 - any decoding failure is a failed tile
            undecodable += 1
            print(f"     {z}/{x}/{y} does not decode: {e}")
            continue
        status, _, served = get(f"/tiles/{z}/{x}/{y}.mvt", {"Accept-Encoding": "identity"}, server)
        if status != 200 or served != raw:
            mismatches += 1
            if mismatches <= 3:
                print(f"     {z}/{x}/{y}: server {status}, {len(served)} bytes vs {len(raw)}")
        elif not layers:
            undecodable += 1
    check(f"{name}: {tiles} tiles decode", tiles > 0 and undecodable == 0, f"{undecodable} bad")
    check(f"{name}: every tile equals the server's", mismatches == 0, f"{mismatches} differ")
    return header


def tile_of(lon, lat, z):
    n = 2**z
    x = int((lon + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
    return min(max(x, 0), n - 1), min(max(y, 0), n - 1)


def check_complete(name, reader, header, z):
    """Within the archive's bounds, the server's non-empty tiles are exactly the archive's."""
    x0, y0 = tile_of(header["min_lon_e7"] / 1e7, header["max_lat_e7"] / 1e7, z)
    x1, y1 = tile_of(header["max_lon_e7"] / 1e7, header["min_lat_e7"] / 1e7, z)
    missing = extra = 0
    for x in range(x0 + 1, x1):  # inner tiles: wholly inside the bounds
        for y in range(y0 + 1, y1):
            status, _, _ = get(f"/tiles/{z}/{x}/{y}.mvt")
            has = reader.get(z, x, y) is not None
            missing += status == 200 and not has
            extra += status == 204 and has
    check(f"{name}: z{z} tiles within bounds complete ({(x1 - x0 - 1) * (y1 - y0 - 1)} checked)",
          missing == 0 and extra == 0, f"{missing} missing, {extra} extra")


version = server_version()
check("server data version known", len(version) == 16, version)
national_version = server_version(national_base)
check("the two servers serve different data (one territory, four)", len(national_version) == 16 and national_version != version,
      f"{version} / {national_version}")

# The territory archive, read over HTTP from the server's /tiles.pmtiles.
status, headers, _ = get("/tiles.pmtiles", {"Range": "bytes=0-126"})
check("/tiles.pmtiles answers a range request", status == 206 and headers.get("content-range", "").startswith("bytes 0-126/"), f"{status} {headers}")
with open(territory_path, "rb") as f:
    local = f.read()
status, _, served = get("/tiles.pmtiles")
check("/tiles.pmtiles serves the archive", status == 200 and served == local, f"{status}, {len(served)} bytes")
header = compare_all("territory archive (HTTP)", http_source("/tiles.pmtiles"), version)
check("territory archive: zooms 0 to 14", (header["min_zoom"], header["max_zoom"]) == (0, 14), str(header))
check_complete("territory archive", Reader(MemorySource(local)), header, 13)

# The national archive, read from the file.
with open(national_path, "rb") as f:
    source = MmapSource(f)
    header = compare_all("national archive", source, national_version, national_base)
    paris = Reader(source).get(8, *tile_of(2.35, 48.85, 8))
    check("national archive: Paris's QPV at z8", paris is not None and "qpv" in mapbox_vector_tile.decode(gzip.decompress(paris)))
    # Each bundled territory's own perimeters, at a point inside one of its QPVs.
    for slug, (lon, lat) in {
        "annemasse-agglo": (6.2438, 46.1856),
        "maubeuge-val-de-sambre": (3.92031, 50.26245),
        "ales-agglomeration": (4.0816, 44.1354),
        "angers-loire-metropole": (-0.5844, 47.4753),
    }.items():
        tile = Reader(source).get(10, *tile_of(lon, lat, 10))
        layer = mapbox_vector_tile.decode(gzip.decompress(tile)).get("perimetres", {}) if tile else {}
        held = {f["properties"].get("territoire") for f in layer.get("features", [])}
        check(f"national archive: the perimeters of {slug} at z10", slug in held, str(held))

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
