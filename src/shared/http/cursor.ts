import { DomainError } from '../domain/domain-error';

/** Keyset position: the sort timestamp and the id of the last item returned. */
export interface Cursor {
  at: Date;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(`${cursor.at.toISOString()}|${cursor.id}`).toString('base64url');
}

export function decodeCursor(value: string | undefined): Cursor | null {
  if (value === undefined) return null;
  const [iso, id] = Buffer.from(value, 'base64url').toString('utf8').split('|');
  const at = new Date(iso);
  if (!id || !UUID.test(id) || !(at.getUTCFullYear() >= 2000 && at.getUTCFullYear() <= 9999)) {
    throw new DomainError('VALIDATION_FAILED', 'The cursor is not one this API returned.', [
      { field: 'cursor', message: 'invalid cursor' },
    ]);
  }
  return { at, id };
}

/** Fetch one row more than asked to learn whether another page exists. */
export function page<T>(rows: T[], limit: number, cursorOf: (row: T) => Cursor) {
  const items = rows.slice(0, limit);
  const nextCursor = rows.length > limit ? encodeCursor(cursorOf(items[items.length - 1])) : null;
  return { items, nextCursor };
}
