#!/usr/bin/env bash
# Installs what Quartiers needs on Debian 12: the apt packages listed in scripts/apt.txt and
# tests/*/apt.txt, a Python venv with tests/*/requirements.txt, and builds the release binary.
# Idempotent: what is already there is skipped quickly.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$QUARTIERS_ROOT"

with_tests=0
[ "${1:-}" = "--with-tests" ] && with_tests=1

apt_lists=(scripts/apt.txt)
pip_lists=()
if [ $with_tests = 1 ]; then
  for f in tests/*/apt.txt; do [ -f "$f" ] && apt_lists+=("$f"); done
  for f in tests/*/requirements.txt benches/requirements.txt; do [ -f "$f" ] && pip_lists+=("$f"); done
fi

mapfile -t packages < <(cat "${apt_lists[@]}" | sed 's/#.*//' | tr -s ' \t' '\n' | grep -v '^$' | sort -u)
missing=()
for p in "${packages[@]}"; do
  # Node.js may come from elsewhere than Debian (NodeSource ships npm inside its nodejs
  # package, and Debian's npm then conflicts with it): a working command is enough.
  case "$p" in
    npm) command -v npm >/dev/null && continue ;;
    nodejs) command -v node >/dev/null && continue ;;
  esac
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: apt-get install ${missing[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if ! command -v cargo >/dev/null; then
  echo "setup: cargo not found; install Rust (rustup) first" >&2
  exit 1
fi

if [ ${#pip_lists[@]} -gt 0 ]; then
  # Debian's python3 with its system site-packages, so GDAL's Python bindings (python3-gdal)
  # are visible next to the PyPI packages.
  if [ ! -x "$QUARTIERS_VENV/bin/python" ]; then
    /usr/bin/python3 -m venv --system-site-packages "$QUARTIERS_VENV"
  fi
  stamp="$QUARTIERS_VENV/.requirements.sha"
  want=$(cat "${pip_lists[@]}" | sha256sum | cut -d' ' -f1)
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    "$QUARTIERS_VENV/bin/pip" install -q $(printf -- '-r %s ' "${pip_lists[@]}")
    echo "$want" > "$stamp"
  fi
fi

# The web map's bundle (MapLibre GL JS from npm), served by `quartiers serve` at /.
if [ -x web/build.sh ]; then
  web/build.sh
fi

cargo build --release --locked -p quartiers
