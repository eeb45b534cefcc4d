#!/usr/bin/env python3
"""Builds the national references of data/france/ (contrats de ville, their funded posts, the
QPV → contract links, every commune's programmes, centrality, BPE counts and contour, the
OpenStreetMap stations, the NPNRU list) from the raw files bundled in data/sources/raw/.

    python3 data/scripts/build_france_national.py [--check]

Inputs (provenance in data/sources/raw/SOURCES.md §10; every file and its SHA-256 is listed in
data/france/sources_brutes.sha256, which this script writes):
- anct-ci-ville2/: the 448 contract rows (geom_cv_ctr.json), adultes-relais 2024/2025, FONJEP
  2024/2025;
- anct-superposeur-anct/: Cités éducatives, Cités de l'emploi, France services (and the older
  ACV/PVD lists, compared with gazetteer/anct_programmes.json, which is newer and is used);
- gazetteer/: anct_programmes.json (ACV, PVD, ORT with signature dates), bpe_communes.json.gz
  (BPE 2024 counts), osm_transit_stations.json.gz (ODbL);
- anct-superposeur-v2/centralite.csv; france-chaleur-urbaine/npnru_qpv2015_codes.csv;
- france-geojson/communes-par-departement/*.gz (2018 contours);
- decoupage-administratif/communes.json.gz and ept.json (COG 2026: current communes,
  arrondissements municipaux, former communes, the 11 établissements publics territoriaux);
- data/france/epci_communes.tsv.gz (EPCI membership, COG 2026) and qpv2024.geojson.gz.

Outputs are UTF-8, tab-separated with a header line (no value holds a tab or a newline: the
script refuses one), gzipped with a zero timestamp, so the same inputs give the same bytes. The
format of each file is written in data/france/SOURCES.md. `--check` writes nothing and fails
when a committed output differs from what the inputs give. Python 3.11+ standard library only.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import io
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
RAW = REPO / "data" / "sources" / "raw"
OUT = REPO / "data" / "france"

GENERATION_CN = "Engagements Quartiers 2030 (2024-2030)"
GENERATION_CV = "non précisée par la source (code CV, outre-mer)"
BPE_DATE = "2024-01-01"
STATIONS_DATE = "2026-05-18"
# An INSEE code in parentheses in a `liste_geo` (« Château-Chinon (Ville) (58062) »).
INSEE_IN_LIST = re.compile(r"\(([0-9][0-9AB][0-9]{3})\)")
# Separator of the values of a multi-valued field (checked absent from every value).
SEP = "|"

# BPE buckets of bpineau/gazetteer (sources/bpe/doc.go, commit 517adcff): key, French label
# written by this project from the bucket's name, the BPE type codes it sums with the labels
# doc.go gives them.
BPE_BUCKETS = [
    ("poste", "bureaux de poste et agences postales", "A206 Bureau de poste, A208 Agence postale"),
    ("grande_surface", "hypermarchés et supermarchés", "B104 Hyper, B105 Super (≥ 400 m²)"),
    ("superette", "supérettes", "B201 Supérette"),
    ("boulangerie", "boulangeries-pâtisseries", "B207 Boulangerie-pâtisserie"),
    ("ecole_primaire", "écoles maternelles et élémentaires", "C107 Maternelle, C108 Élémentaire"),
    ("college", "collèges", "C201"),
    ("lycee", "lycées", "C301 général/techno, C302 professionnel"),
    ("structure_sante", "urgences, centres et maisons de santé",
     "D106 Urgences, D108 Centre de santé, D113 Maison de santé pluridisciplinaire"),
    ("medecin_generaliste", "médecins généralistes", "D265"),
    ("infirmier", "infirmiers", "D281"),
    ("pharmacie", "pharmacies", "D307"),
    ("creche", "accueils du jeune enfant et relais petite enfance",
     "D502 Établissement d'accueil du jeune enfant, D504 Relais petite enfance"),
    ("gare", "gares", "E107 nationale, E108 régionale, E109 locale"),
    ("sport_salle", "salles multisports et gymnases", "F121 Salles multisports / gymnases"),
    ("sport_piscine", "bassins de natation", "F101 Bassin de natation"),
    ("sport_terrain", "terrains de tennis", "F107 Terrain de tennis"),
]

POST_FILES = [
    ("adulte_relais", "anct-ci-ville2/adulte-relais-2024.json"),
    ("adulte_relais", "anct-ci-ville2/adulte-relais-2025.json"),
    ("fonjep", "anct-ci-ville2/postes-fonjep-2024.json"),
    ("fonjep", "anct-ci-ville2/postes-fonjep-2025.json"),
]


def raw_json(rel: str):
    path = RAW / rel
    if rel.endswith(".gz"):
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            return json.load(fh)
    return json.loads(path.read_text(encoding="utf-8"))


def clean(value) -> str:
    """A field as written: None is empty; tabs and newlines are refused, not rewritten."""
    text = "" if value is None else str(value)
    if "\t" in text or "\n" in text or "\r" in text:
        raise SystemExit(f"erreur : tabulation ou saut de ligne dans {text!r}")
    return text


def joined(values) -> str:
    values = [clean(v) for v in values]
    if any(SEP in v for v in values):
        raise SystemExit(f"erreur : séparateur {SEP!r} dans {values}")
    return SEP.join(values)


def tsv(columns: list[str], rows: list[list]) -> str:
    out = ["\t".join(columns)]
    for r in rows:
        assert len(r) == len(columns), (columns, r)
        out.append("\t".join(clean(v) for v in r))
    return "\n".join(out) + "\n"


def gzipped(text: str) -> bytes:
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0, compresslevel=9, filename="") as gz:
        gz.write(text.encode("utf-8"))
    return buf.getvalue()


# --- the COG 2026 reference -----------------------------------------------------------------

class Reference:
    """Current communes (COG 2026), their EPCI and EPT, former codes, arrondissements."""

    def __init__(self) -> None:
        communes = raw_json("decoupage-administratif/communes.json.gz")
        self.communes: dict[str, dict] = {}  # current code -> record (+ arrondissements)
        for c in communes:
            if c["type"] in ("commune-actuelle", "arrondissement-municipal"):
                self.communes[c["code"]] = c
        with gzip.open(REPO / "data" / "france" / "epci_communes.tsv.gz", "rt", encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh, delimiter="\t"))
        self.epci = {r["insee_com"]: r["epci_siren"] for r in rows}
        self.epci_sirens = {r["epci_siren"] for r in rows}
        # Former code -> current code, from the COG's anciens_codes (epci_communes.tsv.gz) and,
        # for the communes in no EPCI, from communes.json's délégué/associé communes.
        self.former: dict[str, str] = {}
        for r in rows:
            for old in filter(None, r["anciens_codes"].split(",")):
                if old != r["insee_com"]:
                    self.former[old] = r["insee_com"]
        for c in communes:
            if c["type"] in ("commune-deleguee", "commune-associee") and c["code"] not in self.communes:
                self.former.setdefault(c["code"], c["chefLieu"])
        self.ept: dict[str, str] = {}
        self.ept_names: dict[str, str] = {}
        for e in raw_json("decoupage-administratif/ept.json"):
            self.ept_names[e["code"]] = e["nom"]
            for m in e["membres"]:
                self.ept[m["code"]] = e["code"]

    def current(self, code: str) -> str | None:
        """The current code of `code` (itself, or the commune it merged into), or None."""
        if code in self.communes:
            return code
        seen = set()
        while code in self.former and code not in seen:
            seen.add(code)
            code = self.former[code]
            if code in self.communes:
                return code
        return None

    def dep(self, code: str) -> str:
        return self.communes[code]["departement"]


# --- contrats de ville -------------------------------------------------------------------

def contracts(ref: Reference):
    rows = []
    for f in raw_json("anct-ci-ville2/geom_cv_ctr.json")["features"]:
        p = f["properties"]
        codgeo = p["codgeo"]
        if len(codgeo) == 5:
            level = "commune"
        elif codgeo in ref.ept_names:
            level = "ept"
        elif codgeo in ref.epci_sirens:
            level = "epci"
        else:
            raise SystemExit(f"erreur : codgeo {codgeo} du contrat {p['code_cv']} ni commune, ni EPT, ni EPCI")
        generation = GENERATION_CN if p["code_cv"].startswith("CN") else GENERATION_CV
        pop = p["pop"]
        pop = str(int(pop)) if pop is not None and float(pop).is_integer() else clean(pop)
        rows.append([p["code_cv"], p["lib_cv"], generation, codgeo, level, p["insee_dep"], pop])
    rows.sort(key=lambda r: (r[0], r[3]))
    return rows


def contracts_of_commune(code: str, ref: Reference, by_codgeo: dict[str, list[list]]):
    """(code_cv, via) for a current commune: its own commune-level contracts, its EPT's, its
    EPCI's. A codgeo whose contracts lie in several départements (an EPCI or EPT spanning two:
    one contract row per département) gives the one of the commune's département."""
    out: list[tuple[str, str]] = []
    parent = ref.communes.get(code, {}).get("commune")  # an arrondissement's commune
    candidates = [(code, "commune")]
    if parent:
        candidates = [(parent, "commune")]
        code = parent
    if code in ref.ept:
        candidates.append((ref.ept[code], "ept"))
    if code in ref.epci:
        candidates.append((ref.epci[code], "epci"))
    for codgeo, via in candidates:
        rows = by_codgeo.get(codgeo, [])
        if len({r[5] for r in rows}) > 1:
            rows = [r for r in rows if r[5] == ref.dep(code)] or rows
        for r in rows:
            if (r[0], via) not in out:
                out.append((r[0], via))
    return out


def generation_rank(code_cv: str) -> int:
    return 0 if code_cv.startswith("CN") else 1


# --- geometry helpers (pure Python) --------------------------------------------------------

def ring_contains(ring, x: float, y: float) -> bool:
    inside = False
    n = len(ring)
    j = n - 1
    for i in range(n):
        xi, yi = ring[i]
        xj, yj = ring[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def polygons_of(geometry) -> list:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["coordinates"]
    return []


def multipolygon_contains(polygons, x: float, y: float) -> bool:
    for rings in polygons:
        if rings and ring_contains(rings[0], x, y) and not any(ring_contains(h, x, y) for h in rings[1:]):
            return True
    return False


GRID = 25


def commune_shares(qpv_polygons, communes: dict[str, list]) -> dict[str, float]:
    """Estimated share of the QPV in each commune: the points of a GRID × GRID grid over the
    QPV's box that fall in the QPV, counted per commune contour (2018) holding them."""
    xs = [x for rings in qpv_polygons for x, _ in rings[0]]
    ys = [y for rings in qpv_polygons for _, y in rings[0]]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    counts: Counter = Counter()
    total = 0
    for i in range(GRID):
        for j in range(GRID):
            x = x0 + (x1 - x0) * (i + 0.5) / GRID
            y = y0 + (y1 - y0) * (j + 0.5) / GRID
            if not multipolygon_contains(qpv_polygons, x, y):
                continue
            total += 1
            for code, polygons in communes.items():
                if multipolygon_contains(polygons, x, y):
                    counts[code] += 1
                    break
    return {c: counts[c] / total for c in communes} if total else {c: 0.0 for c in communes}


# --- contours ----------------------------------------------------------------------------

def contours_2018() -> tuple[dict[str, list], list[str]]:
    """Every 2018 commune contour (code -> polygons), and the files read."""
    out: dict[str, list] = {}
    files = sorted((RAW / "france-geojson" / "communes-par-departement").glob("*.geojson.gz"))
    for path in files:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            for f in json.load(fh)["features"]:
                out.setdefault(f["properties"]["code"], []).extend(polygons_of(f["geometry"]))
    return out, [p.relative_to(RAW).as_posix() for p in files]


def encode_polygons(polygons) -> str:
    """Polygons → `;`-separated polygons of `|`-separated rings; a ring is its vertices in
    integer units of 1e-5 degree, the first absolute and each next one as the difference from
    the previous, `x,y,dx,dy,…`, without the closing vertex (it repeats the first)."""
    out = []
    for rings in polygons:
        encoded = []
        for ring in rings:
            pts = [(round(x * 1e5), round(y * 1e5)) for x, y in ring]
            if len(pts) > 1 and pts[0] == pts[-1]:
                pts = pts[:-1]
            nums = []
            px = py = 0
            for k, (x, y) in enumerate(pts):
                if k == 0:
                    nums += [x, y]
                else:
                    nums += [x - px, y - py]
                px, py = x, y
            encoded.append(",".join(map(str, nums)))
        out.append("|".join(encoded))
    return ";".join(out)


# --- the build ---------------------------------------------------------------------------

def build() -> tuple[dict[str, str], list[str], list[str]]:
    """Every output (file name → text) and the summary lines, and the raw inputs read."""
    ref = Reference()
    inputs: list[str] = []
    summary: list[str] = []

    def read(rel: str):
        inputs.append(rel)
        return raw_json(rel)

    files: dict[str, str] = {}

    # Contracts.
    inputs.append("anct-ci-ville2/geom_cv_ctr.json")
    inputs += ["decoupage-administratif/communes.json.gz", "decoupage-administratif/ept.json"]
    crow = contracts(ref)
    by_codgeo: dict[str, list[list]] = defaultdict(list)
    for r in crow:
        by_codgeo[r[3]].append(r)
    files["contrats_ville.tsv.gz"] = tsv(
        ["code_cv", "lib_cv", "generation", "codgeo", "niveau", "insee_dep", "pop_qpv"], crow)
    summary.append(f"contrats_ville : {len(crow)} lignes, {len({r[0] for r in crow})} contrats")
    contract_names = {}
    for r in crow:
        contract_names.setdefault(r[0], r[1])

    # Commune contours (2018) → current communes.
    old_contours, contour_files = contours_2018()
    inputs += contour_files
    parts_of: dict[str, list[str]] = defaultdict(list)
    unmapped_contours = []
    for code in sorted(old_contours):
        cur = ref.current(code)
        if cur is None:
            unmapped_contours.append(code)
        else:
            parts_of[cur].append(code)
    contour_rows = []
    for code in sorted(parts_of):
        polygons = [p for old in parts_of[code] for p in old_contours[old]]
        contour_rows.append([code, joined(parts_of[code]), encode_polygons(polygons)])
    no_contour = sorted(c for c, rec in ref.communes.items() if c not in parts_of)
    files["communes_contours.tsv.gz"] = tsv(["insee_com", "codes_2018", "polygones"], contour_rows)
    merged = sum(1 for c in parts_of if len(parts_of[c]) > 1 or parts_of[c][0] != c)
    summary.append(
        f"communes_contours : {len(contour_rows)} communes, dont {merged} unies ou recodées depuis 2018 ; "
        f"{len(unmapped_contours)} codes 2018 sans commune actuelle ({' '.join(unmapped_contours[:8])}) ; "
        f"{len(no_contour)} communes ou arrondissements actuels sans contour")

    # QPV → contracts.
    with gzip.open(OUT / "qpv2024.geojson.gz", "rt", encoding="utf-8") as fh:
        qpvs = json.load(fh)["features"]
    qrows = []
    per_n: Counter = Counter()
    unmapped_qpv_communes = set()
    for f in qpvs:
        code_qp = f["properties"]["code"]
        communes = []
        for c in f["properties"]["insee_com"]:
            cur = ref.current(c)
            if cur is None:
                unmapped_qpv_communes.add(c)
                cur = c
            if cur not in communes:
                communes.append(cur)
        reached: dict[str, list[tuple[str, str]]] = {}
        for c in communes:
            for cv, via in contracts_of_commune(c, ref, by_codgeo):
                reached.setdefault(cv, []).append((c, via))
        cvs = list(reached)
        method = "un seul contrat publié pour les communes du QPV" if len(cvs) == 1 else \
            "aucun contrat publié pour les communes du QPV, leur EPT ou leur EPCI"
        shares = {}
        if len(cvs) > 1:
            contract_communes = {cv: {c for c, _ in reached[cv]} for cv in cvs}
            if len({frozenset(s) for s in contract_communes.values()}) > 1:
                shapes = {c: [p for old in parts_of.get(c, []) for p in old_contours[old]] for c in communes}
                shares = commune_shares(polygons_of(f["geometry"]), shapes)
            weight = {cv: sum(shares.get(c, 0.0) for c in contract_communes[cv]) for cv in cvs}
            cvs.sort(key=lambda cv: (-round(weight[cv], 6), generation_rank(cv), cv))
            if shares:
                method = ("plusieurs contrats : le premier est celui des communes qui portent la plus grande part "
                          "estimée du QPV (grille de 25×25 points sur les contours communaux 2018 simplifiés)")
            else:
                method = ("plusieurs contrats pour les mêmes communes : le premier est de la génération "
                          "2024-2030 (code CN), puis par code")
        per_n[min(len(cvs), 3)] += 1
        links = []
        for cv in cvs:
            vias = sorted({via for _, via in reached[cv]})
            cs = [c for c, _ in reached[cv]]
            share = sum(shares.get(c, 0.0) for c in set(cs))
            links.append(f"{cv}:{'+'.join(vias)}:{','.join(dict.fromkeys(cs))}"
                         + (f":{round(share * 100)}" if shares else ""))
        qrows.append([code_qp, joined(communes), joined(links), method])
    qrows.sort()
    files["qpv_contrats.tsv.gz"] = tsv(["code_qp", "insee_com", "contrats", "regle"], qrows)
    summary.append(
        f"qpv_contrats : {len(qrows)} QPV — {per_n[0]} sans contrat, {per_n[1]} avec un contrat, "
        f"{per_n[2]} avec deux, {per_n[3]} avec trois ou plus ; communes QPV hors COG : {sorted(unmapped_qpv_communes)}")

    # Posts.
    prow = []
    without = Counter()
    for dispositif, rel in POST_FILES:
        for k, p in enumerate(read(rel)):
            annee = str(p["annee"])
            if not p.get("code_cv"):
                without[f"{dispositif} {annee}"] += 1
            prow.append([p.get("code_cv") or "", dispositif, annee, p["id_poste"], p["raison_sociale"],
                         p.get("code_tiers") or "", json.dumps(p["montant"]), p.get("insee_dep") or "",
                         p.get("insee_reg") or "", f"{Path(rel).name}#{k + 1}"])
    prow.sort(key=lambda r: (r[0] == "", r[0], r[1], r[2], int(r[9].split("#")[1])))
    files["postes.tsv.gz"] = tsv(["code_cv", "dispositif", "annee", "id_poste", "raison_sociale", "siret",
                                  "montant_publie", "insee_dep", "insee_reg", "source"], prow)
    summary.append(f"postes : {len(prow)} lignes ; sans code_cv : {dict(sorted(without.items()))}")

    # Programmes per commune.
    progs = []
    unmapped_prog: Counter = Counter()
    ap = read("gazetteer/anct_programmes.json")["communes"]
    for code in sorted(ap):
        v = ap[code]
        cur = ref.current(code)
        if cur is None:
            unmapped_prog["anct_programmes"] += 1
            continue
        for key, label in (("acv", "Action cœur de ville"), ("pvd", "Petites villes de demain"),
                           ("ort", "Opération de revitalisation de territoire")):
            if v.get(key):
                progs.append([cur, key, "", label, v.get(f"{key}_signed_at") or "", "gazetteer/anct_programmes.json",
                              "" if cur == code else code])
    for key, rel in (("cite_educative", "anct-superposeur-anct/citeduc_geom.geojson"),
                     ("cite_emploi", "anct-superposeur-anct/cde_geom.geojson"),
                     ("france_services", "anct-superposeur-anct/fs_geom.geojson")):
        for f in read(rel)["features"]:
            p = f["properties"]
            sep = "; " if key == "france_services" else " ; "
            ids = [s.strip() for s in p["id_territoire"].split(sep.strip())]
            names = [s.strip() for s in p["lib_territoire"].split(sep.strip())]
            if len(names) != len(ids):
                names = [p["lib_territoire"]] * len(ids)
            codes = re.findall(INSEE_IN_LIST, p["liste_geo"] or "")
            for code in dict.fromkeys(codes):
                cur = ref.current(code)
                if cur is None:
                    unmapped_prog[f"{key} {code}"] += 1
                    continue
                for i, n in zip(ids, names):
                    progs.append([cur, key, i, n, "", rel, "" if cur == code else code])
    # A former commune listed beside the commune it merged into, with the same programme, id
    # and date, adds nothing: the current commune's own row is kept.
    own = {tuple(r[:5]) for r in progs if not r[6]}
    progs = sorted({tuple(r) for r in progs if not (r[6] and tuple(r[:5]) in own)})
    files["programmes_communes.tsv.gz"] = tsv(
        ["insee_com", "programme", "id", "nom", "date_signature", "source", "code_source"], [list(r) for r in progs])
    kinds = Counter(r[1] for r in progs)
    summary.append(f"programmes_communes : {dict(sorted(kinds.items()))} ; codes non rattachés : {dict(unmapped_prog)}")
    # The older ACV/PVD lists (2024-09), compared with the newer anct_programmes.json.
    for key, rel in (("acv", "anct-superposeur-anct/acv_geom.geojson"), ("pvd", "anct-superposeur-anct/pvd_geom.geojson")):
        older = {c for f in read(rel)["features"] for c in re.findall(INSEE_IN_LIST, f["properties"]["liste_geo"] or "")}
        newer = {c for c, v in ap.items() if v.get(key)}
        summary.append(f"  {key} : {len(older)} communes dans {rel} (2024), {len(newer)} dans anct_programmes.json ; "
                       f"{len(older - newer)} seulement dans l'ancienne liste (non reprises)")

    # BPE counts.
    bpe = read("gazetteer/bpe_communes.json.gz")
    brows_by: dict[str, list[int]] = {}
    unmapped_bpe = []
    summed = 0
    keys = [b[0] for b in BPE_BUCKETS]
    for code in sorted(bpe["communes"]):
        counts = bpe["communes"][code]
        unknown = set(counts) - set(keys)
        if unknown:
            raise SystemExit(f"erreur : rubriques BPE inconnues {unknown}")
        cur = ref.current(code)
        if cur is None:
            unmapped_bpe.append(code)
            continue
        if cur in brows_by:
            summed += 1
        acc = brows_by.setdefault(cur, [0] * len(keys))
        for i, k in enumerate(keys):
            acc[i] += int(counts.get(k, 0))
    files["bpe_communes.tsv.gz"] = tsv(["insee_com"] + keys, [[c] + v for c, v in sorted(brows_by.items())])
    files["bpe_rubriques.tsv"] = tsv(["rubrique", "libelle", "codes_bpe"], [list(b) for b in BPE_BUCKETS])
    summary.append(f"bpe_communes : {len(brows_by)} communes ({len(bpe['communes'])} codes de la source, {summed} "
                   f"sommés dans une commune fusionnée, {len(unmapped_bpe)} non rattachés {unmapped_bpe[:5]})")

    # Centrality.
    inputs.append("anct-superposeur-v2/centralite.csv")
    centrality = {}
    unmapped_cent = []
    with open(RAW / "anct-superposeur-v2" / "centralite.csv", encoding="utf-8-sig", newline="") as fh:
        for r in csv.DictReader(fh):
            cur = ref.current(r["insee_com"])
            if cur is None:
                unmapped_cent.append(r["insee_com"])
                continue
            level = r["niveau_centralite"].strip()
            centrality[cur] = "" if level.endswith("undefined") else level

    # Communes.
    com_rows = []
    cv_count: Counter = Counter()
    for code in sorted(ref.communes):
        rec = ref.communes[code]
        kind = "arrondissement_municipal" if rec["type"] == "arrondissement-municipal" else "commune"
        base = rec.get("commune") or code
        cvs = [f"{cv}:{via}" for cv, via in contracts_of_commune(code, ref, by_codgeo)]
        cvs = sorted(cvs, key=lambda s: (generation_rank(s), s))
        cv_count[min(len(cvs), 2)] += 1
        com_rows.append([code, rec["nom"], kind, rec.get("commune") or "", rec["departement"],
                         ref.epci.get(base, ""), ref.ept.get(base, ""), joined(cvs),
                         centrality.get(code, "")])
    files["communes.tsv.gz"] = tsv(["insee_com", "nom", "type", "commune_parente", "departement", "epci_siren",
                                    "ept_siren", "contrats", "niveau_centralite"], com_rows)
    summary.append(f"communes : {len(com_rows)} ({sum(1 for r in com_rows if r[2] == 'commune')} communes, "
                   f"{sum(1 for r in com_rows if r[2] != 'commune')} arrondissements) ; contrats : {cv_count[0]} sans, "
                   f"{cv_count[1]} un, {cv_count[2]} deux ou plus ; centralité : {len(centrality)} communes, "
                   f"{len(unmapped_cent)} codes non rattachés")

    # Stations.
    st = read("gazetteer/osm_transit_stations.json.gz")
    srows = []
    for s in st["stations"]:
        srows.append([s["osm_type"], str(s["osm_id"]), s["name"], s["type"], joined(s.get("lines") or []),
                      f"{s['lon']:.6f}", f"{s['lat']:.6f}"])
    srows.sort(key=lambda r: (r[0], int(r[1])))
    files["gares.tsv.gz"] = tsv(["osm_type", "osm_id", "nom", "type", "lignes", "lon", "lat"], srows)
    summary.append(f"gares : {len(srows)} (récupérées le {st['fetched_at'][:10]})")
    if st["fetched_at"][:10] != STATIONS_DATE:
        raise SystemExit(f"erreur : date de récupération {st['fetched_at']}, {STATIONS_DATE} attendue")

    # NPNRU: the 2015 codes, and the derived (not official) 2024 code.
    inputs.append("france-chaleur-urbaine/npnru_qpv2015_codes.csv")
    qpv_codes = {f["properties"]["code"] for f in qpvs}
    nrows = []
    derived = Counter()
    with open(RAW / "france-chaleur-urbaine" / "npnru_qpv2015_codes.csv", encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            c15 = r["code_qp_2015"]
            m = re.fullmatch(r"QP(\w{3})0(\d{2})", c15)
            candidates = [f"QN{m.group(1)}{m.group(2)}{s}" for s in ("I", "M")] if m else []
            found = [c for c in candidates if c in qpv_codes]
            derived[len(found)] += 1
            nrows.append([c15, r["departement"], found[0] if found else "",
                          "dérivé, non officiel : même département et même numéro (QPddd0nn → QNdddnn suivi de I "
                          "ou M, qui marquent un quartier reconduit ou modifié)" if found else ""])
    files["npnru_qpv2015.tsv.gz"] = tsv(["code_qp_2015", "departement", "code_qp_2024_derive", "methode_derivation"], nrows)
    summary.append(f"npnru_qpv2015 : {len(nrows)} codes 2015, {derived[1]} reliés à un code 2024 dérivé, {derived[0]} sans")

    inputs = list(dict.fromkeys(inputs))
    return files, summary, inputs


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true", help="fail if a file would change; write nothing")
    args = ap.parse_args()
    files, summary, inputs = build()
    outputs = {name: (gzipped(text) if name.endswith(".gz") else text.encode("utf-8")) for name, text in files.items()}
    listing = "".join(f"{hashlib.sha256((RAW / rel).read_bytes()).hexdigest()}  {rel}\n" for rel in sorted(inputs))
    outputs["sources_brutes.sha256"] = listing.encode("utf-8")
    for line in summary:
        print(line)
    stale = [name for name, data in sorted(outputs.items())
             if not (OUT / name).exists() or (OUT / name).read_bytes() != data]
    if args.check:
        for name in stale:
            print(f"à régénérer : data/france/{name}", file=sys.stderr)
        return 1 if stale else 0
    for name, data in outputs.items():
        (OUT / name).write_bytes(data)
        print(f"data/france/{name} : {len(data)} octets")
    return 0


if __name__ == "__main__":
    sys.exit(main())
