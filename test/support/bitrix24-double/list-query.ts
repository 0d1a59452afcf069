import { Errors } from './envelope';

export const PAGE_SIZE = 50;

type Op = '=' | '!=' | '>' | '>=' | '<' | '<=' | '@' | '!@' | '%' | '=%';
interface Condition {
  field: string;
  op: Op;
  value: unknown;
}

const PREFIXES: Array<[string, Op]> = [
  ['>=', '>='], ['<=', '<='], ['!@', '!@'], ['=%', '=%'], ['%=', '=%'], ['!=', '!='],
  ['@', '@'], ['>', '>'], ['<', '<'], ['%', '%'], ['=', '='], ['!', '!='],
];

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

/** `filter`/`order`/`select` must be PHP arrays: objects or lists; an empty form value arrives as ''. */
export function optionalMap(params: Record<string, unknown>, name: string): Record<string, unknown> {
  const v = params[name];
  if (v === undefined || v === '') return {};
  if (!isObject(v)) throw Errors.legacy(`Parameter '${name}' must be array.`);
  return v as Record<string, unknown>;
}

export function parseFilter(filter: Record<string, unknown>): Condition[] {
  return Object.entries(filter).map(([key, value]) => {
    const hit = PREFIXES.find(([p]) => key.startsWith(p));
    return hit ? { field: key.slice(hit[0].length).toUpperCase(), op: hit[1], value } : { field: key.toUpperCase(), op: '=' as Op, value };
  });
}

function num(v: unknown): number | null {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) return Number(v);
  return null;
}

function cmp(a: unknown, b: unknown): number {
  const na = num(a);
  const nb = num(b);
  if (na !== null && nb !== null) return na - nb;
  return String(a ?? '').localeCompare(String(b ?? ''));
}

function same(a: unknown, b: unknown): boolean {
  if ((a === null || a === undefined || a === '') && (b === null || b === undefined || b === '' || b === false)) return true;
  return a !== null && a !== undefined && cmp(a, b) === 0;
}

function asList(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (isObject(v)) return Object.values(v);
  return [v];
}

function like(value: string, pattern: string): boolean {
  const re = pattern.split('%').map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*');
  return new RegExp(`^${re}$`, 'i').test(value);
}

function matches(actual: unknown, c: Condition): boolean {
  const values = Array.isArray(actual) ? actual : [actual];
  const any = (pred: (x: unknown) => boolean) => values.some(pred);
  switch (c.op) {
    case '=':
      return Array.isArray(c.value) ? any((x) => asList(c.value).some((v) => same(x, v))) : any((x) => same(x, c.value));
    case '!=':
      return !any((x) => same(x, c.value));
    case '>':
      return any((x) => x !== null && cmp(x, c.value) > 0);
    case '>=':
      return any((x) => x !== null && cmp(x, c.value) >= 0);
    case '<':
      return any((x) => x !== null && cmp(x, c.value) < 0);
    case '<=':
      return any((x) => x !== null && cmp(x, c.value) <= 0);
    case '@':
      return any((x) => asList(c.value).some((v) => same(x, v)));
    case '!@':
      return !any((x) => asList(c.value).some((v) => same(x, v)));
    case '%':
      return any((x) => typeof x === 'string' && x.toLowerCase().includes(String(c.value).toLowerCase()));
    case '=%':
      return any((x) => typeof x === 'string' && like(x, String(c.value)));
  }
}

export interface Page<T> {
  items: T[];
  total?: number;
  next?: number;
}

/**
 * Filter, order and page rows as the legacy list methods do: 50 a page, `next` only when more
 * remain, `start=-1` skips counting. `get` answers undefined for an unknown field, whose condition is ignored.
 */
export function listRows<T>(
  rows: T[],
  get: (row: T, field: string) => unknown,
  params: Record<string, unknown>,
  defaultOrder: Array<[string, string]> = [['ID', 'ASC']],
): Page<T> {
  const conditions = parseFilter(optionalMap(params, 'filter'));
  const given = Object.entries(optionalMap(params, 'order'));
  const order = given.length > 0 ? given : defaultOrder;
  const kept = rows.filter((row) =>
    conditions.every((c) => {
      const actual = get(row, c.field);
      return actual === undefined || matches(actual, c);
    }),
  );
  kept.sort((a, b) => {
    for (const [field, dir] of order) {
      const d = cmp(get(a, field.toUpperCase()), get(b, field.toUpperCase()));
      if (d !== 0) return String(dir).toUpperCase() === 'DESC' ? -d : d;
    }
    return 0;
  });
  const start = Number(params.start ?? 0);
  if (start === -1) return { items: kept.slice(0, PAGE_SIZE) };
  const offset = Number.isFinite(start) && start > 0 ? Math.floor(start) : 0;
  const items = kept.slice(offset, offset + PAGE_SIZE);
  const page: Page<T> = { items, total: kept.length };
  if (offset + PAGE_SIZE < kept.length) page.next = offset + PAGE_SIZE;
  return page;
}

/** `select` with `*` (standard fields) and `UF_*` (user fields); ID always comes back. */
export function selectFields(params: Record<string, unknown>, standard: string[], custom: string[], extra: string[] = []): string[] {
  const raw = params.select;
  const list = raw === undefined || raw === '' ? ['*', 'UF_*'] : asList(raw).map((s) => String(s).toUpperCase());
  const out = new Set<string>(['ID']);
  for (const s of list) {
    if (s === '*') standard.forEach((f) => out.add(f));
    else if (s === 'UF_*') custom.forEach((f) => out.add(f));
    else if (standard.includes(s) || custom.includes(s) || extra.includes(s)) out.add(s);
  }
  return [...out];
}
