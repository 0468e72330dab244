/** A strict RFC 4180 reader for the tests: CRLF records, quoted fields, doubled quotes; a leading BOM is skipped. Dutch Excel's CSV separates by semicolons. */
export function parseCsv(text: string, separator: ',' | ';' = ','): string[][] {
  const input = text.startsWith('\ufeff') ? text.slice(1) : text;
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < input.length) {
    const c = input[i];
    if (quoted) {
      if (c === '"' && input[i + 1] === '"') {
        field += '"';
        i += 2;
      } else if (c === '"') {
        quoted = false;
        i += 1;
      } else {
        field += c;
        i += 1;
      }
    } else if (c === '"') {
      if (field !== '') throw new Error(`a quote inside an unquoted field at ${i}`);
      quoted = true;
      i += 1;
    } else if (c === separator) {
      row.push(field);
      field = '';
      i += 1;
    } else if (c === '\r' && input[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 2;
    } else if (c === '\n' || c === '\r') {
      throw new Error(`a bare line break at ${i}: records end with CRLF`);
    } else {
      field += c;
      i += 1;
    }
  }
  if (quoted) throw new Error('an unterminated quoted field');
  if (field !== '' || row.length) throw new Error('the last record does not end with CRLF');
  return rows;
}
