/**
 * CSV as RFC 4180 has it (CRLF line ends; a field with a comma, quote or line break quoted, its
 * quotes doubled), UTF-8 with a byte-order mark so spreadsheet programs read accents right. Text
 * that a spreadsheet would run as a formula (=, +, -, @ first) gets a leading apostrophe.
 */
export type CsvValue = string | number | boolean | null | undefined;

export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: string[], rows: CsvValue[][]): string {
  return '\ufeff' + [header, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}
