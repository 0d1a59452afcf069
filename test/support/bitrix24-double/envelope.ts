/** The REST answer envelope: `{result, time}` on success, `{error, error_description}` otherwise. */

export class RestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly description: string,
  ) {
    super(`${code}: ${description}`);
  }
  body(): { error: string; error_description: string } {
    return { error: this.code, error_description: this.description };
  }
}

export const Errors = {
  noAuth: () => new RestError(401, 'NO_AUTH_FOUND', 'Wrong authorization data'),
  expiredToken: () => new RestError(401, 'expired_token', 'The access token provided has expired.'),
  invalidToken: () => new RestError(401, 'invalid_token', 'The access token provided is invalid.'),
  insufficientScope: () =>
    new RestError(403, 'insufficient_scope', 'The request requires higher privileges than provided by the access token'),
  accessDenied: (text = 'Access denied!') => new RestError(403, 'ACCESS_DENIED', text),
  wrongAuthType: () => new RestError(403, 'WRONG_AUTH_TYPE', 'Current authorization type is denied for this method'),
  methodNotFound: () => new RestError(404, 'ERROR_METHOD_NOT_FOUND', 'Method not found!'),
  queryLimit: () => new RestError(503, 'QUERY_LIMIT_EXCEEDED', 'Too many requests'),
  operationTimeLimit: () =>
    new RestError(429, 'OPERATION_TIME_LIMIT', 'Method is blocked due to operation time limit.'),
  internal: () => new RestError(500, 'INTERNAL_SERVER_ERROR', 'Internal server error'),
  portalDeleted: () => new RestError(500, 'PORTAL_DELETED', 'Portal was deleted'),
  /** Old CRM methods (crm.deal.*, crm.contact.*, ...) fail with an empty code and HTTP 400. */
  legacy: (text: string) => new RestError(400, '', text),
  coded: (code: string, text: string, status = 400) => new RestError(status, code, text),
};

function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', '+00:00');
}

/**
 * The `time` block of an answer (limits.md): `operating` is the method's execution time summed
 * over ten minutes, `operating_reset_at` when the oldest minute of it drops out.
 */
export function timeBlock(startMs: number, finishMs: number, operatingResetAt?: number): Record<string, number | string> {
  const duration = Math.max(0, finishMs - startMs) / 1000;
  return {
    start: startMs / 1000,
    finish: finishMs / 1000,
    duration,
    processing: duration,
    date_start: isoSeconds(startMs),
    date_finish: isoSeconds(finishMs),
    operating: duration,
    operating_reset_at: operatingResetAt ?? Math.floor(startMs / 1000) + 600,
  };
}

export interface MethodResult {
  result: unknown;
  total?: number;
  next?: number;
}

export function successBody(r: MethodResult, startMs: number, finishMs: number, operatingResetAt?: number): Record<string, unknown> {
  const body: Record<string, unknown> = { result: r.result };
  if (r.next !== undefined) body.next = r.next;
  if (r.total !== undefined) body.total = r.total;
  body.time = timeBlock(startMs, finishMs, operatingResetAt);
  return body;
}

/** PHP prints an empty array as `[]`, and one keyed 0..n-1 as a list. */
export function phpMap<T>(map: Record<string, T>): Record<string, T> | T[] {
  const keys = Object.keys(map);
  if (keys.length === 0) return [];
  return keys.every((k, i) => k === String(i)) ? keys.map((k) => map[k]) : map;
}
