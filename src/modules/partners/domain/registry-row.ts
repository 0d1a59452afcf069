import { CONTRACT_STATUSES, ContractStatus } from './partner';

/**
 * One row of the partner registry as an operator exports it (1C, Excel) or a system sends it:
 * the columns it may have, their Russian headers, and the contract statuses in either language.
 */
export const REGISTRY_FIELDS = [
  'contractNumber',
  'name',
  'contractStatus',
  'websiteUrl',
  'offerPageUrl',
  'portalDomain',
  'claimCap',
] as const;
export type RegistryField = (typeof REGISTRY_FIELDS)[number];

/** A CSV file must have these columns; without the others an update keeps what the partner has. */
export const REQUIRED_COLUMNS: readonly RegistryField[] = ['contractNumber', 'name', 'contractStatus', 'websiteUrl', 'offerPageUrl'];

/** Russian headers of an operator's export; the English field names are accepted as well. */
export const RUSSIAN_HEADERS: Record<RegistryField, string> = {
  contractNumber: 'Номер договора',
  name: 'Наименование',
  contractStatus: 'Статус договора',
  websiteUrl: 'Сайт',
  offerPageUrl: 'Страница предложения',
  portalDomain: 'Портал',
  claimCap: 'Лимит заявок',
};

const RUSSIAN_STATUSES: Record<string, ContractStatus> = {
  действует: 'active',
  заблокирован: 'blocked',
  расторгнут: 'terminated',
};

/** Case, spaces, underscores and ё/е do not matter in a header: «номер  договора» is «Номер договора». */
const headerKey = (text: string) => text.normalize('NFC').toLowerCase().replace(/ё/g, 'е').replace(/[\s_]+/gu, '');

const FIELD_BY_HEADER = new Map<string, RegistryField>(
  REGISTRY_FIELDS.flatMap((field) => [
    [headerKey(field), field],
    [headerKey(RUSSIAN_HEADERS[field]), field],
  ]),
);

/** The field a column header or JSON key names, or null when it names none. */
export function registryField(header: string): RegistryField | null {
  return FIELD_BY_HEADER.get(headerKey(header)) ?? null;
}

/**
 * `active|blocked|terminated` or `действует|заблокирован|расторгнут`, in any case; anything else is
 * returned as given, for validation to refuse with the list of statuses.
 */
export function contractStatusOf(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const text = value.trim().toLowerCase().replace(/ё/g, 'е');
  if ((CONTRACT_STATUSES as readonly string[]).includes(text)) return text;
  return RUSSIAN_STATUSES[text] ?? value;
}

/**
 * A CSV cell as the value of its field: trimmed; an empty portal or cap means none (the default
 * cap); a cap in digits is a number. Anything else stays text for validation to judge.
 */
export function cellValue(field: RegistryField, cell: string): unknown {
  const text = cell.trim();
  switch (field) {
    case 'portalDomain':
      return text === '' ? null : text;
    case 'claimCap':
      return text === '' ? null : /^\d{1,9}$/.test(text) ? Number(text) : text;
    case 'contractStatus':
      return contractStatusOf(text);
    default:
      return text;
  }
}
