import { Errors, RestError, phpMap, timeBlock, type MethodResult } from './envelope';
import { isMap, type CallContext } from './methods';
import { parsePhpForm } from './php-form';

export const BATCH_LIMIT = 50;

export type Dispatch = (method: string, params: Record<string, unknown>, ctx: CallContext, inBatch: boolean) => Promise<MethodResult>;

/** Follows `[a][b]` through a previous command's result. */
function lookup(results: Record<string, unknown>, key: string, path: string[]): unknown {
  let v: unknown = results[key];
  for (const seg of path) {
    if (!isMap(v)) return undefined;
    v = (v as Record<string, unknown>)[seg];
  }
  return v;
}

/** `$result[key][field]` references are replaced by earlier values; unresolved ones are left as written. */
function substitute(query: string, results: Record<string, unknown>): string {
  return query.replace(/\$result\[([^\]]+)\]((?:\[[^\]]*\])*)/g, (whole, key: string, rest: string) => {
    const path = [...rest.matchAll(/\[([^\]]*)\]/g)].map((m) => m[1]);
    const v = lookup(results, key, path);
    if (v === undefined || v === null || typeof v === 'object') return whole;
    return encodeURIComponent(typeof v === 'boolean' ? (v ? '1' : '') : String(v));
  });
}

function truthy(v: unknown): boolean {
  return v === true || v === 1 || v === '1' || v === 'true' || v === 'Y';
}

export async function runBatch(ctx: CallContext, dispatch: Dispatch): Promise<MethodResult> {
  const cmd = ctx.params.cmd;
  const entries: Array<[string, unknown]> = Array.isArray(cmd)
    ? cmd.map((v, i) => [String(i), v])
    : isMap(cmd) ? Object.entries(cmd) : [];
  const halt = truthy(ctx.params.halt);
  const result: Record<string, unknown> = {};
  const errors: Record<string, unknown> = {};
  const totals: Record<string, number> = {};
  const nexts: Record<string, number> = {};
  const times: Record<string, unknown> = {};
  let index = 0;
  for (const [key, value] of entries) {
    // Non-string commands are skipped, as the PHP provider does.
    if (typeof value !== 'string') continue;
    if (index++ >= BATCH_LIMIT) {
      errors[key] = { error: 'ERROR_BATCH_LENGTH_EXCEEDED', error_description: 'Max batch length exceeded' };
      continue;
    }
    const started = ctx.portal.now();
    const q = value.indexOf('?');
    const method = (q < 0 ? value : value.slice(0, q)).trim().toLowerCase().replace(/\.json$/, '');
    const params = q < 0 ? {} : parsePhpForm(substitute(value.slice(q + 1), result));
    try {
      if (method === 'batch') {
        ctx.portal.log(method, 405, true);
        throw Errors.coded('ERROR_BATCH_METHOD_NOT_ALLOWED', 'Method is not allowed for batch usage', 405);
      }
      const r = await dispatch(method, params, { ...ctx, params }, true);
      result[key] = r.result;
      if (r.total !== undefined) totals[key] = r.total;
      if (r.next !== undefined) nexts[key] = r.next;
      times[key] = timeBlock(started, ctx.portal.now());
    } catch (e) {
      if (!(e instanceof RestError)) throw e;
      errors[key] = e.body();
      if (halt) break;
    }
  }
  return {
    result: {
      result: phpMap(result),
      result_error: phpMap(errors),
      result_total: phpMap(totals),
      result_next: phpMap(nexts),
      result_time: phpMap(times),
    },
  };
}
