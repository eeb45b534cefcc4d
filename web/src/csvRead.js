// Reading a user's CSV in the browser, as the server's `POST /batch` will: UTF-8 (with or
// without BOM) or Latin-1, `;` or `,`, RFC 4180 quotes. Pure, so it is tested with node.
import Papa from 'papaparse';

/** Text of the file's bytes: UTF-8 when valid, else Windows-1252 (Latin-1 as spreadsheets write it). */
export function decode(bytes) {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

/** `;` or `,`: whichever the header line holds more of, outside quotes. */
export function delimiter(text) {
  const line = text.slice(0, text.search(/\r?\n|$/)).replace(/"[^"]*"/g, '');
  const count = (c) => line.split(c).length - 1;
  return count(';') >= count(',') ? ';' : ',';
}

/** Rows of fields (RFC 4180, by Papa Parse); empty lines are not rows. */
export function parse(text, sep = delimiter(text)) {
  return Papa.parse(text, { delimiter: sep, skipEmptyLines: true }).data;
}

/** The header's column names and the number of data rows. */
export function describe(bytes) {
  const text = decode(bytes);
  const rows = parse(text);
  return { columns: (rows[0] ?? []).map((c) => c.trim()), rows: Math.max(rows.length - 1, 0), delimiter: delimiter(text) };
}

const ADDRESS_WORDS = /adresse|address|voie|rue|num(e|é)ro|^num$|^no$|libell|ville|commune|city|localit/i;
const POSTCODE_WORDS = /^(cp|code[ _.-]?postal|postcode|code_postal|zip)$/i;
const CITYCODE_WORDS = /^(insee|code[ _.-]?insee|citycode|code_commune|code_insee)$/i;

/** Columns that look like parts of an address, and the postcode / INSEE code columns. */
export function guessColumns(columns) {
  return {
    address: columns.filter((c) => ADDRESS_WORDS.test(c) && !POSTCODE_WORDS.test(c) && !CITYCODE_WORDS.test(c)),
    postcode: columns.find((c) => POSTCODE_WORDS.test(c)) ?? '',
    citycode: columns.find((c) => CITYCODE_WORDS.test(c)) ?? '',
  };
}

const LON_WORDS = /^(lon|lng|long|longitude|x|coord_x|wgs84_lon)$/i;
const LAT_WORDS = /^(lat|latitude|y|coord_y|wgs84_lat)$/i;

/** Longitude and latitude columns recognised by their names ('' when absent). */
export function guessCoordinates(columns) {
  return { lon: columns.find((c) => LON_WORDS.test(c)) ?? '', lat: columns.find((c) => LAT_WORDS.test(c)) ?? '' };
}

/** The verdicts of `POST /batch` (column `verdict`), in the summary's order. */
export const VERDICTS = [
  { value: 'dedans', label: 'Dans un quartier prioritaire' },
  { value: 'dehors', label: 'En dehors des quartiers prioritaires' },
  { value: 'en limite', label: 'En limite d’un quartier (à vérifier)' },
  { value: 'adresse non trouvée', label: 'Adresse non trouvée' },
  { value: 'adresse incertaine', label: 'Adresse incertaine (à vérifier)' },
];

/** Rows located by their coordinates say why a point could not be read after this prefix. */
const UNREADABLE = 'coordonnées illisibles';

/** Counts of the result file: rows, and rows per verdict. */
export function summarize(resultText) {
  const rows = parse(resultText.replace(/^\uFEFF/, ''));
  const header = rows[0] ?? [];
  const at = header.indexOf('verdict');
  const counts = Object.fromEntries(VERDICTS.map((v) => [v.value, 0]));
  let other = 0;
  for (const row of rows.slice(1)) {
    const v = row[at];
    if (v in counts) counts[v] += 1;
    else if (String(v ?? '').startsWith(UNREADABLE)) counts['adresse non trouvée'] += 1;
    else other += 1;
  }
  return { rows: Math.max(rows.length - 1, 0), counts, other, hasVerdict: at >= 0 };
}
