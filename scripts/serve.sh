#!/usr/bin/env bash
# The main job of the README: sets up, then serves the bundled territories and the map at
# http://127.0.0.1:${PORT:-8080}/ (Ctrl-C to stop). The first run downloads the addresses of
# the bundled territories (scripts/addresses.sh); without network the map searches places only.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$QUARTIERS_ROOT"
scripts/setup.sh
scripts/addresses.sh
exec "$QUARTIERS_BIN" serve --data data --addr "127.0.0.1:${PORT:-8080}" "$@"
