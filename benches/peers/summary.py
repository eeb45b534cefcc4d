"""Reads the wrk reports of benches/peers/run.sh and prints the comparison table (markdown).

Usage: summary.py OUT_DIR
"""

import re
import sys
from pathlib import Path

out = Path(sys.argv[1])


def read(name):
    text = (out / f"{name}.txt").read_text()
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    lat = {m.group(1): m.group(2) for m in re.finditer(r"^\s+(50|99)%\s+(\S+)", text, re.M)}
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    errors = re.search(r"Socket errors: (.*)", text)
    return rps, lat.get("50", "?"), lat.get("99", "?"), int(non2xx.group(1)) if non2xx else 0, errors.group(1) if errors else "none"


rows = [
    ("bbox items (limit 100)", "items_bbox", ["pygeoapi", "tipg"]),
    ("single items", "items_single", ["pygeoapi", "tipg"]),
    ("CQL2-filtered bbox items (limit 100)", "items_filtered", ["pygeoapi", "tipg"]),
    ("z14 tiles, cache off", "tiles_cold", ["martin", "tipg"]),
    ("z14 tiles, cached", "tiles_cached", ["martin"]),
]
names = {"pygeoapi": "pygeoapi", "tipg": "tipg", "martin": "Martin"}
print("| requests | server | req/s | p50 | p99 | non-2xx | socket errors | ours ÷ peer |")
print("|---|---|---|---|---|---|---|---|")
for label, kind, peers in rows:
    try:
        a = read(f"ours_{kind}")
    except (FileNotFoundError, AttributeError):
        continue
    print(f"| {label} | Quartiers | {a[0]:,.0f} | {a[1]} | {a[2]} | {a[3]} | {a[4]} | |")
    for peer in peers:
        try:
            b = read(f"{peer}_{kind}")
        except (FileNotFoundError, AttributeError):
            continue
        ratio = a[0] / b[0] if b[0] else float("inf")
        print(f"| {label} | {names[peer]} | {b[0]:,.0f} | {b[1]} | {b[2]} | {b[3]} | {b[4]} | {ratio:.1f}× |")
