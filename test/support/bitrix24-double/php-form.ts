/**
 * PHP-style form encoding: `fields[PHONE][0][VALUE]=x` <-> nested objects.
 * Bitrix24 is PHP, so form bodies, batch sub-queries and event payloads all use this syntax.
 */
export type PhpValue = string | PhpValue[] | { [key: string]: PhpValue };
type Node = { [key: string]: unknown };

function splitKey(raw: string): string[] {
  const open = raw.indexOf('[');
  if (open <= 0) return [raw];
  const parts = [raw.slice(0, open)];
  const re = /\[([^\]]*)\]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(raw.slice(open)))) parts.push(m[1]);
  return parts;
}

function assign(target: Node, path: string[], value: string): void {
  let node = target;
  for (let i = 0; i < path.length; i++) {
    let seg = path[i];
    if (seg === '') seg = String(Object.keys(node).length);
    if (i === path.length - 1) {
      node[seg] = value;
      return;
    }
    const next = node[seg];
    if (typeof next !== 'object' || next === null) node[seg] = {};
    node = node[seg] as Node;
  }
}

/** Objects keyed 0..n-1 become arrays, as PHP's json_encode would print them. */
export function listify(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(listify);
  if (typeof value !== 'object' || value === null) return value;
  const keys = Object.keys(value);
  const out: Node = {};
  for (const k of keys) out[k] = listify((value as Node)[k]);
  const sequential = keys.length > 0 && keys.every((k, i) => k === String(i));
  return sequential ? keys.map((k) => out[k]) : out;
}

export function parsePhpForm(body: string): Record<string, unknown> {
  const root: Node = {};
  for (const [key, value] of new URLSearchParams(body)) assign(root, splitKey(key), value);
  return listify(root) as Record<string, unknown>;
}

function flatten(prefix: string, value: unknown, out: Array<[string, string]>): void {
  if (value === null || value === undefined) {
    out.push([prefix, '']);
  } else if (typeof value === 'object') {
    const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
    for (const [k, v] of entries) flatten(prefix ? `${prefix}[${k}]` : k, v, out);
  } else if (typeof value === 'boolean') {
    out.push([prefix, value ? '1' : '']);
  } else {
    out.push([prefix, String(value)]);
  }
}

export function encodePhpForm(value: Record<string, unknown>): string {
  const pairs: Array<[string, string]> = [];
  flatten('', value, pairs);
  return pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
}
