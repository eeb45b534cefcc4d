#!/usr/bin/env bash
# The addresses step of scripts/serve.sh: when no readable address index exists, downloads the Base
# Adresse Nationale files of the bundled territories' départements and indexes them
# (`quartiers addresses download`; --url / QUARTIERS_BAN_URL for a mirror). Without network it
# says so in one line and returns 0: the map then searches places only.
set -uo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$QUARTIERS_ROOT"
addresses=${QUARTIERS_ADDRESSES:-data/addresses}
err=$(mktemp)
trap 'rm -f "$err"' EXIT
if ! "$QUARTIERS_BIN" addresses download --if-missing --addresses "$addresses" "$@" 2>"$err"; then
  echo "Adresses non chargées (la recherche trouvera les lieux, pas les adresses ; relancez scripts/serve.sh avec le réseau) : $(tail -n 1 "$err" | sed 's/^erreur : //')"
fi
exit 0
