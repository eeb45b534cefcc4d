#!/usr/bin/env bash
# The main job of the README: sets up, then serves the bundled territories and the map at
# http://127.0.0.1:${PORT:-8080}/ (Ctrl-C to stop).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$QUARTIERS_ROOT"
scripts/setup.sh
exec "$QUARTIERS_BIN" serve --data data --addr "127.0.0.1:${PORT:-8080}" "$@"
