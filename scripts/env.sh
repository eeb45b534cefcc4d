# Shared environment of the scripts: caches outside the clone, reused when they exist, so a
# fresh clone (CI) does not rebuild everything; everything still works on a bare machine.
# Source it: `. scripts/env.sh`.
QUARTIERS_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
QUARTIERS_CACHE="${QUARTIERS_CACHE:-$HOME/.cache/quartiers}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$QUARTIERS_CACHE/target}"
export QUARTIERS_VENV="${QUARTIERS_VENV:-$QUARTIERS_CACHE/venv}"
export PIP_CACHE_DIR="${PIP_CACHE_DIR:-$QUARTIERS_CACHE/pip}"
export npm_config_cache="${npm_config_cache:-$QUARTIERS_CACHE/npm}"
export QUARTIERS_BIN="$CARGO_TARGET_DIR/release/quartiers"
export QUARTIERS_ROOT QUARTIERS_CACHE
mkdir -p "$QUARTIERS_CACHE"
