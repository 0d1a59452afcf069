import { Bitrix24Error } from './bitrix24-errors';

export const USER_AGENT = 'partner-leads-crm-sync/0.1 (+Bitrix24 REST client; Node.js)';

export interface HttpRequest {
  url: string;
  method: 'GET' | 'POST';
  json?: unknown;
  timeoutMs: number;
}

export interface HttpAnswer {
  status: number;
  /** Parsed JSON, or undefined when the body was not JSON (a proxy's HTML error page, say). */
  body: unknown;
  location?: string;
}

/**
 * One HTTP exchange with a timeout covering headers and body. Redirects are returned, not followed:
 * a 302 from a renamed portal would turn a POST into a bodyless GET. Network failures and timeouts
 * become TEMPORARY errors whose messages carry no URL (the OAuth URL holds secrets).
 */
export async function exchange(request: HttpRequest, context: string): Promise<HttpAnswer> {
  const headers: Record<string, string> = { Accept: 'application/json', 'User-Agent': USER_AGENT };
  if (request.json !== undefined) headers['Content-Type'] = 'application/json';
  try {
    const response = await fetch(request.url, {
      method: request.method,
      headers,
      body: request.json === undefined ? undefined : JSON.stringify(request.json),
      redirect: 'manual',
      signal: AbortSignal.timeout(request.timeoutMs),
    });
    const text = await response.text();
    return { status: response.status, body: parseJson(text), location: response.headers.get('location') ?? undefined };
  } catch (error) {
    // Duck-typed: the DOMException may come from another realm (jest's vm), failing instanceof Error.
    const name = (error as { name?: unknown } | null)?.name;
    const timedOut = name === 'TimeoutError' || name === 'AbortError';
    throw timedOut
      ? new Bitrix24Error('TEMPORARY', 'TIMEOUT', `${context}: no answer within ${request.timeoutMs} ms`)
      : new Bitrix24Error('TEMPORARY', 'NETWORK_ERROR', `${context}: ${networkReason(error)}`);
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause;
  return typeof cause?.code === 'string' ? cause.code : 'network error';
}
