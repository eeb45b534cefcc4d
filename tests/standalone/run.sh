#!/usr/bin/env bash
# The repository stands on its own (issue 12): nothing in it reads a folder beside the clone or
# a path of a developer's machine, every source the data cite is bundled, and the bundled
# territory rebuilds from the bundled sources to the committed files. See check.py.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../../scripts/env.sh"
cd "$QUARTIERS_ROOT"
exec python3 tests/standalone/check.py
