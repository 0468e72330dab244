import { csvField, DUTCH_EXCEL, toCsv } from './csv';

describe('toCsv', () => {
  it('RFC 4180 by default: commas, decimal points, fields with commas or quotes quoted', () => {
    expect(toCsv(['a', 'b'], [[0.25, 'x, "y"']])).toBe('\ufeffa,b\r\n0.25,"x, ""y"""\r\n');
  });

  it('for Dutch Excel: semicolons, decimal commas, a comma in text needs no quotes but a semicolon does', () => {
    expect(toCsv(['Maat', 'Waarde'], [['doorstroom', 0.1111], ['a;b', -3], ['x, y', null]], DUTCH_EXCEL)).toBe('\ufeffMaat;Waarde\r\ndoorstroom;0,1111\r\n"a;b";-3\r\nx, y;\r\n');
  });

  it('text a spreadsheet would run as a formula gets an apostrophe; a negative number stays a number', () => {
    expect(csvField('=SUM(A1)', DUTCH_EXCEL)).toBe("'=SUM(A1)");
    expect(csvField(-1.5, DUTCH_EXCEL)).toBe('-1,5');
  });
});
