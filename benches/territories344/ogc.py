"""The OGC side of an instance with many territories (issue 29), against a running server:
- /collections/territoires/items paged by its `next` links (limit 50): every territory once,
  the number matched by the server equal to the number of pages' items;
- CQL2 on `territoire` (`=` and `IN`) on /collections/perimetres/items: only the asked
  territories' items, as many as those listed unfiltered with that territory;
- vector tiles z8–z14 at the centre of several territories: 200 with features, the time of
  each.
Prints the figures; exits 1 on a failed check.

Usage: python ogc.py BASE_URL [TERRITORIES=6]"""

import json
import sys
import time
import urllib.parse
import urllib.request
from math import cos, floor, log, pi, radians, tan

base = sys.argv[1]
sample = int(sys.argv[2]) if len(sys.argv) > 2 else 6
failures = []


def get(url):
    t = time.perf_counter()
    with urllib.request.urlopen(url if url.startswith("http") else base + url) as r:
        body = r.read()
        return r.status, body, (time.perf_counter() - t) * 1000


def check(ok, message):
    print(("ok   " if ok else "FAIL ") + message)
    if not ok:
        failures.append(message)


# Paging of the territories.
ids, pages, url, matched, ms = [], 0, "/collections/territoires/items?limit=50", None, 0.0
while url:
    status, body, took = get(url)
    ms += took
    d = json.loads(body)
    pages += 1
    matched = d.get("numberMatched", matched)
    ids += [f["id"] for f in d["features"]]
    url = next((l["href"] for l in d.get("links", []) if l.get("rel") == "next"), None)
check(len(ids) == len(set(ids)) == matched, f"territoires paged by 50: {len(ids)} items in {pages} pages "
      f"({ms:.0f} ms in all), numberMatched {matched}, {len(set(ids))} distinct")
territories = {}
status, body, _ = get(f"/collections/territoires/items?limit={len(ids)}")
for f in json.loads(body)["features"]:
    territories[f["properties"]["territoire"]] = f

# CQL2 on territoire.
status, body, took = get(f"/collections/perimetres/items?limit=10000")
everything = json.loads(body)["features"]
per = {}
for f in everything:
    per.setdefault(f["properties"]["territoire"], []).append(f["id"])
busiest = sorted(per, key=lambda s: -len(per[s]))[:3]
for cql in [f"territoire = '{busiest[0]}'", "territoire IN ({})".format(", ".join(f"'{s}'" for s in busiest))]:
    q = urllib.parse.urlencode({"filter": cql, "filter-lang": "cql2-text", "limit": 10000})
    status, body, took = get(f"/collections/perimetres/items?{q}")
    got = json.loads(body)["features"]
    wanted = [s for s in busiest if f"'{s}'" in cql]
    expected = sum(len(per[s]) for s in wanted)
    only = all(f["properties"]["territoire"] in wanted for f in got)
    check(status == 200 and only and len(got) == expected,
          f"perimetres with {cql}: {len(got)} items ({expected} expected), {took:.0f} ms")


# Tiles z8–z14 at the centre of several territories, spread over the list.
def tile(lon, lat, z):
    n = 2**z
    x = floor((lon + 180) / 360 * n)
    y = floor((1 - log(tan(radians(lat)) + 1 / cos(radians(lat))) / pi) / 2 * n)
    return x, y


slugs = sorted(territories)
chosen = [slugs[i * len(slugs) // sample] for i in range(sample)]
times = []
for slug in chosen:
    coords = []

    def walk(c):
        if isinstance(c[0], (int, float)):
            coords.append(c)
        else:
            for x in c:
                walk(x)

    walk(territories[slug]["geometry"]["coordinates"])
    lon = sum(c[0] for c in coords) / len(coords)
    lat = sum(c[1] for c in coords) / len(coords)
    for z in range(8, 15):
        x, y = tile(lon, lat, z)
        status, body, took = get(f"/tiles/{z}/{x}/{y}.mvt")
        times.append(took)
        if status != 200 or not body:
            check(False, f"tile {z}/{x}/{y} of {slug}: {status}, {len(body)} bytes")
times.sort()
check(len(times) == 7 * len(chosen), f"{len(times)} tiles z8–z14 over {len(chosen)} territories "
      f"({', '.join(chosen)}): median {times[len(times) // 2]:.1f} ms, max {times[-1]:.1f} ms")
sys.exit(1 if failures else 0)
