// Bundles the map with esbuild into dist/: assets/main.js and assets/main.css (MapLibre GL JS
// and our modules), MapLibre's worker, assets/print.css, the page and public/ (config.json).
// No network at run time. For development, run `quartiers serve --web web/dist` and rebuild.

import { build } from 'esbuild';
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';

const dist = new URL('./dist/', import.meta.url);

await rm(dist, { recursive: true, force: true });
await mkdir(new URL('assets/', dist), { recursive: true });

await build({
  entryPoints: { main: 'src/main.js', print: 'src/styles/print.css' },
  bundle: true,
  minify: true,
  format: 'esm',
  target: ['es2022'],
  outdir: 'dist/assets',
  legalComments: 'linked',
  logLevel: 'warning',
});

// The page points at the bundled files instead of the sources.
const html = (await readFile('index.html', 'utf8'))
  .replace('./src/styles/main.css', './assets/main.css')
  .replace('./src/styles/print.css', './assets/print.css')
  .replace('./src/main.js', './assets/main.js');
await writeFile(new URL('index.html', dist), html);
await cp('public', dist, { recursive: true });
// MapLibre starts its worker from this file, next to the bundle (resolved from import.meta.url).
await cp('node_modules/maplibre-gl/dist/maplibre-gl-worker.mjs', new URL('assets/maplibre-gl-worker.mjs', dist));
