// The web map pointed at a PMTiles archive (config.json `tuiles_pmtiles`): in Debian's
// Chromium, its tiles come from byte ranges of the archive, never from /tiles/{z}/{x}/{y},
// and Le Perrier's QPV is drawn. Usage: node browser.mjs BASE_URL
import { chromium } from 'playwright-core';

const BASE = process.argv[2];
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
let passed = 0;
let failed = 0;
function check(name, ok, detail = '') {
  if (ok) passed += 1;
  else failed += 1;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name} ${ok ? '' : detail}`);
}

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: FLAGS });
try {
  const page = await browser.newPage({ viewport: { width: 1000, height: 700 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const ranges = [];
  const serverTiles = [];
  page.on('request', (r) => {
    const path = new URL(r.url()).pathname;
    if (path === '/tiles.pmtiles') ranges.push(r.headers().range ?? '');
    if (/^\/tiles\/\d+\/\d+\/\d+/.test(path)) serverTiles.push(path);
  });
  // Le Perrier - Château Rouge - Livron (QN07401M), Annemasse, at z15 (beyond the archive's
  // z14: over-zoomed).
  await page.goto(`${BASE}/#carte=15/46.1856/6.2438`);
  await page.waitForSelector('body[data-pret="oui"]', { timeout: 30000 });
  await page.waitForFunction(() => window.quartiersMap.loaded() && window.quartiersMap.areTilesLoaded(), null, { timeout: 30000 });
  const source = await page.evaluate(() => {
    const map = window.quartiersMap;
    const id = Object.entries(map.getStyle().sources).find(([, s]) => s.type === 'vector')[0];
    return map.getSource(id).url ?? '';
  });
  check('the vector source reads the archive', source.startsWith('pmtiles://'), source);
  check('tiles come from range requests on /tiles.pmtiles', ranges.length > 0 && ranges.every((r) => r.startsWith('bytes=')), JSON.stringify(ranges));
  check('no tile asked of the server', serverTiles.length === 0, serverTiles.slice(0, 3).join(' '));
  const qpv = await page.evaluate(() => {
    const map = window.quartiersMap;
    const layers = map.getStyle().layers.filter((l) => l['source-layer'] === 'qpv').map((l) => l.id);
    return map.queryRenderedFeatures({ layers }).map((f) => f.properties.code_qp ?? f.properties.code);
  });
  check('Le Perrier QPV drawn from the archive', qpv.includes('QN07401M'), JSON.stringify(qpv.slice(0, 5)));
  check('no page error', errors.length === 0, errors.join(' | '));
} finally {
  await browser.close();
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
