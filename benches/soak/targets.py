"""Writes the soak's wrk script into OUT_DIR: a mix of GET /impacts (points in Annemasse Agglo
and anywhere in France), POST /impacts (îlot-sized squares), items of the operations and
perimeters layers, z14 tiles and /geocode, cycled by each connection from its own offset.

Usage: targets.py DATA_DIR OUT_DIR
"""

import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from wrk_inputs import qpv_vertices, tile  # noqa: E402

data, out = sys.argv[1], sys.argv[2]
rng = random.Random(18)
vertices = qpv_vertices(data)
perimeters = json.load(open(f"{data}/territories/annemasse-agglo/perimeters.geojson"))
codes = [f["properties"]["code"] for f in perimeters["features"]]

requests = []  # (method, path, body)
for i in range(600):
    kind = i % 6
    if kind == 0:
        lon, lat = rng.uniform(6.18, 6.35), rng.uniform(46.16, 46.26)
        requests.append(("GET", f"/impacts?lon={lon:.6f}&lat={lat:.6f}", None))
    elif kind == 1:
        lon, lat = rng.choice(vertices)
        requests.append(("GET", f"/impacts?lon={lon + rng.uniform(-0.005, 0.005):.6f}&lat={lat:.6f}", None))
    elif kind == 2:
        lon, lat, d = rng.uniform(6.20, 6.30), rng.uniform(46.17, 46.23), rng.uniform(0.0005, 0.003)
        ring = [[lon, lat], [lon + d, lat], [lon + d, lat + d], [lon, lat + d], [lon, lat]]
        requests.append(("POST", "/impacts", json.dumps({"type": "Polygon", "coordinates": [ring]})))
    elif kind == 3:
        path = rng.choice(["/collections/operations/items?limit=50",
                           f"/collections/perimetres/items/annemasse-agglo:{rng.choice(codes)}",
                           "/collections/qpv/items?limit=20&bbox=6.1,46.1,6.4,46.3"])
        requests.append(("GET", path, None))
    elif kind == 4:
        lon, lat = rng.choice(vertices) if rng.random() < 0.5 else (rng.uniform(6.18, 6.35), rng.uniform(46.16, 46.26))
        x, y = tile(lon, lat, 14)
        requests.append(("GET", f"/tiles/14/{x}/{y}.mvt", None))
    else:
        q = rng.choice(["perrier", "annemasse", "chateau rouge", "gaillard", "ecole", "livron", "ambilly"])
        requests.append(("GET", f"/geocode?q={q.replace(' ', '+')}&limit=5", None))


def lua_string(s):
    return json.dumps(s)  # a JSON string literal is a valid Lua string literal here (ASCII)


with open(f"{out}/soak.lua", "w") as f:
    f.write("reqs = {\n")
    for method, path, body in requests:
        f.write(f"  {{{lua_string(method)}, {lua_string(path)}, {lua_string(body) if body else 'nil'}}},\n")
    f.write("}\n")
    f.write(
        "local threads = 0\n"
        "function setup(thread)\n"
        "  threads = threads + 1\n"
        "  thread:set('counter', threads * 7919)\n"
        "end\n"
        "local json_headers = { ['Content-Type'] = 'application/geo+json' }\n"
        "request = function()\n"
        "  counter = counter % #reqs + 1\n"
        "  local r = reqs[counter]\n"
        "  if r[3] then return wrk.format(r[1], r[2], json_headers, r[3]) end\n"
        "  return wrk.format(r[1], r[2])\n"
        "end\n"
        "-- errors: socket errors, timeouts and answers other than 2xx/3xx.\n"
        "done = function(summary, latency, requests)\n"
        "  io.write(string.format('soak-window requests=%d errors=%d p50_ms=%.2f p99_ms=%.2f\\n',\n"
        "    summary.requests, summary.errors.connect + summary.errors.read + summary.errors.write\n"
        "    + summary.errors.status + summary.errors.timeout,\n"
        "    latency:percentile(50) / 1000, latency:percentile(99) / 1000))\n"
        "end\n"
    )
print(f"{len(requests)} requests in {out}/soak.lua")
