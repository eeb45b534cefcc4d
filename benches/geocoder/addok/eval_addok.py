#!/usr/bin/env python3
"""addok's accuracy and latency on the same query files as our eval example, in-process
(no HTTP), one thread, median of REPEAT runs per query.

Usage: ADDOK_CONFIG_MODULE=addok_ban.conf eval_addok.py BAN.csv.gz QUERIES.csv [...]"""
import csv
import gzip
import os
import statistics
import sys
import time

from addok.config import config
config.load()
from addok.core import search  # noqa: E402

REPEAT = int(os.environ.get("REPEAT", "5"))
pos = {}
with gzip.open(sys.argv[1], "rt", encoding="utf-8", newline="") as f:
    for r in csv.DictReader(f, delimiter=";"):
        pos[r["id"]] = (float(r["lon"]), float(r["lat"]))


def plain(s):
    import unicodedata
    return "".join(c for c in unicodedata.normalize("NFD", s.lower()) if c.isalnum() or c == " ")


tallies, times = {}, []
for path in sys.argv[2:]:
    name = os.path.splitext(os.path.basename(path))[0]
    for row in csv.DictReader(open(path, encoding="utf-8")):
        q, expected, label = row["query"], row["expected_id"], row.get("expected_label", "")
        form = row.get("form") or ""
        if not form:
            last = q.split()[-1] if q.split() else ""
            if len(last) == 5 and last.isdigit():
                form = "postcode"
            elif plain(label).split()[:len(q.split())] == plain(q).split() and len(q.split()) + 2 <= len(label.split()):
                form = "bare"
            else:
                form = "city"
        kw = {}
        if form in ("bare", "partiel"):
            kw["lon"], kw["lat"] = pos[expected]
        runs = []
        for _ in range(REPEAT):
            t = time.perf_counter()
            results = search(q, limit=5, **kw)
            runs.append((time.perf_counter() - t) * 1e6)
        times.append(statistics.median(runs))
        ids = [getattr(r, "ban_id", None) or r._id for r in results]
        for key in (f"{name}/all", f"{name}/{form}"):
            t = tallies.setdefault(key, [0, 0, 0])
            t[0] += 1
            t[1] += bool(ids) and ids[0] == expected
            t[2] += expected in ids
for k, (n, t1, t5) in sorted(tallies.items()):
    print(f"{k}: {n} queries, top-1 {100 * t1 / n:.2f} %, top-5 {100 * t5 / n:.2f} %")
times.sort()
print(f"latency over {len(times)} queries (median of {REPEAT} runs each), single thread: "
      f"p50 {times[len(times) // 2]:.0f} µs, p99 {times[int((len(times) - 1) * 0.99)]:.0f} µs")
