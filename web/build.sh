#!/usr/bin/env bash
# Builds the web map into web/dist/ (served by `quartiers serve` at /): installs the pinned npm
# packages from the lockfile, then bundles with Vite. The page needs no internet at run time.
# QUARTIERS_BASEMAP_STYLE, if set, is written into dist/config.json as an external basemap
# style URL (for deployments with internet access); by default the map is fully offline.
# QUARTIERS_PMTILES_URL, if set, points the map at a PMTiles archive of our tiles
# (`quartiers export-pmtiles`, on a static host or a CDN) instead of the server's /tiles.
# QUARTIERS_DEFAULT_TERRITORY (default annemasse-agglo) is the territory the map opens on.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
if [ -f ../scripts/env.sh ]; then . ../scripts/env.sh; fi

# Skip `npm ci` when node_modules already matches the lockfile.
stamp=node_modules/.lock.sha
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  npm ci --no-audit --no-fund --loglevel=error
  echo "$want" > "$stamp"
fi
node build.mjs

if [ -n "${QUARTIERS_BASEMAP_STYLE:-}${QUARTIERS_PMTILES_URL:-}${QUARTIERS_DEFAULT_TERRITORY:-}" ]; then
  node -e 'const [b, p, t] = process.argv.slice(1); process.stdout.write(JSON.stringify({ fond_de_carte: b || null, tuiles_pmtiles: p || null, territoire_par_defaut: t || null }, null, 2) + "\n")' \
    "${QUARTIERS_BASEMAP_STYLE:-}" "${QUARTIERS_PMTILES_URL:-}" "${QUARTIERS_DEFAULT_TERRITORY:-annemasse-agglo}" > dist/config.json
fi
echo "web: built $(find dist -type f | wc -l) files into web/dist"
