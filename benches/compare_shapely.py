#!/usr/bin/env python3
"""QPV membership of the same 10,000 points, side by side in one run: geodata (Rust) against
shapely 2 (GEOS) with an STRtree over the same 1,584 national QPV polygons.

    $QUARTIERS_VENV/bin/python benches/compare_shapely.py

Needs benches/generated (python3 benches/generate_national.py) and shapely (benches/
requirements.txt). The Rust side is `cargo bench -p geodata --bench qpv_membership`, which
prints its median time per point; shapely's STRtree query with predicate="within" is "point
within polygon", i.e. polygon.contains(point), evaluated on prepared polygons.
Prints a Markdown table; single-threaded on both sides.
"""

import gzip
import json
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import shape

ROOT = Path(__file__).resolve().parent.parent
GENERATED = ROOT / "benches" / "generated"
RUNS = 7


def rust():
    """Runs the Rust bench; returns (inside count, ns per point)."""
    env = dict(os.environ)
    env.setdefault("CARGO_TARGET_DIR", str(ROOT / "target"))
    out = subprocess.run(
        ["cargo", "bench", "-q", "-p", "geodata", "--bench", "qpv_membership"],
        cwd=ROOT, env=env, check=True, capture_output=True, text=True,
    ).stdout
    print(out.strip().splitlines()[0], file=sys.stderr)
    match = re.search(r"RESULT inside=(\d+) ns_per_point=([\d.]+)", out)
    if not match:
        sys.exit(f"qpv_membership printed no RESULT line:\n{out}")
    return int(match.group(1)), float(match.group(2))


def load():
    with gzip.open(GENERATED / "france" / "qpv2024.geojson.gz", "rt", encoding="utf-8") as f:
        layer = json.load(f)
    polygons = np.array([shape(feature["geometry"]) for feature in layer["features"]])
    lon, lat = [], []
    with open(GENERATED / "queries" / "points.csv", encoding="utf-8") as f:
        next(f)
        for line in f:
            _, _, x, y = line.rstrip("\n").split(",")
            lon.append(float(x))
            lat.append(float(y))
    return polygons, shapely.points(np.array(lon), np.array(lat))


def timed(fn, runs):
    """Median seconds of `runs` calls, and the last result."""
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main():
    if not (GENERATED / "queries" / "points.csv").exists():
        sys.exit("benches/generated is missing: python3 benches/generate_national.py")
    polygons, points = load()
    n = len(points)
    shapely.prepare(polygons)
    tree = shapely.STRtree(polygons)

    def vectorised():
        inputs, _ = tree.query(points, predicate="within")
        return len(np.unique(inputs))

    def loop():
        inside = 0
        for point in points:
            if len(tree.query(point, predicate="within")):
                inside += 1
        return inside

    vec_s, vec_inside = timed(vectorised, RUNS)
    loop_s, loop_inside = timed(loop, 3)
    ours_inside, ours_ns = rust()

    rows = [
        ("geodata `Layer::near_point` (Rust; membership + distance to the edge)", ours_ns, ours_inside),
        (f"shapely {shapely.__version__} STRtree vectorised `query(points, predicate=\"within\")`",
         vec_s / n * 1e9, vec_inside),
        ("shapely STRtree, Python loop of `query(point, predicate=\"within\")`", loop_s / n * 1e9, loop_inside),
    ]
    print(f"\n{n} points, {len(polygons)} QPV polygons; GEOS {shapely.geos_version_string}\n")
    print("| method | µs per point | points inside | geodata faster by |")
    print("|---|---|---|---|")
    for name, ns, inside in rows:
        print(f"| {name} | {ns / 1000:.2f} | {inside} | {ns / ours_ns:.1f}× |")
    if len({r[2] for r in rows}) != 1:
        sys.exit("the three methods disagree on the number of points inside")


if __name__ == "__main__":
    main()
