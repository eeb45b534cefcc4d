#!/usr/bin/env python3
"""Rebuilds the three agglomerations of the source documents besides Annemasse:
data/territories/{maubeuge-val-de-sambre,ales-agglomeration,angers-loire-metropole}/.

Each is made the way a GIS team makes its own (README « Ajouter votre agglomération »):
  1. `quartiers territory init` with the EPCI's SIREN and its communes' contours, a raw extract
     of france-geojson (data/sources/raw/SOURCES.md §9): territory.toml, communes.geojson,
     boundary.geojson, perimeters.geojson (the QPVs of the national layer) and empty layers;
  2. then what its source document says, from curated/*.json, every quotation checked against
     its line as for Annemasse (data/scripts/build_annemasse.py, whose checks are reused):
     programmes appended to territory.toml, operations, equipment, corridors, actions.

    python3 data/scripts/build_territories.py [--check] [--bin QUARTIERS]

The binary is $QUARTIERS_BIN (scripts/env.sh) unless --bin is given. --check rebuilds in a
temporary directory and fails if any committed file would change. Python 3.11+ standard library.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import build_annemasse as ba  # noqa: E402  (the citation checks and the model's field order)

REPO = Path(__file__).resolve().parents[2]
CONTOUR_REASON = ("Contour IGN ADMIN EXPRESS COG 2018 généralisé par france-geojson (mapshaper, 5 décimales, "
                  "20 à 70 sommets par commune) : la limite communale peut être décalée de plusieurs dizaines de mètres.")
COMMON_ATTRIBUTION = ("ANCT (QPV 2024, Licence Ouverte), IGN ADMIN EXPRESS 2018 via france-geojson (Licence Ouverte), "
                      "INSEE COG via @etalab/decoupage-administratif (MIT)")
TERRITORIES = {
    "maubeuge-val-de-sambre": {
        "siren": "200043396",
        "contours": "france-geojson/communes_maubeuge_val_de_sambre.geojson",
        "attribution": COMMON_ATTRIBUTION + ", CAMVS (présentation des projets de l'agglomération)",
    },
    "ales-agglomeration": {
        "siren": "200066918",
        "contours": "france-geojson/communes_ales_agglomeration.geojson",
        "attribution": COMMON_ATTRIBUTION + ", Alès Agglomération (États généraux du cœur de ville, projet de territoire 2018)",
    },
    "angers-loire-metropole": {
        "siren": "244900015",
        "contours": "france-geojson/communes_angers_loire_metropole.geojson",
        "attribution": COMMON_ATTRIBUTION + ", Angers Loire Métropole (séminaire du 12 novembre 2012)",
    },
}
ba.LAYER_KEYS.setdefault("corridor", ["id", "nom", "type", "sous_trame", "insee_com"])
ACTION_KEYS = ["id", "code", "programme", "pilier", "os_numero", "orientation", "objectif", "titre",
               "realisations", "statut_date", "statut_date_origine", "source_date", "interpretations",
               "source_document", "source_section"]
PROGRAMME_KEYS = ["id", "nom", "type", "porteur", "annee_debut", "annee_fin", "source_date", "source_document",
                  "source_section"]
REALISATION_SCOPES = {"territoire", "commune", "non_precise"}


class Context(ba.Context):
    """build_annemasse's checks, on a territory made by `quartiers territory init`."""

    def __init__(self, src: ba.Sources, manifest: dict, perimeters: list[dict]):
        self.src = src
        self.manifest = manifest
        self.members = {c["insee"]: c["name"] for c in manifest["communes"]}
        self.programmes: set[str] = set()
        self.perimeter_codes = {f["properties"]["code"] for f in perimeters}
        self.operation_ids: set[str] = set()
        self.warnings: list[str] = []
        self.citations_checked = 0

    def cited(self, item: dict, where: str) -> dict:
        """Checks `citations` and turns `section` + `citations` into `source_section`."""
        item = dict(item)
        doc = item["source_document"]
        citations = item.pop("citations", [])
        if not citations:
            raise ba.BuildError(f"{where}: aucune citation")
        for c in citations:
            d, line, text = (doc, *c) if len(c) == 2 else c
            ba.check_citation(self.src, d, line, text, where)
            self.citations_checked += 1
        item["source_section"] = f"{item.pop('section')} — {ba.render_citations(citations, doc)}"
        return item


def toml_value(v) -> str:
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    return str(v)


def programmes_toml(ctx: Context, items: list[dict]) -> str:
    out = ["", "# Programmes named by the source document (data/scripts/build_territories.py, curated/programmes.json)."]
    for p in items:
        p = ctx.cited(p, f"programme {p['id']}")
        p["source_date"] = ctx.src.document_date(p["source_document"], f"programme {p['id']}")["date"]
        unknown = set(p) - set(PROGRAMME_KEYS)
        if unknown:
            raise ba.BuildError(f"programme {p['id']}: champs inconnus {sorted(unknown)}")
        out.append("")
        out.append("[[programmes]]")
        out += [f"{k} = {toml_value(p[k])}" for k in PROGRAMME_KEYS if k in p]
        ctx.programmes.add(p["id"])
    return "\n".join(out) + "\n"


def actions(ctx: Context, items: list[dict]) -> list[dict]:
    out, seen = [], set()
    for a in items:
        where = f"action {a['id']}"
        if a["id"] in seen:
            raise ba.BuildError(f"{where}: identifiant en double")
        seen.add(a["id"])
        if a["programme"] not in ctx.programmes:
            raise ba.BuildError(f"{where}: programme « {a['programme']} » absent de territory.toml")
        for r in a["realisations"]:
            if r["perimetre"] not in REALISATION_SCOPES:
                raise ba.BuildError(f"{where}: périmètre « {r['perimetre']} » inconnu")
            if r["perimetre"] == "commune" and r.get("insee_com") not in ctx.members:
                raise ba.BuildError(f"{where}: commune {r.get('insee_com')} hors du territoire")
            if r.get("statut_texte") and ba.collapse(r["statut_texte"]) not in ctx.src.whole(a["source_document"]):
                raise ba.BuildError(f"{where}: statut_texte absent de {a['source_document']}")
        ctx.check_interpretations(a, a["source_document"], where)
        a = ctx.cited(a, where)
        date_action(a, ctx.src.document_date(a["source_document"], where))
        unknown = set(a) - set(ACTION_KEYS)
        if unknown:
            raise ba.BuildError(f"{where}: champs inconnus {sorted(unknown)}")
        out.append({k: a[k] for k in ACTION_KEYS if k in a})
    return out


def date_action(action: dict, document: dict) -> None:
    """An action's statuses are dated like an operation's: with the document's date (these
    documents date no status of an action), given only when a realisation states a status."""
    action["source_date"] = document["date"]
    if any(r.get("statut") or r.get("statut_texte") for r in action["realisations"]):
        action["statut_date"], action["statut_date_origine"] = document["date"], document["origine"]
    else:
        action["statut_date"] = None


def init(binary: str, slug: str, spec: dict, workdir: Path) -> Path:
    """Runs `quartiers territory init` into a scratch data directory; returns the territory."""
    data = workdir / slug
    (data / "territories").mkdir(parents=True)
    (data / "france").symlink_to(REPO / "data" / "france")
    (data / "sources").symlink_to(REPO / "data" / "sources")
    cmd = [binary, "territory", "init", "--epci", spec["siren"], "--slug", slug,
           "--communes", str(data / "sources" / "raw" / spec["contours"]), "--data", str(data),
           "--precision", "approximate", "--motif", CONTOUR_REASON, "--attribution", spec["attribution"]]
    run = subprocess.run(cmd, capture_output=True, text=True)
    if run.returncode != 0:
        raise ba.BuildError(f"{slug}: quartiers territory init a échoué : {run.stderr.strip()}")
    print("\n".join(f"{slug}: {line}" for line in run.stdout.splitlines() if not line.startswith("  QN")))
    return data / "territories" / slug


def build(binary: str, slug: str, spec: dict, workdir: Path, src: ba.Sources) -> tuple[dict[str, str], Context]:
    made = init(binary, slug, spec, workdir)
    curated = REPO / "data" / "territories" / slug / "curated"
    files = {p.name: p.read_text(encoding="utf-8") for p in sorted(made.iterdir()) if p.is_file()}
    manifest_text = files["territory.toml"]
    perimeters = json.loads(files["perimeters.geojson"])["features"]
    ctx = Context(src, tomllib.loads(manifest_text), perimeters)
    load = lambda name: json.loads((curated / name).read_text(encoding="utf-8")) if (curated / name).exists() else []
    files["territory.toml"] = manifest_text + programmes_toml(ctx, load("programmes.json"))
    ctx.manifest = tomllib.loads(files["territory.toml"])
    operations = ba_layer(ctx, "operation", load("operations.json"))
    ctx.operation_ids = {f["properties"]["id"] for f in operations}
    for name, kind, feats in (("operations.geojson", "operation", operations),
                              ("equipment.geojson", "equipment", ba_layer(ctx, "equipment", load("equipment.json"))),
                              ("corridors.geojson", "corridor", ba_layer(ctx, "corridor", load("corridors.json")))):
        if feats:
            files[name] = ba.collection(feats, True)
    acts = actions(ctx, load("actions.json"))
    if acts:
        files["actions.json"] = json.dumps(acts, ensure_ascii=False, indent=2) + "\n"
    return files, ctx


def ba_layer(ctx: Context, kind: str, items: list[dict]) -> list[dict]:
    ids = [i["id"] for i in items]
    if len(ids) != len(set(ids)):
        raise ba.BuildError(f"{kind}: identifiants en double")
    return [ba.feature(ctx.curated(kind, i), None) for i in items]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true", help="fail if a file would change; write nothing")
    ap.add_argument("--bin", default=os.environ.get("QUARTIERS_BIN"), help="the quartiers binary")
    ap.add_argument("--only", action="append", default=[], help="one territory (repeatable)")
    args = ap.parse_args()
    if not args.bin or not Path(args.bin).is_file():
        print("erreur : binaire quartiers introuvable (--bin ou QUARTIERS_BIN, cargo build --release -p quartiers)", file=sys.stderr)
        return 1
    changed = []
    try:
        src = ba.Sources(REPO / "data" / "sources")
        with tempfile.TemporaryDirectory(prefix="quartiers-territoires-") as tmp:
            for slug, spec in TERRITORIES.items():
                if args.only and slug not in args.only:
                    continue
                files, ctx = build(args.bin, slug, spec, Path(tmp), src)
                target = REPO / "data" / "territories" / slug
                for name, text in files.items():
                    path = target / name
                    if not path.exists() or path.read_text(encoding="utf-8") != text:
                        changed.append(f"{slug}/{name}")
                        if not args.check:
                            path.write_text(text, encoding="utf-8")
                print(f"{slug}: {ctx.citations_checked} citations vérifiées")
                for w in ctx.warnings:
                    print(f"{slug}: avertissement : {w}")
    except ba.BuildError as e:
        print(f"erreur : {e}", file=sys.stderr)
        return 1
    return ba.check_status(args.check, changed)


if __name__ == "__main__":
    sys.exit(main())
