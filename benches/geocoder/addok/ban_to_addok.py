#!/usr/bin/env python3
"""BAN CSV → addok JSON lines: one `street` document per (commune, postcode, street) with its
`housenumbers` (each carrying the BAN address id), as addok imports the BAN.

Usage: ban_to_addok.py BAN.csv.gz OUT.jsonl"""
import csv
import gzip
import json
import sys

streets = {}
with gzip.open(sys.argv[1], "rt", encoding="utf-8", newline="") as f:
    for r in csv.DictReader(f, delimiter=";"):
        key = (r["code_insee"], r["code_postal"], r["nom_voie"])
        s = streets.setdefault(key, {
            "id": r["id"].rsplit("_", 1)[0], "type": "street", "name": r["nom_voie"],
            "postcode": r["code_postal"], "citycode": r["code_insee"], "city": r["nom_commune"],
            "lon": float(r["lon"]), "lat": float(r["lat"]), "importance": 0.5,
            "housenumbers": {},
        })
        s["housenumbers"][r["numero"] + r["rep"]] = {
            "lon": float(r["lon"]), "lat": float(r["lat"]), "ban_id": r["id"]}
with open(sys.argv[2], "w", encoding="utf-8") as out:
    for s in streets.values():
        out.write(json.dumps(s, ensure_ascii=False) + "\n")
print(f"{sys.argv[2]}: {len(streets)} streets")
