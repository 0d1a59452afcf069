import { promises as dns } from 'node:dns';
import * as http from 'node:http';
import * as https from 'node:https';
import { isIP, LookupFunction, Socket } from 'node:net';
import * as zlib from 'node:zlib';
import { bareAddress, classifyAddress, isKindAllowed } from './ip-ranges';

/**
 * Fetches a partner's offer page — a URL a partner typed in, so an SSRF surface.
 *
 * Every hop (the first URL and each redirect) is checked the same way: http/https only, no credentials,
 * the host resolved here and EVERY resolved address checked (DNS policy: any disallowed address refuses
 * the whole host — a name that mixes public and private answers is a rebinding attempt or a mistake,
 * and picking the "good" ones would still talk to a host that points inside), then the socket is
 * pinned to the checked address through a custom `lookup`, so no second resolution can rebind it.
 * The socket's address is checked again on `lookup` and on `connect` (defence in depth).
 * Size, redirects and one total time limit hold whatever `allowPrivateNetworks` says.
 */

export type RefusalCode =
  | 'BAD_URL'
  | 'SCHEME_NOT_ALLOWED'
  | 'CREDENTIALS_IN_URL'
  | 'ADDRESS_NOT_ALLOWED'
  | 'DNS_FAILED'
  | 'TOO_MANY_REDIRECTS'
  | 'BODY_TOO_LARGE'
  | 'TIMEOUT'
  | 'HTTP_ERROR'
  | 'NOT_HTML'
  | 'CONNECTION_FAILED';

export const REFUSAL_CODES: readonly RefusalCode[] = [
  'BAD_URL', 'SCHEME_NOT_ALLOWED', 'CREDENTIALS_IN_URL', 'ADDRESS_NOT_ALLOWED', 'DNS_FAILED', 'TOO_MANY_REDIRECTS',
  'BODY_TOO_LARGE', 'TIMEOUT', 'HTTP_ERROR', 'NOT_HTML', 'CONNECTION_FAILED',
];

export interface ResolvedAddress {
  address: string;
  family: number;
}

export type HostLookup = (hostname: string) => Promise<ResolvedAddress[]>;

export interface FetchPageOptions {
  /** AUDIT_ALLOW_PRIVATE_NETWORKS: loopback and private networks allowed — tests with a local server only. */
  allowPrivateNetworks: boolean;
  /** Body limit, counted while reading (decoded bytes too, if the server compressed). Default 2 MiB. */
  maxBytes?: number;
  /** One limit for everything: DNS, connects, every redirect, the body. Default 10 000 ms. */
  timeoutMs?: number;
  /** Default 5: a sixth redirect is refused. */
  maxRedirects?: number;
  /** DNS, injectable for tests. Default `dns.promises.lookup(host, { all: true })`. */
  lookup?: HostLookup;
}

export interface FetchedPageOk {
  ok: true;
  finalUrl: string;
  status: number;
  contentType: string;
  body: string;
  fetchedAt: Date;
  /** Each URL a redirect led to, in order (the final one last). */
  redirects: string[];
  /** The IP address the page came from. */
  address: string;
}

export interface FetchRefused {
  ok: false;
  refusal: RefusalCode;
  /** English, for operators; never holds credentials from the URL. */
  detail: string;
  /** The URL being fetched when refused (credentials removed). */
  finalUrl: string;
  redirects: string[];
  /** The final HTTP status, for HTTP_ERROR (and for refusals of a page that did answer). */
  status?: number;
}

export type FetchedPage = FetchedPageOk | FetchRefused;

export const AUDIT_USER_AGENT = 'PartnerLeadsAudit/1.0';
export const DEFAULT_MAX_BYTES = 2 * 1024 * 1024;
export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_REDIRECTS = 5;
const MAX_URL_LENGTH = 4096;

export function fetchPage(url: string, options: FetchPageOptions): Promise<FetchedPage> {
  return run(url, options, undefined);
}

/**
 * Tests only (NODE_ENV=test): connects to `route(checked)` instead of the checked address, so a test can
 * let a "public" answer of the injected lookup reach its local server and watch what the next hop does.
 * Every check still runs on the checked address.
 */
export function fetchPageRoutedForTests(
  url: string,
  options: FetchPageOptions,
  route: (checked: ResolvedAddress) => ResolvedAddress,
): Promise<FetchedPage> {
  if (process.env.NODE_ENV !== 'test') throw new Error('fetchPageRoutedForTests is for tests only');
  return run(url, options, route);
}

type Refusal = { refusal: RefusalCode; detail: string; status?: number };
type Hop =
  | { kind: 'redirect'; status: number; location: string }
  | { kind: 'page'; status: number; contentType: string; body: string }
  | ({ kind: 'refused' } & Refusal);

async function run(
  input: string,
  options: FetchPageOptions,
  route: ((checked: ResolvedAddress) => ResolvedAddress) | undefined,
): Promise<FetchedPage> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const maxRedirects = options.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  const lookup = options.lookup ?? systemLookup;
  const policy = { allowPrivateNetworks: options.allowPrivateNetworks === true };
  const deadline = new Deadline(options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const redirects: string[] = [];
  let shown = typeof input === 'string' ? input.slice(0, MAX_URL_LENGTH) : '';
  const refuse = (r: Refusal): FetchRefused => ({
    ok: false, refusal: r.refusal, detail: r.detail, finalUrl: shown, redirects: [...redirects],
    ...(r.status !== undefined ? { status: r.status } : {}),
  });

  try {
    let href = input;
    for (;;) {
      const parsed = checkUrl(href);
      if (parsed.url) shown = withoutCredentials(parsed.url);
      if (parsed.refused) return refuse(parsed.refused);
      const url = parsed.url;

      const resolved = await resolveHost(url, lookup, deadline);
      if ('refusal' in resolved) return refuse(resolved);
      for (const a of resolved) {
        const { kind } = classifyAddress(a.address);
        if (!isKindAllowed(kind, policy)) {
          return refuse({
            refusal: 'ADDRESS_NOT_ALLOWED',
            detail: `${url.hostname} resolves to ${a.address} (${kind}), which audits may not reach`,
          });
        }
      }
      const checked = resolved[0];
      const dial = route ? route(checked) : checked;

      const hop = await requestOnce(url, dial, { maxBytes, deadline, verify: route ? undefined : policy });
      if (hop.kind === 'refused') return refuse(hop);
      if (hop.kind === 'page') {
        return {
          ok: true, finalUrl: shown, status: hop.status, contentType: hop.contentType, body: hop.body,
          fetchedAt: new Date(), redirects: [...redirects], address: checked.address,
        };
      }
      let next: URL;
      try {
        next = new URL(hop.location, url);
      } catch {
        return refuse({ refusal: 'BAD_URL', detail: `HTTP ${hop.status} points to an invalid Location`, status: hop.status });
      }
      if (redirects.length >= maxRedirects) {
        return refuse({
          refusal: 'TOO_MANY_REDIRECTS',
          detail: `more than ${maxRedirects} redirects; the next would go to ${withoutCredentials(next)}`,
          status: hop.status,
        });
      }
      redirects.push(withoutCredentials(next));
      href = next.href;
    }
  } finally {
    deadline.clear();
  }
}

type UrlCheck = { url: URL; refused?: undefined } | { url?: URL; refused: Refusal };

function checkUrl(href: string): UrlCheck {
  if (typeof href !== 'string' || href.length === 0 || href.length > MAX_URL_LENGTH) {
    return { refused: { refusal: 'BAD_URL', detail: 'the URL is empty or too long' } };
  }
  let url: URL;
  try {
    // WHATWG URL normalises 2130706433, 0x7f.1, 017700000001 and [::ffff:127.0.0.1] to canonical IPs.
    url = new URL(href.trim());
  } catch {
    return { refused: { refusal: 'BAD_URL', detail: 'the URL cannot be parsed' } };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { url, refused: { refusal: 'SCHEME_NOT_ALLOWED', detail: `scheme ${url.protocol} is not allowed; only http and https are` } };
  }
  if (url.username !== '' || url.password !== '') {
    return { url, refused: { refusal: 'CREDENTIALS_IN_URL', detail: 'the URL carries a user name or password' } };
  }
  if (url.hostname === '') return { url, refused: { refusal: 'BAD_URL', detail: 'the URL has no host' } };
  return { url };
}

function withoutCredentials(url: URL): string {
  if (url.username === '' && url.password === '') return url.href;
  const copy = new URL(url.href);
  copy.username = '';
  copy.password = '';
  return copy.href;
}

async function resolveHost(url: URL, lookup: HostLookup, deadline: Deadline): Promise<ResolvedAddress[] | Refusal> {
  const host = bareAddress(url.hostname);
  const family = isIP(host);
  if (family !== 0) return [{ address: host, family }];
  let answer: ResolvedAddress[] | typeof EXPIRED;
  try {
    answer = await deadline.race(lookup(host));
  } catch (err) {
    return { refusal: 'DNS_FAILED', detail: `${host} could not be resolved (${errorCode(err)})` };
  }
  if (answer === EXPIRED) return timedOut(`resolving ${host}`);
  const addresses = Array.isArray(answer) ? answer.filter((a) => a && typeof a.address === 'string') : [];
  if (addresses.length === 0) return { refusal: 'DNS_FAILED', detail: `${host} has no addresses` };
  return addresses.map((a) => ({ address: bareAddress(a.address), family: isIP(bareAddress(a.address)) }));
}

const systemLookup: HostLookup = (host) => dns.lookup(host, { all: true, verbatim: true });

interface HopLimits {
  maxBytes: number;
  deadline: Deadline;
  /** Policy the socket's own address must pass; undefined only when a test routes the socket elsewhere. */
  verify: { allowPrivateNetworks: boolean } | undefined;
}

function requestOnce(url: URL, dial: ResolvedAddress, limits: HopLimits): Promise<Hop> {
  return new Promise<Hop>((resolve) => {
    const host = bareAddress(url.hostname);
    const secure = url.protocol === 'https:';
    let settled = false;
    let req: http.ClientRequest | undefined;
    const finish = (hop: Hop): void => {
      if (settled) return;
      settled = true;
      limits.deadline.off(onExpire);
      // Never read on: whatever the server still sends is dropped with the socket.
      req?.destroy();
      resolve(hop);
    };
    const onExpire = (): void => finish({ kind: 'refused', ...timedOut(`fetching ${url.host}`) });
    if (!limits.deadline.on(onExpire)) return;

    // The socket goes to the checked address and nowhere else, whatever DNS says meanwhile.
    const pinned: LookupFunction = (_hostname, opts, callback) => {
      const cb = callback as (...args: unknown[]) => void;
      if ((opts as { all?: boolean }).all) cb(null, [{ address: dial.address, family: dial.family }]);
      else cb(null, dial.address, dial.family);
    };
    const onSocketAddress = (socket: Socket, address: string | undefined): void => {
      if (settled || address === undefined) return;
      const bare = bareAddress(address);
      const allowed = limits.verify ? isKindAllowed(classifyAddress(bare).kind, limits.verify) : true;
      if (bare !== bareAddress(dial.address) || !allowed) {
        finish({ kind: 'refused', refusal: 'ADDRESS_NOT_ALLOWED', detail: `the connection went to ${bare}, not to the checked address` });
        socket.destroy();
      }
    };

    const requestOptions: https.RequestOptions = {
      protocol: url.protocol,
      host,
      port: url.port || (secure ? 443 : 80),
      path: `${url.pathname}${url.search}`,
      method: 'GET',
      agent: false,
      lookup: pinned,
      family: dial.family,
      headers: {
        Host: url.host,
        'User-Agent': AUDIT_USER_AGENT,
        Accept: 'text/html',
        'Accept-Encoding': 'identity',
        Connection: 'close',
      },
    };
    if (secure && isIP(host) === 0) requestOptions.servername = host;
    // One pinned address, no happy-eyeballs second guess.
    Object.assign(requestOptions, { autoSelectFamily: false });

    try {
      req = (secure ? https : http).request(requestOptions);
    } catch (err) {
      finish({ kind: 'refused', refusal: 'CONNECTION_FAILED', detail: `cannot request ${url.host} (${errorCode(err)})` });
      return;
    }
    req.on('socket', (socket: Socket) => {
      socket.once('lookup', (err: Error | null, address: string) => { if (!err) onSocketAddress(socket, address); });
      socket.once('connect', () => onSocketAddress(socket, socket.remoteAddress));
    });
    let response: http.IncomingMessage | undefined;
    req.on('error', (err) => {
      // The whole declared body arrived, then more bytes than the Content-Length promised: the parser
      // refuses them and Node closes the socket; the page is the declared body alone, still to be read
      // out of the response's buffer ('end' follows), and nothing beyond it is ever read.
      if (response?.complete && errorCode(err).startsWith('HPE_')) return;
      finish({ kind: 'refused', refusal: 'CONNECTION_FAILED', detail: `connection to ${url.host} failed (${errorCode(err)})` });
    });
    req.on('response', (res) => {
      response = res;
      onResponse(res, limits.maxBytes, finish);
    });
    req.end();
  });
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const HTML_TYPES = new Set(['text/html', 'application/xhtml+xml']);

function onResponse(res: http.IncomingMessage, maxBytes: number, finish: (hop: Hop) => void): void {
  const status = res.statusCode ?? 0;
  const location = res.headers.location;
  if (REDIRECTS.has(status) && typeof location === 'string' && location !== '') {
    finish({ kind: 'redirect', status, location });
    return;
  }
  if (status < 200 || status > 299) {
    finish({ kind: 'refused', refusal: 'HTTP_ERROR', detail: `the server answered HTTP ${status}`, status });
    return;
  }
  const contentType = String(res.headers['content-type'] ?? '');
  const mediaType = contentType.split(';')[0].trim().toLowerCase();
  if (!HTML_TYPES.has(mediaType)) {
    finish({ kind: 'refused', refusal: 'NOT_HTML', detail: `content type ${mediaType || '(none)'} is not HTML`, status });
    return;
  }
  const declared = Number(res.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    finish({ kind: 'refused', refusal: 'BODY_TOO_LARGE', detail: `Content-Length ${declared} exceeds ${maxBytes} bytes`, status });
    return;
  }
  const tooLarge = (): void =>
    finish({ kind: 'refused', refusal: 'BODY_TOO_LARGE', detail: `the body exceeds ${maxBytes} bytes`, status });
  const broken = (err?: unknown): void =>
    finish({ kind: 'refused', refusal: 'CONNECTION_FAILED', detail: `the body broke off (${errorCode(err)})`, status });

  const encoding = String(res.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  let body: NodeJS.ReadableStream = res;
  if (encoding !== 'identity' && encoding !== '') {
    const decoder = decompressor(encoding);
    if (!decoder) {
      finish({ kind: 'refused', refusal: 'NOT_HTML', detail: `content encoding ${encoding} is not supported`, status });
      return;
    }
    body = decoder;
    decoder.on('error', broken);
    res.pipe(decoder);
  }

  let raw = 0;
  res.on('data', (chunk: Buffer) => {
    raw += chunk.length;
    if (raw > maxBytes) tooLarge();
  });
  res.on('aborted', () => broken('ECONNRESET'));
  res.on('error', broken);

  const chunks: Buffer[] = [];
  let size = 0;
  body.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > maxBytes) {
      tooLarge();
      return;
    }
    chunks.push(chunk);
  });
  body.on('end', () => {
    if (!res.complete) broken('ECONNRESET');
    else finish({ kind: 'page', status, contentType, body: decode(Buffer.concat(chunks), contentType) });
  });
}

function decompressor(encoding: string): zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress | undefined {
  if (encoding === 'gzip' || encoding === 'x-gzip') return zlib.createGunzip();
  if (encoding === 'deflate') return zlib.createInflate();
  if (encoding === 'br') return zlib.createBrotliDecompress();
  return undefined;
}

/** The charset of the Content-Type header, else of a <meta> in the first 1024 bytes, else UTF-8. */
export function decode(bytes: Buffer, contentType: string): string {
  const fromHeader = /charset\s*=\s*["']?([\w.:-]+)/i.exec(contentType)?.[1];
  const head = bytes.subarray(0, 1024).toString('latin1');
  const fromMeta = /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(head)?.[1];
  for (const label of [fromHeader, fromMeta]) {
    if (!label) continue;
    try {
      return new TextDecoder(label.toLowerCase()).decode(bytes);
    } catch {
      // Unknown label: try the next source.
    }
  }
  return new TextDecoder('utf-8').decode(bytes);
}

const EXPIRED = Symbol('expired');

/** One time limit for a whole fetch. */
class Deadline {
  private readonly listeners = new Set<() => void>();
  private readonly timer: NodeJS.Timeout;
  expired = false;

  constructor(ms: number) {
    this.timer = setTimeout(() => {
      this.expired = true;
      for (const fn of [...this.listeners]) fn();
      this.listeners.clear();
    }, Math.max(0, ms));
  }

  /** Calls `fn` on expiry; false (and calls it now) when already expired. */
  on(fn: () => void): boolean {
    if (this.expired) {
      fn();
      return false;
    }
    this.listeners.add(fn);
    return true;
  }

  off(fn: () => void): void {
    this.listeners.delete(fn);
  }

  race<T>(promise: Promise<T>): Promise<T | typeof EXPIRED> {
    return new Promise((resolve, reject) => {
      const onExpire = (): void => resolve(EXPIRED);
      if (!this.on(onExpire)) return;
      promise.then(
        (v) => { this.off(onExpire); resolve(v); },
        (e: unknown) => { this.off(onExpire); reject(e); },
      );
    });
  }

  clear(): void {
    clearTimeout(this.timer);
    this.listeners.clear();
  }
}

function timedOut(what: string): Refusal {
  return { refusal: 'TIMEOUT', detail: `the time limit ran out while ${what}` };
}

function errorCode(err: unknown): string {
  if (typeof err === 'string') return err;
  const code = (err as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : 'error';
}
