#!/usr/bin/env python3
"""Rebuilds the layer files of data/territories/annemasse-agglo/ from their sources.

Derived layers (geometry copied from the raw files, never re-rounded):
  boundary.geojson          <- qualicharge/epci_annemasse_agglo.geojson
  communes.geojson          <- france-geojson/communes_annemasse_agglo.geojson
  perimeters.geojson        <- gazetteer/qpv2024_annemasse_bbox.geojson (or the repaired national
                               layer data/france/qpv2024.geojson.gz when it exists)
                               + curated/perimeters.json (former names, predecessors, veille active)
  transit_stations.geojson  <- gazetteer/osm_transit_stations_annemasse_bbox.geojson
  centralities.geojson      <- anct-superposeur-v2/centralite_dep74.csv
  corridors.geojson         <- nothing: no open corridor layer was found (empty collection)

Curated layers (hand-written from the seed documents, null geometry + placement):
  operations.geojson, equipment.geojson, ilots.geojson <- curated/*.json

Every curated item carries `citations`: [line, "text"] or [document, line, "text"]. The script
checks that each text occurs on that line of that document (whitespace collapsed) and writes
them into `source_section`; quotes written « like this » after "l. N :" in descriptions are
checked the same way. A citation that does not match stops the build: a fact that cannot be
traced is not published.

Python 3.11+ standard library only. Paths are relative to the repository root; the sources are
read from data/sources/ (documents/ and raw/, see data/sources/README.md).

    python3 data/scripts/build_annemasse.py [--check]

--check rebuilds in memory and fails if any written file would change.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import math
import re
import sys
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
TERRITORY = REPO / "data" / "territories" / "annemasse-agglo"
CURATED = TERRITORY / "curated"
NATIONAL_QPV = REPO / "data" / "france" / "qpv2024.geojson.gz"

SEED_001 = "001_e16c5f7f8a2953c5.txt"
# The date of each source document, with the lines that give it (data/sources/documents/README.md).
DOCUMENT_DATES = "dates.json"

# ---------------------------------------------------------------------------------------------
# The serde form of crates/geodata/src/model (field names and enum strings).

PLACEMENT_KEYS = ["precision_geometrie", "motif_precision", "perimetre", "emplacement", "deduit_de"]
SOURCE_KEYS = ["source_document", "source_section"]
LAYER_KEYS = {
    "boundary": ["code", "nom"],
    "commune": ["insee_com", "nom"],
    "perimeter": ["code", "nom", "type", "insee_com", "millesime", "codes_predecesseurs",
                  "codes_successeurs", "anciens_noms"],
    "operation": ["id", "programme", "type", "titre", "secteur", "maitre_ouvrage", "insee_com",
                  "logements", "cout_eur", "financements", "date_debut", "date_fin",
                  "dates_texte", "statut", "statut_date", "statut_date_origine", "source_date",
                  "description", "interpretations"],
    "equipment": ["id", "nom", "type", "insee_com", "statut", "statut_date", "statut_date_origine",
                  "source_date", "operation", "description", "interpretations"],
    "centrality": ["id", "nom", "niveau", "insee_com", "description"],
    "ilot": ["id", "nom", "insee_com"],
}
PRECISIONS = {"exact", "approximate", "perimeter", "commune", "territory"}
STATUSES = {"existant", "programmé", "en études", "en travaux", "réalisé", "abandonné",
            "non renseigné"}
OPERATION_KINDS = {"démolition", "réhabilitation", "construction",
                   "aménagement d'espaces publics", "équipement", "copropriété", "mobilité",
                   "étude", "programme", "autre"}
PERIMETER_KINDS = {"qpv", "veille_active"}
# How a place was made (model::PlacementBasis) and where a status date comes from
# (model::DateOrigin).
PLACEMENT_BASES = {"indiqué par la source", "déduit"}
STATED, INFERRED = "indiqué par la source", "déduit"
DOCUMENT_DATE_ORIGINS = {"document", "au plus tôt"}
INTERPRETATION_KEYS = {"champ", "texte_source", "ligne", "motif"}
FUZZY_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?|-T[1-4]|-S[12])?$")


class BuildError(Exception):
    pass


# ---------------------------------------------------------------------------------------------
# Sources

class Sources:
    def __init__(self, root: Path):
        self.raw = root / "raw"
        self.documents = root / "documents"
        self._lines: dict[str, list[str]] = {}
        for needed in (self.raw / "SOURCES.md", self.documents / SEED_001):
            if not needed.exists():
                raise BuildError(f"{needed} introuvable : le dossier des sources est incomplet")

    def path(self, document: str) -> Path:
        """A seed document by file name, SOURCES.md, or a raw file by its path under raw/."""
        if (self.documents / document).exists() and "/" not in document:
            return self.documents / document
        return self.raw / document

    def lines(self, document: str) -> list[str]:
        if document not in self._lines:
            text = self.path(document).read_text(encoding="utf-8")
            self._lines[document] = text.split("\n")
        return self._lines[document]

    def whole(self, document: str) -> str:
        """The document as one whitespace-collapsed string, to find a quote anywhere in it."""
        key = "whole:" + document
        if key not in self._lines:
            self._lines[key] = [collapse("\n".join(self.lines(document)))]
        return self._lines[key][0]

    def json(self, rel: str):
        return json.loads((self.raw / rel).read_text(encoding="utf-8"))

    def document_dates(self) -> dict[str, dict]:
        """The dates of the source documents (documents/dates.json), each checked against the
        lines it cites."""
        if "dates" not in self._lines:
            dates = json.loads((self.documents / DOCUMENT_DATES).read_text(encoding="utf-8"))
            for doc, d in dates.items():
                where = f"{DOCUMENT_DATES} {doc}"
                if set(d) != {"date", "origine", "motif", "citations"}:
                    raise BuildError(f"{where}: champs attendus date, origine, motif, citations")
                if not FUZZY_DATE.match(d["date"]) or d["origine"] not in DOCUMENT_DATE_ORIGINS:
                    raise BuildError(f"{where}: date « {d['date']} » ou origine « {d['origine']} » invalide")
                if not d["citations"] or not any(d["date"][:4] in text for _, text in d["citations"]):
                    raise BuildError(f"{where}: aucune citation ne donne l'année {d['date'][:4]}")
                for line, text in d["citations"]:
                    check_citation(self, doc, line, text, where)
            self._lines["dates"] = dates
        return self._lines["dates"]

    def document_date(self, doc: str, where: str) -> dict:
        dates = self.document_dates()
        if doc not in dates:
            raise BuildError(f"{where}: {doc} n'a pas de date dans documents/{DOCUMENT_DATES}")
        return dates[doc]


def collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def check_citation(src: Sources, document: str, line: int, text: str, where: str) -> None:
    lines = src.lines(document)
    if not 1 <= line <= len(lines):
        raise BuildError(f"{where}: {document} n'a pas de ligne {line}")
    if collapse(text) not in collapse(lines[line - 1]):
        raise BuildError(f"{where}: « {text} » ne figure pas à la ligne {line} de {document}")


def guillemet_spans(text: str, start: int) -> tuple[str, int]:
    """The text between the « at `start` and its matching », allowing nested « »."""
    depth, i = 0, start
    while i < len(text):
        if text[i] == "«":
            depth += 1
        elif text[i] == "»":
            depth -= 1
            if depth == 0:
                return text[start + 1:i].strip(), i + 1
        i += 1
    raise BuildError(f"guillemets non fermés dans « {text[start:start + 60]}… »")


LINE_REF = re.compile(r"(?:([\w.\-/]+\.(?:txt|md|csv|json|geojson)), )?l\. (\d+) : «")


def check_inline_citations(src: Sources, text: str, default_doc: str, where: str) -> int:
    """Checks every `[doc, ]l. N : « … »` of a free text. Returns how many were checked."""
    n = 0
    for m in LINE_REF.finditer(text):
        quote, _ = guillemet_spans(text, m.end() - 1)
        check_citation(src, m.group(1) or default_doc, int(m.group(2)), quote, where)
        n += 1
    return n


def top_level_quotes(text: str) -> list[str]:
    """Every outermost « … » of a free text."""
    out, i = [], 0
    while (i := text.find("«", i)) != -1:
        quote, i = guillemet_spans(text, i)
        out.append(quote)
    return out


def without_line_refs(text: str) -> str:
    """The text without its `[doc, ]l. N : « … »` citations (checked on their own line)."""
    while (m := LINE_REF.search(text)):
        _, end = guillemet_spans(text, m.end() - 1)
        text = text[:m.start()] + text[end:]
    return text


def render_citations(citations: list, source_document: str) -> str:
    parts = []
    for c in citations:
        doc, line, text = (source_document, *c) if len(c) == 2 else c
        prefix = "" if doc == source_document else f"{doc}, "
        parts.append(f"{prefix}l. {line} : « {text} »")
    return " ; ".join(parts)


# ---------------------------------------------------------------------------------------------
# Geometry (WGS84 lon/lat; metric work in a local equirectangular frame, fine at agglo scale)

EARTH_RADIUS_M = 6_371_008.8


def polygons_of(geometry: dict) -> list[list[list[list[float]]]]:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    if geometry["type"] == "MultiPolygon":
        return geometry["coordinates"]
    raise BuildError(f"géométrie {geometry['type']} inattendue")


def in_ring(x: float, y: float, ring: list[list[float]]) -> bool:
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:]):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def contains(geometry: dict, lon: float, lat: float) -> bool:
    for rings in polygons_of(geometry):
        if in_ring(lon, lat, rings[0]) and not any(in_ring(lon, lat, h) for h in rings[1:]):
            return True
    return False


def to_metres(lon: float, lat: float, lat0: float) -> tuple[float, float]:
    return (math.radians(lon) * math.cos(math.radians(lat0)) * EARTH_RADIUS_M,
            math.radians(lat) * EARTH_RADIUS_M)


def distance_to_edges_m(geometry: dict, lon: float, lat: float) -> float:
    px, py = to_metres(lon, lat, lat)
    best = math.inf
    for rings in polygons_of(geometry):
        for ring in rings:
            pts = [to_metres(x, y, lat) for x, y in ring]
            for (ax, ay), (bx, by) in zip(pts, pts[1:]):
                dx, dy = bx - ax, by - ay
                t = 0.0 if dx == dy == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
                best = min(best, math.hypot(px - ax - t * dx, py - ay - t * dy))
    return best


def _orient(a, b, c) -> float:
    return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])


def _on_segment(a, b, p) -> bool:
    return min(a[0], b[0]) <= p[0] <= max(a[0], b[0]) and min(a[1], b[1]) <= p[1] <= max(a[1], b[1])


def segment_contact(a, b, c, d) -> str | None:
    """How two segments meet: "cross" (interiors cross), "overlap" (collinear, sharing a
    stretch), "touch" (a single point that is an end of one of them), or None."""
    o1, o2, o3, o4 = _orient(a, b, c), _orient(a, b, d), _orient(c, d, a), _orient(c, d, b)
    if 0 not in (o1, o2, o3, o4):
        return "cross" if (o1 > 0) != (o2 > 0) and (o3 > 0) != (o4 > 0) else None
    if o1 == o2 == 0:  # collinear
        shared = [p for p in (c, d) if _on_segment(a, b, p)] + [p for p in (a, b) if _on_segment(c, d, p)]
        distinct = {tuple(p) for p in shared}
        if not distinct:
            return None
        return "overlap" if len(distinct) > 1 else "touch"
    if (o1 == 0 and _on_segment(a, b, c)) or (o2 == 0 and _on_segment(a, b, d)) \
            or (o3 == 0 and _on_segment(c, d, a)) or (o4 == 0 and _on_segment(c, d, b)):
        return "touch"
    return None


def validity_problems(geometry: dict) -> list[str]:
    """OGC simple-feature problems of a (multi)polygon's rings, simplified: edges that cross
    or overlap, and a ring touching itself. Rings of
    different polygons or holes may touch at single points (allowed by OGC); whether polygons
    overlap by area is not checked."""
    problems, edges = [], []
    rid = 0
    for rings in polygons_of(geometry):
        for ring in rings:
            # Repeated consecutive vertices are allowed by OGC: drop them before comparing edges.
            pts = [tuple(c) for i, c in enumerate(ring) if i == 0 or c != ring[i - 1]]
            n = len(pts) - 1
            edges += [(rid, i, pts[i], pts[i + 1], n) for i in range(n)]
            rid += 1
    for k, (r1, i1, a, b, n1) in enumerate(edges):
        for r2, i2, c, d, _ in edges[k + 1:]:
            adjacent = r1 == r2 and (abs(i1 - i2) == 1 or abs(i1 - i2) == n1 - 1)
            contact = segment_contact(a, b, c, d)
            if contact is None or (adjacent and contact == "touch"):
                continue
            if contact == "touch" and r1 != r2:
                continue
            problems.append(f"{contact} {'dans un anneau' if r1 == r2 else 'entre anneaux'} vers ({(a[0] + b[0]) / 2:.5f}, {(a[1] + b[1]) / 2:.5f})")
    return problems


# ---------------------------------------------------------------------------------------------
# Properties

def placement(precision: str, reason: str) -> dict:
    """The placement of a feature whose place its source gives (an outline, a point, a row per
    commune)."""
    return {"precision_geometrie": precision, "motif_precision": reason, "emplacement": STATED}


def signed_area(ring: list[list[float]]) -> float:
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:])) / 2


def rfc7946(geometry: dict | None) -> dict | None:
    """Rings oriented as RFC 7946 asks (exterior counter-clockwise, holes clockwise). Only the
    order of the vertices changes, never a coordinate."""
    if geometry is None or geometry["type"] not in ("Polygon", "MultiPolygon"):
        return geometry
    polygons = []
    for rings in polygons_of(geometry):
        fixed = []
        for i, ring in enumerate(rings):
            ccw = signed_area(ring) > 0
            fixed.append(ring if ccw == (i == 0) else ring[::-1])
        polygons.append(fixed)
    coords = polygons[0] if geometry["type"] == "Polygon" else polygons
    return {"type": geometry["type"], "coordinates": coords}


def feature(props: dict, geometry: dict | None) -> dict:
    return {"type": "Feature", "geometry": rfc7946(geometry), "properties": props}


def ordered(kind: str, item: dict) -> dict:
    keys = LAYER_KEYS[kind] + PLACEMENT_KEYS + SOURCE_KEYS
    unknown = set(item) - set(keys)
    if unknown:
        raise BuildError(f"{kind} {item.get('id') or item.get('code')}: champs inconnus {sorted(unknown)}")
    return {k: item[k] for k in keys if k in item}


class Context:
    def __init__(self, src: Sources):
        self.src = src
        self.manifest = tomllib.loads((TERRITORY / "territory.toml").read_text(encoding="utf-8"))
        self.members = {c["insee"]: c["name"] for c in self.manifest["communes"]}
        self.programmes = {p["id"] for p in self.manifest.get("programmes", [])}
        self.perimeter_codes: set[str] = set()
        self.operation_ids: set[str] = set()
        self.warnings: list[str] = []
        self.citations_checked = 0

    def curated(self, kind: str, item: dict) -> dict:
        """Checks a curated item and turns `section` + `citations` into `source_section`."""
        item = dict(item)
        where = f"{kind} {item.get('id') or item.get('code')}"
        doc = item["source_document"]
        citations = item.pop("citations", [])
        section = item.pop("section")
        if not citations:
            raise BuildError(f"{where}: aucune citation")
        for c in citations:
            d, line, text = (doc, *c) if len(c) == 2 else c
            check_citation(self.src, d, line, text, where)
            self.citations_checked += 1
        item["source_section"] = f"{section} — {render_citations(citations, doc)}"
        for field in ("description", "dates_texte", "motif_precision"):
            if field in item:
                self.citations_checked += check_inline_citations(self.src, item[field], doc, f"{where}.{field}")
                # Other quotes must be words of the source too: errors in dates_texte (the dates
                # as the source words them), warnings elsewhere (labels like « en études »).
                if not doc.endswith((".txt", ".md")):
                    continue
                whole = self.src.whole(doc)
                for quote in top_level_quotes(without_line_refs(item[field])):
                    if collapse(quote) not in whole:
                        message = f"{where}.{field}: « {quote} » ne figure pas dans {doc}"
                        if field == "dates_texte":
                            raise BuildError(message)
                        self.warnings.append(message)
        self.check_placement_basis(item, where)
        self.check_interpretations(item, doc, where)
        if kind in ("operation", "equipment"):
            date_status(item, self.src.document_date(doc, where), where)
        self.check_common(kind, item, where)
        return ordered(kind, item)

    def check_placement_basis(self, item: dict, where: str) -> None:
        """Every curated place says whether the source gives it or it was inferred, and from
        what."""
        basis = item.get("emplacement")
        if basis not in PLACEMENT_BASES:
            raise BuildError(f"{where}: emplacement « {basis} » : attendu {sorted(PLACEMENT_BASES)}")
        if (basis == INFERRED) != bool(item.get("deduit_de")):
            raise BuildError(f"{where}: deduit_de est requis pour un emplacement déduit, et seulement pour lui")

    def check_interpretations(self, item: dict, doc: str, where: str) -> None:
        """An interpreted field keeps the source's words: each is checked on its line."""
        for i in item.get("interpretations", []):
            if set(i) != INTERPRETATION_KEYS or not i["motif"]:
                raise BuildError(f"{where}: interprétation mal formée {i}")
            field = i["champ"].split(".")[0]
            if not item.get(field):
                raise BuildError(f"{where}: interprétation du champ « {i['champ']} », vide ou absent")
            check_citation(self.src, doc, i["ligne"], i["texte_source"], f"{where}.interpretations")
            self.citations_checked += 1

    def check_common(self, kind: str, item: dict, where: str) -> None:
        p = item["precision_geometrie"]
        if p not in PRECISIONS:
            raise BuildError(f"{where}: précision « {p} » inconnue")
        if not item.get("motif_precision"):
            raise BuildError(f"{where}: motif_precision vide")
        communes = item.get("insee_com", [])
        if isinstance(communes, str):
            communes = [communes]
        for c in communes:
            if c not in self.members:
                raise BuildError(f"{where}: commune {c} hors du territoire")
        if p == "perimeter":
            if item.get("perimetre") not in self.perimeter_codes:
                raise BuildError(f"{where}: périmètre « {item.get('perimetre')} » inconnu")
        elif "perimetre" in item:
            raise BuildError(f"{where}: « perimetre » donné sans précision perimeter")
        if p == "commune" and len(communes) != 1:
            raise BuildError(f"{where}: précision commune : exactement une commune attendue")
        if kind == "operation":
            if item["programme"] not in self.programmes:
                raise BuildError(f"{where}: programme « {item['programme']} » absent de territory.toml")
            if item["type"] not in OPERATION_KINDS:
                raise BuildError(f"{where}: type « {item['type']} » inconnu")
            for f in ("date_debut", "date_fin"):
                if item[f] is not None and not FUZZY_DATE.match(item[f]):
                    raise BuildError(f"{where}: {f} « {item[f]} » n'est pas une date AAAA[-MM[-JJ]|-Tn|-Sn]")
            for fund in item["financements"]:
                if set(fund) - {"financeur", "montant_eur", "qualificatif"}:
                    raise BuildError(f"{where}: financement mal formé")
        if kind in ("operation", "equipment"):
            if item["statut"] not in STATUSES:
                raise BuildError(f"{where}: statut « {item['statut']} » inconnu")
            if item["statut"] != "non renseigné" and not FUZZY_DATE.match(item.get("statut_date") or ""):
                raise BuildError(f"{where}: statut « {item['statut']} » sans statut_date valide")
        if kind == "equipment" and item["operation"] is not None and item["operation"] not in self.operation_ids:
            raise BuildError(f"{where}: opération « {item['operation']} » inconnue")
        if kind == "perimeter" and item["type"] not in PERIMETER_KINDS:
            raise BuildError(f"{where}: type « {item['type']} » inconnu")


def date_status(item: dict, document: dict, where: str) -> None:
    """Gives a status its date: the date the source gives it (`statut_date_origine` « source »,
    worded in `dates_texte`), otherwise the document's date (documents/dates.json). The
    document's date goes to `source_date`. A status « non renseigné » has no date to give."""
    item["source_date"] = document["date"]
    given = item.get("statut_date")
    if item["statut"] == "non renseigné":
        if given is not None:
            raise BuildError(f"{where}: statut_date donnée pour un statut non renseigné")
        item["statut_date"] = None
        return
    if given is None:
        item["statut_date"], item["statut_date_origine"] = document["date"], document["origine"]
        return
    if item.get("statut_date_origine") != "source":
        raise BuildError(f"{where}: statut_date donnée sans statut_date_origine « source »")
    if not FUZZY_DATE.match(given):
        raise BuildError(f"{where}: statut_date « {given} » n'est pas une date AAAA[-MM[-JJ]|-Tn|-Sn]")
    if given[:4] not in item.get("dates_texte", ""):
        raise BuildError(f"{where}: l'année de statut_date « {given} » n'est pas dans dates_texte (les mots de la source)")
    if document["origine"] == "document" and given[:4] > document["date"][:4]:
        raise BuildError(f"{where}: statut_date « {given} » postérieure au document ({document['date']}) : c'est une prévision, pas un état")


# ---------------------------------------------------------------------------------------------
# Layers

def build_boundary(ctx: Context) -> list[dict]:
    rel = "qualicharge/epci_annemasse_agglo.geojson"
    fc = ctx.src.json(rel)
    feats = [f for f in fc["features"] if f["properties"]["code"] == ctx.manifest["epci_siren"]]
    if len(feats) != 1:
        raise BuildError(f"{rel}: une seule entité {ctx.manifest['epci_siren']} attendue")
    f = feats[0]
    props = {
        "code": f["properties"]["code"],
        "nom": f["properties"]["nom"],
        **placement("approximate", "Contour de l'agglomération tiré des contours administratifs Etalab 2024, publiés à 100 m près : la limite peut être décalée d'une centaine de mètres (elle est plus grossière que les contours des communes)."),
        "source_document": rel,
        "source_section": f"entité code={f['properties']['code']} (SOURCES.md §3 : extrait de src/metabase/maps/region_84_epci.geojson de MTES-MCT/qualicharge, contours administratifs Etalab 2024 à 100 m)",
    }
    return [feature(ordered("boundary", props), f["geometry"])]


def build_communes(ctx: Context) -> list[dict]:
    rel = "france-geojson/communes_annemasse_agglo.geojson"
    fc = ctx.src.json(rel)
    out = []
    for f in sorted(fc["features"], key=lambda f: f["properties"]["code"]):
        code = f["properties"]["code"]
        if code not in ctx.members:
            raise BuildError(f"{rel}: commune {code} hors du territoire")
        props = {
            "insee_com": code,
            "nom": f["properties"]["nom"],
            **placement("approximate", "Contour IGN ADMIN EXPRESS 2018 généralisé (environ 20 à 70 sommets par commune) : la limite communale peut être décalée de plusieurs dizaines de mètres."),
            "source_document": rel,
            "source_section": f"entité code={code} (SOURCES.md §2 : gregoiredavid/france-geojson, IGN ADMIN EXPRESS COG 2018, simplifié par mapshaper à 5 décimales)",
        }
        out.append(feature(ordered("commune", props), f["geometry"]))
    missing = set(ctx.members) - {f["properties"]["insee_com"] for f in out}
    if missing:
        raise BuildError(f"{rel}: communes manquantes {sorted(missing)}")
    return out


def national_qpv() -> dict[str, dict]:
    """Features of the national QPV layer (repaired at build time by the lead's
    `quartiers build-national`), when it exists, by code."""
    if not NATIONAL_QPV.exists():
        return {}
    with gzip.open(NATIONAL_QPV, "rt", encoding="utf-8") as fh:
        fc = json.load(fh)
    return {f["properties"].get("code"): f for f in fc.get("features", []) if f.get("geometry")}


def build_perimeters(ctx: Context) -> tuple[list[dict], list[str]]:
    rel = "gazetteer/qpv2024_annemasse_bbox.geojson"
    fc = ctx.src.json(rel)
    curated = json.loads((CURATED / "perimeters.json").read_text(encoding="utf-8"))
    national = national_qpv()
    notes = []
    out = []
    for f in sorted(fc["features"], key=lambda f: f["properties"]["code"]):
        p = f["properties"]
        extra = curated["qpv"].get(p["code"])
        if extra is None:
            raise BuildError(f"{rel}: {p['code']} sans entrée dans curated/perimeters.json")
        raw_problems = validity_problems(f["geometry"])
        geometry, document = f["geometry"], rel
        reason = "Contour officiel ANCT 2024 (QPV), coordonnées arrondies à ~11 m."
        section = f"entité code={p['code']} (SOURCES.md §1b : ANCT QPV 2024 via bpineau/gazetteer ; ancien nom et code 2015 : voir citations)"
        if p["code"] in national:
            geometry = national[p["code"]]["geometry"]
            document = "gazetteer/qpv.json.gz"
            section = (f"QPV code={p['code']} ; géométrie de la couche nationale {NATIONAL_QPV.relative_to(REPO)}, "
                       f"construite à partir de ce fichier (SOURCES.md §1a) ; ancien nom et code 2015 : voir citations")
            if raw_problems:
                reason = ("Contour officiel ANCT 2024 (QPV), coordonnées arrondies à ~11 m. L'arrondi faisait se recouper "
                          "le contour publié en un point ; il a été rendu valide comme dans la couche nationale "
                          "(la surface change d'environ 0,1 %).")
            notes.append(f"{p['code']}: géométrie reprise de {NATIONAL_QPV.relative_to(REPO)}")
        elif raw_problems:
            notes.append(f"{p['code']}: contour publié NON valide et couche nationale absente : écrit tel quel")
        if raw_problems:
            notes.append(f"{p['code']}: contour publié : {len(raw_problems)} problème(s), ex. {raw_problems[:2]}")
        problems = validity_problems(geometry)
        notes.append(f"{p['code']}: contour écrit : {'valide' if not problems else problems[:3]}")
        item = {
            "code": p["code"],
            "nom": p["label"],
            "type": "qpv",
            "insee_com": list(p["insee"]),
            "millesime": 2024,
            "codes_predecesseurs": extra["codes_predecesseurs"],
            "codes_successeurs": [],
            "anciens_noms": extra["anciens_noms"],
            **placement("exact", reason),
            "source_document": document,
            "section": section,
            "citations": extra["citations"],
        }
        ctx.perimeter_codes.add(p["code"])
        out.append(feature(ctx.curated("perimeter", item), geometry))
    for item in curated["veille_active"]:
        ctx.perimeter_codes.add(item["code"])
        out.append(feature(ctx.curated("perimeter", item), None))
    return out, notes


def build_transit_stations(ctx: Context, communes: list[dict]) -> tuple[list[dict], list[str]]:
    rel = "gazetteer/osm_transit_stations_annemasse_bbox.geojson"
    fc = ctx.src.json(rel)
    fetched = fc.get("meta", {}).get("fetched_at", "")[:10]
    kinds = {"train": "gare", "tram": "arrêt de tram"}
    margin_m = 100.0  # commune outlines are generalised: tens of metres off (SOURCES.md §2)
    notes, out = [], []
    for f in fc["features"]:
        p = f["properties"]
        if p["type"] not in kinds:
            raise BuildError(f"{rel}: type OSM « {p['type']} » non prévu")
        lon, lat = f["geometry"]["coordinates"]
        hits = [c for c in communes if contains(c["geometry"], lon, lat)]
        insee, commune_note = [], ""
        if hits:
            c = hits[0]
            d = distance_to_edges_m(c["geometry"], lon, lat)
            name = c["properties"]["nom"]
            if d >= margin_m:
                insee = [c["properties"]["insee_com"]]
                commune_note = f" Commune {name} déduite de la position (à {d:.0f} m de la limite communale généralisée)."
            else:
                of = f"d'{name}" if name[0] in "AEIOUÉÈÊaeiouéèê" else f"de {name}"
                commune_note = (f" Commune non renseignée : l'arrêt est à {d:.0f} m de la limite {of} (contour généralisé), "
                                f"moins que la marge retenue de {margin_m:.0f} m pour l'imprécision des contours communaux.")
        else:
            commune_note = " Arrêt hors des 12 communes de l'agglomération d'après les contours communaux."
        notes.append(f"{p['name']} ({p['osm_type']}/{p['osm_id']}): {insee or '—'}")
        lines = ", ".join(p["lines"]) if p["lines"] else "non renseignées"
        props = {
            "id": f"osm-{p['osm_type']}-{p['osm_id']}",
            "nom": p["name"],
            "type": kinds[p["type"]],
            "insee_com": insee,
            "statut": "existant",
            # In service at the snapshot's date: the extract is the document.
            "statut_date": fetched,
            "statut_date_origine": "document",
            "source_date": fetched,
            "operation": None,
            "description": f"Lignes d'après OpenStreetMap : {lines}. Type « {p['type']} » d'OpenStreetMap.{commune_note} © les contributeurs d'OpenStreetMap, licence ODbL 1.0.",
            **placement("exact", f"Position du point OpenStreetMap de l'arrêt (relevé du {fetched}) : précise à quelques mètres ; un arrêt peut avoir un point par quai."),
            "source_document": rel,
            "source_section": f"OpenStreetMap {p['osm_type']}/{p['osm_id']}, via bpineau/gazetteer (SOURCES.md §1e), relevé Overpass du {fetched}",
        }
        ctx.check_common("equipment", props, props["id"])
        out.append(feature(ordered("equipment", props), f["geometry"]))
    return out, notes


def build_centralities(ctx: Context) -> list[dict]:
    rel = "anct-superposeur-v2/centralite_dep74.csv"
    with open(ctx.src.raw / rel, encoding="utf-8", newline="") as fh:
        rows = {r["insee_com"]: r for r in csv.DictReader(fh)}
    shared_service = {"74012", "74133", "74040", "74298"}
    service_quote = "Ce service partagé en 2017 par l’agglomération et les communes d’Annemasse, Gaillard, Bonne et Vétraz-Monthoux"
    check_citation(ctx.src, "000_e0d2307b5ad00c91.txt", 26, service_quote, "centralités")
    programmes = ctx.src.json("gazetteer/anct_programmes_annemasse_agglo.json")["communes"]
    out = []
    for insee in sorted(ctx.members):
        r = rows.get(insee)
        if r is None:
            raise BuildError(f"{rel}: commune {insee} absente")
        text = (f"Niveau de la commune dans la typologie des centralités (Inrae / Cesaer 2021, étude ANCT) : "
                f"« {r['niveau_centralite']} ». C'est une typologie des communes selon leur offre d'équipements "
                f"et de services, pas un périmètre de centralité commerciale.")
        if insee in shared_service:
            text += (" La commune fait partie du service mutualisé de management des centralités commerciales"
                     f" d'Annemasse Agglo (000_e0d2307b5ad00c91.txt, l. 26 : « {service_quote} »).")
        prog = programmes.get(insee)
        if prog and prog.get("acv"):
            text += (f" Programme Action Cœur de Ville signé le {prog['acv_signed_at']}"
                     + (f", opération de revitalisation de territoire (ORT) signée le {prog['ort_signed_at']}" if prog.get("ort") else "")
                     + " (gazetteer/anct_programmes_annemasse_agglo.json, listes ANCT).")
        props = {
            "id": f"centralite-{insee}",
            "nom": r["lib_com"],
            "niveau": r["niveau_centralite"],
            "insee_com": [insee],
            "description": text,
            **placement("commune", "Typologie des centres d'équipements et de services par commune, pas une carte des périmètres de centralité commerciale (non publiés) : elle est placée sur toute la commune."),
            "source_document": rel,
            "source_section": f"ligne insee_com={insee}, colonne niveau_centralite (SOURCES.md §5 : data/grilles/centralite.csv d'anct-carto/superposeur-V2)",
        }
        ctx.citations_checked += check_inline_citations(ctx.src, text, rel, f"centralite-{insee}")
        ctx.check_common("centrality", props, props["id"])
        out.append(feature(ordered("centrality", props), None))
    return out


def build_curated_layer(ctx: Context, kind: str, name: str) -> list[dict]:
    items = json.loads((CURATED / name).read_text(encoding="utf-8"))
    ids = [i["id"] for i in items]
    duplicates = {i for i in ids if ids.count(i) > 1}
    if duplicates:
        raise BuildError(f"{name}: identifiants en double {sorted(duplicates)}")
    if kind == "operation":
        ctx.operation_ids = set(ids)
    return [feature(ctx.curated(kind, i), None) for i in items]


# ---------------------------------------------------------------------------------------------
# Output

def collection(features: list[dict], pretty: bool) -> str:
    if pretty:
        body = json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False, indent=2)
        return body + "\n"
    lines = ",\n".join(json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in features)
    return '{"type":"FeatureCollection","features":[\n' + lines + ("\n" if features else "") + "]}\n"


def check_bbox(ctx: Context, name: str, features: list[dict]) -> None:
    lo_x, lo_y, hi_x, hi_y = ctx.manifest["bbox"]

    def walk(c):
        if isinstance(c[0], (int, float)):
            if not (lo_x <= c[0] <= hi_x and lo_y <= c[1] <= hi_y):
                raise BuildError(f"{name}: point {c} hors de la bbox du manifeste")
        else:
            for x in c:
                walk(x)

    for f in features:
        if f["geometry"] is not None:
            walk(f["geometry"]["coordinates"])


def inline_quotes(text: str) -> list[str]:
    """The quotes of a free text's `[doc, ]l. N : « … »` citations."""
    return [guillemet_spans(text, m.end() - 1)[0] for m in LINE_REF.finditer(text)]


def check_programmes(ctx: Context) -> None:
    """The programmes of territory.toml are facts like the others: their source_section cites
    lines that give every year they state, and their dates follow the document's."""
    for p in ctx.manifest.get("programmes", []):
        where = f"territory.toml, programme {p['id']}"
        doc, section = p["source_document"], p["source_section"]
        checked = check_inline_citations(ctx.src, section, doc, where)
        if checked == 0:
            raise BuildError(f"{where}: source_section ne cite aucune ligne (l. N : « … »)")
        ctx.citations_checked += checked
        quoted = " ".join(inline_quotes(section))
        for key in ("annee_debut", "annee_fin"):
            if key in p and str(p[key]) not in quoted:
                raise BuildError(f"{where}: {key} = {p[key]} n'est dans aucune citation")
        document = ctx.src.document_date(doc, where)
        if p.get("source_date") != document["date"]:
            raise BuildError(f"{where}: source_date « {p.get('source_date')} » ; la date du document est « {document['date']} »")
        if "statut_date" in p:
            if not FUZZY_DATE.match(p["statut_date"]) or p.get("statut_date_origine") not in DOCUMENT_DATE_ORIGINS | {"source"}:
                raise BuildError(f"{where}: statut_date ou statut_date_origine invalide")
            if p["statut_date"][:4] not in quoted:
                raise BuildError(f"{where}: l'année de statut_date « {p['statut_date']} » n'est dans aucune citation")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sources", type=Path, default=REPO / "data" / "sources",
                    help="the documents/ and raw/ folders (default: data/sources)")
    ap.add_argument("--check", action="store_true", help="fail if a file would change; write nothing")
    args = ap.parse_args()
    try:
        ctx = Context(Sources(args.sources.resolve()))
        check_programmes(ctx)
        communes = build_communes(ctx)
        perimeters, perimeter_notes = build_perimeters(ctx)
        stations, station_notes = build_transit_stations(ctx, communes)
        operations = build_curated_layer(ctx, "operation", "operations.json")
        layers = {
            "boundary.geojson": (build_boundary(ctx), False),
            "communes.geojson": (communes, False),
            "perimeters.geojson": (perimeters, False),
            "transit_stations.geojson": (stations, False),
            "centralities.geojson": (build_centralities(ctx), True),
            "corridors.geojson": ([], False),
            "operations.geojson": (operations, True),
            "equipment.geojson": (build_curated_layer(ctx, "equipment", "equipment.json"), True),
            "ilots.geojson": (build_curated_layer(ctx, "ilot", "ilots.json"), True),
        }
    except BuildError as e:
        print(f"erreur : {e}", file=sys.stderr)
        return 1
    changed = []
    for name, (features, pretty) in layers.items():
        check_bbox(ctx, name, features)
        text = collection(features, pretty)
        path = TERRITORY / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            changed.append(name)
            if not args.check:
                path.write_text(text, encoding="utf-8")
        print(f"{name}: {len(features)} entités")
    print(f"{ctx.citations_checked} citations vérifiées dans les documents sources")
    for w in ctx.warnings:
        print(f"avertissement : {w}")
    for n in perimeter_notes:
        print(f"périmètres : {n}")
    for n in station_notes:
        print(f"arrêts : {n}")
    return check_status(args.check, changed)


def check_status(check, changed):
    """The exit status of a build: 1 when --check finds files to regenerate (named on stderr)."""
    if check and changed:
        print(f"à régénérer : {', '.join(changed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
