import { DomainError } from '../../../shared/domain/domain-error';

type Form = Record<string, unknown>;

/** Reads one string from a parsed form body; Bitrix24 sends scalars as strings. */
export function field(form: unknown, ...path: string[]): string | null {
  let value: unknown = form;
  for (const key of path) {
    if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
    value = (value as Form)[key];
  }
  return typeof value === 'string' && value.length > 0 && value.length <= 2000 ? value : null;
}

export function requiredField(form: unknown, ...path: string[]): string {
  const value = field(form, ...path);
  if (value === null) {
    throw new DomainError('VALIDATION_FAILED', 'The Bitrix24 request is incomplete.', [
      { field: path.join('.'), message: 'missing' },
    ]);
  }
  return value;
}
