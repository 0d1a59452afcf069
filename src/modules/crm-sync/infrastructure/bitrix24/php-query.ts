/**
 * Encodes params the way PHP's parse_str reads them back: nested objects and arrays become
 * bracket keys (fields[TITLE]=x&fields[PHONE][0][VALUE]=y). Used for `batch` cmd entries, which
 * Bitrix24 accepts only as query strings. Like http_build_query: null/undefined and empty
 * arrays/objects are left out, booleans become 1/0.
 */
export function toPhpQuery(params: Record<string, unknown>): string {
  const pairs: string[] = [];
  for (const [key, value] of Object.entries(params)) appendPair(pairs, encodeURIComponent(key), value);
  return pairs.join('&');
}

/** A `batch` cmd entry: `method?query`, with `$result[key][FIELD]` references as the docs write them. */
export function toBatchCommand(method: string, params?: Record<string, unknown>): string {
  const query = params ? toPhpQuery(params) : '';
  return query ? `${method}?${query}` : method;
}

function appendPair(pairs: string[], key: string, value: unknown): void {
  if (value === undefined || value === null) return;
  if (value instanceof Date) {
    pairs.push(`${key}=${encodeValue(value.toISOString())}`);
  } else if (Array.isArray(value)) {
    value.forEach((item, index) => appendPair(pairs, `${key}[${index}]`, item));
  } else if (typeof value === 'object') {
    for (const [name, item] of Object.entries(value)) appendPair(pairs, `${key}[${encodeURIComponent(name)}]`, item);
  } else if (typeof value === 'boolean') {
    pairs.push(`${key}=${value ? '1' : '0'}`);
  } else {
    pairs.push(`${key}=${encodeValue(String(value))}`);
  }
}

// `$`, `[` and `]` mean nothing to parse_str in a value; left readable, a `$result[..]` reference is
// found whether the server substitutes before decoding or after (core does it after).
function encodeValue(value: string): string {
  return encodeURIComponent(value).replace(/%24/g, '$').replace(/%5B/g, '[').replace(/%5D/g, ']');
}
