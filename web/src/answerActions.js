// The buttons under the answer: « Tout exporter » (CSV, GeoJSON, GeoPackage), the printed
// fiche, and « Copier le lien ». The exports and the fiche hold the complete answer, every
// scope, under the filters.

import { announce } from './announce.js';
import * as exportsMod from './exports.js';
import { applyToAnswer } from './filters.js';
import * as placeMod from './place.js';
import { printSheet } from './print.js';

const $ = (id) => document.getElementById(id);

/** `asking`: createAsking's (the complete answer); `saveUrl()`: brings the link up to date. */
export function setupAnswerActions({ map, state, asking, saveUrl }) {
  const complete = async (use) => {
    if (!state.answer) return;
    try {
      const { answer, hidden } = applyToAnswer(state.filters, await asking.complete());
      await use(answer, hidden);
    } catch (e) {
      announce(`Export impossible : ${e.message}`);
    }
  };
  $('export-csv').addEventListener('click', () => complete((answer) => exportsMod.saveAnswerCsv(answer)));
  $('export-geojson').addEventListener('click', () => complete((answer) => exportsMod.saveAnswerGeojson(answer, state.place)));
  $('export-gpkg').addEventListener('click', () => complete((answer) => exportsMod.saveAnswerGpkg(answer, state.place)));
  $('imprimer').addEventListener('click', () =>
    complete((answer, hidden) => printSheet(map, placeMod.describe(state.place, state.answer), answer, hidden)),
  );
  $('copier-lien').addEventListener('click', async () => {
    saveUrl();
    try {
      await navigator.clipboard.writeText(window.location.href);
      announce('Lien copié : il rouvre la carte dans cet état.');
    } catch {
      window.prompt('Copiez ce lien :', window.location.href);
    }
  });
}
