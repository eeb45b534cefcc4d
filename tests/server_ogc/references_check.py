"""The national references (issue 25) through GDAL's OAPIF driver and OWSLib, leanly: the
every-collection loops of check.py leave them out (postes alone is 14,000 rows),
so this lists and copies the 448 contracts (no geometry), filters the posts of one contract
(Maubeuge, CN05903M) by attribute in GDAL and by property and CQL2 in OWSLib, each against the
server's own count.

Usage: references_check.py BASE_URL WORKDIR (appends to WORKDIR/passed and WORKDIR/failed).
"""

import json
import os
import sys
import urllib.parse
import urllib.request

from osgeo import gdal, ogr

ogr.UseExceptions()
gdal.UseExceptions()

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from report import Report  # noqa: E402

BASE, WORK = sys.argv[1], sys.argv[2]
report = Report("")
check = report.check
CONTRACT = "CN05903M"


def get_json(path, **params):
    url = BASE + path + ("?" + urllib.parse.urlencode(params) if params else "")
    with urllib.request.urlopen(url, timeout=60) as r:
        return json.load(r)


def matched(collection, **params):
    return get_json(f"/collections/{collection}/items", limit=1, **params)["numberMatched"]


def server_ids(collection, **params):
    doc = get_json(f"/collections/{collection}/items", limit=10000, **params)
    return sorted(f["id"] for f in doc["features"])


ds = gdal.OpenEx(f"OAPIF:{BASE}", gdal.OF_VECTOR)

# GDAL copies every contract, each without geometry.
contrats = ds.GetLayerByName("contrats")
features = list(contrats)
n = matched("contrats")
check(f"GDAL OAPIF reads the {len(features)} contracts = numberMatched {n}", len(features) == n > 400, len(features))
check("GDAL: contracts have no geometry", all(f.GetGeometryRef() is None for f in features))
codes = {f.GetField("code_cv") for f in features}
check(f"GDAL: {CONTRACT} among the contracts", CONTRACT in codes)

# GDAL filters the posts of a contract (an attribute filter on a queryable).
postes = ds.GetLayerByName("postes")
postes.SetAttributeFilter(f"code_cv = '{CONTRACT}' AND annee = 2025")
got = sorted(f.GetField("source_ligne") for f in postes)
expected = get_json("/collections/postes/items", code_cv=CONTRACT, annee=2025, limit=1000)
want = sorted(f["properties"]["source_ligne"] for f in expected["features"])
check(f"GDAL attribute filter: {len(got)} posts of {CONTRACT} in 2025 = the server's",
      got == want and len(want) > 0, f"{got[:5]} != {want[:5]}")
ds = None

# OWSLib lists the references and filters the posts by property and by CQL2.
try:
    from owslib.ogcapi.features import Features

    w = Features(BASE)
    ids = [c["id"] for c in w.collections()["collections"]]
    check("OWSLib lists contrats, programmes, postes, gares",
          {"contrats", "programmes", "postes", "gares"} <= set(ids), ids)
    by_property = w.collection_items("postes", code_cv=CONTRACT, limit=1000)
    all_posts = server_ids("postes", code_cv=CONTRACT)
    check(f"OWSLib code_cv={CONTRACT}: {len(by_property['features'])} posts",
          sorted(f["id"] for f in by_property["features"]) == all_posts and len(all_posts) > 20,
          len(by_property["features"]))
    cql = f"code_cv = '{CONTRACT}' AND dispositif = 'fonjep'"
    by_cql = w.collection_items("postes", filter=cql, limit=1000)
    fonjep = [i for i in all_posts if "fonjep" in i]
    check(f"OWSLib CQL2 [{cql}]: {len(by_cql['features'])} FONJEP posts",
          sorted(f["id"] for f in by_cql["features"]) == fonjep and by_cql["numberMatched"] == len(fonjep) > 0,
          by_cql.get("numberMatched"))
    one = w.collection_item("contrats", CONTRACT)
    check("OWSLib reads a contract: its posts counted",
          one["geometry"] is None and one["properties"]["postes_publies"] == len(all_posts),
          one["properties"].get("postes_publies"))
except Exception as e:  # noqa: BLE001 — any client failure is a test failure
    check("OWSLib on the references", False, repr(e))

sys.exit(report.finish(WORK, "reference checks"))
