"""OGC API – Features Part 3 against a running Quartiers server, checked by pygeofilter (PyPI,
an independent CQL2 implementation): each filter's answer from the server, in cql2-text and in
the cql2-json pygeofilter writes from the same text, equals pygeofilter's own evaluation over
every feature of the collection (a comparison with null is not true, as the standard says).
Then paging keeps the filter, filter-crs, sortby, properties, and the 400 answers.

Usage: cql2_check.py BASE_URL WORKDIR (appends to WORKDIR/passed and WORKDIR/failed).
"""

import json
import os
import sys
import unicodedata
import urllib.error
import urllib.parse
import urllib.request

from pygeofilter import ast
from pygeofilter.backends.cql2_json import to_cql2
from pygeofilter.backends.native.evaluate import NativeEvaluator
from pygeofilter.parsers.cql2_text import parse as parse_text
import shapely.geometry

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from report import Report  # noqa: E402

BASE, WORK = sys.argv[1], sys.argv[2]
L93 = "http://www.opengis.net/def/crs/EPSG/0/2154"
report = Report('')
check = report.check


def get(path, **params):
    url = BASE + path + ("?" + urllib.parse.urlencode(params) if params else "")
    try:
        with urllib.request.urlopen(url, timeout=60) as r:
            return r.status, r.headers.get("Content-Type"), json.load(r)
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type"), json.load(e)


def every(collection, **params):
    """Every feature of a request, following the next links."""
    status, _, doc = get(f"/collections/{collection}/items", limit=1000, **params)
    assert status == 200, doc
    features, matched = list(doc["features"]), doc["numberMatched"]
    while nxt := next((link["href"] for link in doc["links"] if link["rel"] == "next"), None):
        with urllib.request.urlopen(nxt, timeout=60) as r:
            doc = json.load(r)
        features += doc["features"]
    return features, matched


def accenti(s):
    return "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c))


def attributes(node):
    """The property names a node reads."""
    if isinstance(node, ast.Attribute):
        return {node.name}
    subs = node.get_sub_nodes() if isinstance(node, ast.Node) else []
    return set().union(*(attributes(n) for n in (subs or []) if n is not None))


def three_valued(node, item, leaf):
    """SQL's three-valued logic, as CQL2 has it: a predicate on a null property is unknown
    (None), not false, so `unknown OR true` is true and `NOT unknown` stays unknown."""
    if isinstance(node, ast.And):
        a, b = three_valued(node.lhs, item, leaf), three_valued(node.rhs, item, leaf)
        return False if a is False or b is False else (None if a is None or b is None else True)
    if isinstance(node, ast.Or):
        a, b = three_valued(node.lhs, item, leaf), three_valued(node.rhs, item, leaf)
        return True if a is True or b is True else (None if a is None or b is None else False)
    if isinstance(node, ast.Not):
        v = three_valued(node.sub_node, item, leaf)
        return None if v is None else not v
    if not isinstance(node, ast.IsNull) and any(item.get(a) is None for a in attributes(node)):
        return None
    try:
        return bool(leaf(node)(item))
    except TypeError:
        return None


def pygeofilter_ids(features, cql):
    evaluator = NativeEvaluator(function_map={"lower": str.lower, "accenti": accenti}, use_getattr=False)
    tree = parse_text(cql)
    out = []
    for f in features:
        item = dict(f["properties"])
        item["geometry"] = shapely.geometry.shape(f["geometry"]) if f["geometry"] else None
        if three_valued(tree, item, evaluator.evaluate) is True:
            out.append(f["id"])
    return sorted(out)


def standard_between(node):
    """pygeofilter writes BETWEEN in cql2-json as `[property, [low, high]]`, an early draft's
    form; CQL2 1.0 (OGC 21-065r2, the JSON schema's betweenPredicate) has three arguments:
    `[property, low, high]`. Rewritten so the server is asked what the standard says."""
    if isinstance(node, list):
        return [standard_between(n) for n in node]
    if not isinstance(node, dict):
        return node
    node = {k: standard_between(v) for k, v in node.items()}
    args = node.get("args")
    if node.get("op") == "between" and len(args) == 2 and isinstance(args[1], list):
        node["args"] = [args[0], *args[1]]
    return node


FILTERS = [
    # The two questions of the issue.
    ("operations", "programme LIKE 'npnru%' AND statut = 'programmé' AND logements > 100"),
    ("qpv", "code LIKE 'QN059%' AND CASEI(nom) LIKE '%centre%'"),
    ("qpv", "S_INTERSECTS(geometry, POINT(6.2438 46.1856))"),
    ("qpv", "S_INTERSECTS(geometry, POLYGON((6.1 46.1, 6.4 46.1, 6.4 46.3, 6.1 46.3, 6.1 46.1))) AND NOT (nom LIKE '%Perrier%')"),
    ("operations", "logements BETWEEN 100 AND 600 OR statut IN ('réalisé', 'en travaux')"),
    ("operations", "NOT (logements > 100)"),
    ("operations", "logements IS NULL AND type = 'équipement'"),
    ("equipements", "ACCENTI(CASEI(type)) LIKE '%ecole%' OR ACCENTI(CASEI(nom)) LIKE '%ecole%'"),
    ("communes", "S_WITHIN(geometry, POLYGON((6.0 46.0, 6.5 46.0, 6.5 46.4, 6.0 46.4, 6.0 46.0)))"),
    # The national references: a contract's posts of a year, the trams around Annemasse.
    ("postes", "code_cv = 'CN05903M' AND annee = 2025"),
    ("gares", "S_INTERSECTS(geometry, POLYGON((6.1 46.1, 6.4 46.1, 6.4 46.3, 6.1 46.3, 6.1 46.1))) AND type = 'tram'"),
]

for collection, cql in FILTERS:
    everything, _ = every(collection)
    expected = pygeofilter_ids(everything, cql)
    text, matched = every(collection, filter=cql)
    got = sorted(f["id"] for f in text)
    check(f"{collection} [{cql}]: {len(got)} features = pygeofilter's", got == expected and matched == len(got),
          f"server {got[:8]} ({matched} matched), pygeofilter {expected[:8]}")
    if "CASEI" in cql:
        continue  # pygeofilter writes CASEI in JSON as {"lower": …}, which CQL2 does not define
    as_json = json.dumps(standard_between(json.loads(to_cql2(parse_text(cql)))))
    js, _ = every(collection, filter=as_json, **{"filter-lang": "cql2-json"})
    check(f"{collection}: the same filter in cql2-json (pygeofilter's) gives the same features",
          sorted(f["id"] for f in js) == got, as_json)

# Paging: numberMatched counts the filtered set, next links keep the filter.
cql = "statut = 'programmé'"
status, _, page = get("/collections/operations/items", filter=cql, limit=3)
nxt = next((link["href"] for link in page["links"] if link["rel"] == "next"), "")
check("paging: numberMatched counts the filtered set and next keeps the filter",
      status == 200 and page["numberMatched"] > 3 and page["numberReturned"] == 3
      and "filter=" in nxt and all(f["properties"]["statut"] == "programmé" for f in page["features"]),
      (page.get("numberMatched"), nxt))

# filter-crs: the same point in Lambert-93 selects the same QPV.
status, _, l93 = get("/collections/qpv/items", filter="S_INTERSECTS(geometry, POINT(950130 6570223))",
                     **{"filter-crs": L93})
check("filter-crs EPSG:2154: Le Perrier's QPV", status == 200 and [f["id"] for f in l93["features"]] == ["QN07401M"],
      [f["id"] for f in l93.get("features", [])])

# sortby and properties.
status, _, doc = get("/collections/operations/items", sortby="-logements,titre", properties="titre,logements", limit=100)
dwellings = [f["properties"].get("logements") for f in doc["features"]]
known = [d for d in dwellings if d is not None]
check("sortby=-logements: decreasing, nulls last",
      status == 200 and known == sorted(known, reverse=True) and dwellings[: len(known)] == known, dwellings)
check("properties=titre,logements: only these",
      all(list(f["properties"]) == ["titre", "logements"] for f in doc["features"]), doc["features"][0]["properties"])

# Refusals: a 400 problem+json in French naming the position or the property.
for name, params, needle in [
    ("malformed filter", {"filter": "logements >> 100"}, "colonne"),
    ("unknown property", {"filter": "logement > 100"}, "logement"),
    ("type mismatch", {"filter": "logements = 'beaucoup'"}, "logements"),
    ("unknown filter-lang", {"filter": "logements > 1", "filter-lang": "ecql"}, "filter-lang"),
    ("unknown sortby key", {"sortby": "inconnu"}, "inconnu"),
]:
    status, ctype, body = get("/collections/operations/items", **params)
    check(f"{name}: 400 problem+json naming it", status == 400 and ctype == "application/problem+json"
          and needle in body.get("detail", ""), (status, ctype, body))

sys.exit(report.finish(WORK, 'CQL2 checks'))
