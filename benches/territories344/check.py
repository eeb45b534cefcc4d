"""Every QPV answered by its territory: /impacts at one point of each QPV (checks.json from
points.py) must list the territories of the QPV's communes (a neighbouring territory may be
listed too: counted). Prints the counts; exits 1 when one is missing.

Usage: python check.py BASE_URL CHECKS_JSON"""

import json
import sys
import urllib.request

base, checks = sys.argv[1], json.load(open(sys.argv[2]))
bad, covered, more = [], 0, 0
for c in checks:
    url = f"{base}/impacts?lon={c['lon']:.6f}&lat={c['lat']:.6f}"
    with urllib.request.urlopen(url) as r:
        d = json.load(r)
    got = sorted(t["slug"] for t in d["territoires"])
    covered += bool(c["territoires"])
    if not set(c["territoires"]) <= set(got):
        bad.append((c["code"], c["territoires"], got))
    elif got != c["territoires"]:
        more += 1
print(f"{len(checks)} QPV asked, {covered} in a territory, {len(bad)} without their territory, "
      f"{more} with a neighbouring territory listed too")
for b in bad[:20]:
    print("  ", b)
sys.exit(1 if bad else 0)
