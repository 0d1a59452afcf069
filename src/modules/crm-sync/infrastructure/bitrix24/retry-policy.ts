const READ_SUFFIXES = ['.get', '.list', '.fields', '.search'];
const READ_METHODS = new Set([
  'app.info',
  'user.current',
  'user.admin',
  'profile',
  'methods',
  'method.get',
  'scope',
  'server.time',
  'crm.duplicate.findbycomm',
]);
// Reading offline events also deletes them from the portal's queue (clear=1 by default).
const NOT_READS = new Set(['event.offline.get']);

/** Whether repeating the call after an unknown outcome (5xx, timeout) cannot change anything twice. */
export function isReadMethod(method: string): boolean {
  const name = method.toLowerCase().replace(/\.json$/, '');
  if (NOT_READS.has(name)) return false;
  return READ_METHODS.has(name) || READ_SUFFIXES.some((suffix) => name.endsWith(suffix));
}

const MAX_DELAY_MS = 30_000;

/** Exponential backoff with jitter, so callers sharing a portal's bucket do not retry in step. */
export function backoffDelay(attempt: number, baseMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_DELAY_MS, baseMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
