/** One CSV record and the line of the file it starts on (1-based; a quoted field may span lines). */
export interface CsvRecord {
  line: number;
  cells: string[];
}

export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
    this.name = 'CsvSyntaxError';
  }
}

export type CsvDelimiter = ';' | ',' | '\t';

/**
 * The delimiter of the header line: 1C and a Russian Excel write `;`, an English Excel `,`,
 * «Unicode text» a tab. Delimiters inside quotes do not count.
 */
export function detectDelimiter(text: string): CsvDelimiter {
  const counts = { ';': 0, ',': 0, '\t': 0 };
  let quoted = false;
  for (const c of text) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) break;
    else if (!quoted && c in counts) counts[c as CsvDelimiter]++;
  }
  if (counts[';'] >= counts[','] && counts[';'] >= counts['\t'] && counts[';'] > 0) return ';';
  return counts['\t'] > counts[','] ? '\t' : ',';
}

/**
 * RFC 4180 as spreadsheets write it: an optional UTF-8 BOM, CRLF or LF (or a lone CR), fields in
 * double quotes with `""` for a quote and line breaks inside. Lenient where files in the wild
 * are: a quote inside an unquoted field is a character, blanks around a quoted field are dropped.
 * An unterminated quoted field is an error naming the line it opened on.
 */
export function parseCsv(input: string, delimiter: CsvDelimiter = detectDelimiter(stripBom(input))): CsvRecord[] {
  const text = stripBom(input);
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = '';
  let cellQuoted = false;
  let cellStarted = false;
  let line = 1;
  let recordLine = 1;
  let i = 0;
  const endCell = () => {
    cells.push(cell);
    cell = '';
    cellQuoted = false;
    cellStarted = false;
  };
  while (i < text.length) {
    const c = text[i];
    if (c === '"' && !cellQuoted && cell.trim() === '') {
      const opened = line;
      cell = '';
      cellQuoted = true;
      cellStarted = true;
      i++;
      for (;;) {
        if (i >= text.length) throw new CsvSyntaxError(opened, `The quoted field opened on line ${opened} is never closed.`);
        const q = text[i];
        if (q === '"') {
          if (text[i + 1] === '"') {
            cell += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (q === '\n' || (q === '\r' && text[i + 1] !== '\n')) line++;
        cell += q;
        i++;
      }
      continue;
    }
    if (c === delimiter) {
      endCell();
      cellStarted = true;
      i++;
      continue;
    }
    if (c === '\n' || c === '\r') {
      endCell();
      records.push({ line: recordLine, cells });
      cells = [];
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
      recordLine = line;
      continue;
    }
    if (cellQuoted) {
      // Text after the closing quote: blanks are dropped, anything else is kept as written.
      if (c.trim() !== '') cell += c;
    } else {
      cell += c;
    }
    cellStarted = true;
    i++;
  }
  if (cellStarted || cell !== '' || cells.length > 0) {
    endCell();
    records.push({ line: recordLine, cells });
  }
  return records;
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
