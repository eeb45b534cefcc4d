"""Checks the national references of data/france/ against the raw files of data/sources/raw/,
without the build script's code: QPVs, contracts, communes and stations are picked at random
(seeded, so a failure can be replayed) and each built fact is compared with what the raw file
says. Prints `ok`/`FAIL` per check and exits non-zero on any failure.

    python3 tests/standalone/france_national.py [--seed N] [--samples N]
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import random
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RAW = ROOT / "data" / "sources" / "raw"
FRANCE = ROOT / "data" / "france"

failures: list[str] = []
passed = 0


def expect(condition: bool, what: str) -> None:
    global passed
    if condition:
        passed += 1
    else:
        failures.append(what)


def table(name: str) -> list[dict]:
    with gzip.open(FRANCE / name, "rt", encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


def raw(rel: str):
    path = RAW / rel
    opener = gzip.open if rel.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as fh:
        return json.load(fh)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=2025)
    ap.add_argument("--samples", type=int, default=60)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    n = args.samples

    # The raw references: contract rows by codgeo, EPCI/EPT of each commune, former codes.
    rows = [f["properties"] for f in raw("anct-ci-ville2/geom_cv_ctr.json")["features"]]
    by_codgeo = defaultdict(list)
    for r in rows:
        by_codgeo[r["codgeo"]].append(r)
    cog = raw("decoupage-administratif/communes.json.gz")
    chef = {c["code"]: c["chefLieu"] for c in cog if c["type"] in ("commune-deleguee", "commune-associee")}
    current = {c["code"]: c for c in cog if c["type"] in ("commune-actuelle", "arrondissement-municipal")}
    with gzip.open(FRANCE / "epci_communes.tsv.gz", "rt", encoding="utf-8") as fh:
        members = list(csv.DictReader(fh, delimiter="\t"))
    epci = {r["insee_com"]: r["epci_siren"] for r in members}
    for r in members:
        for old in filter(None, r["anciens_codes"].split(",")):
            if old != r["insee_com"]:
                chef[old] = r["insee_com"]
    ept = {m["code"]: e["code"] for e in raw("decoupage-administratif/ept.json") for m in e["membres"]}

    def now(code: str) -> str:
        return code if code in current else chef.get(code, code)

    def reachable(commune: str) -> set[str]:
        """Contracts whose codgeo is the commune, its EPT or its EPCI, in its département when
        that codgeo has contracts in several."""
        out = set()
        dep = current[commune]["departement"] if commune in current else commune[:3]
        for codgeo in (commune, ept.get(commune), epci.get(commune)):
            rs = by_codgeo.get(codgeo or "", [])
            if len({r["insee_dep"] for r in rs}) > 1:
                rs = [r for r in rs if r["insee_dep"] == dep]
            out |= {r["code_cv"] for r in rs}
        return out

    # QPV → contracts: the built list names exactly the contracts reachable from the QPV's
    # communes (raw gazetteer insee list), the primary one first when the rule says so.
    built_qpv = {r["code_qp"]: r for r in table("qpv_contrats.tsv.gz")}
    gaz = raw("gazetteer/qpv.json.gz")["qpvs"]
    expect(len(built_qpv) == len(gaz) == 1584, f"qpv_contrats: {len(built_qpv)} QPV, {len(gaz)} dans la source")
    for q in rng.sample(gaz, n):
        expected = set()
        for c in q["insee"]:
            expected |= reachable(now(c))
        got = [e.split(":")[0] for e in built_qpv[q["code"]]["contrats"].split("|") if e]
        expect(set(got) == expected and len(got) == len(expected),
               f"{q['code']}: contrats {got}, attendus {sorted(expected)}")
        expect(bool(built_qpv[q["code"]]["regle"]), f"{q['code']}: règle absente")
    expect(built_qpv["QN07401M"]["contrats"].startswith("CN07401I:"), "QN07401M → CN07401I")

    # Posts: per contract and file, the row count and the sum of the published amounts.
    posts = table("postes.tsv.gz")
    built_posts = defaultdict(list)
    for p in posts:
        built_posts[(p["code_cv"], p["dispositif"], p["annee"])].append(p)
    files = {("adulte_relais", "2024"): "adulte-relais-2024.json", ("adulte_relais", "2025"): "adulte-relais-2025.json",
             ("fonjep", "2024"): "postes-fonjep-2024.json", ("fonjep", "2025"): "postes-fonjep-2025.json"}
    raw_posts = {k: raw(f"anct-ci-ville2/{f}") for k, f in files.items()}
    codes = sorted({r["code_cv"] for r in rows})
    for code in rng.sample(codes, n) + ["CN05903M", "CN04903M", ""]:
        for (disp, year), source in raw_posts.items():
            mine = [r for r in source if (r.get("code_cv") or "") == code]
            built = built_posts.get((code, disp, year), [])
            expect(len(mine) == len(built), f"{code} {disp} {year}: {len(built)} lignes, {len(mine)} dans la source")
            expect(abs(sum(float(r["montant"]) for r in mine) - sum(float(b["montant_publie"]) for b in built)) < 1e-6,
                   f"{code} {disp} {year}: montants publiés différents")
            expect(sorted(r["id_poste"] for r in mine) == sorted(b["id_poste"] for b in built),
                   f"{code} {disp} {year}: id_poste différents")
    expect(len(built_posts[("CN05903M", "adulte_relais", "2025")]) == 28, "Maubeuge : 28 adultes-relais en 2025")
    expect(len(built_posts[("CN05903M", "fonjep", "2025")]) == 10, "Maubeuge : 10 lignes FONJEP en 2025")
    expect(sum(len(v) for v in raw_posts.values()) == len(posts), "postes : toutes les lignes gardées")

    # Programmes: signature dates (ACV, PVD, ORT) and the ANCT lists (Cités, France services).
    progs = defaultdict(list)
    for p in table("programmes_communes.tsv.gz"):
        progs[p["insee_com"]].append(p)
    ap = raw("gazetteer/anct_programmes.json")["communes"]
    for code in rng.sample(sorted(ap), n):
        for key in ("acv", "pvd", "ort"):
            got = [p for p in progs[now(code)] if p["programme"] == key]
            if ap[code].get(key):
                date = ap[code].get(f"{key}_signed_at") or ""
                expect(any(g["date_signature"] == date for g in got) and len(got) == len({g["date_signature"] for g in got}),
                       f"{code} {key}: {got} ≠ {ap[code]}")
            elif now(code) == code:
                expect(not got, f"{code} {key}: absent de la source, présent dans {got}")
    for key, rel in (("cite_educative", "citeduc_geom"), ("cite_emploi", "cde_geom"), ("france_services", "fs_geom")):
        features = raw(f"anct-superposeur-anct/{rel}.geojson")["features"]
        for f in rng.sample(features, min(n, len(features))):
            ids = [s.strip() for s in re.split(r";", f["properties"]["id_territoire"])]
            for code in re.findall(r"\((\d[\dAB]\d{3})\)", f["properties"]["liste_geo"]):
                got = {p["id"] for p in progs[now(code)] if p["programme"] == key}
                expect(set(ids) <= got, f"{code} {key}: {sorted(got)} sans {ids}")
    angers = {p["programme"] for p in progs["49007"]}
    expect({"cite_educative", "cite_emploi"} <= angers, f"Angers : {angers}")
    maubeuge = {(p["programme"], p["date_signature"]) for p in progs["59392"]}
    expect(("acv", "2025-06-03") in maubeuge and ("ort", "2019-12-20") in maubeuge, f"Maubeuge : {maubeuge}")

    # BPE counts.
    bpe_raw = raw("gazetteer/bpe_communes.json.gz")
    bpe = {r["insee_com"]: r for r in table("bpe_communes.tsv.gz")}
    expect(bpe_raw["meta"]["reference_date"] == "2024-01-01", "BPE : date de référence 2024-01-01")
    for code in rng.sample(sorted(bpe_raw["communes"]), n):
        counts = bpe_raw["communes"][code]
        row = bpe.get(now(code))
        expect(row is not None and all(int(row[k]) >= v for k, v in counts.items())
               and (now(code) != code or all(int(row[k]) == counts.get(k, 0) for k in row if k != "insee_com")),
               f"BPE {code}: {row} ≠ {counts}")
    for k, v in bpe_raw["meta"]["bucket_totals"].items():
        expect(sum(int(r[k]) for r in bpe.values()) == v, f"BPE total {k}")

    # Communes: every current commune and arrondissement, with its EPCI and contracts.
    communes = {r["insee_com"]: r for r in table("communes.tsv.gz")}
    expect(set(communes) == set(current), f"communes : {len(communes)} lignes, {len(current)} dans le COG")
    for code in rng.sample(sorted(current), n) + ["75113", "13201", "59392"]:
        row = communes[code]
        base = current[code].get("commune") or code
        expect(row["epci_siren"] == epci.get(base, ""), f"{code}: EPCI {row['epci_siren']}")
        got = {e.split(":")[0] for e in row["contrats"].split("|") if e}
        expect(got == reachable(base), f"{code}: contrats {got} ≠ {reachable(base)}")
    expect(communes["75113"]["contrats"].startswith("CN07501I"), "Paris 13e → CN07501I")

    # Stations.
    st = raw("gazetteer/osm_transit_stations.json.gz")["stations"]
    gares = {(r["osm_type"], r["osm_id"]): r for r in table("gares.tsv.gz")}
    expect(len(gares) == len(st) == 9140, "gares : 9 140")
    for s in rng.sample(st, n):
        g = gares[(s["osm_type"], str(s["osm_id"]))]
        expect(g["nom"] == s["name"] and abs(float(g["lon"]) - s["lon"]) <= 6e-7 and abs(float(g["lat"]) - s["lat"]) <= 6e-7
               and g["lignes"].split("|") == (s.get("lines") or [""]), f"gare {s['osm_id']}: {g} ≠ {s}")

    # Contours: a commune unchanged since 2018 has exactly its 2018 vertices.
    contours = {r["insee_com"]: r for r in table("communes_contours.tsv.gz")}
    dep_files = sorted((RAW / "france-geojson" / "communes-par-departement").glob("*.gz"))
    for path in rng.sample(dep_files, 8):
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            features = json.load(fh)["features"]
        for f in rng.sample(features, 3):
            code = f["properties"]["code"]
            row = contours.get(now(code))
            expect(row is not None and code in row["codes_2018"].split("|"), f"contour {code} absent")
            if row is None or row["codes_2018"] != code:
                continue
            geom = f["geometry"]
            polys = [geom["coordinates"]] if geom["type"] == "Polygon" else geom["coordinates"]
            first = polys[0][0]
            nums = [int(v) for v in row["polygones"].split(";")[0].split("|")[0].split(",")]
            x, y = nums[0], nums[1]
            pts = [(x, y)]
            for dx, dy in zip(nums[2::2], nums[3::2]):
                x, y = x + dx, y + dy
                pts.append((x, y))
            expect(pts == [(round(a * 1e5), round(b * 1e5)) for a, b in first[:-1]], f"contour {code}: sommets différents")

    # NPNRU: 2015 codes as published; a derived 2024 code exists and says it is derived.
    npnru = table("npnru_qpv2015.tsv.gz")
    with open(RAW / "france-chaleur-urbaine" / "npnru_qpv2015_codes.csv", encoding="utf-8") as fh:
        codes15 = [r["code_qp_2015"] for r in csv.DictReader(fh)]
    expect([r["code_qp_2015"] for r in npnru] == codes15, "NPNRU : les 448 codes 2015 dans l'ordre")
    for r in npnru:
        if r["code_qp_2024_derive"]:
            expect(r["code_qp_2024_derive"] in built_qpv and "non officiel" in r["methode_derivation"],
                   f"NPNRU {r['code_qp_2015']}")
    counts = Counter(len([e for e in r["contrats"].split("|") if e]) for r in built_qpv.values())
    print(f"QPV par nombre de contrats : {dict(sorted(counts.items()))}")

    for f in failures[:20]:
        print("FAIL " + f)
    print(f"{passed} passed, {len(failures)} failed (seed {args.seed})")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
