#!/usr/bin/env bash
# Hostile uploads (issue 18): zip bombs, path traversal, symbolic links, virtual paths and URLs
# in names and fields, a lying .shx, a truncated GeoPackage, millions of vertices or features,
# deep nesting, concurrent imports: through POST /admin/import and quartiers import, with the
# release binary, each refused with nothing staged and the served version untouched.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"
need_release_bin hostile_uploads
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 tests/hostile_uploads/check.py "$QUARTIERS_BIN" "$work"
