// Reading a user's CSV in the browser as the server's `POST /batch` will: the rules of the one
// Rust reader (crates/geocoder/src/csv_table.rs, whose doc says why each was chosen), checked on
// the same files (tests/data/csv/expected.json, web/test/csvFiles.test.js). UTF-16 after its
// byte order mark (Excel's « Texte Unicode »), else UTF-8 (with or without BOM), else Windows-1252; `;`, tab or `,`, whichever the header line holds most of
// outside quotes, `;` then tab on a tie; RFC 4180 quotes read as the Rust csv crate reads them;
// blank records skipped; a row longer than the header or a quote never closed is an error with
// its line. Hand-written rather than Papa Parse, which guesses one line-end style per file and
// reads a stray quote otherwise: the preview must say what the server will do. Pure, so it is
// tested with node.

const BOM = [0xef, 0xbb, 0xbf];

/** The file's text and its encoding: `utf-16le`, `utf-16be`, `utf-8`, `utf-8-bom` or `windows-1252` (Latin-1 as spreadsheets write it). */
export function decodeFile(bytes) {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: utf16(bytes.subarray(2), true), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: utf16(bytes.subarray(2), false), encoding: 'utf-16be' };
  const bom = BOM.every((b, i) => bytes[i] === b);
  const body = bom ? bytes.subarray(3) : bytes;
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body), encoding: bom ? 'utf-8-bom' : 'utf-8' };
  } catch {
    return { text: windows1252(body), encoding: 'windows-1252' };
  }
}

// Windows-1252's 0x80–0x9F (WHATWG, as encoding_rs on the server); by hand because Node's
// TextDecoder without full ICU decodes « windows-1252 » as ISO-8859-1.
const CP1252_80_9F = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

function windows1252(bytes) {
  let text = '';
  for (const b of bytes) text += b >= 0x80 && b <= 0x9f ? CP1252_80_9F[b - 0x80] : String.fromCharCode(b);
  return text;
}

// UTF-16 by hand, as encoding_rs decodes it: a lone surrogate or an odd last byte becomes
// U+FFFD (Node's TextDecoder without full ICU has no utf-16be).
function utf16(bytes, littleEndian) {
  const unit = (i) => (littleEndian ? bytes[i] | (bytes[i + 1] << 8) : (bytes[i] << 8) | bytes[i + 1]);
  const isHigh = (u) => u >= 0xd800 && u <= 0xdbff;
  const isLow = (u) => u >= 0xdc00 && u <= 0xdfff;
  const out = [];
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    const u = unit(i);
    if (isHigh(u) && i + 3 < bytes.length && isLow(unit(i + 2))) {
      out.push(String.fromCharCode(u, unit(i + 2)));
      i += 2;
    } else {
      out.push(isHigh(u) || isLow(u) ? '\ufffd' : String.fromCharCode(u));
    }
  }
  if (bytes.length % 2) out.push('\ufffd');
  return out.join('');
}

/** Text of the file's bytes (see decodeFile). */
export function decode(bytes) {
  return decodeFile(bytes).text;
}

/** `;`, tab or `,`: whichever the header line (the first non-blank one) holds most of, outside quotes; `;` then tab on a tie. */
export function delimiter(text) {
  const line = text.split(/\r\n|\n|\r/).find((l) => l.trim() !== '') ?? '';
  const counts = { ';': 0, '\t': 0, ',': 0 };
  let quoted = false;
  for (const c of line) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && c in counts) counts[c] += 1;
  }
  const most = Math.max(...Object.values(counts));
  return Object.keys(counts).find((c) => counts[c] === most);
}

/**
 * The records of `text` as the Rust csv crate reads them (`{ line, fields }`, `line` where the
 * record starts; CRLF, LF and a lone CR each end a line), and `unclosed`: the line of a record
 * whose quote is never closed, else 0. A quote opens a field only at its start; `""` inside
 * quotes is a quote; text after the closing quote is appended to the field.
 */
export function records(text, sep) {
  const out = [];
  let fields = [];
  let field = '';
  let state = 'start'; // start of a field, 'plain', 'quoted', 'quote' (a quote inside quotes)
  let started = false; // the current record has begun
  let line = 1;
  let recordLine = 1;
  const endRecord = () => {
    fields.push(field);
    out.push({ line: recordLine, fields });
    fields = [];
    field = '';
    started = false;
  };
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    const lineEnd = c === '\n' || c === '\r';
    if (state === 'quoted') {
      if (c === '"') state = 'quote';
      else field += c;
    } else if (state === 'quote' && c === '"') {
      field += '"';
      state = 'quoted';
    } else if (lineEnd) {
      if (started) endRecord();
      state = 'start';
    } else {
      if (!started) {
        started = true;
        recordLine = line;
      }
      if (c === sep) {
        fields.push(field);
        field = '';
        state = 'start';
      } else if (state === 'start' && c === '"') state = 'quoted';
      else {
        field += c;
        state = 'plain';
      }
    }
    if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) line += 1;
  }
  if (state === 'quoted') return { records: out, unclosed: recordLine };
  if (started) endRecord();
  return { records: out, unclosed: 0 };
}

const blank = (fields) => fields.every((f) => f.trim() === '');

/**
 * The file decoded and split once: `{ text, encoding, separator, records }` (its non-blank
 * records, the header first) and `error`, set when the server will refuse it.
 */
function readTable(bytes) {
  const { text, encoding } = decodeFile(bytes);
  const separator = delimiter(text);
  const { records: all, unclosed } = records(text, separator);
  const kept = all.filter((r) => !blank(r.fields));
  const [head, ...rows] = kept;
  let error = null;
  if (!text.split(/\r\n|\n|\r/).some((l) => l.trim() !== '')) error = { kind: 'empty' };
  else if (unclosed) error = { kind: 'unclosed_quote', line: unclosed };
  else if (!head) error = { kind: 'empty' };
  else {
    const long = rows.find((r) => r.fields.length > head.fields.length);
    if (long) error = { kind: 'too_many_fields', line: long.line };
  }
  return { encoding, separator, records: kept, error };
}

/**
 * The file read as the server reads it: `{ encoding, separator, header, rows: [{ line, fields }] }`,
 * or `{ error: { kind, line } }` (`empty`, `unclosed_quote`, `too_many_fields`).
 */
export function read(bytes) {
  const { encoding, separator, records: [head, ...rows], error } = readTable(bytes);
  if (error) return { error };
  return { encoding, separator, header: head.fields, rows };
}

/** Rows of fields (the header first); blank records are not rows. */
export function parse(text, sep = delimiter(text)) {
  return records(text, sep).records.map((r) => r.fields).filter((f) => !blank(f));
}

/**
 * The header's column names, the number of data rows and the separator; with `error` when the
 * server will refuse the file (the columns and rows are then those read, for the preview).
 */
export function describe(bytes) {
  const { separator, records: [head, ...rows], error } = readTable(bytes);
  const described = { columns: (head?.fields ?? []).map((c) => c.trim()), rows: rows.length, delimiter: separator };
  return error ? { ...described, error } : described;
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

/** The outcomes of a row of `POST /batch`: its `verdict`, or why it has none (`erreur`), in the
 * summary's order. */
export const VERDICTS = [
  { value: 'dedans', label: 'Dans un quartier prioritaire' },
  { value: 'dehors', label: 'En dehors des quartiers prioritaires' },
  { value: 'en_limite', label: 'En limite d’un quartier (à vérifier)' },
  { value: 'adresse non trouvée', label: 'Adresse non trouvée' },
  { value: 'adresse incertaine', label: 'Adresse incertaine (à vérifier)' },
];

/** Rows located by their coordinates say why a point could not be read after this prefix. */
const UNREADABLE = 'coordonnées illisibles';

/** Counts of the result file: rows, and rows per outcome (verdict, else `erreur`). */
export function summarize(resultText) {
  const rows = parse(resultText.replace(/^\uFEFF/, ''));
  const header = rows[0] ?? [];
  const at = header.indexOf('verdict');
  const why = header.indexOf('erreur');
  const counts = Object.fromEntries(VERDICTS.map((v) => [v.value, 0]));
  let other = 0;
  for (const row of rows.slice(1)) {
    const v = row[at] || row[why];
    if (v in counts) counts[v] += 1;
    else if (String(v ?? '').startsWith(UNREADABLE)) counts['adresse non trouvée'] += 1;
    else other += 1;
  }
  return { rows: Math.max(rows.length - 1, 0), counts, other, hasVerdict: at >= 0 };
}
