#!/usr/bin/env bash
# End-to-end checks of the vector tiles, TileJSON and MapLibre style: starts the real
# `quartiers serve` on a free loopback port over the bundled data, then decodes its tiles with
# Python's mapbox-vector-tile and GDAL's MVT driver (check_tiles.py) and validates the style
# with MapLibre's style-spec validator.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
here=tests/tiles

stamp=$here/node_modules/.lock.sha
want=$(sha256sum $here/package-lock.json | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  (cd $here && npm ci --no-audit --no-fund --loglevel=error)
  echo "$want" > "$stamp"
fi

port=$(free_port)
log=$(mktemp)
web=$(mktemp -d)
"$QUARTIERS_BIN" serve --data data --addr "127.0.0.1:$port" --web "$web" >"$log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$log" "$web"' EXIT
wait_http "http://127.0.0.1:$port/tiles.json" $server "$log"

status=0
"$QUARTIERS_VENV/bin/python" $here/check_tiles.py "http://127.0.0.1:$port" "$QUARTIERS_ROOT" \
  "$here/node_modules/@maplibre/maplibre-gl-style-spec/dist/gl-style-validate.mjs" || status=$?

# The server must not have logged an error while answering (bad requests are warnings at most).
if grep -E '\b(ERROR|panicked)\b' "$log"; then
  echo "tiles: the server logged errors"
  status=1
fi
exit $status
