#!/usr/bin/env bash
# `quartiers territory init` end to end (issue 14), with the release binary and GDAL's own
# tools: real commune contours of several départements (IGN ADMIN EXPRESS COG 2018 via
# france-geojson, in contours/, see contours/README.md), overseas included; the same contours
# as a Lambert/UTM Shapefile and a multi-layer GeoPackage made with ogr2ogr; a multi-file EPCI
# whose files lack some members (the Métropole du Grand Paris from Paris and the petite
# couronne only); the bad inputs that must write nothing; and a territory created in the store
# of a running server, served without a restart. Without --communes (issue 29): the bundled 2018
# contours for one EPCI, and --departement 2A (its two EPCIs hosting a QPV), run twice.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
need_release_bin territory_init
PY=/usr/bin/python3
here=tests/territory_init
C=$here/contours
work=$(mktemp -d)
pid=""
cleanup() {
  stop_server "$pid"
  rm -rf "$work"
}
trap cleanup EXIT

passed=0; failed=0
check() { # check NAME PYTHON-ASSERTIONS (reads the JSON report on stdin as d)
  local name=$1 code=$2 out
  if out=$("$PY" -c "import json,sys; d=json.load(sys.stdin); $code" 2>&1 <"$work/report.json"); then ok "$name"; else ko "$name" "$out"; fi
}
# A data directory with the national layers and no territory.
fresh() { rm -rf "$1"; mkdir -p "$1/territories"; ln -s "$QUARTIERS_ROOT/data/france" "$1/france"; }

CINOR=249740119   # CA Intercommunale du Nord de la Réunion: Saint-Denis, Sainte-Marie, Sainte-Suzanne
GRAND_PARIS=200054781
expected() { # expected SIREN: members and QPVs from the bundled reference and national layer
  "$PY" - "$1" <<'PY'
import gzip, json, sys
siren = sys.argv[1]
rows = [l.split("\t") for l in gzip.open("data/france/epci_communes.tsv.gz", "rt").read().splitlines()[1:]]
members = {r[3]: r[5] for r in rows if r[0] == siren}
qpv = json.load(gzip.open("data/france/qpv2024.geojson.gz"))
codes = sorted(f["properties"]["code"] for f in qpv["features"] if set(f["properties"]["insee_com"]) & set(members))
print(json.dumps({"members": members, "qpv": codes}))
PY
}

# --- Overseas, GeoJSON (gzipped) in WGS84 ---------------------------------------------------
D=$work/d1; fresh "$D"
expected $CINOR >"$work/cinor.json"
if "$Q" territory init --epci $CINOR --communes $C/communes-974-la-reunion.geojson.gz --data "$D" --json >"$work/report.json" 2>"$work/err"; then
  ok "La Réunion (CINOR) : territoire créé"
else ko "La Réunion (CINOR) : territoire créé" "$(cat "$work/err")"; fi
check "CINOR : 3 communes avec contour, aucune sans contour, les QPV de la couche nationale" "
e = json.load(open('$work/cinor.json')); t = d['territoire']
assert t['slug'] == 'intercommunale-du-nord-de-la-reunion-cinor', t['slug']
assert sorted(c['insee_com'] for c in t['communes_trouvees']) == sorted(e['members']), t['communes_trouvees']
assert t['communes_sans_contour'] == []
assert [q['code'] for q in t['qpv']] == e['qpv'] and len(e['qpv']) >= 10, (t['qpv'], e['qpv'])
assert d['fichiers'][0]['scr'] == 'EPSG:4326' and d['fichiers'][0]['champ_code'] == 'code'
assert d['contours']['fournis'] is False and d['contours']['precision_geometrie'] == 'exact', d['contours']"
T=$D/territories/intercommunale-du-nord-de-la-reunion-cinor
if out=$("$Q" validate "$T" 2>&1) && grep -q "0 erreur(s), 0 avertissement(s)" <<<"$out"; then ok "CINOR : quartiers validate sans erreur ni avertissement"; else ko "CINOR : quartiers validate sans erreur ni avertissement" "$out"; fi
if out=$("$PY" - "$T" <<'PY' 2>&1
import json, sys, tomllib
t = sys.argv[1]
m = tomllib.load(open(f"{t}/territory.toml", "rb"))
assert m["epci_siren"] == "249740119" and len(m["communes"]) == 3 and "programmes" not in m, m
for name in ("operations", "equipment", "centralities", "corridors", "ilots"):
    fc = json.load(open(f"{t}/{name}.geojson"))
    assert fc["features"] == [] and "precision_geometrie" in fc["champs"], (name, fc)
assert json.load(open(f"{t}/actions.json")) == []
b = json.load(open(f"{t}/boundary.geojson"))["features"]
assert len(b) == 1 and b[0]["properties"]["code"] == "249740119"
PY
); then ok "CINOR : manifeste sans programme, couches vides avec leurs champs, contour de l'EPCI"; else ko "CINOR : manifeste, couches vides, contour" "$out"; fi
if out=$("$Q" query --data "$D" --lon 55.4481 --lat -20.8823 --json 2>&1) && "$PY" -c "
import json,sys; d=json.loads(sys.argv[1]); ts=[t['slug'] for t in d['territoires']]
assert ts == ['intercommunale-du-nord-de-la-reunion-cinor'], ts
assert d['lieu']['commune']['insee'] == '97411', d['lieu']" "$out" 2>/dev/null; then
  ok "CINOR : quartiers query à Saint-Denis répond avec le nouveau territoire et sa commune"
else ko "CINOR : quartiers query à Saint-Denis" "$out"; fi

# --- The same contours as the SIG team has them: Shapefile in UTM 40S, GeoPackage in layers --
ogr2ogr -f "ESRI Shapefile" -t_srs EPSG:2975 "$work/COMMUNE.shp" "/vsigzip/$QUARTIERS_ROOT/$C/communes-974-la-reunion.geojson.gz" \
  -dialect SQLite -sql "SELECT geometry, code AS INSEE_COM, nom AS NOM FROM \"communes-974-la-reunion.geojson\"" 2>"$work/ogr.log" || ko "ogr2ogr vers Shapefile" "$(cat "$work/ogr.log")"
D2=$work/d2; fresh "$D2"
if "$Q" territory init --epci $CINOR --communes "$work/COMMUNE.shp" --data "$D2" --slug cinor --json >"$work/report.json" 2>"$work/err"; then
  check "Shapefile RGR92 / UTM 40S (EPSG:2975), champ INSEE_COM : mêmes communes" "
t = d['territoire']; f = d['fichiers'][0]
assert f['scr'] == 'EPSG:2975' and f['champ_code'] == 'INSEE_COM', f
assert len(t['communes_trouvees']) == 3 and t['communes_sans_contour'] == []"
else ko "Shapefile RGR92 / UTM 40S" "$(cat "$work/err")"; fi
if out=$("$PY" - "$T/communes.geojson" "$D2/territories/cinor/communes.geojson" <<'PY' 2>&1
import json, math, sys
def area(g):  # spherical excess is overkill here: equal-area enough at 21° S for a ratio
    total = 0.0
    for poly in g["coordinates"]:
        for i, ring in enumerate(poly):
            lat0 = math.radians(ring[0][1])
            s = sum((x1 * y2 - x2 * y1) for (x1, y1), (x2, y2) in zip(ring, ring[1:])) / 2
            total += abs(s) * (1 if i == 0 else -1) * math.cos(lat0)
    return total
a = {f["properties"]["insee_com"]: area(f["geometry"]) for f in json.load(open(sys.argv[1]))["features"]}
b = {f["properties"]["insee_com"]: area(f["geometry"]) for f in json.load(open(sys.argv[2]))["features"]}
assert a.keys() == b.keys()
for k in a:
    assert abs(a[k] - b[k]) / a[k] < 1e-4, (k, a[k], b[k])
PY
); then ok "reprojeté depuis l'UTM, chaque commune garde sa surface (écart < 0,01 %)"; else ko "reprojection depuis l'UTM" "$out"; fi
ogr2ogr -f GPKG -t_srs EPSG:2154 "$work/admin.gpkg" "$work/COMMUNE.shp" -nln commune 2>"$work/ogr.log" || ko "ogr2ogr vers GeoPackage" "$(cat "$work/ogr.log")"
ogr2ogr -f GPKG -update "$work/admin.gpkg" "$work/COMMUNE.shp" -nln arrondissement -dialect SQLite -sql "SELECT ST_Buffer(geometry, 10) AS geometry, NOM FROM COMMUNE" 2>"$work/ogr.log" || ko "ogr2ogr seconde couche" "$(cat "$work/ogr.log")"
D3=$work/d3; fresh "$D3"
if "$Q" territory init --epci $CINOR --communes "$work/admin.gpkg" --data "$D3" --json >"$work/report.json" 2>"$work/err"; then
  check "GeoPackage à deux couches en Lambert-93 : la couche « commune » est lue" "
f = d['fichiers'][0]; assert f['couche'] == 'commune' and f['scr'] == 'EPSG:2154', f
assert len(d['territoire']['communes_trouvees']) == 3"
else ko "GeoPackage à deux couches" "$(cat "$work/err")"; fi

# --- Several files, members missing from them: the Métropole du Grand Paris -----------------
D4=$work/d4; fresh "$D4"
expected $GRAND_PARIS >"$work/mgp.json"
if "$Q" territory init --epci $GRAND_PARIS --communes $C/communes-75-paris.geojson.gz --communes $C/communes-92-hauts-de-seine.geojson.gz \
     --communes $C/communes-93-seine-saint-denis.geojson.gz --communes $C/communes-94-val-de-marne.geojson.gz \
     --data "$D4" --slug grand-paris --json >"$work/report.json" 2>"$work/err"; then
  check "Grand Paris sur 4 fichiers : les communes de l'Essonne et du Val-d'Oise sont nommées sans contour" "
e = json.load(open('$work/mgp.json')); t = d['territoire']
outside = sorted(c for c, dep in e['members'].items() if dep not in ('75', '92', '93', '94'))
missing = sorted(c['insee_com'] for c in t['communes_sans_contour'])
assert outside and missing == outside, (missing, outside)
assert len(t['communes_trouvees']) + len(missing) == len(e['members'])
assert [q['code'] for q in t['qpv']] == e['qpv'], 'qpv'
assert len(d['fichiers']) == 4"
  out=$("$Q" validate "$D4/territories/grand-paris" 2>&1) && st=0 || st=$?
  n=$("$PY" -c "import json; print(len(json.load(open('$work/report.json'))['territoire']['communes_sans_contour']))")
  if [ $st -eq 0 ] && [ "$(grep -c 'sans contour' <<<"$out")" -eq "$n" ] && grep -q "0 erreur(s)" <<<"$out"; then
    ok "Grand Paris : validate réussit et signale chaque commune sans contour ($n avertissements)"
  else ko "Grand Paris : validate signale les communes sans contour" "$out"; fi
  if grep -q "précision « commune » sans géométrie\|sans géométrie" "$D4/territories/grand-paris/communes.geojson" \
     && "$PY" -c "
import json; fc = json.load(open('$D4/territories/grand-paris/boundary.geojson'))
m = fc['features'][0]['properties']; assert m['precision_geometrie'] == 'approximate' and 'il manque' in m['motif_precision']"; then
    ok "Grand Paris : communes manquantes écrites sans géométrie, contour de l'EPCI dit incomplet"
  else ko "Grand Paris : communes manquantes et contour incomplet"; fi
else ko "Grand Paris sur 4 fichiers" "$(cat "$work/err")"; fi

# --- Without --communes: the bundled 2018 contours, their precision and vintage said --------
MAUBEUGE=200043396   # CA Maubeuge Val de Sambre: 43 communes
D7=$work/d7; fresh "$D7"
if "$Q" territory init --epci $MAUBEUGE --data "$D7" --json >"$work/report.json" 2>"$work/err"; then
  check "sans --communes : les 43 communes de Maubeuge Val de Sambre avec les contours fournis, dits approchés et de 2018" "
t = d['territoire']; c = d['contours']
assert len(t['communes_trouvees']) == 43 and t['communes_sans_contour'] == [], t['communes_sans_contour']
assert c['fournis'] is True and c['precision_geometrie'] == 'approximate' and '2018' in c['note'], c
assert d['fichiers'] == [] and len(t['qpv']) >= 5, t['qpv']"
  T7=$(ls -d "$D7"/territories/*/)
  if out=$("$Q" validate "$T7" 2>&1) && grep -q "0 erreur(s)" <<<"$out" && grep -q "millésime 2018" "$T7/territory.toml" \
     && "$PY" -c "
import json; fc = json.load(open('$T7/communes.geojson'))
assert all(f['properties']['precision_geometrie'] == 'approximate' and '2018' in f['properties']['motif_precision'] for f in fc['features'])"; then
    ok "sans --communes : validate sans erreur, territory.toml et chaque commune disent « approché, 2018 »"
  else ko "sans --communes : validate, territory.toml, communes" "$out"; fi
else ko "sans --communes : territoire créé" "$(cat "$work/err")"; fi

# --- --departement: every EPCI of Corse-du-Sud hosting a QPV, the second run skips them ----
D8=$work/d8; fresh "$D8"
if "$Q" territory init --departement 2A --data "$D8" --json >"$work/report.json" 2>"$work/err"; then
  check "--departement 2A : les 2 EPCI accueillant un QPV créés (Pays Ajaccien, Sud Corse), un résumé" "
assert sorted(c['siren'] for c in d['crees']) == ['200040764', '242010056'], d['crees']
assert d['nb_epci'] == 2 and d['deja_presents'] == [] and d['echecs'] == [] and d['contours']['fournis'] is True, d"
else ko "--departement 2A" "$(cat "$work/err")"; fi
if out=$("$Q" territory init --departement 2A --data "$D8" 2>&1) && grep -q "0 territoire(s) créé(s)" <<<"$out" && grep -q "2 déjà présent(s)" <<<"$out"; then
  ok "--departement 2A relancé : les 2 territoires existants ignorés"
else ko "--departement 2A relancé" "$out"; fi
if out=$("$Q" query --data "$D8" --lon 8.7386 --lat 41.9267 --json 2>&1) && "$PY" -c "
import json,sys; d=json.loads(sys.argv[1]); ts=[t['slug'] for t in d['territoires']]
assert len(ts) == 1 and 'ajaccien' in ts[0], ts" "$out" 2>/dev/null; then
  ok "quartiers query à Ajaccio répond avec le territoire créé par --departement"
else ko "quartiers query à Ajaccio" "$out"; fi

# --- Bad inputs: a clear error, nothing written ---------------------------------------------
D5=$work/d5; fresh "$D5"
refused() { # refused NAME EXPECTED-TEXT ARGS...: exit non-zero, message, no directory written
  local name=$1 text=$2; shift 2
  local before after
  before=$(cd "$D5/territories" && find . | sort | md5sum)
  if "$Q" territory init --data "$D5" "$@" >"$work/out" 2>"$work/err"; then ko "$name (accepté)" "$(cat "$work/out")"; return; fi
  after=$(cd "$D5/territories" && find . | sort | md5sum)
  if grep -q -- "$text" "$work/err" && [ "$before" = "$after" ]; then ok "$name"; else ko "$name" "$(cat "$work/err")"; fi
}
refused "SIREN inconnu : refusé, rien d'écrit" "absent du référentiel" --epci 200000000 --communes $C/communes-974-la-reunion.geojson.gz
refused "SIREN mal formé : refusé" "9 chiffres" --epci 2000 --communes $C/communes-974-la-reunion.geojson.gz
refused "ni --epci, ni --all, ni --departement : refusé" "--epci" --communes $C/communes-974-la-reunion.geojson.gz
refused "--departement sans EPCI accueillant un QPV : refusé" "aucun EPCI" --departement 99
printf 'ceci n est pas un fichier geographique\n' >"$work/casse.geojson"
refused "fichier illisible par GDAL : refusé avec son nom" "casse.geojson" --epci $CINOR --communes "$work/casse.geojson"
refused "fichier absent : refusé avec son nom" "absent.shp" --epci $CINOR --communes "$work/absent.shp"
ogr2ogr -f GeoJSON "$work/sans_code.geojson" "$work/COMMUNE.shp" -sql "SELECT NOM FROM COMMUNE" 2>"$work/ogr.log" || ko "ogr2ogr seconde couche" "$(cat "$work/ogr.log")"
refused "fichier sans champ de code INSEE : refusé, champs nommés" "aucun champ de code INSEE" --epci $CINOR --communes "$work/sans_code.geojson"
refused "fichier sans aucune commune de l'EPCI : refusé" "aucune des" --epci $GRAND_PARIS --communes $C/communes-974-la-reunion.geojson.gz
"$Q" territory init --epci $CINOR --communes $C/communes-974-la-reunion.geojson.gz --data "$D5" --slug cinor >/dev/null
sum_before=$(cat "$D5"/territories/cinor/* | md5sum)
refused "slug existant sans --force : refusé" "existe déjà" --epci $CINOR --communes "$work/COMMUNE.shp" --slug cinor
if [ "$(cat "$D5"/territories/cinor/* | md5sum)" = "$sum_before" ] && ! ls -a "$D5/territories" | grep -q creation; then
  ok "le territoire existant est intact, aucun dossier temporaire laissé"
else ko "le territoire existant est intact"; fi
if "$Q" territory init --epci $CINOR --communes "$work/COMMUNE.shp" --data "$D5" --slug cinor --force >/dev/null 2>"$work/err" \
   && [ "$(cat "$D5"/territories/cinor/* | md5sum)" != "$sum_before" ]; then ok "--force remplace le territoire"; else ko "--force remplace le territoire" "$(cat "$work/err")"; fi
refused "slug invalide : refusé" "slug" --epci $CINOR --communes "$work/COMMUNE.shp" --slug "Nord Réunion"

# --- In the store of a running server: served without a restart -----------------------------
D6=$work/d6; fresh "$D6"; cp -r data/territories/annemasse-agglo "$D6/territories/"
STORE=$work/store.gpkg
port=$(free_port)
"$Q" serve --addr 127.0.0.1:$port --data "$D6" --store "$STORE" --web /nonexistent >"$work/serve.log" 2>&1 &
pid=$!
if wait_http "http://127.0.0.1:$port/ready" $pid "$work/serve.log"; then
  before=$(served_slugs "$port")
  if "$Q" territory init --epci $CINOR --communes $C/communes-974-la-reunion.geojson.gz --data "$D6" --store "$STORE" --json >"$work/report.json" 2>"$work/err"; then
    check "magasin GeoPackage : territoire créé en une version par couche" "assert d['ecrit_dans'].startswith('magasin'), d['ecrit_dans']"
    served=""
    for _ in $(seq 1 40); do
      now=$(served_slugs "$port" || true)
      grep -q intercommunale-du-nord-de-la-reunion-cinor <<<"$now" && { served=1; break; }
      sleep 0.25
    done
    if [ -n "$served" ] && kill -0 $pid && grep -q annemasse-agglo <<<"$now"; then
      ok "le serveur en marche sert le nouveau territoire sans redémarrage (avant : $before ; après : $now)"
    else ko "le serveur sert le nouveau territoire sans redémarrage" "$(tail -n 5 "$work/serve.log")"; fi
    ans=$(curl -sf "http://127.0.0.1:$port/impacts?lon=55.4481&lat=-20.8823" || true)
    if "$PY" -c "
import json,sys; d=json.loads(sys.argv[1])
assert [t['slug'] for t in d['territoires']] == ['intercommunale-du-nord-de-la-reunion-cinor'], d['territoires']
assert all(p['territoire'] in (None, 'intercommunale-du-nord-de-la-reunion-cinor') for p in d['perimetres'])" "$ans" 2>/dev/null; then
      ok "/impacts à Saint-Denis répond avec le territoire créé dans le magasin"
    else ko "/impacts à Saint-Denis" "$ans"; fi
    if "$Q" territory init --epci $CINOR --communes $C/communes-974-la-reunion.geojson.gz --data "$D6" --store "$STORE" >/dev/null 2>"$work/err"; then
      ko "magasin : un slug existant sans --force est refusé"
    elif grep -q "déjà présent" "$work/err"; then ok "magasin : un slug existant sans --force est refusé"; else ko "magasin : slug existant" "$(cat "$work/err")"; fi
  else ko "magasin GeoPackage : territoire créé" "$(cat "$work/err")"; fi
else ko "serveur sur magasin GeoPackage"; fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
