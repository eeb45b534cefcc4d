#!/usr/bin/env python3
"""Builds data/france/epci_communes.tsv.gz, the national reference of EPCIs and their member
communes that `quartiers territory init` reads, from the npm package
@etalab/decoupage-administratif (MIT; INSEE COG): its data/epci.json and data/communes.json.

One row per member commune of an EPCI à fiscalité propre, sorted by SIREN then INSEE code:

    epci_siren  epci_nom  epci_type  insee_com  nom  departement  anciens_codes

`anciens_codes` lists, comma-separated, the codes of the former communes merged into the
commune (the package's `anciensCodes`): a contour file older than the merger has them instead
of, or beside, the commune's own code. Tab-separated (no name holds a tab), gzipped with a
zero timestamp so that the same package gives the same bytes.

    python3 data/scripts/build_france_reference.py [--package DIR] [--check]

Without --package, the package is fetched with `npm pack` (the version pinned below) into a
temporary directory; npm's own cache is used. Python 3.11+ standard library only.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
OUT = REPO / "data" / "france" / "epci_communes.tsv.gz"
PACKAGE = "@etalab/decoupage-administratif"
VERSION = "6.0.0"
COLUMNS = ["epci_siren", "epci_nom", "epci_type", "insee_com", "nom", "departement", "anciens_codes"]


def fetch_package(workdir: Path) -> Path:
    """Unpacks the pinned package with `npm pack` and returns its root directory."""
    out = subprocess.run(["npm", "pack", f"{PACKAGE}@{VERSION}", "--silent"], cwd=workdir,
                         check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1]
    with tarfile.open(workdir / out) as tar:
        tar.extractall(workdir, filter="data")
    return workdir / "package"


def table(package: Path) -> str:
    meta = json.loads((package / "package.json").read_text(encoding="utf-8"))
    if meta.get("version") != VERSION:
        raise SystemExit(f"erreur : {package} est la version {meta.get('version')}, {VERSION} attendue")
    epcis = json.loads((package / "data" / "epci.json").read_text(encoding="utf-8"))
    communes = json.loads((package / "data" / "communes.json").read_text(encoding="utf-8"))
    current = {c["code"]: c for c in communes if c["type"] == "commune-actuelle"}
    rows = []
    for e in epcis:
        for m in e["membres"]:
            c = current.get(m["code"])
            if c is None:
                raise SystemExit(f"erreur : commune {m['code']} de l'EPCI {e['code']} absente de communes.json")
            fields = [e["code"], e["nom"], e["type"], m["code"], c["nom"], c["departement"],
                      ",".join(c.get("anciensCodes", []))]
            if any("\t" in f or "\n" in f for f in fields):
                raise SystemExit(f"erreur : tabulation dans {fields}")
            rows.append(fields)
    rows.sort(key=lambda r: (r[0], r[3]))
    return "\t".join(COLUMNS) + "\n" + "".join("\t".join(r) + "\n" for r in rows)


def gzipped(text: str) -> bytes:
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0, compresslevel=9, filename="") as gz:
        gz.write(text.encode("utf-8"))
    return buf.getvalue()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--package", type=Path, help="an unpacked @etalab/decoupage-administratif package")
    ap.add_argument("--check", action="store_true", help="fail if the file would change; write nothing")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="quartiers-reference-") as tmp:
        package = args.package or fetch_package(Path(tmp))
        text = table(package)
    data = gzipped(text)
    lines = text.count("\n") - 1
    epcis = len({line.split("\t", 1)[0] for line in text.splitlines()[1:]})
    print(f"{OUT.relative_to(REPO)} : {epcis} EPCI, {lines} communes membres ({PACKAGE} {VERSION})")
    if args.check:
        if not OUT.exists() or OUT.read_bytes() != data:
            print(f"à régénérer : {OUT.relative_to(REPO)}", file=sys.stderr)
            return 1
        return 0
    OUT.write_bytes(data)
    return 0


if __name__ == "__main__":
    sys.exit(main())
