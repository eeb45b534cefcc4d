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


pairs = [
    ("bbox items (limit 100)", "ours_items_bbox", "pygeoapi_items_bbox", "pygeoapi"),
    ("single items", "ours_items_single", "pygeoapi_items_single", "pygeoapi"),
    ("z14 tiles, cache off", "ours_tiles_cold", "martin_tiles_cold", "Martin"),
    ("z14 tiles, cached", "ours_tiles_cached", "martin_tiles_cached", "Martin"),
]
print("| requests | server | req/s | p50 | p99 | non-2xx | socket errors | ratio |")
print("|---|---|---|---|---|---|---|---|")
for label, ours, theirs, peer in pairs:
    try:
        a, b = read(ours), read(theirs)
    except (FileNotFoundError, AttributeError):
        continue
    ratio = a[0] / b[0] if b[0] else float("inf")
    print(f"| {label} | Quartiers | {a[0]:,.0f} | {a[1]} | {a[2]} | {a[3]} | {a[4]} | {ratio:.1f}× |")
    print(f"| {label} | {peer} | {b[0]:,.0f} | {b[1]} | {b[2]} | {b[3]} | {b[4]} | |")
