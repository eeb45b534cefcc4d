#!/usr/bin/env python3
"""Generate a département-sized BAN CSV (about 500,000 rows) from the real geocoder-tester
addresses, for the import and latency benchmarks.

GENERATED DATA, not a real BAN extract: every real row of `ban_dev.csv.gz` is kept as it is
(so the geocoder-tester queries still have their answers), and synthetic streets are added by
giving real street names (taken from the same file) to real communes (same file), with
house numbers spaced along a short random segment near the commune's real addresses, about
4 % with a `bis`/`ter` and 2 % with a letter. A street name therefore exists in many
communes, as « Rue de l'Église » does in a real département, and bare queries need the
location bias to find the right one.

Usage: gen_departement.py BAN_DEV.csv.gz OUT.csv.gz [ROWS]   (deterministic: seed 7)
"""
import csv
import gzip
import io
import math
import random
import sys


def main():
    src, out = sys.argv[1], sys.argv[2]
    target = int(sys.argv[3]) if len(sys.argv) > 3 else 500_000
    rng = random.Random(7)
    with gzip.open(src, "rt", encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f, delimiter=";")
        header = reader.fieldnames
        real = list(reader)
    communes = {}
    for r in real:
        key = (r["code_insee"], r["code_postal"], r["nom_commune"])
        c = communes.setdefault(key, [0.0, 0.0, 0])
        c[0] += float(r["lon"])
        c[1] += float(r["lat"])
        c[2] += 1
    communes = [(k, c[0] / c[2], c[1] / c[2]) for k, c in sorted(communes.items())]
    names = sorted({r["nom_voie"] for r in real})
    taken = {(r["code_insee"], r["nom_voie"]) for r in real}

    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";", lineterminator="\n")
    w.writerow(header)
    for r in real:
        w.writerow([r[h] for h in header])
    rows = len(real)
    street_no = 0
    per_commune = max(1, round(target / 18 / len(communes)))
    while rows < target:
        for (insee, postcode, city), lon0, lat0 in communes:
            for name in rng.sample(names, per_commune):
                if rows >= target:
                    break
                if (insee, name) in taken:
                    continue
                taken.add((insee, name))
                street_no += 1
                # A street up to 2 km from the commune's centre, 100 to 900 m long.
                ang, dist = rng.uniform(0, 2 * math.pi), rng.uniform(0, 0.02)
                x0, y0 = lon0 + dist * math.cos(ang), lat0 + dist * math.sin(ang) * 0.7
                heading, length = rng.uniform(0, 2 * math.pi), rng.uniform(0.001, 0.009)
                count = max(1, int(rng.expovariate(1 / 18)))
                for k in range(count):
                    if rows >= target:
                        break
                    num = 1 + 2 * k if rng.random() < 0.8 else 2 + 2 * k
                    reps = [""]
                    roll = rng.random()
                    if roll < 0.04:
                        reps.append(rng.choice(["bis", "ter"]))
                    elif roll < 0.06:
                        reps.append(rng.choice(["a", "b"]))
                    for rep in reps:
                        t = k / max(1, count)
                        lon = x0 + t * length * math.cos(heading)
                        lat = y0 + t * length * math.sin(heading) * 0.7
                        rid = f"{insee}_s{street_no:05d}_{num:05d}{rep}"
                        row = {h: "" for h in header}
                        row.update(
                            id=rid, numero=str(num), rep=rep, nom_voie=name,
                            code_postal=postcode, code_insee=insee, nom_commune=city,
                            lon=f"{lon:.6f}", lat=f"{lat:.6f}", type_position="entrée",
                            libelle_acheminement=city.upper(), nom_afnor=name.upper(),
                        )
                        w.writerow([row[h] for h in header])
                        rows += 1
    with gzip.open(out, "wt", encoding="utf-8", newline="") as f:
        f.write(buf.getvalue())
    print(f"{out}: {rows} rows, {street_no} synthetic streets, {len(communes)} communes")


if __name__ == "__main__":
    main()
