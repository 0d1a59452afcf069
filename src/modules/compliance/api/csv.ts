// A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
const FORMULA_START = /^[=+\-@\t\r]/;
// RFC 4180: such a field must be quoted, with quotes doubled.
const NEEDS_QUOTES = /[",\r\n]/;

/** One CSV field, safe to open in a spreadsheet: formulas are defused with a leading quote. */
export function csvCell(value: string | null): string {
  if (value === null) return '';
  const defused = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(defused) ? `"${defused.replace(/"/g, '""')}"` : defused;
}

/** One CSV record with the CRLF line end RFC 4180 asks for. */
export function csvRow(values: Array<string | null>): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}
