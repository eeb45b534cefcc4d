"""Shared by the benchmark input scripts: QPV vertices, tile numbers and wrk Lua scripts that
cycle through a list of paths."""

import gzip
import json
import math


def first_vertex(g):
    """The first vertex of a GeoJSON geometry, as (lon, lat)."""
    c = g["coordinates"]
    while isinstance(c[0], list):
        c = c[0]
    return c[0], c[1]


def qpv_vertices(data):
    """The first vertex of each national QPV (DATA_DIR/france/qpv2024.geojson.gz), in file order."""
    qpv = json.load(gzip.open(f"{data}/france/qpv2024.geojson.gz", "rt"))
    return [first_vertex(f["geometry"]) for f in qpv["features"]]


def tile(lon, lat, z):
    """The (x, y) of the web-mercator tile holding a point at zoom z."""
    n = 2**z
    x = int((lon + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
    return x, y


def lua(path, paths, headers=None):
    """A wrk script asking each path in turn, each thread from its own offset, with `headers`
    (a dict) on every request."""
    with open(path, "w") as f:
        f.write("paths = {\n")
        f.writelines(f'  "{p}",\n' for p in paths)
        f.write("}\n")
        f.write(
            "local threads = 0\n"
            "function setup(thread)\n"
            "  -- each thread starts at its own offset so threads do not ask the same thing\n"
            "  threads = threads + 1\n"
            "  thread:set('counter', threads * 7919)\n"
            "end\n"
            "request = function()\n"
            "  counter = counter % #paths + 1\n"
            f"  return wrk.format('GET', paths[counter]{lua_headers(headers)})\n"
            "end\n"
        )


def lua_headers(headers):
    """`, {["Name"]="value", ...}` for wrk.format, or nothing."""
    if not headers:
        return ""
    return ", {" + ", ".join(f'["{k}"]="{v}"' for k, v in headers.items()) + "}"
