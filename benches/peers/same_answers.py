"""Checks that our OGC API and pygeoapi give the same QPV for the same requests (sample bbox
pages and single items), so the throughput comparison compares like with like.

Usage: same_answers.py PATHS_JSON OURS_URL PYGEOAPI_URL
"""

import json
import sys
import urllib.request

paths_file, ours, theirs = sys.argv[1:4]
paths = json.load(open(paths_file))


def ids(base, path):
    with urllib.request.urlopen(base + path) as r:
        doc = json.load(r)
    if doc.get("type") == "Feature":
        return {str(doc.get("id") or doc["properties"].get("code"))}
    return {str(f.get("id") or f["properties"].get("code")) for f in doc["features"]}


same = differ = 0
for path in paths["bbox"] + paths["items"]:
    a, b = ids(ours, path), ids(theirs, path)
    if a == b:
        same += 1
    else:
        differ += 1
        if differ <= 3:
            print(f"differ: {path}: ours {sorted(a)[:5]}, pygeoapi {sorted(b)[:5]}")
print(f"same answers: {same} of {same + differ} sample requests")
sys.exit(1 if differ else 0)
