"""Checks that our OGC API and the peers give the same QPV for the same requests (sample bbox
pages, single items and CQL2-filtered pages), so the throughput comparison compares like with
like. A peer named `tipg` gets tipg's spelling of the same requests (collection `public.qpv`,
`f=geojson`).

Usage: same_answers.py PATHS_JSON OURS_URL NAME=PEER_URL...
"""

import json
import sys
import urllib.request

paths_file, ours, *peers = sys.argv[1:]
paths = json.load(open(paths_file))


def ids(base, path):
    with urllib.request.urlopen(base + path) as r:
        doc = json.load(r)
    if doc.get("type") == "Feature":
        return {str(doc["properties"].get("code") or doc.get("id"))}
    return {str(f["properties"].get("code") or f.get("id")) for f in doc["features"]}


def spelled_for(name, path):
    if name != "tipg":
        return path
    return path.replace("/collections/qpv/", "/collections/public.qpv/").replace("f=json", "f=geojson")


status = 0
for peer in peers:
    name, url = peer.split("=", 1)
    same = differ = 0
    for kind in ("bbox", "items", "filtered"):
        for path in paths.get(kind, []):
            a, b = ids(ours, path), ids(url, spelled_for(name, path))
            if a == b:
                same += 1
            else:
                differ += 1
                if differ <= 3:
                    print(f"differ ({name}, {kind}): {path}: ours {sorted(a)[:5]}, {name} {sorted(b)[:5]}")
    print(f"same answers as {name}: {same} of {same + differ} sample requests")
    status |= 1 if differ else 0
sys.exit(status)
