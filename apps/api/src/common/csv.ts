/**
 * CSV as RFC 4180 has it (CRLF line ends; a field with the separator, a quote or a line break
 * quoted, its quotes doubled), UTF-8 with a byte-order mark so spreadsheet programs read accents
 * right. Text that a spreadsheet would run as a formula (=, +, -, @ first) gets a leading apostrophe.
 * Two dialects: commas and decimal points (integrations), or semicolons and decimal commas, which
 * Excel in a Dutch locale opens in columns with numbers it can count with.
 */
export type CsvValue = string | number | boolean | null | undefined;

export interface CsvDialect {
  separator: ',' | ';';
  decimal: '.' | ',';
}

export const RFC_4180: CsvDialect = { separator: ',', decimal: '.' };
export const DUTCH_EXCEL: CsvDialect = { separator: ';', decimal: ',' };

export function csvField(value: CsvValue, dialect: CsvDialect = RFC_4180): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'number' ? String(value).replace('.', dialect.decimal) : String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return text.includes(dialect.separator) || /["\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: string[], rows: CsvValue[][], dialect: CsvDialect = RFC_4180): string {
  return '\ufeff' + [header, ...rows].map((row) => row.map((v) => csvField(v, dialect)).join(dialect.separator)).join('\r\n') + '\r\n';
}
