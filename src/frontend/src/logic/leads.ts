/** Keeping the list of requests while new ones arrive by polling. */
import type { Lead } from './types';

export interface MergeResult {
  items: Lead[];
  /** Ids that were not on the list before. */
  added: string[];
}

/**
 * Puts the first page's unseen requests at the top (newest first, in the page's order) and refreshes
 * the requests already shown with their newer copy; nothing shown is dropped.
 */
export function mergeFirstPage(current: readonly Lead[], firstPage: readonly Lead[]): MergeResult {
  const fresh = new Map(firstPage.map((l) => [l.id, l]));
  const known = new Set(current.map((l) => l.id));
  const added = firstPage.filter((l) => !known.has(l.id));
  const refreshed = current.map((l) => fresh.get(l.id) ?? l);
  return { items: [...added, ...refreshed], added: added.map((l) => l.id) };
}

/** Appends the next page, skipping any request already shown. */
export function appendPage(current: readonly Lead[], page: readonly Lead[]): Lead[] {
  const known = new Set(current.map((l) => l.id));
  return [...current, ...page.filter((l) => !known.has(l.id))];
}

export function capReached(cap: { used: number; limit: number } | null | undefined): boolean {
  return !!cap && cap.used >= cap.limit;
}
