/** PHP serialises an empty map as [] and a map with keys 0..n as a list; both read as a record here. */
export function asRecord(value: unknown): Record<string, unknown> {
  if (Array.isArray(value)) return Object.fromEntries(value.map((item, index) => [String(index), item]));
  if (value !== null && typeof value === 'object') return value as Record<string, unknown>;
  return {};
}

/** A list page: a plain array, or one wrapped in a single key ({categories: [...]}, {items: [...]}). */
export function pageItems<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  if (result !== null && typeof result === 'object') {
    const arrays = Object.values(result).filter(Array.isArray);
    if (arrays.length === 1) return arrays[0] as T[];
  }
  return [];
}
