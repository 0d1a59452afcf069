import { DomainError, FieldError } from '../../../../shared/domain/domain-error';
import {
  cellValue,
  contractStatusOf,
  REGISTRY_FIELDS,
  REQUIRED_COLUMNS,
  RegistryField,
  registryField,
  RUSSIAN_HEADERS,
} from '../../domain/registry-row';
import { CsvSyntaxError, parseCsv } from './csv';

/**
 * One partner row of an import, its fields named as the API names them (unknown JSON keys are
 * kept as sent, so that validation refuses them), with the problems found while reading it.
 */
export interface RegistryInputRow {
  /** The CSV line the row starts on, or the 1-based position in the JSON list. */
  row: number;
  values: Record<string, unknown>;
  problems: FieldError[];
}

const COLUMNS_HINT = REGISTRY_FIELDS.map((f) => `${f} (${RUSSIAN_HEADERS[f]})`).join(', ');

/** A CSV export: the first line is the header; blank lines (and lines of empty cells) are skipped. */
export function readCsvTable(text: string, maxRows: number): RegistryInputRow[] {
  let records;
  try {
    records = parseCsv(text);
  } catch (error) {
    if (error instanceof CsvSyntaxError) throw new DomainError('MALFORMED_REQUEST', `The CSV file cannot be read: ${error.message}`);
    throw error;
  }
  const nonBlank = records.filter((r) => r.cells.some((c) => c.trim() !== ''));
  if (nonBlank.length === 0) throw new DomainError('VALIDATION_FAILED', 'The file is empty: send a header line and a row per partner.');
  const [header, ...data] = nonBlank;
  const fields = header.cells.map((cell) => registryField(cell));
  const errors: FieldError[] = [];
  if (fields.every((f) => f === null)) {
    throw new DomainError('VALIDATION_FAILED', `The first line must be a header naming the columns: ${COLUMNS_HINT}.`, [
      { field: 'header', message: 'no known column' },
    ]);
  }
  header.cells.forEach((cell, i) => {
    if (fields[i] === null) errors.push({ field: cell.trim() || `column ${i + 1}`, message: 'unknown column' });
    else if (fields.indexOf(fields[i]) !== i) errors.push({ field: cell.trim(), message: `column ${fields[i]} is given twice` });
  });
  for (const required of REQUIRED_COLUMNS) {
    if (!fields.includes(required)) errors.push({ field: required, message: `missing column (${RUSSIAN_HEADERS[required]})` });
  }
  if (errors.length > 0) throw new DomainError('VALIDATION_FAILED', `The header does not match the registry columns: ${COLUMNS_HINT}.`, errors);
  refuseEmptyOrLarge(data.length, maxRows);

  return data.map(({ line, cells }) => {
    const values: Record<string, unknown> = {};
    fields.forEach((field, i) => {
      values[field!] = cellValue(field!, cells[i] ?? '');
    });
    const extra = cells.slice(fields.length).filter((c) => c.trim() !== '').length;
    const problems: FieldError[] =
      extra > 0 ? [{ field: 'row', message: `the line has ${extra} value(s) beyond the ${fields.length} columns of the header` }] : [];
    return { row: line, values, problems };
  });
}

/** `{ "partners": [ … ] }` or a bare array of partner objects, keyed as the API or as the CSV headers. */
export function readJsonTable(body: unknown, maxRows: number): RegistryInputRow[] {
  let list: unknown = body;
  if (body !== null && typeof body === 'object' && !Array.isArray(body)) {
    const unknown = Object.keys(body).filter((k) => k !== 'partners');
    if (unknown.length > 0) {
      throw new DomainError('VALIDATION_FAILED', 'The request has invalid fields.', unknown.map((field) => ({ field, message: 'unknown field' })));
    }
    list = (body as { partners?: unknown }).partners;
  }
  if (!Array.isArray(list)) {
    throw new DomainError('VALIDATION_FAILED', 'Send { "partners": [ … ] } or an array of partners.', [
      { field: 'partners', message: 'partners must be an array of partner objects' },
    ]);
  }
  refuseEmptyOrLarge(list.length, maxRows);
  return list.map((item, index) => {
    const row = index + 1;
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      return { row, values: {}, problems: [{ field: 'row', message: 'each partner must be an object' }] };
    }
    const values: Record<string, unknown> = {};
    const problems: FieldError[] = [];
    for (const [key, value] of Object.entries(item)) {
      const field: RegistryField | null = registryField(key);
      const name = field ?? key;
      if (Object.hasOwn(values, name)) problems.push({ field: name, message: `${name} is given twice` });
      values[name] = field === 'contractStatus' ? contractStatusOf(value) : value;
    }
    return { row, values, problems };
  });
}

function refuseEmptyOrLarge(rows: number, maxRows: number): void {
  if (rows === 0) throw new DomainError('VALIDATION_FAILED', 'The import has no partner rows.');
  if (rows > maxRows) {
    throw new DomainError('PAYLOAD_TOO_LARGE', `The import has ${rows} rows; at most ${maxRows} are read at once: split the file.`);
  }
}
