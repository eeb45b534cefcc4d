"""The France-wide answer checked against the raw national files (issue 25).

Picks QPVs, communes and contracts at random (seeded: NATIONAL_SEED, printed) and asks the real
server's /impacts about each; every contract, post count and programme date the answer gives is
recomputed here from the raw files bundled in data/sources/raw (ANCT, gazetteer, COG), not from
data/france, so a mistake of the build or of the answer shows.

    python3 check_national.py BASE_URL REPO_ROOT
"""

import collections
import gzip
import json
import os
import random
import sys
import urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from suite_http import answer  # noqa: E402

BASE, ROOT = sys.argv[1], sys.argv[2]
RAW = os.path.join(ROOT, "data", "sources", "raw")
SEED = int(os.environ.get("NATIONAL_SEED", "2025"))
PICKS = int(os.environ.get("NATIONAL_PICKS", "25"))
passed = failed = 0


def check(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print(f"FAIL {name}: {detail}")


def load_json(*parts):
    path = os.path.join(RAW, *parts)
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8-sig") as f:
        return json.load(f)


def get(query):
    status, _, body = answer(f"{BASE}/impacts?{query}")
    if status != 200:
        return status, None
    return status, json.loads(body)


# --- the raw truth -------------------------------------------------------------------------
contracts = collections.defaultdict(list)  # codgeo -> [(code_cv, dep)]
contract_names = {}
for f in load_json("anct-ci-ville2", "geom_cv_ctr.json")["features"]:
    p = f["properties"]
    contracts[p["codgeo"]].append((p["code_cv"], p["insee_dep"]))
    contract_names[p["code_cv"]] = p["lib_cv"]

epci_of = {}
with gzip.open(os.path.join(ROOT, "data", "france", "epci_communes.tsv.gz"), "rt") as f:
    header = f.readline().rstrip("\n").split("\t")
    for line in f:
        row = dict(zip(header, line.rstrip("\n").split("\t")))
        epci_of[row["insee_com"]] = row["epci_siren"]
ept_of = {}
for ept in load_json("decoupage-administratif", "ept.json"):
    for m in ept["membres"]:
        ept_of[m["code"]] = ept["code"]
dep_of = {c["code"]: c["departement"] for c in load_json("decoupage-administratif", "communes.json.gz")
          if c.get("type") == "commune-actuelle"}


def expected_contracts(insee):
    """Contracts reaching a commune: its own, its EPT's, its EPCI's; the commune's département
    picks one when a codgeo has contracts in several."""
    out = set()
    for codgeo in (insee, ept_of.get(insee), epci_of.get(insee)):
        rows = contracts.get(codgeo or "", [])
        if len({dep for _, dep in rows}) > 1:
            rows = [r for r in rows if r[1] == dep_of.get(insee)]
        out.update(code for code, _ in rows)
    return out


posts = collections.defaultdict(lambda: collections.defaultdict(set))  # code_cv -> (year, kind) -> ids
for kind, files in (("adulte_relais", ["adulte-relais-2024.json", "adulte-relais-2025.json"]),
                    ("fonjep", ["postes-fonjep-2024.json", "postes-fonjep-2025.json"])):
    for name in files:
        for row in load_json("anct-ci-ville2", name):
            if row.get("code_cv"):
                posts[row["code_cv"]][(int(row["annee"]), kind)].add(row["id_poste"])

programmes = load_json("gazetteer", "anct_programmes.json")["communes"]
cites = collections.defaultdict(set)  # insee -> {cite_educative, cite_emploi}
for kind, name in (("cite_educative", "citeduc_geom.geojson"), ("cite_emploi", "cde_geom.geojson")):
    for f in load_json("anct-superposeur-anct", name)["features"]:
        for part in (f["properties"].get("liste_geo") or "").split(";"):
            if "(" in part:
                cites[part.rsplit("(", 1)[1].strip(" )")].add(kind)

with gzip.open(os.path.join(ROOT, "data", "france", "qpv2024.geojson.gz"), "rt") as f:
    qpvs = {feat["properties"]["code"]: feat["properties"]["insee_com"]
            for feat in json.load(f)["features"]}


def check_contract_posts(where, c):
    truth = posts.get(c["code"], {})
    got = {(y["annee"], y["dispositif"]): y["postes"] for y in c["postes"]["par_annee"]}
    want = {k: len(v) for k, v in truth.items()}
    check(f"{where}: posts of {c['code']}", got == want, f"answer {got}, raw files {want}")
    check(f"{where}: name of {c['code']}", c["nom"] == contract_names.get(c["code"]),
          f"{c['nom']!r} vs {contract_names.get(c['code'])!r}")


# --- the picks -----------------------------------------------------------------------------
rng = random.Random(SEED)
print(f"check_national: seed {SEED}, {PICKS} QPVs, communes and contracts")

for code in rng.sample(sorted(qpvs), PICKS):
    status, a = get(f"quartier={code}")
    check(f"quartier {code}: 200", status == 200, status)
    if not a:
        continue
    refs = a.get("references") or {}
    want = set()
    for insee in qpvs[code]:
        want |= expected_contracts(insee)
    got = {c["code"] for c in refs.get("contrats", [])}
    check(f"quartier {code}: contracts", got == want, f"answer {sorted(got)}, raw {sorted(want)}")
    for c in refs.get("contrats", []):
        check_contract_posts(f"quartier {code}", c)

communes = sorted(c for c in dep_of if c in epci_of)
for insee in rng.sample(communes, PICKS) + ["49007", "59392", "75056", "97411"]:
    status, a = get(f"commune={insee}")
    check(f"commune {insee}: 200", status == 200, status)
    if not a:
        continue
    refs = a.get("references") or {}
    facts = next((c for c in refs.get("communes", []) if c["insee_com"] == insee), None)
    check(f"commune {insee}: its facts", facts is not None, "no references.communes entry")
    if not facts:
        continue
    got = {p["type"]: p.get("date_signature") for p in facts["programmes"]}
    raw = programmes.get(insee, {})
    for kind in ("acv", "pvd", "ort"):
        if raw.get(kind):
            check(f"commune {insee}: {kind} date", got.get(kind, "absent") == raw.get(f"{kind}_signed_at"),
                  f"answer {got.get(kind, 'absent')}, raw {raw.get(f'{kind}_signed_at')}")
        else:
            check(f"commune {insee}: no {kind}", kind not in got, got)
    for kind in ("cite_educative", "cite_emploi"):
        check(f"commune {insee}: {kind}", (kind in got) == (kind in cites.get(insee, set())),
              f"answer {sorted(got)}, raw {sorted(cites.get(insee, set()))}")
    got_cv = {c["code"] for c in refs.get("contrats", [])}
    check(f"commune {insee}: contracts", expected_contracts(insee) <= got_cv,
          f"answer {sorted(got_cv)}, raw {sorted(expected_contracts(insee))}")
    check(f"commune {insee}: one summary", facts["resume"].startswith(facts["nom"]), facts["resume"])

for code in rng.sample(sorted(contract_names), PICKS) + ["CN05903M", "CN04903M", "CN07401I"]:
    status, a = get(f"contrat={urllib.parse.quote(code)}&detail=complet")
    check(f"contrat {code}: 200", status == 200, status)
    if not a:
        continue
    cs = [c for c in (a.get("references") or {}).get("contrats", []) if c["code"] == code]
    check(f"contrat {code}: listed", len(cs) == 1, cs)
    if cs:
        check_contract_posts(f"contrat {code}", cs[0])
        rows = sum(1 for _ in cs[0].get("liste_postes", []))
        check(f"contrat {code}: every post row in full", rows >= cs[0]["postes"]["total"],
              f"{rows} rows for {cs[0]['postes']['total']} posts")

status, _ = get("contrat=CN99999Z")
check("unknown contract: 404", status == 404, status)
status, _ = get("commune=00000")
check("unknown commune: 404", status == 404, status)

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
