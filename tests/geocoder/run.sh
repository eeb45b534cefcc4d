#!/usr/bin/env bash
# Address search end to end (issue 7): the real binary imports the geocoder-tester BAN file,
# answers `quartiers geocode` and `quartiers batch`, then two servers on free loopback ports
# answer /geocode, /search/, /reverse and POST /batch (raw CSV and multipart), refuse bad
# requests with problem+json, and the second one forwards to the first (--geocoder-upstream).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
here=tests/geocoder
ban=tests/data/geocoder-tester/ban_dev.csv.gz
[ -x "$QUARTIERS_BIN" ] || { echo "geocoder: $QUARTIERS_BIN missing (cargo build --release -p quartiers)"; echo "0 passed, 1 failed"; exit 1; }

work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

passed=0; failed=0
check() { # name, command...
  local name=$1; shift
  if "$@" >"$work/last.log" 2>&1; then passed=$((passed + 1)); echo "ok   $name"
  else failed=$((failed + 1)); echo "FAIL $name"; sed 's/^/     /' "$work/last.log" | head -20; fi
}
json() { python3 "$here/check.py" "$@"; }

# --- import and command line
check "import-addresses lit le fichier BAN gzippé" \
  bash -c "'$QUARTIERS_BIN' import-addresses '$ban' --addresses '$work/addr' | grep -q '925 lignes lues'"
check "un fichier qui n'est pas de la BAN est refusé, index inchangé" bash -c "
  printf 'a,b\n1,2\n' > '$work/bad.csv'
  before=\$(sha256sum '$work/addr/index.bin')
  ! '$QUARTIERS_BIN' import-addresses '$work/bad.csv' --addresses '$work/addr' 2> '$work/err.txt'
  grep -q 'colonne « id » absente' '$work/err.txt'
  [ \"\$before\" = \"\$(sha256sum '$work/addr/index.bin')\" ]"
check "geocode : adresse tapée en minuscules, sans accents, code postal collé" bash -c "
  '$QUARTIERS_BIN' geocode '25 rue du presbytere 67130barembach' --addresses '$work/addr' --data data > '$work/g.json'
  python3 '$here/check.py' first-id '$work/g.json' 67020_gt00001_00025"
check "geocode : sans adresses importées, trouve un lieu des données" bash -c "
  '$QUARTIERS_BIN' geocode 'Perrier' --addresses '$work/none' --data data > '$work/p.json' 2>/dev/null
  python3 '$here/check.py' has-type '$work/p.json' locality"
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

b=$(free_port); start "$b" --addresses "$work/none" --geocoder-upstream "$A"
B="http://127.0.0.1:$b"
check "--geocoder-upstream : la seconde instance relaie la première" bash -c "
  curl -sf '$B/geocode?q=11+rue+de+la+caverne+bernardswiller' > '$work/u.json'
  python3 '$here/check.py' first-id '$work/u.json' 67031_gt00002_00011
  curl -sf '$B/reverse?lon=7.464688&lat=48.452444' > '$work/u2.json'
  python3 '$here/check.py' reverse '$work/u2.json' 67031_gt00002_00011"

if grep -E ' (WARN|ERROR) ' "$work"/serve-*.log | grep -v 'aucune adresse importée' | grep -q .; then
  failed=$((failed + 1)); echo "FAIL journaux sans avertissement inattendu"; grep -E ' (WARN|ERROR) ' "$work"/serve-*.log | head
else passed=$((passed + 1)); echo "ok   journaux sans avertissement inattendu"; fi

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
