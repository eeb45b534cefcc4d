"""Attackers for benches/attack/run.sh: ATTACKERS threads sending costly requests in a loop
for SECONDS seconds (a CQL2 spatial filter just under the default work budget, a drawn area
of overlapping slivers, a 20,000-vertex star, a valid 20,000-vertex circle over Annemasse, an
export of many vertices); prints how each
kind was answered (status counts and median time).

Usage: attack.py PORT ATTACKERS SECONDS
"""

import collections
import json
import math
import statistics
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

PORT, ATTACKERS, SECONDS = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
BASE = f"http://127.0.0.1:{PORT}"


def circle(n, r, cx=2.5, cy=46.5):
    pts = [(cx + r * math.cos(2 * math.pi * i / n), cy + r * math.sin(2 * math.pi * i / n)) for i in range(n)]
    return pts + [pts[0]]


def wkt(points):
    return "POLYGON((" + ",".join(f"{x:.5f} {y:.5f}" for x, y in points) + "))"


slivers = {"type": "MultiPolygon", "coordinates": [
    [[[6.20, 46.15], [6.30 + i * 1e-5, 46.25], [6.21, 46.25 - i * 1e-5], [6.20, 46.15]]] for i in range(2000)]}
n = 19_999
star = {"type": "Polygon", "coordinates": [[
    [6.25 + 0.05 * math.cos(2 * math.pi * ((i * 9_999) % n) / n), 46.2 + 0.05 * math.sin(2 * math.pi * ((i * 9_999) % n) / n)]
    for i in range(n)] + [[6.25 + 0.05, 46.2]]]}
line = {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"n": i}, "geometry": {
    "type": "LineString", "coordinates": [[6.2 + j * 1e-5, 46.1] for j in range(50_000)]}} for i in range(4)]}
KINDS = {
    "CQL2 S_TOUCHES, 400 sommets": ("GET", "/collections/qpv/items?" + urllib.parse.urlencode(
        {"filter": f"S_TOUCHES(geometry, {wkt(circle(400, 5))})", "limit": 5}), None),
    "POST /impacts, 2 000 triangles superposés": ("POST", "/impacts", json.dumps(slivers).encode()),
    "POST /impacts, étoile de 19 999 sommets": ("POST", "/impacts", json.dumps(star).encode()),
    "POST /impacts, cercle de 19 999 sommets": ("POST", "/impacts", json.dumps(
        {"type": "Polygon", "coordinates": [circle(19_998, 0.05, 6.25, 46.2)]}).encode()),
    "POST /export/gpkg, 200 000 sommets": ("POST", "/export/gpkg", json.dumps(line).encode()),
}
answers = collections.defaultdict(list)
lock = threading.Lock()


def attacker(k):
    names = list(KINDS)
    end = time.monotonic() + SECONDS
    i = k
    while time.monotonic() < end:
        name = names[i % len(names)]
        i += 1
        method, path, body = KINDS[name]
        req = urllib.request.Request(BASE + path, data=body, method=method,
                                     headers={"Content-Type": "application/json"})
        start = time.monotonic()
        try:
            with urllib.request.urlopen(req, timeout=60) as r:
                r.read()
                status = r.status
        except urllib.error.HTTPError as e:
            e.read()
            status = e.code
        except OSError:
            status = "erreur réseau"
        with lock:
            answers[name].append((status, time.monotonic() - start))


threads = [threading.Thread(target=attacker, args=(k,)) for k in range(ATTACKERS)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("| requête coûteuse | réponses | médiane s |")
print("|---|---|---|")
for name, got in answers.items():
    counts = collections.Counter(s for s, _ in got)
    print(f"| {name} | {', '.join(f'{s} × {c}' for s, c in sorted(counts.items(), key=str))} | "
          f"{statistics.median(t for _, t in got):.2f} |")
