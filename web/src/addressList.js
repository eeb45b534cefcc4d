// « Vérifier une liste d'adresses »: a dialog where a person picks a CSV, chooses the columns
// that make the address — or the longitude and latitude columns — (read from the header in the
// browser), sends the file to the server's `POST /batch` (parameters as the API Adresse's
// `/search/csv/`, plus `lon`/`lat`), sees how many rows are in, out or at the edge of a QPV,
// and downloads the result as CSV or as an Excel workbook (`format=xlsx`).

import { announce } from './announce.js';
import { h, clear } from './dom.js';
import { describe, guessColumns, guessCoordinates, summarize, VERDICTS } from './csvRead.js';

const $ = (id) => document.getElementById(id);

/** The result's file name: the input's, with `-qpv` before the extension. */
export function resultName(inputName, extension = 'csv') {
  const base = (inputName || 'adresses').replace(/\.[^.]*$/, '');
  return `${base}-qpv.${extension}`;
}

async function problemText(response) {
  try {
    const p = await response.json();
    return p.detail || p.title || `Erreur ${response.status}`;
  } catch {
    return `Erreur ${response.status}`;
  }
}

function fillSelect(select, columns, value) {
  const first = select.options[0];
  clear(select);
  select.append(first, ...columns.map((c) => h('option', { value: c }, c)));
  select.value = value;
}

export function setupAddressList() {
  const dialog = $('liste');
  const form = $('liste-formulaire');
  const input = $('liste-fichier');
  const preview = $('liste-apercu');
  const columnsBox = $('liste-colonnes');
  const boxes = $('liste-colonnes-cases');
  const codes = $('liste-codes');
  const postcode = $('liste-cp');
  const citycode = $('liste-insee');
  const send = $('liste-envoyer');
  const status = $('liste-etat');
  const result = $('liste-resultat');
  const summaryList = $('liste-resume');
  const download = $('liste-telecharger');
  const downloadXlsx = $('liste-telecharger-xlsx');
  const modeBox = $('liste-mode');
  const coordsBox = $('liste-coordonnees');
  const lon = $('liste-lon');
  const lat = $('liste-lat');
  let file = null;
  let url = null;

  const byCoordinates = () => $('liste-mode-coordonnees').checked;
  const chosen = () => [...boxes.querySelectorAll('input:checked')].map((i) => i.value);
  const refresh = () => {
    const coords = byCoordinates();
    coordsBox.hidden = !file || !coords;
    columnsBox.hidden = !file || coords;
    codes.hidden = !file || coords;
    send.disabled = !file || (coords ? !lon.value || !lat.value || lon.value === lat.value : chosen().length === 0);
  };
  for (const radio of modeBox.querySelectorAll('input[type=radio]')) radio.addEventListener('change', refresh);
  lon.addEventListener('change', refresh);
  lat.addEventListener('change', refresh);

  /** The form's fields for `POST /batch`. */
  function requestBody(format) {
    const body = new FormData();
    body.append('data', file, file.name);
    if (byCoordinates()) {
      body.append('lon', lon.value);
      body.append('lat', lat.value);
    } else {
      body.append('columns', chosen().join(','));
      if (postcode.value) body.append('postcode', postcode.value);
      if (citycode.value) body.append('citycode', citycode.value);
    }
    if (format) body.append('format', format);
    return body;
  }

  function reset() {
    result.hidden = true;
    status.textContent = '';
    if (url) URL.revokeObjectURL(url);
    url = null;
  }

  $('ouvrir-liste').addEventListener('click', () => dialog.showModal());
  $('fermer-liste').addEventListener('click', () => dialog.close());

  input.addEventListener('change', async () => {
    reset();
    file = input.files?.[0] ?? null;
    modeBox.hidden = true;
    clear(boxes);
    if (!file) return refresh();
    const info = describe(new Uint8Array(await file.arrayBuffer()));
    if (info.columns.length === 0 || info.rows === 0) {
      preview.textContent = `« ${file.name} » : aucune ligne d’adresse lue (il faut une ligne d’en-tête, puis une ligne par adresse).`;
      file = null;
      return refresh();
    }
    preview.textContent = `« ${file.name} » : ${info.rows} ligne${info.rows > 1 ? 's' : ''}, ${info.columns.length} colonnes, séparateur « ${info.delimiter} ».`;
    const guess = guessColumns(info.columns);
    // With no recognisable name, every column goes into the address, as the API Adresse does.
    const selected = guess.address.length ? guess.address : info.columns;
    info.columns.forEach((c, i) => {
      const id = `liste-colonne-${i}`;
      boxes.append(
        h(
          'label',
          { class: 'case', for: id },
          h('input', { type: 'checkbox', id, value: c, checked: selected.includes(c) && c !== guess.postcode && c !== guess.citycode, onchange: refresh }),
          c || `(colonne ${i + 1} sans nom)`,
        ),
      );
    });
    fillSelect(postcode, info.columns, guess.postcode);
    fillSelect(citycode, info.columns, guess.citycode);
    const coords = guessCoordinates(info.columns);
    fillSelect(lon, info.columns, coords.lon);
    fillSelect(lat, info.columns, coords.lat);
    // A file with coordinate columns and no address column is a list of points.
    $(coords.lon && coords.lat && !guess.address.length ? 'liste-mode-coordonnees' : 'liste-mode-adresse').checked = true;
    modeBox.hidden = false;
    refresh();
  });

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!file) return;
    reset();
    const body = requestBody();
    send.disabled = true;
    status.textContent = 'Vérification en cours…';
    try {
      const response = await fetch('/batch', { method: 'POST', body });
      if (!response.ok) throw new Error(await problemText(response));
      const blob = await response.blob();
      const s = summarize(await blob.text());
      clear(summaryList);
      summaryList.append(
        h('li', {}, h('strong', {}, String(s.rows)), ` adresse${s.rows > 1 ? 's' : ''} vérifiée${s.rows > 1 ? 's' : ''}`),
        ...VERDICTS.map((v) => h('li', { dataset: { verdict: v.value } }, h('strong', {}, String(s.counts[v.value])), ` — ${v.label}`)),
      );
      url = URL.createObjectURL(blob);
      download.href = url;
      download.download = resultName(file.name);
      result.hidden = false;
      status.textContent = 'Vérification terminée.';
      // The summary is below the form: bring it into view, and keyboard users to it.
      $('liste-resultat-titre').focus();
      announce(`Vérification terminée : ${s.rows} adresses, ${s.counts.dedans} dans un quartier prioritaire.`);
    } catch (err) {
      status.textContent = `La vérification a échoué : ${err.message}`;
    } finally {
      refresh();
    }
  });

  // The workbook is asked for when wanted: the same rows, typed cells and a legend sheet.
  downloadXlsx.addEventListener('click', async () => {
    if (!file) return;
    downloadXlsx.disabled = true;
    status.textContent = 'Préparation du classeur Excel…';
    try {
      const response = await fetch('/batch', { method: 'POST', body: requestBody('xlsx') });
      if (!response.ok) throw new Error(await problemText(response));
      const link = h('a', { href: URL.createObjectURL(await response.blob()), download: resultName(file.name, 'xlsx') });
      document.body.append(link);
      link.click();
      link.remove();
      window.setTimeout(() => URL.revokeObjectURL(link.href), 60000);
      status.textContent = 'Classeur Excel téléchargé.';
    } catch (err) {
      status.textContent = `Le classeur n’a pas pu être préparé : ${err.message}`;
    } finally {
      downloadXlsx.disabled = false;
    }
  });
}
