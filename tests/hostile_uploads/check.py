"""Hostile uploads through `POST /admin/import` and `quartiers import` (issue 18).

Every crafted file is answered by a 4xx problem+json (HTTP) or a non-zero exit naming the
file (CLI), with nothing staged (the store's last import id unchanged), the served data
version untouched and the versions table unchanged; no request ever reaches the loopback
listener the files point GDAL at; the server stays up with a bounded peak memory.

Usage: check.py QUARTIERS_BIN WORKDIR
"""

import http.server
import json
import math
import os
import sqlite3
import struct
import subprocess
import sys
import threading
import time
import urllib.request
import zipfile
import zlib

BIN, WORK = sys.argv[1], sys.argv[2]
SLUG = "annemasse-agglo"
STORE = f"{WORK}/store.gpkg"
ENV = {**os.environ, "QUARTIERS_STORE": STORE, "QUARTIERS_DATA": "data", "QUARTIERS_AUTHOR": "e2e"}
results = {"passed": 0, "failed": 0}


def check(name, ok, detail=""):
    results["passed" if ok else "failed"] += 1
    print(("ok - " if ok else "FAILED - ") + name + ("" if ok else f": {str(detail)[:600]}"))


# --- A listener every smuggled URL points at: it must never be called ----------------------
hits = []


class Trap(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 — http.server's naming
        hits.append(self.path)
        self.send_response(404)
        self.end_headers()

    do_HEAD = do_GET

    def log_message(self, *args):
        pass


trap = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Trap)
threading.Thread(target=trap.serve_forever, daemon=True).start()
TRAP = f"http://127.0.0.1:{trap.server_address[1]}"

# --- Crafted files -----------------------------------------------------------------------------
files = f"{WORK}/files"
os.makedirs(files, exist_ok=True)
with open(f"data/territories/{SLUG}/perimeters.geojson") as f:
    perimeters = json.load(f)


def write(name, data):
    path = f"{files}/{name}"
    with open(path, "wb" if isinstance(data, bytes) else "w") as f:
        f.write(data)
    return path


def zip_of(name, members):
    path = f"{files}/{name}"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for member, data in members:
            z.writestr(member, data)
    return path


def overlapping_bomb(name, inflated_mb, copies):
    """A few KB whose central directory names `copies` members, all the same deflated
    kernel of `inflated_mb` MiB of zeros (the overlapping-files zip bomb)."""
    raw = b"\0" * (inflated_mb << 20)
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    kernel = comp.compress(raw) + comp.flush()
    crc = zlib.crc32(raw)
    local = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, len(kernel), len(raw), 5, 0) + b"a.shp"
    central = b""
    for i in range(copies):
        n = f"{i:05d}.shp".encode()
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0, crc, len(kernel),
                               len(raw), len(n), 0, 0, 0, 0, 0, 0) + n
    body = local + kernel
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, copies, copies, len(central), len(body), 0)
    return write(name, body + central + end)


def lying_sizes(name, inflated_mb):
    """One member declaring 1 KiB that inflates to `inflated_mb` MiB."""
    path = zip_of(name, [("a.geojson", b"\0" * (inflated_mb << 20))])
    data = bytearray(open(path, "rb").read())
    cd = data.rfind(b"PK\x01\x02")
    struct.pack_into("<I", data, cd + 24, 1024)  # central directory: uncompressed size
    struct.pack_into("<I", data, 22, 1024)  # local header: uncompressed size
    return write(name, bytes(data))


def symlink_zip(name):
    path = f"{files}/{name}"
    with zipfile.ZipFile(path, "w") as z:
        info = zipfile.ZipInfo("perimetres.shp")
        info.create_system = 3
        info.external_attr = (0o120777 << 16)
        z.writestr(info, "/etc/passwd")
    return path


def geojson_line(vertices):
    coords = ",".join(f"[6.{i % 10000:04d},46.{(i // 10000) % 10000:04d}]" for i in range(vertices))
    return ('{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"X"},'
            '"geometry":{"type":"LineString","coordinates":[' + coords + "]}}]}")


shapefile = f"{WORK}/shp"
os.makedirs(shapefile, exist_ok=True)
subprocess.run(["ogr2ogr", "-f", "ESRI Shapefile", f"{shapefile}/p.shp", f"data/territories/{SLUG}/perimeters.geojson"],
               check=True, capture_output=True)
shx = bytearray(open(f"{shapefile}/p.shx", "rb").read())
for i in range(100, len(shx), 8):  # every record claims a 2 GB length
    struct.pack_into(">i", shx, i + 4, 0x3FFFFFFF)
lying_shx = zip_of("shx_menteur.zip", [(f"p.{e}", open(f"{shapefile}/p.{e}", "rb").read()) for e in ("shp", "dbf", "prj")]
                   + [("p.shx", bytes(shx))])
subprocess.run(["ogr2ogr", "-f", "GPKG", f"{WORK}/full.gpkg", "/vsigzip/data/france/qpv2024.geojson.gz", "-nln", "qpv"],
               check=True, capture_output=True)
whole = open(f"{WORK}/full.gpkg", "rb").read()

crs_link = dict(perimeters, crs={"type": "link", "properties": {"href": f"{TRAP}/crs.wkt", "type": "ogcwkt"}})
deep = "[" * 50_000 + "]" * 50_000
def perimeter_shaped(name, ring):
    """The first bundled perimeter with `ring` (lon/lat pairs around Annemasse) as outline."""
    first = dict(perimeters["features"][0])
    first["geometry"] = {"type": "Polygon", "coordinates": [ring + [ring[0]]]}
    return write(name, json.dumps({"type": "FeatureCollection", "features": [first]}))


# A bowtie whose first diagonal has 60,000 vertices: past the repair's bound (50,000).
knot = [[6.23 + 0.01 * i / 60000, 46.19 + 0.01 * i / 60000] for i in range(60000)] + [[6.24, 46.19], [6.23, 46.2]]
# A star of 150,000 spikes: valid, but every edge's box holds the centre (10¹⁰ pairs to compare).
star = [[6.235 + (0.005 if k % 2 == 0 else 0.00001) * math.cos(math.pi * k / 150000),
         46.195 + (0.005 if k % 2 == 0 else 0.00001) * math.sin(math.pi * k / 150000)] for k in range(300000)]

cases = [
    # name, file (or path), expected status, a word of the expected message
    ("a 60,000-vertex self-intersecting perimeter (repair bound)", perimeter_shaped("noeud.geojson", knot), 422, "trop grande"),
    ("a 300,000-vertex star perimeter (validity check bound)", perimeter_shaped("etoile.geojson", star), 422, "trop coûteuse"),
    ("zip bomb (150 overlapping members: a few KB declaring 1.5 GB)", overlapping_bomb("bombe.zip", 10, 150), 422, "décompressée"),
    ("zip declaring 1 KiB that inflates to 600 MiB", lying_sizes("tailles_menteuses.zip", 600), 422, "zip"),
    ("zip of 5,000 members", zip_of("membres.zip", [(f"f{i}.txt", b"") for i in range(5000)]), 422, "5000 fichiers"),
    ("path traversal in a member name", zip_of("traversee.zip", [("../../etc/x.shp", b"x")]), 422, "sortirait"),
    ("absolute member path", zip_of("absolu.zip", [("/etc/x.shp", b"x")]), 422, "sortirait"),
    ("symbolic link member", symlink_zip("lien.zip"), 422, "lien symbolique"),
    ("zip inside a zip", zip_of("gigogne.zip", [("interne.zip", open(lying_shx, "rb").read())]), 422, "archive dans l'archive"),
    ("VRT pointing at /etc/passwd", write("a.vrt", '<OGRVRTDataSource><OGRVRTLayer name="x"><SrcDataSource>/etc/passwd</SrcDataSource></OGRVRTLayer></OGRVRTDataSource>'), 422, "non accepté"),
    ("VRT named .gpkg", write("vrt.gpkg", f'<OGRVRTDataSource><OGRVRTLayer name="x"><SrcDataSource>/vsicurl/{TRAP}/x.geojson</SrcDataSource></OGRVRTLayer></OGRVRTDataSource>'), 422, "GPKG"),
    ("GeoJSON whose crs is a link to fetch", write("crs_lien.geojson", json.dumps(crs_link)), 422, "crs"),
    ("Shapefile whose .shx lies about record lengths", lying_shx, 422, "Invalid length"),
    ("GeoPackage truncated at 60 %", write("tronque.gpkg", whole[: len(whole) * 6 // 10]), 422, "malformed"),
    ("one feature of 5 million vertices (zipped)", zip_of("sommets.zip", [("sommets.geojson", geojson_line(5_000_000))]), 422, "sommets"),
    ("1,000,000 empty features (zipped)", zip_of("vides.zip", [("vides.geojson", '{"type":"FeatureCollection","features":[' + ",".join(['{"type":"Feature","properties":{},"geometry":null}'] * 1_000_000) + "]}")]), 422, "entités"),
    ("geometry nested 50,000 deep", write("imbrique.geojson", '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":' + deep + "}}]}"), 422, "recursion"),
    ("properties nested 50,000 deep", write("imbrique_props.geojson", '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"a":' + deep + '},"geometry":null}]}'), 422, "GDAL"),
]
for name, path, *_ in cases:
    assert os.path.exists(path), name
sizes = {name: os.path.getsize(path) for name, path, *_ in cases}

# --- The store and the server ------------------------------------------------------------------
subprocess.run([BIN, "versions"], env=ENV, check=True, capture_output=True)
token = os.urandom(16).hex()
token_hash = subprocess.run([BIN, "hash-token"], input=token, env=ENV, text=True, capture_output=True, check=True).stdout.strip()
port_socket = __import__("socket").socket()
port_socket.bind(("127.0.0.1", 0))
port = port_socket.getsockname()[1]
port_socket.close()
base = f"http://127.0.0.1:{port}"
with open(f"{WORK}/server.toml", "w") as f:
    f.write(f"""[admin]
token_hash = "{token_hash}"
max_upload_mb = 60
requests_per_minute = 1000
max_concurrent_imports = 1
[import]
max_uncompressed_mb = 200
""")
log = open(f"{WORK}/server.log", "w+")
server = subprocess.Popen([BIN, "serve", "--config", f"{WORK}/server.toml", "--store", STORE, "--addr", f"127.0.0.1:{port}",
                           "--web", f"{WORK}/no-web"], stdout=log, stderr=subprocess.STDOUT, env={**ENV, "RUST_LOG": "warn"})


def get(path):
    with urllib.request.urlopen(base + path, timeout=30) as r:
        return json.load(r)


for _ in range(480):
    try:
        get("/ready")
        break
    except Exception:  # noqa: BLE001 — not up yet
        if server.poll() is not None:
            break
        time.sleep(0.25)
else:
    server.kill()
if server.poll() is not None:
    log.seek(0)
    print(f"the server did not start:\n{log.read()[-3000:]}")
    print(f"{results['passed']} passed, {results['failed'] + 1} failed")
    sys.exit(1)


def state():
    """What must not change: the last staged import, the versions, the served data version."""
    db = sqlite3.connect(f"file:{STORE}?mode=ro", uri=True)
    try:
        last_import = db.execute("SELECT coalesce(max(id), 0) FROM quartiers_imports").fetchone()[0]
        versions = db.execute("SELECT count(*) FROM quartiers_versions").fetchone()[0]
    finally:
        db.close()
    return last_import, versions, get("/ready")["version_donnees"]


def rss_peak_kb():
    with open(f"/proc/{server.pid}/status") as f:
        return int(next(line for line in f if line.startswith("VmHWM:")).split()[1])


def upload(path, filename=None, layer="perimetres", extra=()):
    shown = filename or os.path.basename(path)
    # Files of this call only: the concurrent-imports check uploads from several threads.
    tag = f"{threading.get_ident()}-{time.monotonic_ns()}"
    answer, head = f"{WORK}/r-{tag}.json", f"{WORK}/h-{tag}.txt"
    cmd = ["curl", "-s", "-o", answer, "-D", head, "-w", "%{http_code}",
           "-H", f"Authorization: Bearer {token}", "-F", f"fichier=@{path};filename={shown}",
           "-F", f"territoire={SLUG}", "-F", f"couche={layer}"]
    for field in extra:
        cmd += ["-F", field]
    status = int(subprocess.run(cmd + [f"{base}/admin/import"], capture_output=True, text=True).stdout or 0)
    body = open(answer, encoding="utf-8", errors="replace").read() if os.path.exists(answer) else ""
    headers = open(head).read().lower() if os.path.exists(head) else ""
    for f in (answer, head):
        if os.path.exists(f):
            os.remove(f)
    return status, body, headers


def cli(path, *args, layer="perimetres"):
    p = subprocess.run([BIN, "import", "--territory", SLUG, "--layer", layer, path, *args], env=ENV,
                       capture_output=True, text=True, timeout=120)
    return p.returncode, p.stdout + p.stderr


before = state()
peak_before = rss_peak_kb()
for name, path, expected, word in cases:
    t0 = time.monotonic()
    status, body, headers = upload(path)
    took = time.monotonic() - t0
    problem = "application/problem+json" in headers
    check(f"HTTP {name} ({sizes[name] // 1024} KiB): {expected} problem+json « {word} » in {took:.1f} s",
          status == expected and problem and word in body and state() == before, f"{status} {body[:400]}")
    code, out = cli(path)
    # A file GDAL cannot read safely is an error (2); a read file whose features are refused
    # is a validation report (1: « Fichier refusé »).
    refused = 1 if word in ("trop grande", "trop coûteuse") else 2
    check(f"CLI {name}: exit {refused} naming the file", code == refused and os.path.basename(path) in out and word in out
          and state() == before, f"exit {code}: {out[-400:]}")
peak = rss_peak_kb()
check(f"server peak memory over all the hostile files: {peak_before // 1024} → {peak // 1024} MiB (≤ +400 MiB)",
      peak - peak_before <= 400 * 1024, peak)

# --- Names and fields smuggling a virtual path, a URL or a connection string -------------------
good = write("perimetres.geojson", json.dumps(perimeters))
for filename, word in [(f"/vsicurl/{TRAP}/x.geojson", None), ("PG:dbname=quartiers", "sans extension"),
                       ("../../../etc/passwd.geojson", None)]:
    status, body, headers = upload(good, filename=filename)
    if word:
        check(f"upload named {filename!r}: 422 « {word} »", status == 422 and word in body and state() == before, f"{status} {body[:300]}")
    else:
        # Reduced to a plain name in the private directory: GDAL reads the uploaded bytes.
        shown = json.loads(body).get("fichier", "") if status == 200 else ""
        check(f"upload named {filename!r}: read as the plain file {shown!r}",
              status == 200 and "/" not in shown and ":" not in shown, f"{status} {body[:300]}")
        before = state()
for field, word in [(f"scr_source={TRAP}/crs.wkt", "refusé"), ("scr_source=/etc/passwd", "refusé"),
                    (f"scr_source=/vsicurl/{TRAP}/crs", "refusé"), ("encodage=UTF-8,ENCODING=x", "encodage"),
                    (f"couche_source=/vsicurl/{TRAP}/x", "absente")]:
    status, body, headers = upload(good, extra=[field])
    check(f"field {field.split('=')[0]} = {field.split('=', 1)[1]!r}: 4xx « {word} »",
          400 <= status < 500 and word in body and "application/problem+json" in headers and state() == before,
          f"{status} {body[:300]}")
code, out = cli(f"/vsicurl/{TRAP}/x.geojson")
check("CLI path /vsicurl/…: not found, never fetched", code != 0 and "introuvable" in out, out[-300:])
code, out = cli(good, "--s-srs", f"{TRAP}/crs.wkt")
check("CLI --s-srs URL refused", code != 0 and "refusé" in out and state() == before, out[-300:])
smuggled = dict(perimeters)
smuggled["features"] = [dict(f, properties=dict(f["properties"], nom=f"/vsicurl/{TRAP}/nom", source_document=f"{TRAP}/doc"))
                        for f in perimeters["features"]]
status, body, _ = upload(write("champs.geojson", json.dumps(smuggled)))
check("virtual paths in field values are plain text (validated, never opened)", status in (200, 422), f"{status} {body[:300]}")
before = state()

# --- The CLI's bounds: the server's configuration file, or one flag per bound -------------------
n = len(perimeters["features"])
config = write("serveur.toml", f"[import]\nmax_features = {n - 1}\n")
code, out = cli(good, "--config", config)
check(f"CLI --config with [import] max_features = {n - 1}: the {n} perimeters refused, naming the file and the bound",
      code == 2 and "perimetres.geojson" in out and "max_features" in out and state() == before, f"exit {code}: {out[-300:]}")
code, out = cli(good, "--config", config, "--max-features", str(n))
check("CLI --max-features overrides the file: the same file validated", code == 0 and state() != before, f"exit {code}: {out[-300:]}")
before = state()
code, out = cli(good, "--max-vertices-per-feature", "3")
check("CLI --max-vertices-per-feature 3: refused, naming the feature and the bound",
      code == 2 and "n°" in out and "max_vertices_per_feature" in out and state() == before, f"exit {code}: {out[-300:]}")
code, out = cli(good, "--config", f"{WORK}/absent.toml")
check("CLI --config of a missing file: an error naming it, nothing staged",
      code != 0 and "absent.toml" in out and state() == before, f"exit {code}: {out[-300:]}")

# --- A global bound on concurrent imports --------------------------------------------------------
national = f"{WORK}/full.gpkg"
outcomes = []


def national_upload():
    outcomes.append(upload(national, layer="qpv")[:3])


threads = [threading.Thread(target=national_upload) for _ in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
statuses = sorted(s for s, _, _ in outcomes)
refused = [(b, h) for s, b, h in outcomes if s == 429]
check(f"4 simultaneous imports with max_concurrent_imports = 1: {statuses}",
      all(s in (200, 422, 429) for s in statuses) and refused and any(s != 429 for s in statuses)
      and all("retry-after: 5" in h and "max_concurrent_imports" in b for b, h in refused), outcomes)
status, body, _ = upload(national, layer="qpv")
check("after them, an import has a slot again", status in (200, 422), f"{status} {body[:200]}")

check("no request reached the listener the files pointed at", not hits, hits)
alive = server.poll() is None
server.terminate()
server.wait(timeout=30)
log.seek(0)
text = log.read()
check("server up to the end, no panic in its log", alive and "panicked" not in text, text[-2000:])
print(f"{results['passed']} passed, {results['failed']} failed")
sys.exit(1 if results["failed"] else 0)
