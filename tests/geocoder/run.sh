#!/usr/bin/env bash
# Address search end to end (issues 7 and 30): the real binary imports the geocoder-tester file
# (BAN format, BANO data), answers `quartiers geocode` and `quartiers batch`, then two servers
# on free loopback ports answer /geocode, /search/, /reverse and POST /batch (raw CSV and
# multipart), refuse bad requests with problem+json, say « Aucune adresse trouvée » instead of
# unrelated places, and the second one forwards to the first (--geocoder-upstream). Then
# `quartiers addresses download` fetches BAN-format files from a local mirror (no internet):
# the cache (304), each bad download refused with the previous index still served, and a new
# index picked up by a running server.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
here=tests/geocoder
ban=tests/data/geocoder-tester/ban_dev.csv.gz
[ -x "$QUARTIERS_BIN" ] || { echo "geocoder: $QUARTIERS_BIN missing (cargo build --release -p quartiers)"; echo "0 passed, 1 failed"; exit 1; }

work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; [ -n "${KEEP:-}" ] || rm -rf "$work"; }
trap cleanup EXIT

passed=0; failed=0
check() { # name, command... (a `bash -c` script stops at its first failing line: -e)
  local name=$1; shift
  [ "$1 $2" = "bash -c" ] && set -- bash -ec "${@:3}"
  if "$@" >"$work/last.log" 2>&1; then passed=$((passed + 1)); echo "ok   $name"
  else failed=$((failed + 1)); echo "FAIL $name"; sed 's/^/     /' "$work/last.log" | head -20; fi
}
json() { python3 "$here/check.py" "$@"; }

# --- import and command line
check "import-addresses lit le fichier BAN gzippé" \
  bash -c "'$QUARTIERS_BIN' import-addresses '$ban' --addresses '$work/addr' --attribution 'BANO (© contributeurs OpenStreetMap)' --licence ODbL-1.0 | grep -q '925 lignes lues'"
check "un fichier qui n'est pas de la BAN est refusé, index inchangé" bash -c "
  printf 'a,b\n1,2\n' > '$work/bad.csv'
  before=\$(sha256sum '$work/addr/index.bin')
  ! '$QUARTIERS_BIN' import-addresses '$work/bad.csv' --addresses '$work/addr' 2> '$work/err.txt'
  grep -q 'colonne « id » absente' '$work/err.txt'
  [ \"\$before\" = \"\$(sha256sum '$work/addr/index.bin')\" ]"
check "geocode : adresse tapée en minuscules, sans accents, code postal collé" bash -c "
  '$QUARTIERS_BIN' geocode '25 rue du presbytere 67130barembach' --addresses '$work/addr' --data data > '$work/g.json'
  python3 '$here/check.py' first-id '$work/g.json' 67020_gt00001_00025"
check "geocode : sans adresses importées, un lieu des données d'abord, la commune homonyme ensuite" bash -c "
  '$QUARTIERS_BIN' geocode 'Perrier' --addresses '$work/none' --data data > '$work/p.json' 2>/dev/null
  python3 '$here/check.py' own-place-first '$work/p.json' 63275"
check "geocode --lon --lat : adresse la plus proche et sa distance" bash -c "
  '$QUARTIERS_BIN' geocode --lon 7.2267 --lat 48.4763 --addresses '$work/addr' --data data > '$work/r.json'
  python3 '$here/check.py' first-id '$work/r.json' 67020_gt00001_00025"
printf 'nom;adresse;cp\nA;25 rue du Presbyt\xe8re;67130\nB;zzzz qqqq wwww;\nC;;\n' > "$work/liste.csv"
check "batch hors ligne : Latin-1, « ; », colonnes ajoutées, statuts" bash -c "
  '$QUARTIERS_BIN' batch '$work/liste.csv' -o '$work/out.csv' --columns adresse --postcode cp --addresses '$work/addr' --data data
  python3 '$here/check.py' batch '$work/out.csv' ok,incertain/not-found,skipped"

# --- servers
start() { # port, extra args...
  local port=$1; shift
  "$QUARTIERS_BIN" serve --data data --addr "127.0.0.1:$port" --web "$work/noweb" "$@" >"$work/serve-$port.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 150); do curl -sf "http://127.0.0.1:$port/health" >/dev/null && return 0; sleep 0.2; done
  echo "server on $port did not start:"; cat "$work/serve-$port.log"; return 1
}
a=$(free_port); start "$a" --addresses "$work/addr"
A="http://127.0.0.1:$a"
check "GET /geocode : forme API Adresse, bon identifiant" bash -c "
  curl -sf '$A/geocode?q=11+rue+de+la+caverne+bernardswiller&limit=3' > '$work/s.json'
  python3 '$here/check.py' api-shape '$work/s.json' 67031_gt00002_00011"
check "GET /search/ (chemin de l'API Adresse) avec biais lon/lat" bash -c "
  curl -sf '$A/search/?q=18+Rue+des+Faisans&lon=7.491344&lat=48.489234' > '$work/s2.json'
  python3 '$here/check.py' first-id '$work/s2.json' 67045_gt00003_00018"
check "GET /reverse : adresse la plus proche, distance en mètres" bash -c "
  curl -sf '$A/reverse?lon=7.464688&lat=48.452444' > '$work/rv.json'
  python3 '$here/check.py' reverse '$work/rv.json' 67031_gt00002_00011"
check "GET /geocode sans q : 400 problem+json" bash -c "
  code=\$(curl -s -o '$work/e.json' -w '%{http_code} %{content_type}' '$A/geocode?limit=2')
  [ \"\$code\" = '400 application/problem+json' ] && grep -q 'q' '$work/e.json'"
check "GET /reverse hors bornes : 400" bash -c "
  [ \"\$(curl -s -o /dev/null -w '%{http_code}' '$A/reverse?lon=200&lat=48')\" = 400 ]"
check "POST /batch, CSV en corps : lignes renvoyées avec colonnes QPV" bash -c "
  curl -sf -X POST --data-binary @'$work/liste.csv' -H 'Content-Type: text/csv' '$A/batch?columns=adresse&postcode=cp' > '$work/b1.csv'
  python3 '$here/check.py' batch '$work/b1.csv' ok,incertain/not-found,skipped"
python3 "$here/check.py" to-unicode-text "$work/liste.csv" "$work/liste-unicode.txt"
check "POST /batch, « Texte Unicode » d'Excel (UTF-16, tabulations) : lu comme le CSV, rendu en UTF-8 avec BOM" bash -c "
  curl -sf -X POST --data-binary @'$work/liste-unicode.txt' '$A/batch?columns=adresse&postcode=cp' > '$work/b3.csv'
  [ \"\$(head -c 3 '$work/b3.csv' | od -An -tx1 | tr -d ' ')\" = efbbbf ]
  python3 '$here/check.py' batch '$work/b3.csv' ok,incertain/not-found,skipped"
check "POST /search/csv/ multipart (champ data, comme l'API Adresse)" bash -c "
  curl -sf -F data=@'$work/liste.csv' -F columns=adresse -F postcode=cp '$A/search/csv/' > '$work/b2.csv'
  cmp '$work/b1.csv' '$work/b2.csv'"
check "POST /batch, colonne absente : 422 problem+json qui la nomme" bash -c "
  code=\$(curl -s -o '$work/e2.json' -w '%{http_code} %{content_type}' -X POST --data-binary @'$work/liste.csv' '$A/batch?columns=rue')
  [ \"\$code\" = '422 application/problem+json' ] && grep -q 'rue' '$work/e2.json'"

check "GET /geocode : crédite les adresses chargées (BANO, ODbL)" bash -c "
  curl -sf '$A/geocode?q=barembach' > '$work/c.json'
  python3 '$here/check.py' credits '$work/c.json' 'BANO (© contributeurs OpenStreetMap)' ODbL-1.0"
check "GET /geocode : une adresse d'un département non chargé dit « Aucune adresse trouvée » et pourquoi, sans lieux sans rapport" bash -c "
  curl -sf '$A/geocode?q=12+rue+de+la+gare+annemasse&limit=8' > '$work/na.json'
  python3 '$here/check.py' no-address '$work/na.json' 'de ce département (74) ne sont pas chargées' 'gare annemasse'"
check "GET /geocode : « rue de la gare » avec sa commune trouve l'adresse, en premier" bash -c "
  curl -sf '$A/geocode?q=14+rue+de+la+gare+chaillac&limit=8' > '$work/g2.json'
  python3 '$here/check.py' first-id '$work/g2.json' 36035_gt00649_00014"

b=$(free_port); start "$b" --addresses "$work/none" --geocoder-upstream "$A"
B="http://127.0.0.1:$b"
check "--geocoder-upstream : la seconde instance relaie la première" bash -c "
  curl -sf '$B/geocode?q=11+rue+de+la+caverne+bernardswiller' > '$work/u.json'
  python3 '$here/check.py' first-id '$work/u.json' 67031_gt00002_00011
  curl -sf '$B/reverse?lon=7.464688&lat=48.452444' > '$work/u2.json'
  python3 '$here/check.py' reverse '$work/u2.json' 67031_gt00002_00011"

# --- addresses download from a local mirror of the BAN's site
mirror=$work/mirror
mkdir -p "$mirror"
python3 "$here/check.py" split "$ban" "$mirror" 67 29 33
cp "$mirror/adresses-67.csv.gz" "$work/good-67.csv.gz"
m=$(free_port)
python3 "$here/ban_mirror.py" "$mirror" "$m" > "$work/mirror.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 50); do curl -s -o /dev/null "http://127.0.0.1:$m/" && break; sleep 0.1; done
url="http://127.0.0.1:$m/adresses-{dep}.csv.gz"
url67="http://127.0.0.1:$m/adresses-67.csv.gz"
dl="'$QUARTIERS_BIN' addresses download --url '$url' --addresses '$work/dl'"
sums="sha256sum '$work/dl/index.bin' > '$work/before.sha'"
same="sha256sum -c --quiet '$work/before.sha'"
check "addresses download : deux départements du miroir, index écrit, BAN crédité" bash -c "
  $dl --departement 67 --departement 29 > '$work/dl1.txt'
  grep -q 'département 67 : .* ko téléchargés .*$url67), 43 lignes' '$work/dl1.txt'
  grep -q 'département 29 : .* 55 lignes' '$work/dl1.txt'
  grep -q '98 adresses' '$work/dl1.txt'
  [ \$(grep -c '^200 ' '$work/mirror.log') = 2 ]"
check "addresses download : QUARTIERS_BAN_URL, et rien de neuf à télécharger la seconde fois (304)" bash -c "
  QUARTIERS_BAN_URL='$url' '$QUARTIERS_BIN' addresses download --departement 67 --departement 29 --addresses '$work/dl' > '$work/dl2.txt'
  [ \$(grep -c 'inchangé depuis le dernier téléchargement' '$work/dl2.txt') = 2 ]
  [ \$(grep -c '^200 ' '$work/mirror.log') = 2 ] && [ \$(grep -c '^304 ' '$work/mirror.log') = 2 ]"
check "scripts/addresses.sh (scripts/serve.sh) : un index lisible existe, rien n'est demandé au miroir" bash -c "
  QUARTIERS_ADDRESSES='$work/dl' QUARTIERS_BAN_URL='$url' scripts/addresses.sh > '$work/again.txt'
  grep -q '^98 adresses déjà chargées' '$work/again.txt'
  [ \$(wc -l < '$work/mirror.log') = 5 ]"
c=$(free_port); start "$c" --addresses "$work/dl"
C="http://127.0.0.1:$c"
serving67="curl -sf '$C/geocode?q=25+rue+du+presbytere+barembach' > '$work/s67.json' && python3 '$here/check.py' first-id '$work/s67.json' 67020_gt00001_00025"
check "le serveur répond sur l'index téléchargé" bash -c "$serving67"
# refused DESCRIPTION EXPECTED [ARGS...]: the download of 67 fails naming the département, its
# URL and EXPECTED; the index is unchanged and still served.
refused() {
  local what=$1 expected=$2; shift 2
  check "mauvais téléchargement refusé ($what) : erreur qui nomme le département et l'URL, index précédent servi" bash -c "
    $sums
    ! $dl --departement 67 --departement 29 $* > /dev/null 2> '$work/err.txt'
    grep -q 'département 67 (http://127.0.0.1:[0-9]*/adresses-67.csv.gz)' '$work/err.txt'
    grep -q '$expected' '$work/err.txt' || { cat '$work/err.txt'; false; }
    $same && $serving67"
  cp "$work/err.txt" "$work/err-${what// /-}.txt"
}
head -c 700 "$work/good-67.csv.gz" > "$mirror/adresses-67.csv.gz"
refused "gzip tronqué" "fichier refusé"
# The same rows compressed anew: another ETag, so the mirror sends it (then drops the line).
gzip -dc "$work/good-67.csv.gz" | gzip -1 > "$mirror/adresses-67.csv.gz"
echo $(($(stat -c %s "$mirror/adresses-67.csv.gz") / 2)) > "$mirror/adresses-67.csv.gz.cut"
refused "connexion coupée" "octets"
rm "$mirror/adresses-67.csv.gz.cut"
printf '<!DOCTYPE html>
<html><body>Maintenance</body></html>
' > "$mirror/adresses-67.csv.gz"
refused "page HTML" "page web"
printf 'a;b
1;2
' | gzip > "$mirror/adresses-67.csv.gz"
refused "mauvais en-tête" "colonne « id » absente"
gzip -dc "$work/good-67.csv.gz" | head -n 6 | gzip > "$mirror/adresses-67.csv.gz"
refused "trop peu de lignes" "5 lignes seulement, contre 43"
cp "$work/good-67.csv.gz" "$mirror/adresses-67.csv.gz"
mkdir -p "$work/full-cache"; ln -s /dev/full "$work/full-cache/adresses-67.csv.gz.part"
refused "disque plein" "No space left on device" --cache "'$work/full-cache'"
check "département absent du miroir (404) : erreur qui le dit, index inchangé" bash -c "
  $sums
  ! $dl --departement 01 > /dev/null 2> '$work/err.txt'
  grep -q 'département 01 (http://127.0.0.1:$m/adresses-01.csv.gz) : le serveur a répondu 404' '$work/err.txt'
  $same"
dead=$(free_port)
check "sans réseau : scripts/addresses.sh le dit en une ligne et rend la main (0)" bash -c "
  QUARTIERS_ADDRESSES='$work/none' QUARTIERS_BAN_URL='http://127.0.0.1:$dead/adresses-{dep}.csv.gz' scripts/addresses.sh > '$work/offline.txt' 2>&1
  [ \$(wc -l < '$work/offline.txt') = 1 ] && grep -q 'Adresses non chargées.*département 30 (http://127.0.0.1:$dead/adresses-30.csv.gz) : téléchargement impossible' '$work/offline.txt' || { cat '$work/offline.txt'; false; }"
check "--force accepte un fichier plus court ; le serveur en cours prend le nouvel index sans redémarrer" bash -c "
  gzip -dc '$work/good-67.csv.gz' | head -n 6 | gzip > '$mirror/adresses-67.csv.gz'
  $dl --departement 67 --departement 33 --force > /dev/null
  for _ in \$(seq 1 40); do
    curl -sf '$C/geocode?q=14+avenue+johann+strauss+andernos' > '$work/s33.json'
    python3 '$here/check.py' first-id '$work/s33.json' 33005_gt00091_00014 2>/dev/null && exit 0
    sleep 0.25
  done
  cat '$work/s33.json'; false"

if grep -E ' (WARN|ERROR) ' "$work"/serve-*.log | grep -v 'aucune adresse importée' | grep -q .; then
  failed=$((failed + 1)); echo "FAIL journaux sans avertissement inattendu"; grep -E ' (WARN|ERROR) ' "$work"/serve-*.log | head
else passed=$((passed + 1)); echo "ok   journaux sans avertissement inattendu"; fi

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
