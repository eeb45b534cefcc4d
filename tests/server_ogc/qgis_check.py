"""QGIS's own OAPIF provider (Debian python3-qgis, headless) against a running Quartiers
server, in one process (QGIS is slow to start): every non-empty collection loads with as many
features as numberMatched, and a filtered layer holds what the server's CQL2 filter selects.

QGIS 3.22 (Debian 12) has no CQL2 in its OAPIF provider (it came with 3.28): its subset string
is evaluated by QGIS on the features it downloads, so the filtered layer checks that QGIS and
the server's filter agree on the same data.

Usage: qgis_check.py BASE_URL WORKDIR (appends to WORKDIR/passed and WORKDIR/failed).
"""

import json
import os
import sys
import urllib.parse
import urllib.request

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from qgis.core import QgsApplication, QgsFeatureRequest, QgsVectorLayer  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from report import REFERENCES, Report  # noqa: E402

BASE, WORK = sys.argv[1], sys.argv[2]
report = Report('QGIS ')
check = report.check


def get_json(path, **params):
    url = BASE + path + ("?" + urllib.parse.urlencode(params) if params else "")
    with urllib.request.urlopen(url, timeout=60) as r:
        return json.load(r)


def layer(collection):
    uri = f"url='{BASE}' typename='{collection}' pagingEnabled='true' preferCoordinatesForWfsT11='false'"
    return QgsVectorLayer(uri, collection, "OAPIF")


app = QgsApplication([], False)
app.initQgis()
try:
    # Every layer, and of the national references the stations (9,000 points).
    collections = [c["id"] for c in get_json("/collections")["collections"]
                   if c["id"] not in REFERENCES or c["id"] == "gares"]
    matched = {c: get_json(f"/collections/{c}/items", limit=1)["numberMatched"] for c in collections}
    for c in collections:
        if matched[c] == 0:
            continue
        lyr = layer(c)
        if not lyr.isValid():
            check(f"opens {c}", False, lyr.dataProvider().error().message() if lyr.dataProvider() else "invalid")
            continue
        n = sum(1 for _ in lyr.getFeatures(QgsFeatureRequest()))
        check(f"loads {c}: {n} features = numberMatched {matched[c]}", n == matched[c], n)

    # The SIG team's question: NPNRU operations still programmed with more than 100 dwellings.
    cql = "programme LIKE 'npnru%' AND statut = 'programmé' AND logements > 100"
    server = get_json("/collections/operations/items", filter=cql, limit=1000)
    expected = sorted(f["properties"]["id"] + "@" + f["properties"]["territoire"] for f in server["features"])
    lyr = layer("operations")
    lyr.setSubsetString("\"programme\" LIKE 'npnru%' AND \"statut\" = 'programmé' AND \"logements\" > 100")
    got = sorted(f["id"] + "@" + f["territoire"] for f in lyr.getFeatures())
    check(
        f"filtered layer: {len(got)} operations = the server's CQL2 filter ({len(expected)})",
        len(expected) > 0 and got == expected,
        f"{got} != {expected}",
    )
finally:
    lyr = None  # QGIS layers released before QGIS itself
    app.exitQgis()

code = report.finish(WORK, 'QGIS checks')
sys.stdout.flush()
# Python's teardown after exitQgis() destroys QGIS objects in an order QGIS does not expect and
# sometimes segfaults (after every check has passed): leave without it, the counts written.
os._exit(code)
