import { portalAddress } from '../../contract/portal-address';
import { Bitrix24Error } from './bitrix24-errors';

const METHOD_NAME = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$/i;

/** Method names end up in a URL path and in batch query strings; anything else is a bug or an injection. */
export function assertMethodName(method: string): void {
  if (!METHOD_NAME.test(method)) {
    throw new Bitrix24Error('PERMANENT', 'INVALID_METHOD', `invalid Bitrix24 method name "${method.slice(0, 80)}"`);
  }
}

/**
 * The client endpoint arrived in a request from the outside (install, event), so it is checked
 * before every use: https only (unless tests allow http), no credentials in the URL. Returns it with
 * a trailing slash, ready for `${endpoint}${method}`.
 */
export function safeClientEndpoint(endpoint: string, allowInsecure: boolean): string {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new Bitrix24Error('PERMANENT', 'INSECURE_ENDPOINT', 'client endpoint is not a URL');
  }
  const schemeOk = url.protocol === 'https:' || (allowInsecure && url.protocol === 'http:');
  if (!schemeOk || url.username || url.password || url.search || url.hash) {
    throw new Bitrix24Error('PERMANENT', 'INSECURE_ENDPOINT', `client endpoint refused: ${url.protocol}//${url.host}`);
  }
  return url.href.endsWith('/') ? url.href : `${url.href}/`;
}

const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|localhost|\[::1\])$/;

/**
 * The portal a REST endpoint belongs to, in `portalAddress` form: its host, with a port that is
 * not the default. Loopback endpoints exist only where B24_ALLOW_INSECURE_PORTALS allows them
 * (tests, the demo), and there a local Bitrix24 serving many portals on one port names each by
 * the path segment before `rest/`.
 */
export function portalOfEndpoint(endpoint: string, allowInsecure: boolean): string | null {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return null;
  }
  const [segment, rest] = url.pathname.split('/').filter(Boolean);
  if (allowInsecure && LOOPBACK.test(url.hostname) && segment && rest === 'rest') return portalAddress(decodeURIComponent(segment));
  return portalAddress(url.href);
}
