"""Checks that the repository needs nothing outside its own tree.

Each check prints `ok` or `FAIL` with what it found; the last line is `N passed, N failed` and
the exit status is non-zero on any failure. Only tracked files are read (`git ls-files`), so a
developer's untracked scratch files do not count, and what a fresh clone holds is what is
checked.
"""

from __future__ import annotations

import gzip
import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ROOT / "data" / "sources"

# Written in pieces so that this file does not match itself.
SIBLING = re.compile(r"\.\./" + "shared" + r"\b|QUARTIERS_" + "SHARED")
# Home directories and the usual workspace roots of a developer's machine.
MACHINE_PATH = re.compile(r"(?<![\w.])/(?:root|home/\w+|work|Users/\w+)/")
# A Rust path built from the crate's manifest dir that climbs out of the repository
# (crates/<crate>/../../ is the root; one more level is outside).
CLIMB_OUT = re.compile(r'CARGO_MANIFEST_DIR"\)\s*,\s*"/(?:\.\./){3,}')
BINARY_SUFFIXES = (".gz", ".png", ".pbf", ".pmtiles", ".gpkg", ".zip", ".ico", ".woff", ".woff2", ".ttf")

results: list[tuple[bool, str, list[str]]] = []


def check(name: str, problems: list[str]) -> None:
    results.append((not problems, name, problems))


def tracked() -> list[Path]:
    out = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, check=True, capture_output=True).stdout
    return [ROOT / p for p in out.decode().split("\0") if p]


def text_files() -> list[tuple[Path, str]]:
    files = []
    for path in tracked():
        if path.name == "Cargo.lock" or path.suffix in BINARY_SUFFIXES or not path.is_file():
            continue
        try:
            files.append((path, path.read_text(encoding="utf-8")))
        except UnicodeDecodeError:
            continue  # Latin-1 fixtures and other binary files
    return files


def grep(pattern: re.Pattern, files: list[tuple[Path, str]]) -> list[str]:
    hits = []
    for path, text in files:
        for number, line in enumerate(text.splitlines(), 1):
            if pattern.search(line):
                hits.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()[:120]}")
    return hits


def cited_documents() -> dict[str, set[str]]:
    """`source_document` values of every bundled layer and action file, with who cites them."""
    cited: dict[str, set[str]] = {}
    data = ROOT / "data"
    for path in sorted(data.glob("territories/*/*.geojson")) + sorted(data.glob("territories/*/actions.json")):
        walk_sources(json.loads(path.read_text(encoding="utf-8")), path, cited)
    national = data / "france" / "qpv2024.geojson.gz"
    with gzip.open(national, "rt", encoding="utf-8") as fh:
        walk_sources(json.load(fh), national, cited)
    for path in sorted(data.glob("territories/*/territory.toml")):
        for name in re.findall(r'^source_document\s*=\s*"([^"]+)"', path.read_text(encoding="utf-8"), re.M):
            cited.setdefault(name, set()).add(str(path.relative_to(ROOT)))
    return cited


def walk_sources(value, path: Path, cited: dict[str, set[str]]) -> None:
    if isinstance(value, dict):
        name = value.get("source_document")
        if isinstance(name, str) and name:
            cited.setdefault(name, set()).add(str(path.relative_to(ROOT)))
        for v in value.values():
            walk_sources(v, path, cited)
    elif isinstance(value, list):
        for v in value:
            walk_sources(v, path, cited)


def bundled(name: str) -> bool:
    return (SOURCES / "documents" / name).is_file() or (SOURCES / "raw" / name).is_file()


def main() -> int:
    files = text_files()
    check("aucun fichier suivi ne lit un dossier voisin du clone", grep(SIBLING, files))
    check("aucun chemin absolu d'une machine de développement", grep(MACHINE_PATH, files))
    check("aucun chemin Rust ne sort du dépôt par CARGO_MANIFEST_DIR", grep(CLIMB_OUT, files))

    cited = cited_documents()
    missing = [f"{name} (cité par {', '.join(sorted(who))})" for name, who in sorted(cited.items()) if not bundled(name)]
    check(f"les {len(cited)} documents sources cités sont dans data/sources", missing + ([] if cited else ["aucune citation lue"]))

    unread = []
    for folder in ("documents", "raw"):
        for path in sorted((SOURCES / folder).rglob("*")):
            if path.is_file() and path.name not in ("README.md", "SOURCES.md"):
                rel = path.relative_to(SOURCES / folder).as_posix()
                if rel not in cited and path.name not in cited and not referenced_by_code(rel, files):
                    unread.append(f"data/sources/{folder}/{rel}")
    check("chaque fichier de data/sources est cité par les données ou lu par le code", unread)

    build = subprocess.run([sys.executable, "data/scripts/build_annemasse.py", "--check"], cwd=ROOT,
                           capture_output=True, text=True)
    check("le territoire Annemasse Agglo se reconstruit à l'identique depuis data/sources",
          [] if build.returncode == 0 else (build.stderr or build.stdout).splitlines()[-5:])

    build = subprocess.run([sys.executable, "data/scripts/build_territories.py", "--check"], cwd=ROOT,
                           capture_output=True, text=True)
    check("les territoires de Maubeuge, Alès et Angers se reconstruisent à l'identique (territory init et citations)",
          [] if build.returncode == 0 else (build.stderr or build.stdout).splitlines()[-5:])

    build = subprocess.run([sys.executable, "data/scripts/build_france_national.py", "--check"], cwd=ROOT,
                           capture_output=True, text=True)
    check("les références nationales de data/france se reconstruisent à l'identique depuis data/sources",
          [] if build.returncode == 0 else (build.stderr or build.stdout).splitlines()[-5:])

    facts = subprocess.run([sys.executable, "tests/standalone/france_national.py"], cwd=ROOT,
                           capture_output=True, text=True)
    check("les références nationales disent ce que disent les fichiers bruts (QPV, communes, contrats tirés au hasard)",
          [] if facts.returncode == 0 else (facts.stdout + facts.stderr).splitlines()[-8:])

    for ok, name, problems in results:
        print(("ok   " if ok else "FAIL ") + name)
        for p in problems[:10]:
            print("     " + p)
    failed = sum(1 for ok, _, _ in results if not ok)
    print(f"{len(results) - failed} passed, {failed} failed")
    return 1 if failed else 0


def referenced_by_code(rel: str, files: list[tuple[Path, str]]) -> bool:
    return any(rel in text for path, text in files if not path.is_relative_to(SOURCES))


if __name__ == "__main__":
    sys.exit(main())
