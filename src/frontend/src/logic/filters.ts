/** The list's filter as URL query state: query <-> filter object <-> API parameters. */

export interface LeadFilter {
  region: string | null;
  industry: string | null;
  sizeBand: string | null;
  product: string | null;
}

export const FILTER_KEYS = ['region', 'industry', 'sizeBand', 'product'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];

/** vue-router's LocationQuery: a value may be a string, null, or an array of them. */
export type QueryValue = string | null | undefined | readonly (string | null)[];
export type QueryLike = Readonly<Record<string, QueryValue>>;

export function emptyFilter(): LeadFilter {
  return { region: null, industry: null, sizeBand: null, product: null };
}

function firstString(value: QueryValue): string | null {
  const v = Array.isArray(value) ? value[0] : value;
  if (typeof v !== 'string') return null;
  const trimmed = v.trim();
  return trimmed === '' ? null : trimmed.slice(0, 200);
}

/** Reads the filter from the route query; unknown keys are ignored. */
export function filterFromQuery(query: QueryLike): LeadFilter {
  const filter = emptyFilter();
  for (const key of FILTER_KEYS) filter[key] = firstString(query[key]);
  return filter;
}

/** The route query for a filter: only the keys that are set, in a fixed order. */
export function filterToQuery(filter: Partial<LeadFilter>): Record<string, string> {
  const query: Record<string, string> = {};
  for (const key of FILTER_KEYS) {
    const v = filter[key];
    if (typeof v === 'string' && v.trim() !== '') query[key] = v.trim();
  }
  return query;
}

export function isFilterEmpty(filter: Partial<LeadFilter>): boolean {
  return Object.keys(filterToQuery(filter)).length === 0;
}

export function sameFilter(a: Partial<LeadFilter>, b: Partial<LeadFilter>): boolean {
  const qa = filterToQuery(a);
  const qb = filterToQuery(b);
  return FILTER_KEYS.every((k) => qa[k] === qb[k]);
}

/** The search string for GET /leads: `region=…&limit=20&cursor=…`. */
export function leadsSearch(filter: Partial<LeadFilter>, limit: number, cursor: string | null = null): string {
  const pairs: [string, string][] = Object.entries(filterToQuery(filter));
  pairs.push(['limit', String(limit)]);
  if (cursor) pairs.push(['cursor', cursor]);
  return pairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
}
