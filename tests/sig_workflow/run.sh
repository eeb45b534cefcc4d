#!/usr/bin/env bash
# The SIG team's workflow end to end (issue 6), with the release binary and GDAL's own tools:
# Lambert-93 Shapefile and GeoPackage made with ogr2ogr from the bundled perimeters, one QPV
# redrawn; import, diff, publish (CLI and admin API), the running server switching versions
# with no failed request under load, rollback; broken inputs refused with nothing changed;
# the addresses a redrawn perimeter gains and loses (CLI and API); kill -9 of the CLI during an
# import with publication and of the server during POST /admin/publish; ogrinfo on the store.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
need_release_bin sig_workflow
PY=/usr/bin/python3
here=tests/sig_workflow
work=$(mktemp -d)
export QUARTIERS_STORE="$work/store.gpkg" QUARTIERS_DATA=data QUARTIERS_AUTHOR=e2e
export QUARTIERS_ADDRESSES="$work/addresses"
SLUG=annemasse-agglo
PERIMETERS=data/territories/$SLUG/perimeters.geojson
pid=""
cleanup() {
  [ -n "$pid" ] && { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }
  rm -rf "$work"
}
trap cleanup EXIT

passed=0; failed=0
json() { "$PY" -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
nversions() { "$Q" versions --json | json 'len(d)'; }

# --- Sources, as the SIG team makes them -------------------------------------------------
# Lambert-93 GeoPackage of the bundled perimeters, then the QPV QN07402M grown by 40 m.
ogr2ogr -f GPKG -t_srs EPSG:2154 "$work/l93.gpkg" "$PERIMETERS" -nln perimetres 2>/dev/null
redrawn="CASE WHEN code = 'QN07402M' THEN ST_Buffer(geom, 40) ELSE geom END"
fields="type, insee_com, millesime, codes_predecesseurs, codes_successeurs, anciens_noms, precision_geometrie, motif_precision, source_document, source_section"
ogr2ogr -f GPKG "$work/sig.gpkg" "$work/l93.gpkg" -nln perimetres_2024 -dialect SQLite \
  -sql "SELECT $redrawn AS geom, code, nom, $fields FROM perimetres" 2>/dev/null
# Shapefile with the ANCT's field names (code_qp, lib_qp), lists as text, latin-1 with .cpg.
ogr2ogr -f "ESRI Shapefile" "$work/sig.shp" "$work/l93.gpkg" -dialect SQLite -lco ENCODING=ISO-8859-1 \
  -mapFieldType StringList=String \
  -sql "SELECT $redrawn AS geom, code AS code_qp, nom AS lib_qp, type, insee_com, millesime, precision_geometrie, motif_precision FROM perimetres" 2>/dev/null
(cd "$work" && zip -q sig.zip sig.shp sig.shx sig.dbf sig.prj sig.cpg)

# --- Addresses around two redrawn perimeters ------------------------------------------------
# QN07402M grown by 40 m and QN07401M shrunk by 30 m; a small BAN file of test addresses (not
# real ones) placed by GDAL: one in the band QN07402M gains (n°1), one in the band QN07401M
# loses (n°2), one deep inside QN07401M (n°3, stays), one 20 km away (n°4, never examined).
ogr2ogr -f GPKG "$work/adresses.gpkg" "$work/l93.gpkg" -nln perimetres -dialect SQLite -sql \
  "SELECT CASE code WHEN 'QN07402M' THEN ST_Buffer(geom, 40) WHEN 'QN07401M' THEN ST_Buffer(geom, -30) ELSE geom END AS geom, code, nom, $fields FROM perimetres" 2>/dev/null
ogr2ogr -f CSV "$work/points.csv" "$work/l93.gpkg" -dialect SQLite -s_srs EPSG:2154 -t_srs EPSG:4326 -lco GEOMETRY=AS_XY -sql \
  "SELECT 'entre' AS sens, ST_PointOnSurface(ST_Difference(ST_Buffer(geom, 40), geom)) AS geom FROM perimetres WHERE code = 'QN07402M'
   UNION ALL SELECT 'sort', ST_PointOnSurface(ST_Difference(geom, ST_Buffer(geom, -30))) FROM perimetres WHERE code = 'QN07401M'
   UNION ALL SELECT 'reste', ST_PointOnSurface(ST_Buffer(geom, -30)) FROM perimetres WHERE code = 'QN07401M'
   UNION ALL SELECT 'loin', ST_Translate(ST_PointOnSurface(geom), -20000, -20000, 0) FROM perimetres WHERE code = 'QN07401M'" 2>/dev/null
"$PY" - "$work/points.csv" "$work/ban.csv" <<'PY'
import csv, sys
header = ("id;id_fantoir;numero;rep;nom_voie;code_postal;code_insee;nom_commune;code_insee_ancienne_commune;"
          "nom_ancienne_commune;x;y;lon;lat;type_position;alias;nom_ld;libelle_acheminement;nom_afnor;"
          "source_position;source_nom_voie;certification_commune;cad_parcelles").split(";")
with open(sys.argv[1]) as points, open(sys.argv[2], "w", newline="") as out:
    w = csv.DictWriter(out, header, delimiter=";")
    w.writeheader()
    for n, p in enumerate(csv.DictReader(points), 1):
        w.writerow({"id": f"74012_essai_{n:05d}", "numero": n, "nom_voie": f"Rue d'Essai {p['sens']}",
                    "code_postal": "74100", "code_insee": "74012", "nom_commune": "Annemasse",
                    "lon": p["X"], "lat": p["Y"], "type_position": "entrée"})
PY
out=$("$Q" import-addresses "$work/ban.csv" 2>&1) && echo "$out" | grep -q "4 adresses" \
  && ok "BAN file of 4 test addresses imported" || ko "import-addresses" "$out"
# What the diff must say, whatever the reporter (CLI --json or the API): perimeter, direction, id.
address_moves='sorted((p["perimetre"].split()[0], s, a["id"]) for p in d["diff"]["adresses"]["perimetres"] for s in ("entrees", "sorties") for a in p[s]) + [d["diff"]["adresses"]["nb_adresses_examinees"]]'
expected_moves="[('QN07401M', 'sorties', '74012_essai_00002'), ('QN07402M', 'entrees', '74012_essai_00001'), 3]"
out=$("$Q" diff --territory $SLUG --layer perimetres "$work/adresses.gpkg" --json 2>>"$work/stderr") \
  && moves=$(echo "$out" | json "$address_moves") && [ "$moves" = "$expected_moves" ] \
  && ok "diff --json: n°1 enters QN07402M, n°2 leaves QN07401M, 3 examined (not the far one)" \
  || ko "diff --json addresses: ${moves:-}" "$out"
out=$("$Q" diff --territory $SLUG --layer perimetres "$work/adresses.gpkg" 2>&1) \
  && echo "$out" | grep -q "+ entre : 1 Rue d'Essai entre 74100 Annemasse (74012_essai_00001)" \
  && echo "$out" | grep -q "− sort : 2 Rue d'Essai sort 74100 Annemasse (74012_essai_00002)" \
  && ! echo "$out" | grep -q "74012_essai_0000[34]" \
  && ok "diff text lists the addresses entering and leaving with their BAN id" || ko "diff text addresses" "$out"

# --- The store ------------------------------------------------------------------------------
# The bundled data as versions: the national layer, then the nine layers of each of the four
# territories (crates/store/tests/gpkg_store.rs checks which).
out=$("$Q" versions 2>&1) && n=$(nversions) && [ "$n" = 37 ] \
  && ok "store created from data/: $n versions" || ko "store created from data/" "$out"
# The bundled perimeters' version, the one rollbacks go back to.
v_perim=$("$Q" versions --json | json "[v['numero'] for v in d if v['territoire'] == '$SLUG' and v['couche'] == 'perimetres'][0]")
layers=$(ogrinfo -ro -q "$QUARTIERS_STORE" 2>&1)
echo "$layers" | grep -q "quartiers_versions" && echo "$layers" | grep -q "annemasse_agglo__perimetres__v$v_perim" \
  && ok "ogrinfo lists the store's layers" || ko "ogrinfo lists the store's layers" "$layers"

# --- The server on the store ---------------------------------------------------------------
admin_config "$work/server.toml" "max_upload_mb = 20" "requests_per_minute = 600" "reload_check_s = 1"
# Two SIG teams' credentials (issue 29), each scoped to its territory.
tok_ales=$(scoped_token "$work/server.toml" sig-ales ales-agglomeration)
tok_annemasse=$(scoped_token "$work/server.toml" sig-annemasse $SLUG)
port=$(free_port)
base="http://127.0.0.1:$port"
start_server() {
  RUST_LOG=warn "$Q" serve --config "$work/server.toml" --store "$QUARTIERS_STORE" --addr "127.0.0.1:$port" \
    --web "$work/no-web" >> "$work/server.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 120); do
    curl -sf "$base/ready" >/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || { cat "$work/server.log"; return 1; }
    sleep 0.5
  done
  return 1
}
start_server || { echo "server did not start"; echo "$passed passed, $((failed + 1)) failed"; exit 1; }
item() { curl -sf "$base/collections/perimetres/items/$SLUG:QN07402M"; }
data_version() { curl -sf "$base/ready" | json 'd["version_donnees"]'; }
original=$(item | json 'd["geometry"]')
v0=$(data_version)

# --- Diff and import with the CLI ------------------------------------------------------------
out=$("$Q" diff --territory $SLUG --layer perimetres "$work/sig.shp" --mapping $here/mapping.toml 2>&1) \
  && echo "$out" | grep -q "modifiée : QN07402M.*geometry" && echo "$out" | grep -q "EPSG:2154" \
  && ok "diff of the Lambert-93 Shapefile shows the redrawn QPV" || ko "diff of the Shapefile" "$out"
echo "$out" | grep -q "Château Rouge" && ok "latin-1 Shapefile (.cpg) keeps its accents" || ko "latin-1 accents" "$out"
n_before=$(nversions)
out=$("$Q" import --territory $SLUG --layer perimetres "$work/sig.zip" --mapping $here/mapping.toml --json 2>&1) \
  && import=$(echo "$out" | json 'd["import"]') && [ "$import" != None ] && [ "$(nversions)" = "$n_before" ] \
  && ok "zipped Shapefile validated and staged (import $import), nothing published yet" || ko "import of the zipped Shapefile" "$out"
out=$("$Q" publish "$import" --comment "QN07402M redessiné" 2>&1) && [ "$(nversions)" = $((n_before + 1)) ] \
  && ok "CLI publish: one new version" || ko "CLI publish" "$out"
switched=0
for _ in $(seq 1 60); do [ "$(data_version)" != "$v0" ] && { switched=1; break; }; sleep 0.5; done
now=$(item | json 'd["geometry"]')
[ $switched = 1 ] && [ "$now" != "$original" ] \
  && ok "running server serves the CLI's new version without a restart" || ko "server switched to the CLI's version"

# --- The admin API -----------------------------------------------------------------------------
auth=(-H "Authorization: Bearer $token")
code=$(curl -s -o "$work/r.json" -w '%{http_code}' "$base/admin/versions")
[ "$code" = 401 ] && ok "admin without token: 401" || ko "admin without token: $code"
n_before=$(nversions)
code=$(curl -s -o "$work/r.json" -w '%{http_code}' -H "Authorization: Bearer faux" -H 'Content-Type: application/json' \
  -d "{\"version\": $v_perim}" "$base/admin/rollback")
[ "$code" = 401 ] && [ "$(nversions)" = "$n_before" ] && grep -q problem <(curl -s -D - -o /dev/null -H "Authorization: Bearer faux" "$base/admin/versions") \
  && ok "wrong token: 401 problem+json, nothing changed" || ko "wrong token: $code"
code=$(curl -s -o "$work/r.json" -w '%{http_code}' "${auth[@]}" -F "fichier=@$work/sig.gpkg" \
  -F territoire=$SLUG -F couche=perimetres -F couche_source=perimetres_2024 "$base/admin/import")
http_import=$(json 'd.get("import")' < "$work/r.json")
[ "$code" = 200 ] && [ "$http_import" != None ] && ok "POST /admin/import (GeoPackage, layer by name): import $http_import" \
  || ko "POST /admin/import: $code" "$(cat "$work/r.json")"

# Load during the publications: two bounded loops of requests, every answer must succeed.
load() {
  for i in $(seq 1 150); do
    for path in "/collections/perimetres/items?limit=10" "/collections/perimetres/items/$SLUG:QN07401M" "/ready" "/tiles/14/8504/5840.mvt"; do
      curl -s -o /dev/null -w '%{http_code}\n' "$base$path"
    done
  done > "$1"
}
load "$work/load1" & l1=$!
load "$work/load2" & l2=$!
sleep 0.3
code=$(curl -s -o "$work/p.json" -w '%{http_code}' "${auth[@]}" -H 'Content-Type: application/json' \
  -d "{\"import\": $http_import, \"commentaire\": \"essai API\"}" "$base/admin/publish")
[ "$code" = 200 ] && ok "POST /admin/publish: version $(json 'd["version"]["numero"]' < "$work/p.json")" \
  || ko "POST /admin/publish: $code" "$(cat "$work/p.json")"
code=$(curl -s -o "$work/b.json" -w '%{http_code}' "${auth[@]}" -H 'Content-Type: application/json' \
  -d "{\"version\": $v_perim, \"commentaire\": \"retour au contour officiel\"}" "$base/admin/rollback")
back=$(item | json 'd["geometry"]')
[ "$code" = 200 ] && [ "$back" = "$original" ] && [ "$(data_version)" = "$v0" ] \
  && ok "POST /admin/rollback to version $v_perim: the original outline and data version are back" \
  || ko "POST /admin/rollback: $code" "$(cat "$work/b.json")"
wait $l1 $l2
bad=$(cat "$work/load1" "$work/load2" | grep -cvE '^(200|204)$' || true)
total=$(cat "$work/load1" "$work/load2" | wc -l)
[ "$bad" = 0 ] && ok "load during publish and rollback: $total requests, no error" \
  || ko "load during publish: $bad of $total failed" "$(sort "$work/load1" "$work/load2" | uniq -c)"

# Against the original outlines again (the bundled version), the API's diff names the same addresses.
code=$(curl -s -o "$work/a.json" -w '%{http_code}' "${auth[@]}" -F "fichier=@$work/adresses.gpkg" \
  -F territoire=$SLUG -F couche=perimetres "$base/admin/import")
moves=$(json "$address_moves" < "$work/a.json" 2>&1 || true)
[ "$code" = 200 ] && [ "$moves" = "$expected_moves" ] \
  && ok "POST /admin/import lists the same addresses entering and leaving" || ko "POST /admin/import addresses: $code $moves" "$(head -c 2000 "$work/a.json")"

# --- Scoped credentials (issue 29) ------------------------------------------------------------
# sig-ales holds ales-agglomeration only: its import, publish and rollback in $SLUG are 403
# problem+json naming $SLUG, nothing staged or published. sig-annemasse publishes the import
# staged above, and the version records its name (quartiers versions, the history's entries).
staged() { "$PY" -c "import sqlite3, sys; print(sqlite3.connect(f'file:{sys.argv[1]}?mode=ro', uri=True).execute('SELECT count(*) FROM quartiers_imports').fetchone()[0])" "$QUARTIERS_STORE"; }
n_before=$(nversions); s_before=$(staged)
admin() { # admin TOKEN PATH CURL-ARGS...: the status; the body in $work/f.json
  local t=$1 path=$2; shift 2
  curl -s -o "$work/f.json" -w '%{http_code} %{content_type}' -H "Authorization: Bearer $t" "$@" "$base$path"
}
forbidden() { # forbidden WHAT "STATUS TYPE"
  local territory
  territory=$(json 'd.get("territoire")' < "$work/f.json" 2>/dev/null || true)
  [ "$2" = "403 application/problem+json" ] && [ "$territory" = $SLUG ] && grep -q "« $SLUG »" "$work/f.json" \
    && [ "$(nversions)" = "$n_before" ] && [ "$(staged)" = "$s_before" ] \
    && ok "$1 in $SLUG with sig-ales: 403 problem+json naming it, nothing staged or published" \
    || ko "$1 with sig-ales: $2" "$(cat "$work/f.json")"
}
a_import=$(json 'd.get("import")' < "$work/a.json")
forbidden "import" "$(admin "$tok_ales" /admin/import -F "fichier=@$work/adresses.gpkg" -F territoire=$SLUG -F couche=perimetres)"
forbidden "publish" "$(admin "$tok_ales" /admin/publish -H 'Content-Type: application/json' -d "{\"import\": $a_import}")"
api_version=$(json 'd["version"]["numero"]' < "$work/p.json")
forbidden "rollback" "$(admin "$tok_ales" /admin/rollback -H 'Content-Type: application/json' -d "{\"version\": $api_version}")"
status=$(admin "$tok_annemasse" /admin/publish -H 'Content-Type: application/json' -d "{\"import\": $a_import, \"commentaire\": \"par l'équipe d'Annemasse\"}")
recorded=$("$Q" versions --json | json 'd[-1]["jeton"]')
line=$("$Q" versions --territory $SLUG | tail -2 | head -1)
history=$(curl -sf "$base/collections/perimetres/items/$SLUG:QN07402M/historique" \
  | json '[(e["jeton"], "(jeton « sig-annemasse »)" in e["resume"]) for e in d["versions"] if e["version"] == max(v["version"] for v in d["versions"])]' 2>&1 || true)
[ "${status%% *}" = 200 ] && [ "$recorded" = sig-annemasse ] && grep -q "\[jeton sig-annemasse\]" <<<"$line" \
  && [ "$history" = "[('sig-annemasse', True)]" ] \
  && ok "sig-annemasse publishes the same import: recorded as its version (quartiers versions, historique)" \
  || ko "publish with sig-annemasse: $status, recorded '$recorded', history $history" "$(cat "$work/f.json"; echo "$line")"

# --- Broken inputs: refused with a precise message, nothing changed --------------------------
n_before=$(nversions)
refused() { # name, expected message, command...
  local name=$1 expect=$2; shift 2
  local out
  if out=$("$@" 2>&1); then ko "$name accepted" "$out"; return; fi
  if echo "$out" | grep -q -- "$expect" && [ "$(nversions)" = "$n_before" ]; then ok "$name refused"; else ko "$name" "$out"; fi
}
imp() { "$Q" import --territory $SLUG --layer perimetres "$@"; }
# A self-intersecting outline (a bowtie in place of QN07402M).
ogr2ogr -f GPKG "$work/bowtie.gpkg" "$work/l93.gpkg" -nln perimetres -dialect SQLite -sql \
  "SELECT CASE WHEN code = 'QN07402M' THEN ST_GeomFromText('MULTIPOLYGON(((948000 6570000, 949000 6571000, 949000 6570000, 948000 6571000, 948000 6570000)))', 2154) ELSE geom END AS geom, code, nom, $fields FROM perimetres" 2>/dev/null
refused "self-intersecting polygon" "n°2 (id QN07402M).*corrigez" imp "$work/bowtie.gpkg"
mkdir -p "$work/noprj" && cp "$work"/sig.{shp,shx,dbf,cpg} "$work/noprj/"
refused "Shapefile without .prj" "--s-srs" imp "$work/noprj/sig.shp" --mapping $here/mapping.toml
ogr2ogr -f GPKG "$work/missing.gpkg" "$work/l93.gpkg" -nln perimetres -dialect SQLite \
  -sql "SELECT geom, code, nom, type, insee_com, millesime FROM perimetres" 2>/dev/null
refused "missing field" "champ obligatoire absent.*precision_geometrie" imp "$work/missing.gpkg"
head -c 2000 "$work/sig.zip" > "$work/truncated.zip"
refused "truncated zip" "zip" imp "$work/truncated.zip" --mapping $here/mapping.toml
refused "wrong layer name" "couche « perimetres_2023 » absente" imp "$work/sig.gpkg" --source-layer perimetres_2023
: > "$work/empty.gpkg"
refused "0-byte file" "fichier vide" imp "$work/empty.gpkg"
truncate -s 200M "$work/big.zip"
code=$(curl -s -o "$work/r.json" -w '%{http_code}' "${auth[@]}" -F "fichier=@$work/big.zip" \
  -F territoire=$SLUG -F couche=perimetres "$base/admin/import")
[ "$code" = 413 ] && [ "$(nversions)" = "$n_before" ] && ok "200 MB upload: 413, nothing changed" || ko "200 MB upload: $code"

# --- kill -9 during an import with publication -----------------------------------------------
# The national layer (1,584 QPV) in Lambert-93: long enough to be killed mid-way.
ogr2ogr -f GPKG -t_srs EPSG:2154 "$work/qpv_l93.gpkg" /vsigzip/data/france/qpv2024.geojson.gz -nln qpv 2>/dev/null
# How long reading and validating take (a diff does the same work, without writing), so that
# the kills land before, during and after the staging and the publishing transaction.
t0=$(date +%s.%N)
"$Q" diff --territory france --layer qpv "$work/qpv_l93.gpkg" > /dev/null 2>&1 || true
prep=$("$PY" -c "import sys; print(float(sys.argv[2]) - float(sys.argv[1]))" "$t0" "$(date +%s.%N)")
killed_ok=1; landed=""
for factor in 0.5 1.0 1.15 1.3 1.6; do
  delay=$("$PY" -c "print(round($prep * $factor, 2))")
  n_before=$(nversions)
  "$Q" import --territory france --layer qpv "$work/qpv_l93.gpkg" --publish > /dev/null 2>&1 & ipid=$!
  sleep "$delay"; kill -9 "$ipid" 2>/dev/null || true; wait "$ipid" 2>/dev/null || true
  n_after=$(nversions) || { killed_ok=0; break; }
  integrity=$(ogrinfo -ro -q "$QUARTIERS_STORE" -sql "PRAGMA integrity_check" 2>&1 | grep -o "= ok" || true)
  ready=$(curl -s -o /dev/null -w '%{http_code}' "$base/ready")
  if [ "$integrity" != "= ok" ] || [ "$ready" != 200 ] || { [ "$n_after" != "$n_before" ] && [ "$n_after" != $((n_before + 1)) ]; }; then
    killed_ok=0; echo "after kill at ${delay}s: versions $n_before → $n_after, integrity '$integrity', ready $ready"
  fi
  landed="$landed ${delay}s:$n_before→$n_after"
done
echo "reading and validating the national layer: ${prep}s; kill -9 at$landed"
[ $killed_ok = 1 ] && ok "kill -9 during import/publish: store consistent, server serving" || ko "kill -9 during import/publish"

# --- kill -9 of the server during POST /admin/publish ----------------------------------------
# The national layer renamed (every name gets a suffix), so that the served layer tells the
# versions apart: after the restart it must be all old names or all new, never a mix.
cp "$work/qpv_l93.gpkg" "$work/qpv_essai.gpkg"
ogrinfo -q "$work/qpv_essai.gpkg" -sql "UPDATE qpv SET nom = nom || ' (essai)'" >/dev/null 2>&1
code=$(curl -s -o "$work/q.json" -w '%{http_code}' "${auth[@]}" -F "fichier=@$work/qpv_essai.gpkg" \
  -F territoire=france -F couche=qpv "$base/admin/import")
qpv_import=$(json 'd.get("import")' < "$work/q.json" 2>/dev/null || echo None)
[ "$code" = 200 ] && [ "$qpv_import" != None ] && ok "POST /admin/import of the renamed national layer: import $qpv_import" \
  || ko "POST /admin/import national: $code" "$(head -c 2000 "$work/q.json")"
n_before=$(nversions)
wal="$QUARTIERS_STORE-wal"; wal0=$(stat -c %s "$wal" 2>/dev/null || echo 0)
curl -s -o /dev/null "${auth[@]}" -H 'Content-Type: application/json' \
  -d "{\"import\": $qpv_import, \"commentaire\": \"tué pendant la publication\"}" "$base/admin/publish" & cpid=$!
# Kill as soon as the publishing transaction writes to the WAL (its pages spill before the
# commit), so that the kill lands inside the transaction. Only growth counts: readers closing
# the file may checkpoint and shrink it.
t0=$(date +%s.%N); during=0; seen=$wal0
for _ in $(seq 1 1500); do
  size=$(stat -c %s "$wal" 2>/dev/null || echo 0)
  [ "$size" -gt "$seen" ] && { during=1; break; }
  seen=$size; sleep 0.01
done
kill -9 "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; pid=""
wait "$cpid" 2>/dev/null || true
after_s=$("$PY" -c "import sys; print(round(float(sys.argv[2]) - float(sys.argv[1]), 2))" "$t0" "$(date +%s.%N)")
start_server || ko "server restarts on the store after kill -9"
integrity=$(ogrinfo -ro -q "$QUARTIERS_STORE" -sql "PRAGMA integrity_check" 2>&1 | grep -o "= ok" || true)
n_after=$(nversions)
# Every version row names a table holding exactly its feature count.
coherent=$("$PY" - "$QUARTIERS_STORE" <<'PY'
import sqlite3, sys
db = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True)
bad = [t for t, n in db.execute("SELECT table_donnees, nb_entites FROM quartiers_versions")
       if db.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] != n]
print("ok" if not bad else f"incohérent : {bad}")
PY
)
renamed=$(curl -sf "$base/collections/qpv/items?limit=5000" | json 'sum(f["properties"]["nom"].endswith(" (essai)") for f in d["features"])' || echo "?")
served_ok=0
{ [ "$n_after" = "$n_before" ] && [ "$renamed" = 0 ]; } && served_ok=1
{ [ "$n_after" = $((n_before + 1)) ] && [ "$renamed" = 1584 ]; } && served_ok=1
landed="after the commit"
[ "$n_after" = "$n_before" ] && landed="before the commit"
[ "$n_after" = "$n_before" ] && [ $during = 1 ] && landed="inside the transaction (WAL written, no commit)"
echo "server kill -9 ${after_s}s after POST /admin/publish, $landed: versions $n_before → $n_after, renamed QPV served: $renamed/1584"
[ "$integrity" = "= ok" ] && [ "$coherent" = ok ] && [ $served_ok = 1 ] \
  && ok "kill -9 of the server during publish: store consistent, restarted server serves one whole version" \
  || ko "kill -9 of the server during publish: integrity '$integrity', $coherent, versions $n_before → $n_after, renamed $renamed"
# Killed before its commit, the import is still staged: publishing it again completes it.
if [ "$n_after" = "$n_before" ]; then
  code=$(curl -s -o "$work/p.json" -w '%{http_code}' "${auth[@]}" -H 'Content-Type: application/json' \
    -d "{\"import\": $qpv_import, \"commentaire\": \"publié après le kill -9\"}" "$base/admin/publish")
  renamed=$(curl -sf "$base/collections/qpv/items?limit=5000" | json 'sum(f["properties"]["nom"].endswith(" (essai)") for f in d["features"])' || echo "?")
  [ "$code" = 200 ] && [ "$renamed" = 1584 ] && [ "$(nversions)" = $((n_before + 1)) ] \
    && ok "the import killed mid-publish publishes afterwards: all 1584 renamed QPV served" \
    || ko "publish after the kill: $code, renamed $renamed" "$(cat "$work/p.json")"
fi

# --- ogrinfo reads the versions ----------------------------------------------------------------
out=$(ogrinfo -ro -q "$QUARTIERS_STORE" -sql "SELECT numero, territoire, couche, auteur, nb_entites FROM quartiers_versions ORDER BY numero" 2>&1)
echo "$out" | grep -q "couche (String) = perimetres" && echo "$out" | grep -q "auteur (String) = e2e" \
  && ok "ogrinfo lists the versions table" || ko "ogrinfo versions" "$out"

grep -E "ERROR|panicked" "$work/server.log" && ko "server log has errors" || ok "server log clean"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
