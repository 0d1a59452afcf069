/**
 * Dates in Russian. The page passes no time zone (the browser's own zone is used);
 * tests pass one explicitly so they do not depend on the machine's zone.
 */

export interface DateOptions {
  timeZone?: string;
}

function toDate(value: string | Date): Date | null {
  const d = value instanceof Date ? value : new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

const DAY: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'long', year: 'numeric' };

function format(value: string | Date, parts: Intl.DateTimeFormatOptions, options: DateOptions): string {
  const d = toDate(value);
  return d ? new Intl.DateTimeFormat('ru-RU', { ...parts, timeZone: options.timeZone }).format(d) : '';
}

/** «2 декабря 2026 г.» */
export function formatDate(value: string | Date, options: DateOptions = {}): string {
  return format(value, DAY, options);
}

/** «2 декабря 2026 г. в 13:05» — the exact wording of the separator is the platform's. */
export function formatDateTime(value: string | Date, options: DateOptions = {}): string {
  return format(value, { ...DAY, hour: '2-digit', minute: '2-digit' }, options);
}

/** Whole days from `from` to `to` (or now); never negative. */
export function daysBetween(from: string | Date, to: string | Date | null, now: Date = new Date()): number {
  const a = toDate(from);
  const b = to === null ? now : toDate(to);
  if (!a || !b) return 0;
  return Math.max(0, Math.floor((b.getTime() - a.getTime()) / 86_400_000));
}

/**
 * Seconds to wait from a Retry-After header: delta-seconds or an HTTP date.
 * Returns null when the header is absent or unreadable.
 */
export function retryAfterSeconds(header: string | null | undefined, now: Date = new Date()): number | null {
  if (header === null || header === undefined) return null;
  const trimmed = header.trim();
  if (trimmed === '') return null;
  if (/^\d+$/.test(trimmed)) return Math.max(1, Number.parseInt(trimmed, 10));
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return null;
  return Math.max(1, Math.ceil((at - now.getTime()) / 1000));
}
