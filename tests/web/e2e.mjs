// End-to-end tests of the web map in Debian's Chromium (headless, driven by playwright-core)
// against a running `quartiers serve`. Usage: node e2e.mjs BASE_URL [SCREENSHOT_DIR]
// Prints one line per test and closes with `N passed, N failed`.

import { execFileSync } from 'node:child_process';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import Papa from 'papaparse';
import { chromium } from 'playwright-core';

const BASE = process.argv[2];
const SHOTS = process.argv[3] ?? null;
const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');

// Le Perrier - Château Rouge - Livron (QN07401M), Annemasse: a point well inside it.
const PERRIER = { lon: 6.2438, lat: 46.1856, code: 'QN07401M', name: 'Le Perrier - Château Rouge - Livron' };

// Annemasse station: the gare and the tram stops around it are exact points of the equipment layer.
const GARE = { lon: 6.2371108, lat: 46.1995889 };
// A real address of geocoder-tester (tests/data/geocoder-tester, imported by run.sh),
// in the QPV « Perseigne » at Alençon, far from any loaded territory.
const LANDON = { typed: '8 rue landon', label: '8 Rue Landon 61000 Alençon', lon: 0.090141, lat: 48.420447, qpv: 'Perseigne' };
// The four bundled territories (data/territories/*/territory.toml: slug, name, bbox), and a
// point inside the QPV « Quartier Intercommunal Sous-Le Bois Montplaisir Rue d'Ostende » of
// Maubeuge (its outline's point on surface).
const ANNEMASSE = { slug: 'annemasse-agglo', bbox: [6.15, 46.13, 6.38, 46.29] };
const MAUBEUGE = { slug: 'maubeuge-val-de-sambre', name: 'CA Maubeuge Val de Sambre', bbox: [3.75, 50.13, 4.24, 50.37], lon: 3.92031, lat: 50.26245, qpv: 'QN05918M' };
const SLUGS = ['ales-agglomeration', 'angers-loire-metropole', 'annemasse-agglo', 'maubeuge-val-de-sambre'];
// Nine addresses (Latin-1, `,`) for « Vérifier une liste d'adresses »; see fixtures/README.md.
const LIST = new URL('./fixtures/adresses-latin1.csv', import.meta.url);
/** Columns `POST /batch` adds to each row (crates/geocoder/src/batch/mod.rs, ADDED). */
const ADDED = ['latitude', 'longitude', 'result_label', 'result_score', 'result_status', 'qpv_code', 'qpv_nom', 'verdict', 'distance_bord_m', 'insee_com', 'commune_nom', 'contrat_ville', 'contrat_ville_nom', 'nb_operations', 'nb_actions', 'erreur'];

/** Python with openpyxl (tests/web/requirements.txt), to open the Excel workbook. */
const PYTHON = process.env.QUARTIERS_PYTHON ?? 'python3';

const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

function check(cond, message) {
  if (!cond) throw new Error(message);
}

// ---- Page helpers ----------------------------------------------------------------------

// Pages open on Le Perrier (a permalink view) unless told otherwise: one render, not two, on
// the software renderer.
const PERRIER_VIEW = `#carte=14/${PERRIER.lat}/${PERRIER.lon}`;

async function openPage(browser, { width = 1024, height = 700, hash = PERRIER_VIEW, geolocation = null, base = BASE } = {}) {
  const context = await browser.newContext({
    viewport: { width, height },
    acceptDownloads: true,
    locale: 'fr-FR',
    ...(geolocation ? { geolocation, permissions: ['geolocation'] } : {}),
  });
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(e.message));
  await page.goto(`${base}/${hash}`);
  await page.waitForSelector('body[data-pret="oui"]', { timeout: 30000 });
  return page;
}

async function settle(page) {
  await page.waitForFunction(() => window.quartiersMap.loaded() && window.quartiersMap.areTilesLoaded(), null, { timeout: 30000 });
}

async function jump(page, lon, lat, zoom) {
  await page.evaluate(([x, y, z]) => window.quartiersMap.jumpTo({ center: [x, y], zoom: z }), [lon, lat, zoom]);
  await settle(page);
}

/** Page coordinates of a lon/lat on the map. */
async function pixel(page, lon, lat) {
  return page.evaluate(([x, y]) => {
    const rect = window.quartiersMap.getCanvas().getBoundingClientRect();
    const p = window.quartiersMap.project([x, y]);
    return { x: rect.left + p.x, y: rect.top + p.y };
  }, [lon, lat]);
}

async function clickAt(page, lon, lat) {
  const p = await pixel(page, lon, lat);
  await page.mouse.click(p.x, p.y);
}

async function waitAnswer(page) {
  await page.waitForSelector('#reponse[aria-busy="false"] .resume', { timeout: 30000 });
}

/** Item titles of one answer group, as the panel shows them. */
async function groupTitles(page, group) {
  return page.$$eval(`#reponse [data-groupe="${group}"] .element__titre`, (els) => els.map((e) => e.textContent.trim()));
}

async function allTitles(page) {
  return page.$$eval('#reponse .element__titre', (els) => els.map((e) => e.textContent.trim()));
}

async function askPerrier(page) {
  await jump(page, PERRIER.lon, PERRIER.lat, 14);
  await clickAt(page, PERRIER.lon, PERRIER.lat);
  await waitAnswer(page);
}

/** Unfolds every commune and territory scope of the answer and waits for their lists. */
async function unfoldScopes(page) {
  const keys = await page.$$eval('#reponse .portee[data-cle] > details', (ds) => ds.map((d) => d.parentElement.dataset.cle));
  for (const key of keys) {
    const selector = `#reponse .portee[data-cle="${key}"]`;
    if (!(await page.$eval(`${selector} > details`, (d) => d.open))) await page.click(`${selector} > details > summary`);
    await page.waitForSelector(`${selector} .groupe`, { timeout: 15000 });
  }
  return keys;
}

const inBox = (c, [w, s, e, n]) => c.lng >= w && c.lng <= e && c.lat >= s && c.lat <= n;

async function still(page) {
  await page.waitForFunction(() => !window.quartiersMap.isMoving(), null, { timeout: 15000 });
  await settle(page);
}

async function closeTools(page) {
  if (await page.isVisible('#outils')) await page.click('#fermer-outils');
}

async function openTools(page) {
  if (!(await page.isVisible('#outils'))) await page.click('#ouvrir-outils');
}

// ---- CSV -------------------------------------------------------------------------------

/** RFC 4180 with `sep` (`;` by default): rows of fields. */
function parseCsv(text, sep = ';') {
  return Papa.parse(text.replace(/^\uFEFF/, ''), { delimiter: sep, skipEmptyLines: true }).data;
}

// ---- Tests -----------------------------------------------------------------------------

const tests = [];
const test = (name, fn) => tests.push({ name, fn });

test('the map renders: canvas, not blank, QPV colour where the QPV is', async (browser) => {
  const page = await openPage(browser);
  check(await page.$('#carte canvas.maplibregl-canvas'), 'no map canvas');
  // Only the national QPV layer, so the colour under Le Perrier is the QPV fill's.
  await openTools(page);
  for (const box of await page.$$('#legende input[data-couche]')) {
    const id = await box.getAttribute('data-couche');
    if ((id === 'qpv') !== (await box.isChecked())) await box.click();
  }
  await closeTools(page);
  await jump(page, PERRIER.lon, PERRIER.lat, 14);
  const result = await page.evaluate(([lon, lat]) => {
    const map = window.quartiersMap;
    const style = map.getStyle();
    const fill = style.layers.find((l) => l['source-layer'] === 'qpv' && l.type === 'fill' && !l.id.includes('--'));
    const bg = style.layers.find((l) => l.type === 'background')?.paint?.['background-color'] ?? '#ffffff';
    const canvas = map.getCanvas();
    const copy = document.createElement('canvas');
    copy.width = canvas.width;
    copy.height = canvas.height;
    const ctx = copy.getContext('2d');
    ctx.drawImage(canvas, 0, 0);
    const ratio = canvas.width / canvas.clientWidth;
    const p = map.project([lon, lat]);
    const at = (x, y) => [...ctx.getImageData(Math.round(x * ratio), Math.round(y * ratio), 1, 1).data];
    const colours = new Set();
    const data = ctx.getImageData(0, 0, copy.width, copy.height).data;
    for (let i = 0; i < data.length; i += 4 * 97) colours.add(`${data[i]},${data[i + 1]},${data[i + 2]}`);
    const parse = (c) => {
      const probe = document.createElement('canvas').getContext('2d');
      probe.fillStyle = c;
      probe.fillRect(0, 0, 1, 1);
      return [...probe.getImageData(0, 0, 1, 1).data];
    };
    const colour = typeof fill?.paint?.['fill-color'] === 'string' ? parse(fill.paint['fill-color']) : null;
    // The national outlines are exact: read the opacity a `match` on precision gives them.
    const op = fill?.paint?.['fill-opacity'];
    const opacity = typeof op === 'number' ? op : Array.isArray(op) && op[0] === 'match' && op.includes('exact') ? op[op.indexOf('exact') + 1] : 1;
    const back = typeof bg === 'string' ? parse(bg) : [255, 255, 255];
    const expected = colour ? colour.slice(0, 3).map((c, i) => Math.round(opacity * c + (1 - opacity) * back[i])) : null;
    return { inside: at(p.x, p.y), expected, back, distinct: colours.size, fillFound: Boolean(fill) };
  }, [PERRIER.lon, PERRIER.lat]);
  check(result.fillFound, 'the style has no fill layer for source-layer qpv');
  check(result.distinct > 3, `blank map: only ${result.distinct} colours`);
  const differs = result.inside.slice(0, 3).some((c, i) => Math.abs(c - result.back[i]) > 12);
  check(differs, `the QPV does not show: pixel ${result.inside} equals the background ${result.back}`);
  if (result.expected) {
    const close = result.inside.slice(0, 3).every((c, i) => Math.abs(c - result.expected[i]) <= 40);
    check(close, `pixel inside the QPV ${result.inside} is not the QPV colour ${result.expected}`);
  }
  await page.context().close();
});

test('the legend, the layer export menu and the popup name each layer as /collections titles it', async (browser) => {
  const page = await openPage(browser);
  const titles = await page.evaluate(async () => {
    const body = await (await fetch('/collections', { headers: { Accept: 'application/json' } })).json();
    return Object.fromEntries(body.collections.map((c) => [c.id, c.title]));
  });
  await openTools(page);
  const legend = await page.$$eval('#legende input[data-couche]', (inputs) => inputs.map((i) => [i.dataset.couche, i.closest('label').textContent.trim()]));
  check(legend.length >= 9, `legend entries: ${JSON.stringify(legend)}`);
  for (const [id, text] of legend) check(text === titles[id], `legend says « ${text} » for ${id}, /collections « ${titles[id]} »`);
  await page.waitForFunction(() => document.querySelectorAll('#export-couche option').length > 0, null, { timeout: 15000 });
  const options = await page.$$eval('#export-couche option', (os) => os.map((o) => [o.value, o.textContent]));
  const exportable = Object.keys(titles).filter((id) => id !== 'territoires');
  check(JSON.stringify(options.map(([id]) => id).sort()) === JSON.stringify(exportable.sort()), `export menu: ${options.map(([id]) => id).join(', ')}`);
  for (const [id, text] of options) check(text === titles[id], `export menu says « ${text} » for ${id}, /collections « ${titles[id]} »`);
  await closeTools(page);
  await jump(page, PERRIER.lon, PERRIER.lat, 14);
  await clickAt(page, PERRIER.lon, PERRIER.lat);
  await page.waitForSelector('.maplibregl-popup .popup__couche', { timeout: 15000 });
  const named = await page.$$eval('.maplibregl-popup .popup__couche', (spans) => spans.map((s) => s.textContent.replace(/^ — /, '')));
  check(named.includes(titles.perimetres), `the popup names « ${named.join(' | ')} », not « ${titles.perimetres} »`);
  check(named.every((n) => Object.values(titles).includes(n)), `popup layer names outside /collections: ${named.join(' | ')}`);
  await page.context().close();
});

test('searching a known name with the keyboard flies there', async (browser) => {
  const page = await openPage(browser, { hash: '#carte=11/46.0/6.6' }); // Start away from it.
  await page.focus('#recherche');
  await page.keyboard.type('Perrier', { delay: 30 });
  await page.waitForSelector('#suggestions:not([hidden]) [role="option"]', { timeout: 30000 });
  const first = await page.textContent('#suggestions [role="option"]');
  check(first.includes('Perrier'), `first suggestion is « ${first} »`);
  check((await page.getAttribute('#recherche', 'aria-expanded')) === 'true', 'combobox not expanded');
  await page.keyboard.press('ArrowDown');
  const active = await page.getAttribute('#recherche', 'aria-activedescendant');
  check(active && (await page.getAttribute(`#${active}`, 'aria-selected')) === 'true', 'arrow key does not select a suggestion');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => !window.quartiersMap.isMoving(), null, { timeout: 10000 });
  await page.waitForTimeout(800);
  const c = await page.evaluate(() => ({ ...window.quartiersMap.getCenter(), z: window.quartiersMap.getZoom() }));
  check(Math.abs(c.lng - PERRIER.lon) < 0.03 && Math.abs(c.lat - PERRIER.lat) < 0.03, `map centred on ${c.lng},${c.lat}`);
  check(c.z > 12, `zoom ${c.z} too low`);
  await page.context().close();
});

test('clicking inside Le Perrier shows the QPV and its NPNRU operations', async (browser) => {
  // A view with the legend open on the left and room for the panel on the right.
  const page = await openPage(browser, { width: 1280, height: 800, hash: '#carte=12.7/46.1930/6.2520' });
  await settle(page);
  await clickAt(page, PERRIER.lon, PERRIER.lat);
  await waitAnswer(page);
  if (SHOTS) {
    await page.evaluate(() => document.querySelector('.maplibregl-popup')?.remove());
    await settle(page);
    await page.screenshot({ path: `${SHOTS}/desktop.png` });
  }
  const perims = await groupTitles(page, 'perimetres');
  check(perims.some((t) => t.includes(PERRIER.name)), `perimeters: ${perims.join(' | ')}`);
  const badge = await page.textContent('#reponse [data-groupe="perimetres"] .badge');
  check(/dans ce quartier/.test(badge), `verdict badge « ${badge} »`);
  const ops = await groupTitles(page, 'operations');
  check(ops.some((t) => /NPNRU/.test(t)), `no NPNRU operation among ${ops.length}: ${ops.slice(0, 5).join(' | ')}`);
  const summary = await page.textContent('#reponse .resume');
  check(summary.includes(PERRIER.name), `summary « ${summary} »`);
  // Every group is a list a screen reader can read.
  const lists = await page.$$eval('#reponse ul.liste', (uls) => uls.length);
  check(lists >= 3, `only ${lists} lists`);
  // Selecting an item highlights it on the map.
  await page.click('#reponse [data-groupe="operations"] button[aria-pressed]');
  await page.waitForFunction(async () => (await window.quartiersMap.getSource('selection').getData()).features.length > 0, null, { timeout: 10000 });
  check((await page.getAttribute('#reponse [data-groupe="operations"] button[aria-pressed]', 'aria-pressed')) === 'true', 'selected item not marked');
  await page.context().close();
});

test('« Me localiser » asks about the browser position', async (browser) => {
  const page = await openPage(browser, { geolocation: { longitude: PERRIER.lon, latitude: PERRIER.lat } });
  await page.click('#localiser');
  await waitAnswer(page);
  check((await page.textContent('#lieu')).startsWith('Votre position'), 'place is not « Votre position »');
  check((await groupTitles(page, 'perimetres')).some((t) => t.includes(PERRIER.name)), 'the QPV is not in the answer');
  await page.context().close();
});

test('outside every territory the panel still answers about the QPV', async (browser) => {
  // Bourg-en-Bresse, in the national QPV « Grande Reyssouze Terre Des Fleurs »; no local data.
  const page = await openPage(browser, { hash: '#carte=14/46.2055/5.2105&lieu=pt:5.2105,46.2055' });
  await waitAnswer(page);
  const perims = await groupTitles(page, 'perimetres');
  check(perims.length >= 1, 'no perimeter in the answer');
  check(/quartier prioritaire/.test(await page.textContent('#reponse .resume')), 'summary does not say QPV');
  const warning = await page.textContent('#reponse .avertissement');
  check(/Aucune donnée locale/.test(warning), `warning « ${warning} »`);
  check(/Pas de données locales/.test(await page.textContent('#reponse [data-groupe="operations"]')), 'empty groups do not say that no local data is loaded');
  await page.context().close();
});

test('a polygon drawn across the QPV edge gives an area share', async (browser) => {
  const page = await openPage(browser);
  const qpv = await (await fetch(`${BASE}/collections/qpv/items/${PERRIER.code}`)).json();
  // The westernmost vertex of the outline is on its edge: a square around it straddles it.
  const ring = qpv.geometry.type === 'MultiPolygon' ? qpv.geometry.coordinates[0][0] : qpv.geometry.coordinates[0];
  const [vx, vy] = ring.reduce((a, b) => (b[0] < a[0] ? b : a));
  const d = 0.002;
  const corners = [[vx - d, vy - d], [vx + d, vy - d], [vx + d, vy + d], [vx - d, vy + d]];
  await closeTools(page);
  await jump(page, vx, vy, 14);
  await page.click('#dessiner');
  check((await page.getAttribute('#dessiner', 'aria-pressed')) === 'true', 'drawing mode not on');
  for (const [x, y] of corners) {
    const p = await pixel(page, x, y);
    await page.mouse.move(p.x, p.y);
    await page.mouse.click(p.x, p.y);
    await page.waitForTimeout(250);
  }
  const start = await pixel(page, ...corners[0]);
  await page.mouse.move(start.x, start.y);
  await page.mouse.click(start.x, start.y);
  await waitAnswer(page);
  const summary = await page.textContent('#reponse .resume');
  const m = summary.match(/(\d+)\s%\sde la zone/);
  check(m, `no area share in « ${summary} »`);
  const share = Number(m[1]);
  check(share > 0 && share < 100, `share ${share} % is not partial`);
  const detail = await page.textContent('#reponse [data-groupe="perimetres"] .details');
  check(/Part de la zone/.test(detail), 'the perimeter item does not state the share');
  check((await page.textContent('#lieu')).startsWith('Zone dessinée'), 'place is not the drawn zone');
  await page.context().close();
});

test('a filter changes the list, and the export CSV rows match the panel', async (browser) => {
  const page = await openPage(browser);
  await askPerrier(page);
  const before = await groupTitles(page, 'operations');
  await openTools(page);
  const options = await page.$$eval('#filtre-statut option', (os) => os.map((o) => o.value).filter(Boolean));
  check(options.length >= 2, `status menu has ${options.length} values`);
  // Pick the status that keeps the fewest (but some) operations.
  const statuses = await page.$$eval('#reponse [data-groupe="operations"] .badge:first-child .badge__statut', (bs) => bs.map((b) => b.textContent.trim()));
  const counts = new Map();
  for (const s of statuses) counts.set(s, (counts.get(s) ?? 0) + 1);
  const rare = [...counts.entries()].sort((a, b) => a[1] - b[1])[0][0];
  await page.selectOption('#filtre-statut', rare);
  await page.waitForFunction((n) => document.querySelectorAll('#reponse [data-groupe="operations"] .element').length !== n, before.length, { timeout: 10000 });
  const after = await groupTitles(page, 'operations');
  check(after.length === counts.get(rare), `filter kept ${after.length}, expected ${counts.get(rare)}`);
  check(after.length < before.length, 'filter did not narrow the list');
  const left = await page.$$eval('#reponse [data-groupe="operations"] .badge:first-child .badge__statut', (bs) => bs.map((b) => b.textContent.trim()));
  check(left.every((s) => s === rare), `other statuses remain: ${left.join(', ')}`);

  // « Tout exporter » gives the complete answer: what the panel shows once every scope is
  // unfolded (loaded on demand), under the same filter.
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 15000 }), page.click('#export-csv')]);
  check(download.suggestedFilename().endsWith('.csv'), `file name ${download.suggestedFilename()}`);
  const rows = parseCsv(await readFile(await download.path(), 'utf8'));
  const header = rows[0];
  const name = header.indexOf('nom');
  check(name >= 0, `no « nom » column: ${header.join(';')}`);
  // The answer's items, then what national references say of the place, each with its source.
  const group = header.indexOf('groupe');
  const national = rows.slice(1).filter((r) => r[group].startsWith('Références nationales'));
  const source = header.indexOf('source_document');
  check(national.some((r) => r[header.indexOf('type')] === 'Résumé') && national.every((r) => r[source]), `national references in the CSV: ${national.length} rows`);
  const csvTitles = rows.slice(1).filter((r) => !r[group].startsWith('Références nationales')).map((r) => r[name]);
  const folded = await allTitles(page);
  const scopes = await unfoldScopes(page);
  check(scopes.length >= 2, `scopes to unfold: ${scopes.join(', ')}`);
  const panelTitles = await allTitles(page);
  check(panelTitles.length > folded.length, `unfolding loaded nothing: ${panelTitles.length} items`);
  const portee = header.indexOf('portee');
  check(new Set(rows.slice(1).filter((r) => !r[group].startsWith('Références nationales')).map((r) => r[portee])).size >= 2, 'the export holds only one scope');
  check(csvTitles.length === panelTitles.length, `CSV has ${csvTitles.length} rows, panel ${panelTitles.length}`);
  check(csvTitles.every((t, i) => t === panelTitles[i]), 'CSV rows differ from the panel');
  // Beside the status, its date, its origin and whether it is to be checked (issue 27).
  const at = (c) => header.indexOf(c);
  check(at('statut_date') === at('statut') + 1 && at('statut_date_origine') === at('statut') + 2 && at('a_verifier') === at('statut') + 3, `date columns: ${header.join(';')}`);
  const items = rows.slice(1).filter((r) => !r[group].startsWith('Références nationales'));
  check(items.every((r) => r[at('statut')] === 'non renseigné' || r[at('statut_date')] || r[group].startsWith('Quartier')), 'a status without its date in the CSV');
  check(items.some((r) => r[at('a_verifier')] === 'oui'), 'no stale status in the CSV');
  await page.context().close();
});

test('the Annemasse–Genève tram shows its status with its date, stale: « état connu en 2019, à vérifier »', async (browser) => {
  const page = await openPage(browser);
  await askPerrier(page);
  // The tram concerns the whole territory (its route is not published): in the territory scope.
  const territory = '#reponse .portee--territoire';
  check(/à vérifier/.test(await page.textContent(`${territory} .portee__comptes`)), 'the folded territory scope does not count what is to be checked');
  check(/statuts sont anciens ou non datés : à vérifier/.test(await page.textContent('#reponse .resume')), 'the summary does not count the stale statuses');
  await page.click(`${territory} > details > summary`);
  await page.waitForSelector(`${territory} .element`, { timeout: 15000 });
  const tram = await page.$$eval(`${territory} [data-groupe="operations"] li.element`, (items) => {
    const li = items.find((e) => e.querySelector('.element__titre').textContent.includes('Tramway Annemasse - Genève'));
    if (!li) return null;
    return {
      badge: li.querySelector('.badge').textContent.trim(),
      status: li.querySelector('.badge__statut').textContent.trim(),
      check: [...li.querySelectorAll('.badge--a-verifier')].map((b) => b.textContent.trim()),
      stale: li.classList.contains('element--a-verifier'),
      reason: li.querySelector('.raison').textContent,
      details: li.querySelector('.details').textContent,
    };
  });
  check(tram, 'the tram is not in the territory scope');
  check(tram.badge === 'en travaux · en 2019' && tram.status === 'en travaux', `tram badge « ${tram.badge} »`);
  check(tram.check.length === 1 && tram.check[0] === 'à vérifier' && tram.stale, `tram not marked « à vérifier »: ${JSON.stringify(tram)}`);
  check(tram.reason.startsWith('En travaux (état connu en 2019, à vérifier).') && tram.reason.includes("(déduit : la source ne précise pas l'emplacement ; le tracé du tram"), `tram reason « ${tram.reason} »`);
  check(/Date du statut\s*état connu en 2019, à vérifier \(date du document source\)/.test(tram.details), `tram details « ${tram.details} »`);
  // Every dated badge of the panel carries its date; the CSV export has the date column.
  const undated = await page.$$eval('#reponse .badge .badge__statut', (ss) => ss.filter((s) => !['non renseigné', 'dedans', 'dehors'].includes(s.textContent.trim()) && !s.closest('[data-groupe="perimetres"]') && !s.nextElementSibling).map((s) => s.textContent));
  check(undated.length === 0, `statuses without their date: ${undated.join(', ')}`);
  check(page.errors.length === 0, `page errors: ${page.errors.join('; ')}`);
  await page.context().close();
});

test('the tram\'s popup says « à vérifier » like the answer, with the territory\'s threshold', async (browser) => {
  // Only works in progress on mobility, features placed on the whole territory drawn, the
  // polygons under it hidden: the tram (drawn on Annemasse Agglo's outline) is in the popup.
  const hidden = 'qpv,perimetres,communes,territoires,ilots';
  const page = await openPage(browser, { hash: `${PERRIER_VIEW}&theme=type:mobilit%C3%A9&statut=en%20travaux&vagues=1&masquer=${hidden}` });
  await settle(page);
  await clickAt(page, PERRIER.lon, PERRIER.lat);
  await page.waitForSelector('.maplibregl-popup .popup__liste li', { timeout: 15000 });
  const tram = await page.$$eval('.maplibregl-popup .popup__liste li', (lis) => {
    const li = lis.find((e) => e.querySelector('strong').textContent.includes('Tramway Annemasse - Genève'));
    if (!li) return { names: lis.map((e) => e.querySelector('strong').textContent) };
    const check = li.querySelector('.badge--a-verifier');
    return { status: li.querySelector('.badge').textContent, check: check?.textContent, note: check?.title };
  });
  check(tram.status, `the tram is not in the popup: ${JSON.stringify(tram)}`);
  check(tram.status === 'en travaux · en 2019', `tram popup badge « ${tram.status} »`);
  check(tram.check === 'à vérifier' && tram.note === 'état connu en 2019, à vérifier', `tram popup not « à vérifier »: ${JSON.stringify(tram)}`);
  check(page.errors.length === 0, `page errors: ${page.errors.join('; ')}`);
  await page.context().close();
});

test('the answer leads with what is here; the commune\'s and the territory\'s lists load when unfolded', async (browser) => {
  const page = await openPage(browser);
  await askPerrier(page);
  const sections = await page.$$eval('#reponse .portee', (ss) => ss.map((s) => s.dataset.portee));
  check(sections[0] === 'ici' && sections.includes('commune') && sections.includes('territoire'), `scopes: ${sections.join(', ')}`);
  const here = await page.$$eval('#reponse .portee--ici .element__titre', (els) => els.length);
  check(here >= 10, `only ${here} items here`);
  const territory = '#reponse .portee--territoire';
  const heading = await page.textContent(`${territory} h3`);
  const announced = Number(heading.match(/\((\d+)\)\s*$/)?.[1]);
  check(announced > 100, `territory heading « ${heading} »`);
  check((await page.$$(`${territory} .element`)).length === 0, 'the territory list is loaded before it is asked for');
  check(/Actions du Contrat de Ville : \d+/.test(await page.textContent(`${territory} .portee__comptes`)), 'no counts for the folded territory scope');
  await page.click(`${territory} > details > summary`);
  await page.waitForSelector(`${territory} .element`, { timeout: 15000 });
  const loaded = await page.$$eval(`${territory} .groupe .compte`, (cs) => cs.reduce((n, c) => n + Number(c.textContent.match(/\d+/)[0]), 0));
  check(loaded === announced, `unfolded ${loaded} items, the heading said ${announced}`);
  await page.context().close();
});

test('on a phone, a quartier picked in the search is answered: what is planned there', async (browser) => {
  const page = await openPage(browser, { width: 375, height: 740, hash: '#carte=11/46.0/6.6' });
  await page.focus('#recherche');
  await page.keyboard.type('Perrier', { delay: 30 });
  await page.waitForFunction(
    (name) => [...document.querySelectorAll('#suggestions:not([hidden]) [role="option"]')].some((o) => o.textContent.includes(name) && /Quartier/.test(o.textContent)),
    PERRIER.name,
    { timeout: 30000 },
  );
  const options = await page.$$('#suggestions [role="option"]');
  let picked = false;
  for (const o of options) {
    const text = await o.textContent();
    if (text.includes(PERRIER.name) && /Quartier/.test(text)) {
      await o.click();
      picked = true;
      break;
    }
  }
  check(picked, 'the quartier is not among the suggestions');
  await waitAnswer(page);
  check((await page.textContent('#panneau-titre')) === 'Ce qui concerne ce quartier', `panel title « ${await page.textContent('#panneau-titre')} »`);
  check((await page.textContent('#lieu')).includes(PERRIER.name), `place « ${await page.textContent('#lieu')} »`);
  const ops = await page.$$eval('#reponse .portee--ici [data-groupe="operations"] .element__titre', (els) => els.map((e) => e.textContent));
  check(ops.length >= 10, `operations in the quartier: ${ops.length}`);
  check(/quartier/.test(await page.textContent('#reponse .portee--ici h3')), 'the first scope is not the quartier');
  check(/lieu=quartier%3AQN07401M|lieu=quartier:QN07401M/.test(await page.evaluate(() => window.location.hash)), 'the permalink does not keep the quartier');
  const box = await page.$eval('#panneau', (el) => el.getBoundingClientRect());
  check(box.left <= 1 && box.width >= 373, 'the answer is not the bottom sheet');
  await page.context().close();
});

test('a permalink restores view, filters, place and selection', async (browser) => {
  const page = await openPage(browser);
  await askPerrier(page);
  await openTools(page);
  await page.fill('#filtre-de', '2019');
  await page.dispatchEvent('#filtre-de', 'change');
  await page.waitForFunction(() => /de=2019/.test(window.location.hash), null, { timeout: 5000 }).catch(async (e) => { throw new Error(`${e.message} hash=${await page.evaluate(() => window.location.hash)}`); });
  await page.click('#reponse [data-groupe="operations"] button[aria-pressed]');
  await page.waitForFunction(() => /sel=/.test(window.location.hash), null, { timeout: 5000 });
  const url = page.url();
  const titles = await allTitles(page);
  const place = await page.textContent('#lieu');
  const center = await page.evaluate(() => window.quartiersMap.getCenter());
  await page.context().close();

  const again = await openPage(browser, { hash: url.slice(url.indexOf('#')) });
  await waitAnswer(again);
  check((await again.inputValue('#filtre-de')) === '2019', 'period filter not restored');
  const place2 = await again.textContent('#lieu');
  check(place2 === place, `place not restored: « ${place2} » instead of « ${place} »`);
  const restored = await allTitles(again);
  check(restored.length === titles.length && restored.every((t, i) => t === titles[i]), `answer differs: ${restored.length} vs ${titles.length} items`);
  await again.waitForSelector('#reponse .element--choisi', { timeout: 10000 });
  const c2 = await again.evaluate(() => window.quartiersMap.getCenter());
  check(Math.abs(c2.lng - center.lng) < 0.01 && Math.abs(c2.lat - center.lat) < 0.01, 'view not restored');
  await again.context().close();
});

test('on a 375 px phone the answer is a bottom sheet', async (browser) => {
  // Le Perrier in the upper half, above the sheet.
  const page = await openPage(browser, { width: 375, height: 740, hash: '#carte=13.6/46.1790/6.2440' });
  await settle(page);
  await clickAt(page, PERRIER.lon, PERRIER.lat);
  await waitAnswer(page);
  const box = await page.$eval('#panneau', (el) => {
    const r = el.getBoundingClientRect();
    return { top: r.top, bottom: r.bottom, left: r.left, width: r.width };
  });
  check(Math.abs(box.bottom - 740) <= 1, `sheet bottom at ${box.bottom}`);
  check(box.left <= 1 && box.width >= 373, `sheet spans ${box.left}+${box.width}`);
  check(box.top > 740 * 0.3, `sheet top at ${box.top}: covers the map`);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  check(overflow <= 0, `page overflows by ${overflow}px`);
  // The handle folds the sheet so the map is usable again.
  await page.click('#panneau-poignee');
  const folded = await page.$eval('#panneau', (el) => el.getBoundingClientRect().height);
  check(folded < 120, `folded sheet is ${folded}px tall`);
  await page.click('#panneau-poignee');
  if (SHOTS) {
    await settle(page);
    await page.screenshot({ path: `${SHOTS}/telephone.png` });
  }
  await page.context().close();
});

test('equipment families have their own symbols on the map, in the legend and the answer; programmes show their names', async (browser) => {
  const page = await openPage(browser, { hash: `#carte=14.5/${GARE.lat}/${GARE.lon}` });
  await settle(page);
  const r = await page.evaluate(() => {
    const map = window.quartiersMap;
    const layer = map.getStyle().layers.find((l) => l.type === 'symbol' && l['source-layer'] === 'equipements');
    if (!layer) return null;
    const families = layer.metadata['quartiers:familles'].map((f) => f.icone);
    const rendered = map.queryRenderedFeatures({ layers: [layer.id] }).map((f) => {
      const v = f.layer.layout?.['icon-image'];
      return String(v?.name ?? v);
    });
    return { families, missing: families.filter((n) => !map.hasImage(n)), icons: [...new Set(rendered)] };
  });
  check(r, 'the style has no symbol layer for equipment');
  check(r.families.length >= 8, `only ${r.families.length} families`);
  check(r.missing.length === 0, `images not registered: ${r.missing.join(', ')}`);
  check(r.icons.includes('equipement-gare') && r.icons.includes('equipement-arret'), `symbols drawn around the station: ${r.icons.join(', ')}`);
  await openTools(page);
  const legendIcons = await page.$$eval('#legende .legende__familles li', (lis) => lis.filter((li) => li.querySelector('svg.icone')).length);
  check(legendIcons === r.families.length, `legend shows ${legendIcons} family symbols, style has ${r.families.length}`);

  await askPerrier(page);
  const equipment = await page.$$eval('#reponse [data-groupe="equipements"] .element__titre', (els) => els.map((e) => Boolean(e.querySelector('svg.icone'))));
  check(equipment.length > 0 && equipment.every(Boolean), `equipment items with a symbol: ${equipment.filter(Boolean).length}/${equipment.length}`);
  // Programme names as the territories collection publishes them, not ids.
  const territories = await (await fetch(`${BASE}/collections/territoires/items`)).json();
  const names = Object.fromEntries(territories.features.flatMap((t) => t.properties.programmes ?? []).map((p) => [p.id, p.nom]));
  check(Object.keys(names).length >= 3, `programmes published: ${Object.keys(names).join(', ')}`);
  const options = await page.$$eval('#filtre-programme option', (os) => os.filter((o) => o.value).map((o) => [o.value, o.textContent.trim()]));
  check(options.length >= 2, `programme menu: ${JSON.stringify(options)}`);
  for (const [id, label] of options) check(label === names[id], `programme « ${id} » shown as « ${label} »`);
  const details = await page.textContent('#reponse [data-groupe="operations"] .details');
  check(details.includes(names['npnru-perrier']), `operation details do not name the programme: ${details.slice(0, 200)}`);
  await page.context().close();
});

test('a real address typed in the search box: suggestion, keyboard choice, fly there, national QPV answer', async (browser) => {
  const page = await openPage(browser);
  await page.focus('#recherche');
  await page.keyboard.type(LANDON.typed, { delay: 30 });
  await page.waitForFunction(
    (label) => [...document.querySelectorAll('#suggestions:not([hidden]) [role="option"]')].some((o) => o.textContent.includes(label)),
    LANDON.label,
    { timeout: 15000 },
  );
  const labels = await page.$$eval('#suggestions [role="option"]', (os) => os.map((o) => o.textContent));
  const index = labels.findIndex((l) => l.includes(LANDON.label));
  for (let i = 0; i <= index; i += 1) await page.keyboard.press('ArrowDown');
  const active = await page.getAttribute('#recherche', 'aria-activedescendant');
  check(active && (await page.textContent(`#${active}`)).includes(LANDON.label), `active suggestion is not the address: ${labels.join(' | ')}`);
  await page.keyboard.press('Enter');
  await waitAnswer(page);
  await page.waitForFunction(() => !window.quartiersMap.isMoving(), null, { timeout: 15000 });
  // Framed in the part of the map the open panels leave free, not under them: the address
  // is at that part's centre.
  const at = await pixel(page, LANDON.lon, LANDON.lat);
  const free = await freeBox(page);
  const [cx, cy] = [(free.left + free.right) / 2, (free.top + free.bottom) / 2];
  check(Math.abs(at.x - cx) < 30 && Math.abs(at.y - cy) < 30, `address at ${at.x},${at.y}, free part's centre ${cx},${cy}`);
  check((await page.textContent('#lieu')).includes(LANDON.label), `place « ${await page.textContent('#lieu')} »`);
  const summary = await page.textContent('#reponse .resume');
  check(summary.includes(`quartier prioritaire « ${LANDON.qpv} »`), `summary « ${summary} »`);
  check(/Aucune donnée locale/.test(await page.textContent('#reponse .avertissement')), 'the panel does not say that no local data is loaded');
  await page.context().close();
});

test('« Vérifier une liste d’adresses » on a phone: columns, upload, summary, download', async (browser) => {
  const page = await openPage(browser, { width: 375, height: 740 });
  await page.click('#ouvrir-liste');
  await page.setInputFiles('#liste-fichier', LIST.pathname);
  await page.waitForSelector('#liste-colonnes:not([hidden])', { timeout: 10000 });
  const input = new TextDecoder('latin1').decode(await readFile(LIST));
  const inputRows = parseCsv(input, ',').filter((r) => r.some(Boolean));
  // The header read in the browser is offered as columns, the address parts pre-checked.
  const boxes = await page.$$eval('#liste-colonnes input[type="checkbox"]', (is) => is.map((i) => [i.value, i.checked]));
  check(JSON.stringify(boxes) === JSON.stringify([['adresse', true], ['code postal', false], ['commune', true]]), `columns offered: ${JSON.stringify(boxes)}`);
  check((await page.inputValue('#liste-cp')) === 'code postal', 'postcode column not chosen');
  check((await page.textContent('#liste-apercu')).includes(`${inputRows.length - 1} lignes`), `preview « ${await page.textContent('#liste-apercu')} »`);
  // Keyboard: the submit button is reached and pressed like any button.
  await page.focus('#liste-envoyer');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#liste-resultat:not([hidden])', { timeout: 30000 });
  const counts = Object.fromEntries(await page.$$eval('#liste-resume li[data-verdict]', (lis) => lis.map((li) => [li.dataset.verdict, Number(li.querySelector('strong').textContent)])));
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 15000 }), page.click('#liste-telecharger')]);
  check(download.suggestedFilename() === 'adresses-latin1-qpv.csv', `file name ${download.suggestedFilename()}`);
  const out = parseCsv(await readFile(await download.path(), 'utf8'), ',').filter((r) => r.some(Boolean));
  const header = out[0];
  check(JSON.stringify(header.slice(0, 3)) === JSON.stringify(inputRows[0]), `input columns not kept: ${header.join(',')}`);
  for (const column of ADDED) check(header.includes(column), `no « ${column} » column in ${header.join(',')}`);
  check(out.length === inputRows.length, `result has ${out.length - 1} rows, input ${inputRows.length - 1}`);
  const col = (name) => header.indexOf(name);
  const fileCounts = {};
  const outcome = (row) => row[col('verdict')] || row[col('erreur')];
  for (const row of out.slice(1)) fileCounts[outcome(row)] = (fileCounts[outcome(row)] ?? 0) + 1;
  for (const [verdict, n] of Object.entries(counts)) check((fileCounts[verdict] ?? 0) === n, `summary says ${n} « ${verdict} », the file ${fileCounts[verdict] ?? 0}`);
  for (const verdict of ['dedans', 'dehors', 'en_limite', 'adresse non trouvée', 'adresse incertaine']) check(counts[verdict] > 0, `no « ${verdict} » row: ${JSON.stringify(counts)}`);
  const landon = out.find((r) => r[0] === '8 Rue Landon');
  check(landon && landon[2] === 'Alençon' && landon[col('verdict')] === 'dedans' && landon[col('qpv_nom')] === LANDON.qpv && landon[col('contrat_ville')] === 'CN06104M', `8 Rue Landon: ${landon}`);
  // The Excel workbook, opened by openpyxl: the CSV's rows and columns, numbers as numbers,
  // and a legend sheet.
  const [xlsx] = await Promise.all([page.waitForEvent('download', { timeout: 30000 }), page.click('#liste-telecharger-xlsx')]);
  check(xlsx.suggestedFilename() === 'adresses-latin1-qpv.xlsx', `workbook name ${xlsx.suggestedFilename()}`);
  // openpyxl goes by the file's extension.
  const xlsxPath = join(tmpdir(), `quartiers-e2e-${process.pid}.xlsx`);
  await xlsx.saveAs(xlsxPath);
  const book = JSON.parse(
    execFileSync(PYTHON, ['-c', `
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
rows = [[c for c in r] for r in wb["Résultats"].iter_rows(values_only=True)]
legend = [r[0] for r in wb["Légende"].iter_rows(values_only=True) if r[0]]
print(json.dumps({"sheets": wb.sheetnames, "rows": rows, "legend": legend}))
`, xlsxPath], { encoding: 'utf8' }),
  );
  await rm(xlsxPath, { force: true });
  check(JSON.stringify(book.sheets) === JSON.stringify(['Résultats', 'Légende']), `sheets ${book.sheets}`);
  check(book.rows.length === out.length, `workbook has ${book.rows.length - 1} rows, CSV ${out.length - 1}`);
  const asText = (v) => (v == null ? '' : String(v));
  check(JSON.stringify(book.rows[0]) === JSON.stringify(header), `workbook header ${book.rows[0]}`);
  for (const [i, row] of out.entries()) {
    for (const [j, v] of row.entries()) {
      const cell = book.rows[i][j];
      const same = typeof cell === 'number' ? Math.abs(cell - Number(v.replace(',', '.'))) < 1e-9 : asText(cell) === v;
      check(same, `row ${i}, column ${header[j]}: workbook « ${cell} », CSV « ${v} »`);
    }
  }
  const scoreAt = col('result_score');
  check(book.rows.slice(1).some((r) => typeof r[scoreAt] === 'number'), 'scores are not numbers in the workbook');
  for (const word of ['result_status', 'verdict', 'ok', 'incertain', 'not-found', 'dedans', 'dehors', 'en_limite', 'contrat_ville', 'erreur', 'adresse incertaine']) check(book.legend.includes(word), `legend lacks « ${word} »: ${book.legend.join(', ')}`);
  const box = await page.$eval('#liste', (el) => el.getBoundingClientRect().right);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  check(box <= 375 && overflow <= 0, `the dialog overflows the phone: right edge ${box}, page ${overflow}px`);
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const r = await window.axe.run('#liste', { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] });
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.nodes.length} × ${v.nodes[0]?.target}`);
  });
  check(violations.length === 0, violations.join('\n    '));
  await page.context().close();
});

/** The free part of the map: its box less the open legend (left) and answer panel. */
async function freeBox(page) {
  return page.evaluate(() => {
    const map = document.getElementById('carte').getBoundingClientRect();
    const box = { left: map.left, right: map.right, top: map.top, bottom: map.bottom };
    for (const id of ['outils', 'panneau']) {
      const el = document.getElementById(id);
      if (!el || el.hidden || !el.getClientRects().length) continue;
      const r = el.getBoundingClientRect();
      if (r.width >= map.width * 0.8) box.bottom = Math.min(box.bottom, r.top);
      else if (r.left - map.left < map.right - r.right) box.left = Math.max(box.left, r.right);
      else box.right = Math.min(box.right, r.left);
    }
    return box;
  });
}

/** Page box of a lon/lat extent [[w, s], [e, n]]. */
async function extentBox(page, [[w, s], [e, n]]) {
  const a = await pixel(page, w, n);
  const b = await pixel(page, e, s);
  return { left: a.x, top: a.y, right: b.x, bottom: b.y };
}

function inside(inner, outer, tolerance = 2) {
  return inner.left >= outer.left - tolerance && inner.right <= outer.right + tolerance && inner.top >= outer.top - tolerance && inner.bottom <= outer.bottom + tolerance;
}

test('labels: glyphs answered by the server, commune and quartier names drawn in our font', async (browser) => {
  const context = await browser.newContext({ viewport: { width: 1024, height: 700 }, locale: 'fr-FR' });
  const page = await context.newPage();
  const glyphs = [];
  page.on('response', (r) => {
    if (new URL(r.url()).pathname.startsWith('/fonts/')) glyphs.push({ url: r.url(), status: r.status() });
  });
  await page.goto(`${BASE}/#carte=13.5/46.1900/6.2420`);
  await page.waitForSelector('body[data-pret="oui"]', { timeout: 30000 });
  await settle(page);
  const style = await page.evaluate(() => window.quartiersMap.getStyle());
  check(style.glyphs?.startsWith(`${BASE}/fonts/`), `glyphs URL ${style.glyphs}`);
  check(glyphs.length > 0, 'no glyph range requested');
  check(glyphs.every((g) => g.status === 200 || g.status === 304), `glyph requests: ${JSON.stringify(glyphs)}`);
  // Placed labels: what MapLibre kept after collision detection.
  const placed = await page.evaluate(() =>
    window.quartiersMap
      .queryRenderedFeatures({ layers: ['communes-libelle', 'perimetres-libelle'] })
      .map((f) => `${f.layer.id}:${f.properties.nom}`),
  );
  check(placed.includes('communes-libelle:Annemasse'), `commune labels placed: ${placed.join(', ')}`);
  check(placed.some((p) => p.startsWith('perimetres-libelle:Le Perrier')), `quartier labels placed: ${placed.join(', ')}`);
  // Text is drawn: hiding the label layers changes many pixels.
  const text = (await page.evaluate(() => window.quartiersMap.getStyle().layers.filter((l) => l.layout?.['text-field']).map((l) => l.id)));
  const frame = async () => page.screenshot({ clip: { x: 0, y: 80, width: 1024, height: 560 } });
  const withText = await frame();
  await page.evaluate((ids) => ids.forEach((id) => window.quartiersMap.setLayoutProperty(id, 'visibility', 'none')), text);
  await settle(page);
  await page.waitForTimeout(300);
  const without = await frame();
  let differing = 0;
  for (let i = 0; i < Math.min(withText.length, without.length); i += 1) if (withText[i] !== without[i]) differing += 1;
  check(differing > 2000, `labels change only ${differing} bytes of the screenshot`);
  await context.close();
});

test('at low zoom France\'s contrats de ville are drawn and named; the popup says their point is inferred', async (browser) => {
  const context = await browser.newContext({ viewport: { width: 1024, height: 700 }, locale: 'fr-FR' });
  const page = await context.newPage();
  // Pays de la Loire and Bretagne at z7: many contracts, none of the bundled territories.
  await page.goto(`${BASE}/#carte=7/47.40/-1.60`);
  await page.waitForSelector('body[data-pret="oui"]', { timeout: 30000 });
  await settle(page);
  const points = await page.evaluate(() =>
    window.quartiersMap.queryRenderedFeatures({ layers: ['contrats-point'] }).map((f) => f.properties),
  );
  const codes = new Set(points.map((p) => p.code_cv));
  check(codes.size >= 10, `contracts drawn at z7: ${[...codes].join(', ')}`);
  check(points.every((p) => p.precision_geometrie === 'territory' && /déduit/.test(p.motif_precision)), 'contract points say their position is inferred');
  const names = await page.evaluate(() =>
    window.quartiersMap.queryRenderedFeatures({ layers: ['contrats-libelle'] }).map((f) => f.properties.nom),
  );
  check(names.some((n) => /Angers|Nantes|Rennes/.test(n)), `contract names placed: ${names.join(', ')}`);
  // Labels stay readable: MapLibre keeps fewer names than points where they would collide.
  check(names.length <= codes.size, `${names.length} names for ${codes.size} points`);
  // Clicking one opens a popup naming the contract and why its point is where it is.
  const angers = await page.evaluate(() =>
    window.quartiersMap.queryRenderedFeatures({ layers: ['contrats-point'] }).find((x) => /Angers/.test(x.properties.nom))?.geometry.coordinates,
  );
  check(angers, 'the Angers contract is drawn');
  await clickAt(page, angers[0], angers[1]);
  await page.waitForSelector('.popup', { timeout: 10000 });
  const popup = await page.$eval('.popup', (el) => el.textContent);
  check(/Contrats de ville/.test(popup) && /déduit/.test(popup), `popup: ${popup}`);
  // From z10 the quartiers' and communes' names take over.
  await page.evaluate(() => window.quartiersMap.jumpTo({ zoom: 11 }));
  await settle(page);
  const late = await page.evaluate(() => window.quartiersMap.queryRenderedFeatures({ layers: ['contrats-point', 'contrats-libelle'] }).length);
  check(late === 0, `contracts still drawn at z11: ${late}`);
  await context.close();
});

test('« Perrier » gives one list: distinct suggestions, each with its true kind', async (browser) => {
  const page = await openPage(browser, { hash: '#carte=12/46.19/6.24' });
  await page.focus('#recherche');
  await page.keyboard.type('Perrier', { delay: 30 });
  await page.waitForSelector('#suggestions:not([hidden]) [role="option"]', { timeout: 30000 });
  await page.waitForTimeout(600); // the geocoder's answer and the index's are merged
  const options = await page.$$eval('#suggestions [role="option"]', (os) => os.map((o) => ({ name: o.querySelector('.suggestion__nom')?.textContent ?? '', kind: o.querySelector('.suggestion__type')?.textContent ?? '' })));
  const all = options.map((o) => `${o.name} — ${o.kind}`).join(' | ');
  check(options.length >= 4 && options.length <= 8, `${options.length} suggestions: ${all}`);
  const keys = options.map((o) => `${o.name}|${o.kind}`);
  check(new Set(keys).size === keys.length, `duplicates: ${all}`);
  const first = options[0];
  check(first.name === PERRIER.name && first.kind.startsWith('Quartier prioritaire') && first.kind.includes(PERRIER.code), `first: ${all}`);
  check(options.some((o) => o.name === 'Brasserie du Perrier' && o.kind.startsWith('Équipement')), `no equipment: ${all}`);
  // No place of the dataset or QPV is called an address; an address starts with its number.
  for (const o of options) check(!o.kind.startsWith('Adresse') || /^\d/.test(o.name), `« ${o.name} » shown as an address: ${all}`);
  check(!options.some((o) => /^Annemasse Annemasse/.test(o.name)), `doubled commune: ${all}`);
  await page.context().close();
});

test('an address of a département not loaded: « Aucune adresse trouvée » and why, no unrelated place', async (browser) => {
  const page = await openPage(browser, { hash: '#carte=12/46.19/6.24' });
  await page.focus('#recherche');
  await page.keyboard.type('12 rue de la gare annemasse', { delay: 20 });
  await page.waitForSelector('#suggestions:not([hidden]) #suggestion-aucune-adresse', { timeout: 30000 });
  await page.waitForTimeout(600);
  const texts = await page.$$eval('#suggestions [role="option"]', (os) => os.map((o) => o.textContent));
  check(/^Aucune adresse trouvée : les adresses de ce département \(74\) ne sont pas chargées/.test(texts[0]), `first line: ${texts.join(' | ')}`);
  const fold = (t) => t.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase();
  for (const t of texts.slice(1)) check(fold(t).includes('gare') && fold(t).includes('annemasse'), `unrelated suggestion « ${t} »: ${texts.join(' | ')}`);
  // The note is not a choice.
  check((await page.getAttribute('#suggestion-aucune-adresse', 'aria-disabled')) === 'true', 'the note is selectable');
  // The addresses searched are credited on the map (BANO's, in this suite).
  const credits = await page.textContent('.maplibregl-ctrl-attrib-inner');
  check(credits.includes('Adresses : BANO (© contributeurs OpenStreetMap) (ODbL 1.0)'), `credits « ${credits} »`);
  await page.context().close();
});

test('a picked quartier is framed with context in the part of the map the panels leave free', async (browser) => {
  const page = await openPage(browser, { width: 1280, height: 800, hash: '#carte=11/46.0/6.6' });
  await openTools(page);
  await page.focus('#recherche');
  await page.keyboard.type('Perrier', { delay: 30 });
  await page.waitForSelector('#suggestions:not([hidden]) [role="option"]', { timeout: 30000 });
  await page.waitForTimeout(600);
  const options = await page.$$eval('#suggestions [role="option"] .suggestion__nom', (os) => os.map((o) => o.textContent));
  const at = options.indexOf(PERRIER.name);
  check(at >= 0, `no suggestion for the quartier: ${options.join(' | ')}`);
  for (let i = 0; i <= at; i += 1) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => !window.quartiersMap.isMoving(), null, { timeout: 15000 });
  await page.waitForTimeout(800);
  const f = await page.evaluate(async (code) => (await (await fetch(`/collections/perimetres/items/annemasse-agglo:${code}`)).json()).geometry, PERRIER.code);
  const coords = f.coordinates.flat(2);
  const extent = [[Math.min(...coords.map((c) => c[0])), Math.min(...coords.map((c) => c[1]))], [Math.max(...coords.map((c) => c[0])), Math.max(...coords.map((c) => c[1]))]];
  const quartier = await extentBox(page, extent);
  const free = await freeBox(page);
  check(free.left > 100, `the legend is not open: free part starts at ${free.left}`);
  check(inside(quartier, free), `the quartier ${JSON.stringify(quartier)} is not inside the free part ${JSON.stringify(free)}`);
  // Context: the quartier does not fill the free part, and the zoom is capped.
  const share = (quartier.right - quartier.left) / (free.right - free.left);
  const shareY = (quartier.bottom - quartier.top) / (free.bottom - free.top);
  check(Math.max(share, shareY) < 0.85, `the quartier fills ${Math.round(100 * Math.max(share, shareY))} % of the free part`);
  check((await page.evaluate(() => window.quartiersMap.getZoom())) <= 16, 'zoom above the cap');
  await page.context().close();
});

test('the first view fits the default territory beside the open legend; on a phone the legend starts closed', async (browser) => {
  const page = await openPage(browser, { width: 1280, height: 800, hash: '' });
  await settle(page);
  // The web map's default territory (config.json), not the whole set of bundled territories.
  const territories = await page.evaluate(async () => {
    const { territoire_par_defaut: slug } = await (await fetch('/config.json')).json();
    const all = (await (await fetch('/collections/territoires/items')).json()).features;
    return all.filter((t) => t.properties.territoire === slug).map((t) => t.geometry);
  });
  check(territories.length === 1, `one default territory, got ${territories.length}`);
  const coords = territories.flatMap((g) => (g.type === 'Polygon' ? g.coordinates.flat(1) : g.coordinates.flat(2)));
  const extent = [[Math.min(...coords.map((c) => c[0])), Math.min(...coords.map((c) => c[1]))], [Math.max(...coords.map((c) => c[0])), Math.max(...coords.map((c) => c[1]))]];
  const box = await extentBox(page, extent);
  const free = await freeBox(page);
  check(await page.isVisible('#outils'), 'the legend is closed on a desktop');
  check(inside(box, free, 4), `territory ${JSON.stringify(box)} not in the free part ${JSON.stringify(free)}`);
  await page.context().close();
  const phone = await openPage(browser, { width: 375, height: 740, hash: '' });
  check(!(await phone.isVisible('#outils')), 'the legend is open on a phone');
  await phone.context().close();
});

/**
 * Saves a GeoPackage download and reads it with GDAL's Python bindings: its number of layers,
 * the EPSG code of `layer`, and `fields` of each of the layer's features, in order.
 */
async function readGeopackage(download, layer, fields) {
  const path = join(tmpdir(), `quartiers-e2e-${process.pid}-${layer}.gpkg`);
  await download.saveAs(path);
  try {
    return JSON.parse(
      execFileSync(PYTHON, ['-c', `
import json, sys
from osgeo import ogr
ds = ogr.Open(sys.argv[1])
layer = ds.GetLayerByName(sys.argv[2])
srs = layer.GetSpatialRef()
rows = [[f.GetField(k) for k in sys.argv[3:]] for f in layer]
print(json.dumps({"layers": ds.GetLayerCount(), "epsg": srs.GetAuthorityCode(None) if srs else None, "rows": rows}))
`, path, layer, ...fields], { encoding: 'utf8' }),
    );
  } finally {
    await rm(path, { force: true });
  }
}

test('a filtered layer exported as GeoPackage holds the GeoJSON export’s features (GDAL reads it)', async (browser) => {
  const page = await openPage(browser, { width: 1280, height: 800 });
  await openTools(page);
  await page.waitForFunction(() => document.querySelectorAll('#export-couche option[value="equipements"]').length === 1, null, { timeout: 15000 });
  await page.selectOption('#export-couche', 'equipements');
  const [json] = await Promise.all([page.waitForEvent('download', { timeout: 15000 }), page.click('#export-couche-geojson')]);
  const features = JSON.parse(await readFile(await json.path(), 'utf8')).features;
  const [gpkg] = await Promise.all([page.waitForEvent('download', { timeout: 30000 }), page.click('#export-couche-gpkg')]);
  check(gpkg.suggestedFilename().endsWith('.gpkg'), `file name ${gpkg.suggestedFilename()}`);
  const read = await readGeopackage(gpkg, 'equipements', ['id_ogc']);
  check(read.layers === 1 && read.epsg === '4326', `layers ${read.layers}, EPSG ${read.epsg}`);
  const gpkgIds = read.rows.map((r) => r[0]).sort();
  const ids = features.map((f) => String(f.id)).sort();
  check(JSON.stringify(gpkgIds) === JSON.stringify(ids), `GeoPackage ids ${gpkgIds.length}, GeoJSON ${ids.length}`);
  await page.context().close();
});

test('the answer exported as GeoPackage holds the GeoJSON export’s features (GDAL reads it)', async (browser) => {
  const page = await openPage(browser);
  await askPerrier(page);
  const [json] = await Promise.all([page.waitForEvent('download', { timeout: 30000 }), page.click('#export-geojson')]);
  const features = JSON.parse(await readFile(await json.path(), 'utf8')).features;
  const [gpkg] = await Promise.all([page.waitForEvent('download', { timeout: 30000 }), page.click('#export-gpkg')]);
  check(gpkg.suggestedFilename().endsWith('.gpkg'), `file name ${gpkg.suggestedFilename()}`);
  const read = await readGeopackage(gpkg, 'lieu', ['groupe', 'nom']);
  check(read.layers === 1, `layers ${read.layers}`);
  const expected = features.map((f) => [f.properties.groupe, f.properties.nom ?? null]);
  check(read.rows.length === expected.length && read.rows.length > 10, `GeoPackage rows ${read.rows.length}, GeoJSON ${expected.length}`);
  check(read.rows[0][0] === 'lieu', `first row ${JSON.stringify(read.rows[0])}`);
  check(JSON.stringify(read.rows.slice(1)) === JSON.stringify(expected.slice(1)), 'GeoPackage items differ from the GeoJSON export');
  await page.context().close();
});

test('the territory menu: Annemasse by default; Maubeuge chosen is framed, answered with its own items, kept by the permalink', async (browser) => {
  const page = await openPage(browser, { hash: '' });
  await still(page);
  check((await page.inputValue('#choix-territoire')) === ANNEMASSE.slug, `menu shows « ${await page.inputValue('#choix-territoire')} » by default`);
  const start = await page.evaluate(() => window.quartiersMap.getCenter());
  check(inBox(start, ANNEMASSE.bbox), `the map opens on ${start.lng},${start.lat}, not on Annemasse`);
  const options = await page.$$eval('#choix-territoire option', (os) => os.map((o) => o.value));
  check(JSON.stringify([...options].sort()) === JSON.stringify([...SLUGS, 'france'].sort()), `menu options: ${options.join(', ')}`);

  await page.selectOption('#choix-territoire', MAUBEUGE.slug);
  await page.waitForFunction((s) => window.location.hash.includes(`territoire=${s}`), MAUBEUGE.slug, { timeout: 5000 });
  await still(page);
  const framed = await page.evaluate(() => {
    const b = window.quartiersMap.getBounds();
    return { center: window.quartiersMap.getCenter(), w: b.getWest(), s: b.getSouth(), e: b.getEast(), n: b.getNorth() };
  });
  const [w, s, e, n] = MAUBEUGE.bbox;
  check(inBox(framed.center, MAUBEUGE.bbox), `centre ${framed.center.lng},${framed.center.lat} is not in Maubeuge`);
  check(framed.w <= w + 0.05 && framed.e >= e - 0.05 && framed.s <= s + 0.02 && framed.n >= n - 0.02, `Maubeuge not framed: ${JSON.stringify(framed)}`);
  check(framed.e - framed.w < 3 * (e - w), `framed too wide: ${framed.w}..${framed.e}`);

  await clickAt(page, MAUBEUGE.lon, MAUBEUGE.lat);
  await waitAnswer(page);
  const perims = await page.$$eval('#reponse [data-groupe="perimetres"] .element', (els) => els.map((el) => el.dataset.key));
  check(perims.includes(`perimetres/${MAUBEUGE.slug}:${MAUBEUGE.qpv}`), `perimeters: ${perims.join(', ')}`);
  const scopes = await unfoldScopes(page);
  check(scopes.length >= 2, `scopes: ${scopes.join(', ')}`);
  const heading = await page.textContent('#reponse .portee--territoire h3');
  check(heading.includes(MAUBEUGE.name), `territory scope « ${heading} »`);
  const keys = await page.$$eval('#reponse .element', (els) => els.map((el) => el.dataset.key));
  const foreign = keys.filter((k) => !k.startsWith('qpv/') && !k.includes(`/${MAUBEUGE.slug}:`));
  check(foreign.length === 0, `items of another territory: ${foreign.join(', ')}`);
  const own = keys.filter((k) => !k.startsWith('perimetres/') && k.includes(`/${MAUBEUGE.slug}:`));
  for (const collection of ['operations', 'equipements', 'actions', 'corridors']) {
    check(own.some((k) => k.startsWith(`${collection}/`)), `no ${collection} of Maubeuge among ${own.join(', ')}`);
  }
  const place = await page.textContent('#lieu');
  const url = page.url();
  check(/territoire=maubeuge-val-de-sambre/.test(url) && /lieu=pt/.test(url), `permalink ${url}`);
  await page.context().close();

  // The permalink opens on the same territory, view and answer.
  const again = await openPage(browser, { hash: url.slice(url.indexOf('#')) });
  await waitAnswer(again);
  check((await again.inputValue('#choix-territoire')) === MAUBEUGE.slug, `menu shows « ${await again.inputValue('#choix-territoire')} » from the permalink`);
  check(inBox(await again.evaluate(() => window.quartiersMap.getCenter()), MAUBEUGE.bbox), 'the permalink does not open on Maubeuge');
  check((await again.textContent('#lieu')) === place, 'place not restored');
  const keys2 = await again.$$eval('#reponse .portee--ici .element, #reponse [data-groupe="perimetres"] .element', (els) => els.map((el) => el.dataset.key));
  check(keys2.every((k) => k.startsWith('qpv/') || k.includes(`/${MAUBEUGE.slug}:`)), `restored answer: ${keys2.join(', ')}`);

  // « Toute la France »: the whole country, its QPVs drawn, and that choice kept too.
  await again.selectOption('#choix-territoire', 'france');
  await again.waitForFunction(() => window.location.hash.includes('territoire=france'), null, { timeout: 5000 });
  await still(again);
  const z = await again.evaluate(() => window.quartiersMap.getZoom());
  check(z <= 6, `« Toute la France » at zoom ${z}`);
  const qpvDrawn = await again.evaluate(() => window.quartiersMap.queryRenderedFeatures().filter((f) => f.sourceLayer === 'qpv').length);
  check(qpvDrawn > 100, `only ${qpvDrawn} QPV drawn over France`);
  const france = again.url();
  await again.context().close();
  const third = await openPage(browser, { hash: france.slice(france.indexOf('#')) });
  check((await third.inputValue('#choix-territoire')) === 'france', `menu shows « ${await third.inputValue('#choix-territoire')} » from a France permalink`);
  await third.context().close();
});

// tests/web/run.sh serves, beside the bundled data, a GeoPackage store in which the status of
// « Démolition de 140 logements sociaux à Château Rouge » was published as « en travaux ».
const NEWS_BASE = process.env.NEWS_BASE;
const TODAY = new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date());

test('« Nouveautés »: a published change listed for the place, « modifié le » on its item, the permalink opens it, « Suivre ce quartier » is an Atom feed', async (browser) => {
  check(NEWS_BASE, 'NEWS_BASE is not set: run the suite through tests/web/run.sh');
  const page = await openPage(browser, { base: NEWS_BASE, hash: `${PERRIER_VIEW}&lieu=pt:${PERRIER.lon},${PERRIER.lat}` });
  await waitAnswer(page);
  await page.waitForSelector('#nouveautes .nouveaute', { state: 'attached', timeout: 15000 });
  const entries = await page.$$eval('#nouveautes .nouveaute', (lis) => lis.map((li) => li.textContent));
  const change = entries.find((t) => t.includes('Château Rouge') && t.includes('programmé → en travaux'));
  check(change, `« Nouveautés » does not list the status change: ${entries.join(' | ')}`);
  check(change.startsWith(TODAY) && change.includes('démolition commencée'), `entry « ${change} » (expected dated ${TODAY}, with its comment)`);
  const badged = await page.$$eval('#reponse li.element .badge--modifie', (bs) => bs.map((b) => `${b.closest('li.element').textContent}`));
  check(badged.length === 1 && badged[0].includes('Château Rouge') && badged[0].includes(`modifié le ${TODAY}`), `« modifié le » on: ${badged.join(' | ')}`);
  check(!(await page.$eval('#nouveautes', (d) => d.open)), '« Nouveautés » is unfolded before it is asked for');
  await page.click('#nouveautes > summary');
  await page.waitForFunction(() => /nouveautes=1/.test(window.location.hash), null, { timeout: 5000 });
  const url = page.url();
  const feed = await page.getAttribute('#nouveautes .suivre__lien', 'href');
  check(feed === `${NEWS_BASE}/flux/quartiers/${PERRIER.code}`, `« Suivre » links to ${feed}`);
  check(/Suivre ce quartier/.test(await page.textContent('#nouveautes .suivre__lien')), 'the link does not say « Suivre ce quartier »');
  const got = await page.evaluate(async (u) => {
    const r = await fetch(u);
    return { type: r.headers.get('content-type'), body: await r.text() };
  }, feed);
  check(got.type.startsWith('application/atom+xml') && got.body.includes('<feed') && got.body.includes('programmé → en travaux'), `feed ${got.type}: ${got.body.slice(0, 200)}`);
  await page.click('#nouveautes > summary');
  await page.waitForFunction(() => !/nouveautes=1/.test(window.location.hash), null, { timeout: 5000 });
  await page.context().close();
  const again = await openPage(browser, { base: NEWS_BASE, hash: url.slice(url.indexOf('#')) });
  await waitAnswer(again);
  await again.waitForSelector('#nouveautes[open] .nouveaute', { timeout: 15000 });
  await again.context().close();
});

// ---- Anywhere in France, on a phone (issue 25) ------------------------------------------

// Monplaisir (QN04905M), a quartier of Angers (the bundled territory angers-loire-metropole);
// Barcelonnette (04019), a Petites villes de demain commune (signed 2021-06-22) with no QPV
// (data/france/programmes_communes.tsv.gz), found through /geocode's national places;
// Le Gol (QN97401I), a QPV of Saint-Louis, La Réunion.
const ANGERS = { slug: 'angers-loire-metropole', bbox: [-0.8, 47.32, -0.25, 47.65], code: 'QN04905M', name: 'Monplaisir' };
const BARCELONNETTE = { insee: '04019', label: 'Barcelonnette (04)', extent: [[6.61876, 44.33736], [6.67353, 44.41282]] };
const LE_GOL = { code: 'QN97401I', name: 'Le Gol', bbox: [55.2, -21.5, 55.9, -20.8] };

/** Types `typed` in the search box and clicks the first suggestion whose text passes `match`. */
async function pick(page, typed, match, description) {
  await page.fill('#recherche', '');
  await page.focus('#recherche');
  await page.keyboard.type(typed, { delay: 20 });
  let texts = [];
  for (const deadline = Date.now() + 20000; Date.now() < deadline; await page.waitForTimeout(200)) {
    texts = await page.$$eval('#suggestions:not([hidden]) [role="option"]', (os) => os.map((o) => o.textContent));
    if (texts.some(match)) break;
  }
  const at = texts.findIndex(match);
  check(at >= 0, `no suggestion for ${description} among: ${texts.join(' | ')}`);
  await (await page.$$('#suggestions [role="option"]'))[at].click();
}

async function framedOn(page) {
  await still(page);
  return page.evaluate(() => window.quartiersMap.getCenter());
}

test('on a phone, anywhere in France: a quartier of Angers, a PVD commune without QPV, an overseas QPV — framed, answered, the menu following', async (browser) => {
  const page = await openPage(browser, { width: 375, height: 740, hash: '#carte=5/46.6/2.4&territoire=france' });

  await pick(page, 'Monplaisir', (t) => t.includes('Monplaisir') && t.includes('QN04905M'), 'Monplaisir (QN04905M)');
  await waitAnswer(page);
  check((await page.textContent('#lieu')).includes(ANGERS.name), `place « ${await page.textContent('#lieu')} »`);
  const summary = await page.textContent('#reponse .resume');
  check(summary.includes(`« ${ANGERS.name} » (${ANGERS.code}) est un quartier prioritaire`), `summary « ${summary} »`);
  check(inBox(await framedOn(page), ANGERS.bbox), 'Monplaisir is not framed');
  check((await page.inputValue('#choix-territoire')) === ANGERS.slug, `the menu shows « ${await page.inputValue('#choix-territoire')} » for a quartier of Angers`);
  check(/lieu=quartier%3AQN04905M|lieu=quartier:QN04905M/.test(page.url()), `permalink ${page.url()}`);

  await page.click('#fermer-panneau');
  await pick(page, 'Barcelonnette', (t) => t.startsWith(BARCELONNETTE.label) && t.includes('Commune'), BARCELONNETTE.label);
  await page.waitForFunction((insee) => window.location.hash.includes(`lieu=commune%3A${insee}`) || window.location.hash.includes(`lieu=commune:${insee}`), BARCELONNETTE.insee, { timeout: 15000 });
  await framedOn(page);
  // Its contour's extent (the bbox /geocode gives), in the part of the map the sheet leaves free.
  const commune = await extentBox(page, BARCELONNETTE.extent);
  const free = await freeBox(page);
  check(inside(commune, free), `Barcelonnette ${JSON.stringify(commune)} is not framed in ${JSON.stringify(free)}`);
  // Framed, not lost in the view: it fills a good part of the free height or width.
  const fills = Math.max((commune.bottom - commune.top) / (free.bottom - free.top), (commune.right - commune.left) / (free.right - free.left));
  check(fills >= 0.3, `Barcelonnette fills ${Math.round(fills * 100)} % of the free part of the map`);
  check((await page.inputValue('#choix-territoire')) === 'france', `the menu shows « ${await page.inputValue('#choix-territoire')} » outside every territory`);
  check((await page.textContent('#lieu')).includes('Barcelonnette'), `place « ${await page.textContent('#lieu')} »`);

  await page.click('#fermer-panneau');
  await pick(page, 'Le Gol', (t) => t.includes(LE_GOL.name) && t.includes(LE_GOL.code), `${LE_GOL.name} (${LE_GOL.code})`);
  await waitAnswer(page);
  const gol = await page.textContent('#reponse .resume');
  check(gol.includes(`« ${LE_GOL.name} » (${LE_GOL.code}) est un quartier prioritaire`), `summary « ${gol} »`);
  check(inBox(await framedOn(page), LE_GOL.bbox), 'Le Gol is not framed in La Réunion');
  check((await page.inputValue('#choix-territoire')) === 'france', 'the menu does not show France for La Réunion');
  const box = await page.$eval('#panneau', (el) => el.getBoundingClientRect());
  check(box.left <= 1 && box.width >= 373, 'the answer is not the bottom sheet');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  check(overflow <= 0, `the page overflows the phone by ${overflow}px`);
  check(page.errors.length === 0, `page errors: ${page.errors.join('; ')}`);
  await page.context().close();
});

test('axe-core finds no serious or critical violation', async (browser) => {
  const page = await openPage(browser);
  await askPerrier(page);
  await openTools(page);
  await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] });
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.nodes.length} × ${v.nodes[0]?.target}`);
  });
  check(violations.length === 0, violations.join('\n    '));
  check(page.errors.length === 0, `page errors: ${page.errors.join('; ')}`);
  await page.context().close();
});

// ---- Many territories (issue 29) ----------------------------------------------------------

const MANY_BASE = process.env.MANY_BASE;
// The territories the server on MANY_BASE serves, plus « Toute la France »: the suite's 13
// EPCIs of the Nord, or all 344 when benches/territories344/chooser.sh runs this test.
const MANY_SUGGESTIONS = Number(process.env.MANY_SUGGESTIONS ?? 14);
const LILLE = { slug: 'metropole-europeenne-de-lille', bbox: [2.7, 50.4, 3.3, 50.85] };
const DUNKERQUE = { slug: 'de-dunkerque', bbox: [2.1, 50.85, 2.6, 51.1] };

test('many territories and no default: France first, a searchable menu, a territory typed or found in the search box is framed', async (browser) => {
  check(MANY_BASE, 'MANY_BASE is not set: run the suite through tests/web/run.sh');
  const page = await openPage(browser, { base: MANY_BASE, hash: '' });
  await still(page);
  const start = await page.evaluate(() => ({ c: window.quartiersMap.getCenter(), z: window.quartiersMap.getZoom() }));
  check(inBox(start.c, [-1, 44, 6, 49]) && start.z < 7, `first view ${start.c.lng},${start.c.lat} z${start.z}, not France`);
  const qpv = await page.evaluate(() => window.quartiersMap.queryRenderedFeatures().filter((f) => f.sourceLayer === 'qpv').length);
  check(qpv > 100, `${qpv} QPV drawn on the first view of France`);
  const menu = await page.$eval('#choix-territoire', (el) => ({ tag: el.tagName, list: el.getAttribute('list'), value: el.value }));
  check(menu.tag === 'INPUT' && menu.list, `the menu is a ${menu.tag} without suggestions`);
  check(menu.value === 'Toute la France', `the menu shows « ${menu.value} »`);
  const names = await page.$$eval(`#${menu.list} option`, (os) => os.map((o) => o.value));
  check(names.length === MANY_SUGGESTIONS && names.includes('Toute la France'), `${names.length} suggestions, ${MANY_SUGGESTIONS} expected: ${names.slice(0, 20).join(', ')}…`);
  const lille = names.find((n) => n.includes('Lille'));
  check(lille, `no Lille among ${names.join(', ')}`);

  // Typed (accents and case aside) and confirmed: chosen, framed, in the permalink.
  await page.fill('#choix-territoire', lille.toUpperCase().normalize('NFD').replace(/\p{Diacritic}/gu, ''));
  await page.press('#choix-territoire', 'Enter');
  await page.waitForFunction((s) => window.location.hash.includes(`territoire=${s}`), LILLE.slug, { timeout: 5000 });
  const framed = await framedOn(page);
  check(inBox(framed, LILLE.bbox), `centre ${framed.lng},${framed.lat} is not in Lille's metropole`);
  check((await page.inputValue('#choix-territoire')) === lille, `the menu shows « ${await page.inputValue('#choix-territoire')} »`);
  // A name no territory has: the choice stays.
  await page.fill('#choix-territoire', 'Atlantide');
  await page.press('#choix-territoire', 'Enter');
  check((await page.inputValue('#choix-territoire')) === lille, `an unknown name left « ${await page.inputValue('#choix-territoire')} »`);

  // A territory is a place of the search box: picked, it is chosen as in the menu.
  await pick(page, 'Dunkerque', (t) => t.includes('Territoire'), 'the territory of Dunkerque');
  await page.waitForFunction((s) => window.location.hash.includes(`territoire=${s}`), DUNKERQUE.slug, { timeout: 5000 });
  const there = await framedOn(page);
  check(inBox(there, DUNKERQUE.bbox), `centre ${there.lng},${there.lat} is not in Dunkerque's territory`);
  check((await page.inputValue('#choix-territoire')).includes('Dunkerque'), `the menu shows « ${await page.inputValue('#choix-territoire')} »`);
  check(page.errors.length === 0, `page errors: ${page.errors.join(' | ')}`);
  await page.context().close();
});

// ---- Runner ----------------------------------------------------------------------------

const only = process.env.E2E_ONLY;
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: FLAGS });
let passed = 0;
let failed = 0;
for (const t of tests) {
  if (only && !t.name.includes(only)) continue;
  const started = Date.now();
  try {
    await Promise.race([t.fn(browser), new Promise((_, reject) => setTimeout(() => reject(new Error('timeout (90 s)')), 90000))]);
    passed += 1;
    console.log(`ok   ${t.name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  } catch (e) {
    failed += 1;
    console.log(`FAIL ${t.name}\n    ${e.message.split('\n').join('\n    ')}`);
  }
}
await browser.close();
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
