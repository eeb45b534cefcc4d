"""The feeds scenario against one running server and its store (issue 16).

Publishes real changes with the release binary (CLI) and the admin API — a status, a date, a
geometry, a removal, a rollback — and reads every endpoint back: the item history, the
changes since a date, the four Atom feeds (parsed by feedparser: no bozo), their validators
(ETag / If-None-Match, Last-Modified / If-Modified-Since), the HTML pages' feed links and the
OpenAPI document. Prints one `ok - …` or `FAILED - …` line per check and a last line
`RESULT <passed> <failed>`.

usage: scenario.py NAME BASE_URL TOKEN QUARTIERS_BIN WORKDIR  (QUARTIERS_STORE set)
"""

import copy
import json
import os
import subprocess
import sys
import time

import feedparser

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from suite_http import answer  # noqa: E402

name, base, token, qbin, work = sys.argv[1:6]
DATA = "data/territories/annemasse-agglo"
SLUG = "annemasse-agglo"
QUARTIER = "QN07401M"
POINT = (6.2438, 46.1856)  # Le Perrier, in QN07401M
STATUS_OP = "npnru-demolition-chateau-rouge"  # placed on QN07401M
DATE_OP = "npnru-perrier-convention"  # placed on QN07401M
GONE_OP = "npnru-perrier-protocole-prefiguration"  # placed on QN07401M
STATION = "osm-node-3457256296"  # Annemasse station, an exact point
results = {"passed": 0, "failed": 0}


def check(label, condition, detail=""):
    if condition:
        results["passed"] += 1
        print(f"ok - [{name}] {label}")
    else:
        results["failed"] += 1
        print(f"FAILED - [{name}] {label}")
        if detail:
            print(str(detail)[-2000:])
    return condition


def http(path, headers=None, data=None, method=None):
    """(status, headers, body bytes) of a request to the server: errors are answers too."""
    return answer(base + path, headers, data, method)


def get_json(path):
    status, _, body = http(path)
    return status, json.loads(body) if body else None


def admin(path, payload=None, files=None):
    """The admin API with the bearer token: JSON body, or a multipart upload."""
    headers = {"Authorization": f"Bearer {token}"}
    if files is not None:
        boundary = "quartiers-e2e-boundary"
        parts = []
        for key, value in files.items():
            if isinstance(value, tuple):
                filename, content = value
                parts.append(
                    f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"; filename="{filename}"\r\n'
                    f"Content-Type: application/geo+json\r\n\r\n".encode() + content + b"\r\n"
                )
            else:
                parts.append(
                    f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
                )
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
    else:
        body = json.dumps(payload).encode()
        headers["Content-Type"] = "application/json"
    status, _, answer = http(path, headers, body, "POST")
    return status, json.loads(answer) if answer else None


def cli(*args):
    return subprocess.run([qbin, *args], capture_output=True, text=True)


def served_data():
    """The data version the server serves (/ready's version_donnees, a hash of the data)."""
    return get_json("/ready")[1]["version_donnees"]


def wait_reloaded(previous, timeout_s=30):
    """Waits until the server serves other data than `previous`: a CLI publish is seen by the
    server's periodic check (reload_check_s), and /ready's version_magasin is the store's
    latest version, which the CLI's publish changes before the server has reloaded."""
    deadline = time.time() + timeout_s
    while time.time() < deadline:
        if served_data() != previous:
            return True
        time.sleep(0.2)
    return False


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def write(data, filename):
    path = os.path.join(work, filename)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False)
    return path


def feature(fc, fid):
    return next(f for f in fc["features"] if f["properties"]["id"] == fid)


FEEDS = {
    "quartier": f"/flux/quartiers/{QUARTIER}",
    "commune": "/flux/communes/74012",
    "territoire": f"/flux/territoires/{SLUG}",
    "lieu": f"/flux?lon={POINT[0]}&lat={POINT[1]}",
}


def read_feed(path, label):
    """The feed parsed by feedparser, checked as valid Atom 1.0."""
    status, headers, body = http(path)
    parsed = feedparser.parse(body)
    check(
        f"{label}: 200 application/atom+xml, Atom 1.0 without bozo",
        status == 200
        and headers.get("Content-Type", "").startswith("application/atom+xml")
        and not parsed.bozo
        and parsed.version == "atom10",
        f"{status} {headers.get('Content-Type')} bozo={parsed.get('bozo_exception')} {body[:300]!r}",
    )
    return parsed, headers


def titles(parsed):
    return [e.title for e in parsed.entries]


# --- Before any change: the bundled versions are the start, not news -------------------------
start = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - 1))
before = {}
for key, path in FEEDS.items():
    parsed, headers = read_feed(path, f"feed {key} before any change")
    before[key] = headers.get("ETag")
    check(f"feed {key}: no entry before any change", len(parsed.entries) == 0, titles(parsed))
status, history = get_json(f"/collections/operations/items/{SLUG}:{STATUS_OP}/historique")
check(
    "history of an operation starts with its bundled addition",
    status == 200
    and [v["nature"] for v in history["versions"]] == ["ajout"]
    and history["versions"][0]["etat_initial"] is True,
    history,
)

# --- 1. A status, through the CLI ----------------------------------------------------------
ops = load(f"{DATA}/operations.geojson")
served = served_data()
edited = copy.deepcopy(ops)
feature(edited, STATUS_OP)["properties"]["statut"] = "en travaux"
out = cli("import", "--territory", SLUG, "--layer", "operations", write(edited, "statut.geojson"),
          "--publish", "--comment", "démolition commencée")
check("CLI import --publish of a status change", out.returncode == 0, out.stdout + out.stderr)
check("the server follows the CLI's publish", wait_reloaded(served))
# The status is changed without its date: the title says so (issue 27).
status_title = ("Opération « Démolition de 140 logements sociaux à Château Rouge » : "
                "statut programmé → en travaux (date du statut inchangée)")
for key, path in FEEDS.items():
    parsed, headers = read_feed(path, f"feed {key} after the status change")
    entry = parsed.entries[0] if parsed.entries else None
    check(
        f"feed {key}: the status change is the newest entry, by its author, with the comment",
        entry is not None
        and entry.title == status_title
        and entry.author == "e2e"
        and "démolition commencée" in entry.summary
        and entry.link.startswith(base + "/#")
        and f"sel=operations/{SLUG}:{STATUS_OP}" in entry.link,
        titles(parsed),
    )
    check(f"feed {key}: a new ETag", headers.get("ETag") not in (None, before[key]), headers.get("ETag"))

# Validators: a reader polling with what it got is answered 304; an old ETag gets the feed.
path = FEEDS["quartier"]
_, headers, body = http(path)
etag, modified = headers.get("ETag"), headers.get("Last-Modified")
code, _, empty = http(path, {"If-None-Match": etag})
check("If-None-Match with the current ETag: 304, no body", code == 304 and empty == b"", code)
code, _, _ = http(path, {"If-Modified-Since": modified})
check("If-Modified-Since = Last-Modified: 304", code == 304, code)
code, _, _ = http(path, {"If-None-Match": before["quartier"]})
check("If-None-Match with the ETag before the publish: 200", code == 200, code)
parsed = feedparser.parse(body, etag=etag)
again = feedparser.parse(base + path, etag=etag, modified=modified)
check("feedparser's conditional GET gets 304", again.get("status") == 304, again.get("status"))
ids = [e.id for e in feedparser.parse(http(path)[2]).entries]
check("entry ids are stable from one read to the next", ids == [e.id for e in parsed.entries], ids)

# --- 2. A date, through the admin API -------------------------------------------------------
edited2 = copy.deepcopy(edited)
feature(edited2, DATE_OP)["properties"]["date_fin"] = "2026"
upload = json.dumps(edited2, ensure_ascii=False).encode()
code, report = admin("/admin/import", files={"fichier": ("operations.geojson", upload),
                                             "territoire": SLUG, "couche": "operations",
                                             "auteur": "API e2e"})
check("POST /admin/import of a date change", code == 200 and report.get("import"), report)
code, published = admin("/admin/publish", {"import": report.get("import") if report else 0,
                                           "commentaire": "convention prolongée"})
check("POST /admin/publish", code == 200, published)
parsed, _ = read_feed(FEEDS["commune"], "feed commune after the date change")
check(
    "feed commune: the date change first, then the status change",
    titles(parsed)[:2] == [
        "Opération « Convention NPNRU du quartier Perrier - Livron - Château Rouge » : fin 2024 → 2026",
        status_title,
    ],
    titles(parsed),
)
updated = [e.updated_parsed for e in parsed.entries]
check("entries newest first", updated == sorted(updated, reverse=True), updated)

# --- 3. A geometry, through the CLI: Annemasse station moved about 55 m north -----------------
equipment = load(f"{DATA}/equipment.geojson")
stations = load(f"{DATA}/transit_stations.geojson")
moved = copy.deepcopy(stations)
lon, lat = feature(moved, STATION)["geometry"]["coordinates"]
feature(moved, STATION)["geometry"]["coordinates"] = [lon, lat + 0.0005]
merged = {"type": "FeatureCollection", "features": equipment["features"] + moved["features"]}
served = served_data()
out = cli("import", "--territory", SLUG, "--layer", "equipements", write(merged, "equipements.geojson"),
          "--publish", "--comment", "position corrigée")
check("CLI import --publish of a moved station", out.returncode == 0, out.stdout + out.stderr)
check("the server follows", wait_reloaded(served))
parsed, _ = read_feed(f"/flux?lon={lon}&lat={lat + 0.0005}", "feed of the station's new place")
check(
    "feed lieu: the station's new position, with how far it moved",
    any(t.startswith("Équipement « Annemasse » : localisation modifiée (déplacement de 5") for t in titles(parsed)),
    titles(parsed),
)

# --- 4. A removal, through the CLI -----------------------------------------------------------
removed = copy.deepcopy(edited2)
removed["features"] = [f for f in removed["features"] if f["properties"]["id"] != GONE_OP]
served = served_data()
out = cli("import", "--territory", SLUG, "--layer", "operations", write(removed, "retrait.geojson"),
          "--publish", "--comment", "opération close")
check("CLI import --publish of a removal", out.returncode == 0, out.stdout + out.stderr)
check("the server follows", wait_reloaded(served))
gone_title = "Opération « Protocole de préfiguration du NPNRU (études 2017-2018) » supprimée"
parsed, _ = read_feed(FEEDS["lieu"], "feed lieu after the removal")
check("feed lieu: the removed operation (placed on the quartier) concerns the point",
      titles(parsed)[:1] == [gone_title], titles(parsed))
status, history = get_json(f"/collections/operations/items/{SLUG}:{GONE_OP}/historique")
check(
    "history of the removed operation: removal then bundled addition, no longer published",
    status == 200 and [v["nature"] for v in history["versions"]] == ["suppression", "ajout"]
    and history["publie"] is False,
    history,
)
code, _, _ = http(f"/collections/operations/items/{SLUG}:{GONE_OP}")
check("the removed operation itself is gone from the API (404)", code == 404, code)

# --- 5. A rollback, through the admin API, to the bundled operations ---------------------------
rows = json.loads(cli("versions", "--json").stdout)
seeded = next(v["numero"] for v in rows
              if v["territoire"] == SLUG and v["couche"] == "operations" and v["retour_a"] is None)
code, back = admin("/admin/rollback", {"version": seeded, "commentaire": "retour aux données livrées",
                                       "auteur": "API e2e"})
check("POST /admin/rollback to the bundled operations", code == 200, back)
parsed, _ = read_feed(FEEDS["quartier"], "feed quartier after the rollback")
top = titles(parsed)[:3]
check(
    "feed quartier: the rollback's changes first (operation back, status and date undone)",
    sorted(top) == sorted([
        "Opération « Protocole de préfiguration du NPNRU (études 2017-2018) » ajoutée",
        "Opération « Démolition de 140 logements sociaux à Château Rouge » : statut en travaux → programmé (date du statut inchangée)",
        "Opération « Convention NPNRU du quartier Perrier - Livron - Château Rouge » : fin 2026 → 2024",
    ]) and all(f"Retour à la version {seeded}" in e.summary for e in parsed.entries[:3])
    and parsed.entries[0].author == "API e2e",
    top,
)
status, history = get_json(f"/collections/operations/items/{SLUG}:{STATUS_OP}/historique")
natures = [v["nature"] for v in history["versions"]]
check(
    "history of the status operation: rollback, status, addition",
    natures == ["modification", "modification", "ajout"]
    and history["versions"][0]["retour_a"] == seeded
    and history["versions"][1]["champs"][0] == {"champ": "statut", "avant": "programmé", "apres": "en travaux"},
    history,
)

# --- /changements ----------------------------------------------------------------------------
status, changes = get_json(f"/changements?depuis={start}&quartier={QUARTIER}")
kinds = sorted((c["nature"], c["id"].split(":")[1]) for c in changes["changements"] if c["collection"] == "operations")
check(
    "/changements?depuis&quartier: the 6 changes of the quartier's operations since the start",
    status == 200
    and kinds == sorted([("modification", STATUS_OP), ("modification", DATE_OP), ("suppression", GONE_OP),
                         ("ajout", GONE_OP), ("modification", STATUS_OP), ("modification", DATE_OP)]),
    changes,
)
status, changes = get_json(f"/changements?depuis={start}&lon={lon}&lat={lat + 0.0005}&limite=1")
check("/changements?lon&lat&limite=1: one returned, the station's among them",
      status == 200 and changes["nb_renvoyes"] == 1 and changes["nb_changements"] >= 1, changes)
status, changes = get_json("/changements?depuis=2999-01-01")
check("/changements in the future: nothing", status == 200 and changes["nb_changements"] == 0, changes)
status, problem = get_json("/changements?depuis=hier")
check("/changements?depuis=hier: 400 in French", status == 400 and "AAAA-MM-JJ" in problem["detail"], problem)
status, problem = get_json("/flux/quartiers/QN99999Z")
check("unknown quartier: 404 problem", status == 404 and "inconnu" in problem["detail"], problem)
parsed, _ = read_feed("/flux/quartiers/QP074001", "feed by the 2015 code")
check("feed by the 2015 code is the quartier's", titles(parsed)[:3] == top, titles(parsed)[:3])

# --- Discoverability -------------------------------------------------------------------------
_, _, page = http(f"/collections/perimetres/items/{SLUG}:{QUARTIER}?f=html")
page = page.decode()
check(
    "HTML page of the quartier announces its feed (<link rel=alternate type=application/atom+xml>)",
    f'<link rel="alternate" type="application/atom+xml" href="/flux/quartiers/{QUARTIER}"' in page,
    page[:600],
)
_, _, page = http(f"/collections/operations/items/{SLUG}:{STATUS_OP}?f=html")
page = page.decode()
check("HTML page of an operation has its history section",
      "<h2>Historique</h2>" in page and "programmé → en travaux" in page, page[-1500:])
_, _, page = http("/?f=html")
check("landing page announces the territory's feed",
      f'href="/flux/territoires/{SLUG}"' in page.decode(), page[:600])
_, api = get_json("/api")
check("OpenAPI lists the feeds, /changements and the histories",
      all(p in api["paths"] for p in ["/flux", "/flux/quartiers/{code}", "/flux/communes/{insee}",
                                      "/flux/territoires/{slug}", "/changements",
                                      "/collections/operations/items/{featureId}/historique"]),
      sorted(api["paths"]))

print(f"RESULT {results['passed']} {results['failed']}")
