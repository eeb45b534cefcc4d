// CSV encoding (RFC 4180) with a BOM and semicolons, the form French spreadsheet software opens
// without an import dialog.

const SEPARATOR = ';';

function cell(value) {
  if (value == null) return '';
  const text = Array.isArray(value) ? value.join(', ') : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[";\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** `columns`: [{ key, label }]; `rows`: objects. Returns the CSV text. */
export function toCsv(columns, rows) {
  const lines = [columns.map((c) => cell(c.label)).join(SEPARATOR)];
  for (const row of rows) {
    lines.push(columns.map((c) => cell(typeof c.value === 'function' ? c.value(row) : row[c.key])).join(SEPARATOR));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
