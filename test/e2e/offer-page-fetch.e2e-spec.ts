import { once } from 'node:events';
import * as http from 'node:http';
import { AddressInfo, createServer as createNetServer, Server as NetServer, Socket } from 'node:net';
import { gzipSync } from 'node:zlib';
import {
  FetchedPage, FetchPageOptions, fetchPage, fetchPageRoutedForTests, ResolvedAddress,
} from '../../src/modules/partners/infrastructure/offer-page/safe-fetch';

/**
 * The offer-page fetcher against real servers on 127.0.0.1. Tests that expect a page pass
 * allowPrivateNetworks: true (AUDIT_ALLOW_PRIVATE_NETWORKS); tests of address refusals keep the default false
 * and prove, by the server's connection count, that nothing was even dialled.
 */

interface Local {
  port: number;
  base: string;
  /** Sockets the server accepted. */
  sockets: Socket[];
  requests: http.IncomingMessage[];
  /** Resolves when the n-th accepted socket closes. */
  closed(n?: number): Promise<void>;
}

const servers: (http.Server | NetServer)[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => {
    (s as http.Server).closeAllConnections?.();
    return new Promise<void>((resolve) => s.close(() => resolve()));
  }));
});

async function track(server: http.Server | NetServer, requests: http.IncomingMessage[]): Promise<Local> {
  const sockets: Socket[] = [];
  const closes: Promise<void>[] = [];
  server.on('connection', (s: Socket) => {
    sockets.push(s);
    // Not events.once: a reset (the client hanging up on unread data) emits 'error' before 'close'.
    closes.push(new Promise((resolve) => s.once('close', () => resolve())));
    s.on('error', () => undefined);
  });
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    port, base: `http://127.0.0.1:${port}`, sockets, requests,
    closed: async (n = 0) => {
      while (closes.length <= n) await once(server, 'connection');
      await closes[n];
    },
  };
}

function serve(handler: (req: http.IncomingMessage, res: http.ServerResponse) => void): Promise<Local> {
  const requests: http.IncomingMessage[] = [];
  const server = http.createServer((req, res) => {
    requests.push(req);
    handler(req, res);
  });
  return track(server, requests);
}

/** A raw TCP server, for answers no well-behaved HTTP server would give. */
function serveRaw(onSocket: (s: Socket) => void): Promise<Local> {
  return track(createNetServer(onSocket), []);
}

const html = (body: string, type = 'text/html; charset=utf-8') => (_req: http.IncomingMessage, res: http.ServerResponse) => {
  res.writeHead(200, { 'Content-Type': type });
  res.end(body);
};

const local: FetchPageOptions = { allowPrivateNetworks: true };
const strict: FetchPageOptions = { allowPrivateNetworks: false };
const resolvesTo = (...addresses: string[]) => jest.fn(async (_host: string): Promise<ResolvedAddress[]> =>
  addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })));

function refusal(page: FetchedPage): string {
  return page.ok ? 'OK' : page.refusal;
}

describe('fetchPage: a page it may fetch', () => {
  it('returns the decoded page, status, type and time, sending only the audit headers', async () => {
    const srv = await serve(html('<h1>Внедрение Битрикс24</h1>'));
    const before = Date.now();
    const page = await fetchPage(`${srv.base}/offer?x=1`, local);
    expect(page).toMatchObject({
      ok: true, status: 200, contentType: 'text/html; charset=utf-8', body: '<h1>Внедрение Битрикс24</h1>',
      finalUrl: `${srv.base}/offer?x=1`, redirects: [], address: '127.0.0.1',
    });
    expect(page.ok && page.fetchedAt.getTime()).toBeGreaterThanOrEqual(before);
    const headers = srv.requests[0].headers;
    expect(headers['user-agent']).toBe('PartnerLeadsAudit/1.0');
    expect(headers.accept).toBe('text/html');
    expect(headers.cookie).toBeUndefined();
    expect(srv.requests[0].url).toBe('/offer?x=1');
  });

  it('connects to the checked address with the original Host header, resolving once per hop', async () => {
    const srv = await serve(html('<p>ok</p>'));
    const lookup = resolvesTo('127.0.0.1');
    const page = await fetchPage(`http://partner-offer.example:${srv.port}/`, { ...local, lookup });
    expect(page.ok).toBe(true);
    expect(lookup).toHaveBeenCalledTimes(1);
    expect(lookup).toHaveBeenCalledWith('partner-offer.example');
    expect(srv.requests[0].headers.host).toBe(`partner-offer.example:${srv.port}`);
  });

  it('decodes a windows-1251 page by the Content-Type charset', async () => {
    const srv = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=windows-1251' });
      res.end(cp1251('<p>Внедрение Битрикс24: пакеты, тарифы. Ёлка</p>'));
    });
    const page = await fetchPage(srv.base, local);
    expect(page.ok && page.body).toBe('<p>Внедрение Битрикс24: пакеты, тарифы. Ёлка</p>');
  });

  it('decodes by <meta charset> when the header names none', async () => {
    const srv = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end(Buffer.concat([Buffer.from('<meta charset="windows-1251"><p>'), cp1251('Пакет'), Buffer.from('</p>')]));
    });
    const page = await fetchPage(srv.base, local);
    expect(page.ok && page.body).toBe('<meta charset="windows-1251"><p>Пакет</p>');
  });

  it('accepts application/xhtml+xml and decompresses gzip a server sent anyway', async () => {
    const srv = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/xhtml+xml', 'Content-Encoding': 'gzip' });
      res.end(gzipSync('<p>сжато</p>'));
    });
    const page = await fetchPage(srv.base, local);
    expect(page.ok && page.body).toBe('<p>сжато</p>');
  });

  it('follows 5 redirects (relative Locations, any 3xx) and lists them, without passing cookies on', async () => {
    const srv = await serve((req, res) => {
      const n = Number(/^\/r\/(\d+)/.exec(req.url ?? '')?.[1] ?? 0);
      if (n === 0) return html('<p>end</p>')(req, res);
      const codes = [301, 302, 303, 307, 308];
      res.writeHead(codes[n % 5], { Location: `/r/${n - 1}`, 'Set-Cookie': 'sid=secret' });
      res.end();
    });
    const page = await fetchPage(`${srv.base}/r/5`, local);
    expect(page).toMatchObject({
      ok: true, finalUrl: `${srv.base}/r/0`,
      redirects: [4, 3, 2, 1, 0].map((n) => `${srv.base}/r/${n}`),
    });
    expect(srv.requests.map((r) => r.headers.cookie)).toEqual(Array(6).fill(undefined));
  });
});

describe('fetchPage: refusals before any connection', () => {
  it.each(['ftp://127.0.0.1/offer', 'file:///etc/passwd', 'javascript:alert(1)', 'data:text/html,<p>hi</p>', 'gopher://127.0.0.1:70/'])(
    'refuses %s with SCHEME_NOT_ALLOWED',
    async (url) => {
      const page = await fetchPage(url, local);
      expect(page).toMatchObject({ ok: false, refusal: 'SCHEME_NOT_ALLOWED', redirects: [] });
    },
  );

  it.each(['', 'not a url', 'http://', 'http://exa mple.com/', `http://x/${'a'.repeat(5000)}`])('refuses %j with BAD_URL', async (url) => {
    expect(refusal(await fetchPage(url, local))).toBe('BAD_URL');
  });

  it.each(['alice:s3cret@', 'alice@', ':s3cret@'])('refuses credentials %s in the URL and never repeats them', async (creds) => {
    const srv = await serve(html('<p>x</p>'));
    const page = await fetchPage(`http://${creds}127.0.0.1:${srv.port}/`, local);
    expect(page).toMatchObject({ ok: false, refusal: 'CREDENTIALS_IN_URL', finalUrl: `${srv.base}/` });
    expect(JSON.stringify(page)).not.toMatch(/alice|s3cret/);
    expect(srv.sockets).toHaveLength(0);
  });

  it.each([
    ['localhost', 'http://localhost:PORT/'],
    ['127.0.0.1', 'http://127.0.0.1:PORT/'],
    ['[::1]', 'http://[::1]:PORT/'],
    ['decimal 2130706433', 'http://2130706433:PORT/'],
    ['hex 0x7f.0.0.1', 'http://0x7f.0.0.1:PORT/'],
    ['short hex 0x7f.1', 'http://0x7f.1:PORT/'],
    ['octal 017700000001', 'http://017700000001:PORT/'],
    ['127.1', 'http://127.1:PORT/'],
    ['IPv4-mapped [::ffff:127.0.0.1]', 'http://[::ffff:127.0.0.1]:PORT/'],
    ['0.0.0.0', 'http://0.0.0.0:PORT/'],
  ])('refuses loopback by default: %s', async (_name, template) => {
    const srv = await serve(html('<p>x</p>'));
    const page = await fetchPage(template.replace('PORT', String(srv.port)), strict);
    expect(page).toMatchObject({ ok: false, refusal: 'ADDRESS_NOT_ALLOWED' });
    expect(srv.sockets).toHaveLength(0);
  });

  it('refuses a name that DNS resolves to a private address (10.0.0.5)', async () => {
    const lookup = resolvesTo('10.0.0.5');
    const page = await fetchPage('http://offers.partner.example/', { ...strict, lookup });
    expect(page).toMatchObject({ ok: false, refusal: 'ADDRESS_NOT_ALLOWED', finalUrl: 'http://offers.partner.example/' });
    expect(!page.ok && page.detail).toContain('10.0.0.5');
    expect(lookup).toHaveBeenCalledWith('offers.partner.example');
  });

  it('refuses a name if ANY of its addresses is disallowed, even when one is public', async () => {
    const srv = await serve(html('<p>x</p>'));
    const page = await fetchPage(`http://mixed.example:${srv.port}/`, { ...strict, lookup: resolvesTo('93.184.216.34', '127.0.0.1') });
    expect(refusal(page)).toBe('ADDRESS_NOT_ALLOWED');
    expect(srv.sockets).toHaveLength(0);
  });

  it.each([
    ['literal 169.254.169.254', 'http://169.254.169.254/latest/meta-data/', undefined],
    ['mapped [::ffff:169.254.169.254]', 'http://[::ffff:169.254.169.254]/', undefined],
    ['literal [fd00:ec2::254]', 'http://[fd00:ec2::254]/', undefined],
    ['DNS 169.254.169.254', 'http://metadata.example/', '169.254.169.254'],
  ])('refuses cloud metadata (%s) even with allowPrivateNetworks', async (_name, url, dns) => {
    const page = await fetchPage(url, { ...local, ...(dns ? { lookup: resolvesTo(dns) } : {}) });
    expect(refusal(page)).toBe('ADDRESS_NOT_ALLOWED');
  });

  it.each(['::ffff:10.0.0.1', '::ffff:127.0.0.1', '64:ff9b::a00:1', 'fe80::1', 'fc00::1', '::1', '::', '100.64.0.1', '224.0.0.1'])(
    'refuses a name resolving to %s by default',
    async (address) => {
      expect(refusal(await fetchPage('http://partner.example/', { ...strict, lookup: resolvesTo(address) }))).toBe('ADDRESS_NOT_ALLOWED');
    },
  );

  it('refuses with DNS_FAILED when the name does not resolve or has no addresses', async () => {
    const missing = jest.fn(async () => { throw Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' }); });
    const page = await fetchPage('http://nowhere.example/', { ...strict, lookup: missing });
    expect(page).toMatchObject({ ok: false, refusal: 'DNS_FAILED' });
    expect(!page.ok && page.detail).toContain('ENOTFOUND');
    expect(refusal(await fetchPage('http://empty.example/', { ...strict, lookup: resolvesTo() }))).toBe('DNS_FAILED');
  });
});

describe('fetchPage: redirects', () => {
  const redirectingTo = (location: string) => (_req: http.IncomingMessage, res: http.ServerResponse) => {
    res.writeHead(302, { Location: location.replace('PORT', String(_req.socket.localPort)) });
    res.end();
  };
  /** The injected DNS says "public"; the test routes that address to its local server. */
  const publicLooking = '93.184.216.34';
  const toLocal = (checked: ResolvedAddress): ResolvedAddress =>
    (checked.address === publicLooking ? { address: '127.0.0.1', family: 4 } : checked);

  it.each([
    ['http://10.0.0.1/'],
    ['http://localhost:PORT/next'],
    ['http://127.0.0.1:PORT/next'],
    ['//[::1]:PORT/next'],
    ['http://2130706433:PORT/next'],
    ['http://169.254.169.254/latest/meta-data/iam/'],
  ])('re-checks each hop: an allowed host redirecting to %s is refused after the redirect', async (location) => {
    const srv = await serve(redirectingTo(location));
    const lookup = async (host: string): Promise<ResolvedAddress[]> =>
      [host === 'localhost' ? { address: '127.0.0.1', family: 4 } : { address: publicLooking, family: 4 }];
    const page = await fetchPageRoutedForTests(`http://partner.example:${srv.port}/offer`, { ...strict, lookup }, toLocal);
    expect(page).toMatchObject({ ok: false, refusal: 'ADDRESS_NOT_ALLOWED' });
    expect(!page.ok && page.redirects).toHaveLength(1);
    expect(srv.requests).toHaveLength(1);
  });

  it('re-resolves the name on every hop: a name rebound to a private address on the second hop is refused', async () => {
    const srv = await serve(redirectingTo('/again'));
    const lookup = jest.fn()
      .mockResolvedValueOnce([{ address: publicLooking, family: 4 }])
      .mockResolvedValueOnce([{ address: '10.1.2.3', family: 4 }]);
    const page = await fetchPageRoutedForTests(`http://partner.example:${srv.port}/`, { ...strict, lookup }, toLocal);
    expect(page).toMatchObject({ ok: false, refusal: 'ADDRESS_NOT_ALLOWED', finalUrl: `http://partner.example:${srv.port}/again` });
    expect(lookup).toHaveBeenCalledTimes(2);
  });

  it('refuses a redirect to metadata even with allowPrivateNetworks', async () => {
    const srv = await serve(redirectingTo('http://169.254.169.254/latest/meta-data/'));
    const page = await fetchPage(`${srv.base}/`, local);
    expect(page).toMatchObject({
      ok: false, refusal: 'ADDRESS_NOT_ALLOWED', finalUrl: 'http://169.254.169.254/latest/meta-data/',
      redirects: ['http://169.254.169.254/latest/meta-data/'],
    });
  });

  it.each([['file:///etc/passwd', 'SCHEME_NOT_ALLOWED'], ['ftp://example.com/', 'SCHEME_NOT_ALLOWED'], ['http://u:p@127.0.0.1:PORT/', 'CREDENTIALS_IN_URL'], ['http://[bad/', 'BAD_URL']])(
    'refuses a redirect to %s with %s',
    async (location, code) => {
      const srv = await serve(redirectingTo(location));
      const page = await fetchPage(srv.base, local);
      expect(refusal(page)).toBe(code);
      expect(JSON.stringify(page)).not.toContain('u:p@');
    },
  );

  it('refuses the 6th redirect with TOO_MANY_REDIRECTS', async () => {
    const srv = await serve((req, res) => {
      const n = Number(/^\/r\/(\d+)/.exec(req.url ?? '')?.[1] ?? 0);
      if (n === 0) return html('<p>end</p>')(req, res);
      res.writeHead(302, { Location: `/r/${n - 1}` });
      res.end();
    });
    const page = await fetchPage(`${srv.base}/r/6`, local);
    expect(page).toMatchObject({ ok: false, refusal: 'TOO_MANY_REDIRECTS', finalUrl: `${srv.base}/r/1`, status: 302 });
    expect(!page.ok && page.redirects).toHaveLength(5);
    expect(srv.requests.map((r) => r.url)).toEqual(['/r/6', '/r/5', '/r/4', '/r/3', '/r/2', '/r/1']);
    expect(refusal(await fetchPage(`${srv.base}/r/5`, local))).toBe('OK');
    expect(refusal(await fetchPage(`${srv.base}/r/2`, { ...local, maxRedirects: 1 }))).toBe('TOO_MANY_REDIRECTS');
  });
});

describe('fetchPage: the body limit', () => {
  const MB3 = 3 * 1024 * 1024;

  it('refuses a 3 MB chunked body and hangs up: the server sees its socket closed while it still writes', async () => {
    let written = 0;
    const srv = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' }); // no Content-Length: chunked
      const chunk = Buffer.alloc(64 * 1024, 'a');
      const pump = (): void => {
        while (written < MB3) {
          written += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        // 3 MB sent and the response left open: only the client hanging up closes this socket.
      };
      pump();
    });
    const page = await fetchPage(srv.base, local);
    expect(page).toMatchObject({ ok: false, refusal: 'BODY_TOO_LARGE', status: 200 });
    await srv.closed(0);
  });

  it('refuses a body with no length that runs until the connection closes', async () => {
    const srv = await serveRaw((s) => {
      s.on('error', () => undefined);
      s.once('data', () => {
        s.write('HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n');
        s.write(Buffer.alloc(MB3, 'b')); // and never end
      });
    });
    const page = await fetchPage(srv.base, local);
    expect(refusal(page)).toBe('BODY_TOO_LARGE');
    await srv.closed(0);
  });

  it('never reads past a lying small Content-Length, whatever the server keeps sending', async () => {
    const srv = await serveRaw((s) => {
      s.on('error', () => undefined);
      s.once('data', () => {
        s.write('HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100\r\n\r\n');
        s.write(Buffer.alloc(MB3, 'c')); // 3 MB where 100 bytes were promised, and never end
      });
    });
    const page = await fetchPage(srv.base, local);
    expect(page.ok && page.body).toBe('c'.repeat(100));
    await srv.closed(0);
  });

  it('refuses an answer that claims both a small Content-Length and a chunked 3 MB body', async () => {
    const srv = await serveRaw((s) => {
      s.on('error', () => undefined);
      s.once('data', () => {
        s.write('HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100\r\nTransfer-Encoding: chunked\r\n\r\n');
        for (let i = 0; i < 48; i++) s.write(Buffer.concat([Buffer.from('10000\r\n'), Buffer.alloc(65536, 'd'), Buffer.from('\r\n')]));
      });
    });
    const page = await fetchPage(srv.base, local);
    expect(page).toMatchObject({ ok: false, refusal: 'CONNECTION_FAILED' });
    await srv.closed(0);
  });

  it('refuses early when Content-Length already exceeds the limit, before any body is sent', async () => {
    let headersOut!: () => void;
    const headersSent = new Promise<void>((r) => (headersOut = r));
    const srv = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html', 'Content-Length': String(MB3) });
      res.flushHeaders();
      headersOut(); // the body never comes
    });
    const page = await fetchPage(srv.base, local);
    expect(page).toMatchObject({ ok: false, refusal: 'BODY_TOO_LARGE' });
    expect(!page.ok && page.detail).toContain(String(MB3));
    await headersSent;
    await srv.closed(0);
  });

  it('counts decompressed bytes: a small gzip bomb is refused', async () => {
    const bomb = gzipSync(Buffer.alloc(MB3, 0));
    expect(bomb.length).toBeLessThan(64 * 1024);
    const srv = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html', 'Content-Encoding': 'gzip', 'Content-Length': bomb.length });
      res.end(bomb);
    });
    expect(refusal(await fetchPage(srv.base, local))).toBe('BODY_TOO_LARGE');
  });

  it('honours a smaller maxBytes and accepts a body of exactly the limit', async () => {
    const srv = await serve(html('x'.repeat(1000)));
    expect(refusal(await fetchPage(srv.base, { ...local, maxBytes: 999 }))).toBe('BODY_TOO_LARGE');
    expect(refusal(await fetchPage(srv.base, { ...local, maxBytes: 1000 }))).toBe('OK');
  });
});

describe('fetchPage: the time limit', () => {
  it('gives up on a server that dribbles a byte at a time and closes the connection', async () => {
    const srv = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      const t = setInterval(() => res.write('.'), 20);
      res.on('close', () => clearInterval(t));
    });
    const started = Date.now();
    const page = await fetchPage(srv.base, { ...local, timeoutMs: 300 });
    expect(page).toMatchObject({ ok: false, refusal: 'TIMEOUT' });
    expect(Date.now() - started).toBeLessThan(3000);
    await srv.closed(0);
  });

  it('gives up on a server that never sends its headers', async () => {
    // resume(): a socket that reads nothing would never notice the client hanging up.
    const srv = await serveRaw((s) => { s.on('error', () => undefined); s.resume(); });
    const page = await fetchPage(srv.base, { ...local, timeoutMs: 300 });
    expect(refusal(page)).toBe('TIMEOUT');
    await srv.closed(0);
  });

  it('counts one limit across all redirects, not one per hop', async () => {
    const srv = await serve((req, res) => {
      const n = Number(/^\/r\/(\d+)/.exec(req.url ?? '')?.[1] ?? 0);
      // Each hop answers after 100 ms: 5 hops fit 300 ms each, never 300 ms in total.
      const t = setTimeout(() => {
        if (n === 0) return html('<p>end</p>')(req, res);
        res.writeHead(302, { Location: `/r/${n - 1}` });
        res.end();
      }, 100);
      res.on('close', () => clearTimeout(t));
    });
    const page = await fetchPage(`${srv.base}/r/5`, { ...local, timeoutMs: 300 });
    expect(refusal(page)).toBe('TIMEOUT');
    expect(srv.requests.length).toBeLessThan(6);
  });

  it('gives up on DNS that never answers', async () => {
    const page = await fetchPage('http://slow-dns.example/', { ...strict, timeoutMs: 100, lookup: () => new Promise(() => undefined) });
    expect(refusal(page)).toBe('TIMEOUT');
  });
});

describe('fetchPage: answers that are not a page', () => {
  it.each([404, 500, 403, 410])('refuses HTTP %s with HTTP_ERROR and the status', async (status) => {
    const srv = await serve((_req, res) => { res.writeHead(status, { 'Content-Type': 'text/html' }); res.end(); });
    const page = await fetchPage(srv.base, local);
    expect(page).toMatchObject({ ok: false, refusal: 'HTTP_ERROR', status });
  });

  it('refuses a 3xx without a Location as HTTP_ERROR', async () => {
    const srv = await serve((_req, res) => { res.writeHead(302); res.end(); });
    expect(await fetchPage(srv.base, local)).toMatchObject({ ok: false, refusal: 'HTTP_ERROR', status: 302 });
  });

  it.each(['image/png', 'application/json', 'text/plain', ''])('refuses content type %j with NOT_HTML', async (type) => {
    const srv = await serve((_req, res) => {
      if (type) res.setHeader('Content-Type', type);
      res.end('x');
    });
    expect(await fetchPage(srv.base, local)).toMatchObject({ ok: false, refusal: 'NOT_HTML', status: 200 });
  });

  it('refuses with CONNECTION_FAILED when nothing listens, or the server hangs up mid-answer', async () => {
    const gone = await serve(html('x'));
    const port = gone.port;
    await new Promise<void>((r) => (servers.pop() as http.Server).close(() => r()));
    expect(refusal(await fetchPage(`http://127.0.0.1:${port}/`, local))).toBe('CONNECTION_FAILED');

    const rude = await serveRaw((s) => {
      s.on('error', () => undefined);
      s.once('data', () => s.end('HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 50\r\n\r\nonly a part'));
    });
    expect(refusal(await fetchPage(rude.base, local))).toBe('CONNECTION_FAILED');
  });

  it('refuses with CONNECTION_FAILED when https meets a server that does not speak TLS', async () => {
    const srv = await serveRaw((s) => { s.on('error', () => undefined); s.once('data', () => s.end('HTTP/1.1 400 Bad\r\n\r\n')); });
    const page = await fetchPage(`https://offers.example:${srv.port}/`, { ...local, lookup: resolvesTo('127.0.0.1') });
    expect(refusal(page)).toBe('CONNECTION_FAILED');
  });
});

/** Cyrillic and ASCII to windows-1251, enough for the tests. */
function cp1251(text: string): Buffer {
  return Buffer.from([...text].map((ch) => {
    const c = ch.codePointAt(0) as number;
    if (c < 0x80) return c;
    if (c >= 0x410 && c <= 0x44f) return c - 0x410 + 0xc0;
    if (ch === 'Ё') return 0xa8;
    if (ch === 'ё') return 0xb8;
    throw new Error(`not in the test encoder: ${ch}`);
  }));
}
