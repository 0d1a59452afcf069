import { CsvSyntaxError, detectDelimiter, parseCsv } from './csv';

describe('parseCsv', () => {
  it('reads ; separated lines with a BOM and CRLF, numbering the lines', () => {
    expect(parseCsv('\ufeffa;b\r\n1;2\r\n')).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['1', '2'] },
    ]);
  });

  it('reads quoted fields with "" escapes, delimiters and line breaks inside', () => {
    const records = parseCsv('name,note\n"ООО ""Ромашка""","a, b\nc"\nlast,"x"\n');
    expect(records).toEqual([
      { line: 1, cells: ['name', 'note'] },
      { line: 2, cells: ['ООО "Ромашка"', 'a, b\nc'] },
      { line: 4, cells: ['last', 'x'] },
    ]);
  });

  it('keeps empty fields, a last line without a break, and a quote inside an unquoted field', () => {
    expect(parseCsv('a;;"";\n5"x;y', ';')).toEqual([
      { line: 1, cells: ['a', '', '', ''] },
      { line: 2, cells: ['5"x', 'y'] },
    ]);
  });

  it('names the line an unterminated quoted field opened on', () => {
    expect(() => parseCsv('a,b\n1,"open\n2,3\n')).toThrow(CsvSyntaxError);
    try {
      parseCsv('a,b\n1,"open\n2,3\n');
    } catch (error) {
      expect((error as CsvSyntaxError).line).toBe(2);
    }
  });

  it('detects the delimiter from the header line, ignoring quoted ones', () => {
    expect(detectDelimiter('Номер договора;Наименование;Сайт\n1,2,3,4')).toBe(';');
    expect(detectDelimiter('"a;b",c,d\n')).toBe(',');
    expect(detectDelimiter('a\tb\tc')).toBe('\t');
  });
});
