import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Bitrix24Client, Bitrix24ClientOptions } from './bitrix24-client';
import { Bitrix24Error } from './bitrix24-errors';
import { CountingLimiter, MemoryTokenStore } from '../../../../../test/support/memory-portal-store';

interface Seen {
  path: string;
  query: URLSearchParams;
  body: Record<string, unknown>;
  headers: IncomingMessage['headers'];
  httpMethod: string;
}
type Reply = { status?: number; body?: unknown; headers?: Record<string, string>; delayMs?: number };

/** A tiny stand-in for a portal and the OAuth server: each test scripts the answers. */
class Stub {
  readonly seen: Seen[] = [];
  rest: (method: string, seen: Seen) => Reply = () => ({ body: { result: true } });
  oauth: (seen: Seen) => Reply = () => ({ status: 400, body: { error: 'invalid_grant' } });
  private server!: Server;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      let raw = '';
      req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
      req.on('end', () => {
        const url = new URL(req.url ?? '/', 'http://stub');
        const seen: Seen = { path: url.pathname, query: url.searchParams, body: raw ? JSON.parse(raw) : {}, headers: req.headers, httpMethod: req.method ?? '' };
        this.seen.push(seen);
        const reply = url.pathname === '/oauth/token/' ? this.oauth(seen) : this.rest(url.pathname.replace('/rest/', ''), seen);
        setTimeout(() => {
          if (res.destroyed) return;
          res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
          res.end(reply.body === undefined ? '' : JSON.stringify(reply.body));
        }, reply.delayMs ?? 0);
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  restCalls(method?: string): Seen[] {
    return this.seen.filter((s) => s.path.startsWith('/rest/') && (!method || s.path === `/rest/${method}`));
  }

  refreshes(): Seen[] {
    return this.seen.filter((s) => s.path === '/oauth/token/');
  }
}

const MEMBER = 'member-1';
let stub: Stub;
let store: MemoryTokenStore;
let limiter: CountingLimiter;
let sleeps: number[];

function client(overrides: Partial<Bitrix24ClientOptions> = {}): Bitrix24Client {
  return new Bitrix24Client(
    {
      oauthUrl: stub.url,
      clientId: 'app.id',
      clientSecret: 'app-secret',
      allowInsecure: true,
      sleep: async (ms) => void sleeps.push(ms),
      ...overrides,
    },
    store,
    limiter,
  );
}

function storePair(accessToken: string, refreshToken: string, clientEndpoint = `${stub.url}/rest/`): void {
  store.pairs.set(MEMBER, { memberId: MEMBER, clientEndpoint, accessToken, refreshToken, expiresAt: new Date(0) });
}

/** Portal accepting only `valid`; OAuth rotating R1 → (A2, R2) once, like Bitrix24 (a used refresh token is dead). */
function portalWithExpiry(valid = 'A2', oauthDelayMs = 0): void {
  let used = false;
  stub.rest = (_method, seen) =>
    seen.body.auth === valid
      ? { body: { result: { ok: true } } }
      : { status: 401, body: { error: 'expired_token', error_description: 'The access token provided has expired.' } };
  stub.oauth = (seen) => {
    if (seen.query.get('refresh_token') !== 'R1' || used) return { status: 400, body: { error: 'invalid_grant' } };
    used = true;
    return { delayMs: oauthDelayMs, body: { access_token: 'A2', refresh_token: 'R2', expires_in: 3600, member_id: MEMBER, client_endpoint: `${stub.url}/rest/` } };
  };
}

async function failure(promise: Promise<unknown>): Promise<Bitrix24Error> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(Bitrix24Error);
  return error as Bitrix24Error;
}

beforeEach(async () => {
  stub = new Stub();
  await stub.start();
  store = new MemoryTokenStore();
  limiter = new CountingLimiter();
  sleeps = [];
  storePair('A1', 'R1');
});

afterEach(() => stub.stop());

describe('Bitrix24Client.call', () => {
  it('POSTs JSON with the token in the body, never in the URL, and returns `result`', async () => {
    stub.rest = () => ({ body: { result: { ID: '12' }, time: { start: 1 } } });
    await expect(client().call(MEMBER, 'crm.deal.get', { id: 12 })).resolves.toEqual({ ID: '12' });
    const [seen] = stub.restCalls('crm.deal.get');
    expect(seen.httpMethod).toBe('POST');
    expect(seen.body).toEqual({ id: 12, auth: 'A1' });
    expect([...seen.query.keys()]).toEqual([]);
    expect(seen.headers['accept']).toBe('application/json');
    expect(seen.headers['content-type']).toBe('application/json');
    expect(seen.headers['user-agent']).toMatch(/partner-leads/);
    expect(limiter.acquired).toBe(1);
  });

  it('on expired_token refreshes once through the OAuth server, stores the new pair and retries', async () => {
    portalWithExpiry();
    await expect(client().call(MEMBER, 'crm.deal.add', { fields: { TITLE: 'x' } })).resolves.toEqual({ ok: true });
    const [refresh] = stub.refreshes();
    expect(stub.refreshes()).toHaveLength(1);
    expect(refresh.httpMethod).toBe('GET');
    expect(Object.fromEntries(refresh.query)).toEqual({ grant_type: 'refresh_token', client_id: 'app.id', client_secret: 'app-secret', refresh_token: 'R1' });
    expect(stub.restCalls('crm.deal.add').map((s) => s.body.auth)).toEqual(['A1', 'A2']);
    expect(store.pairs.get(MEMBER)).toMatchObject({ accessToken: 'A2', refreshToken: 'R2' });
    expect(store.pairs.get(MEMBER)!.expiresAt.getTime()).toBeGreaterThan(Date.now());
  });

  it('20 concurrent calls on an expired token share exactly one refresh request', async () => {
    portalWithExpiry('A2', 50);
    const c = client();
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => c.call(MEMBER, 'crm.deal.get', { id: i })));
    expect(results).toHaveLength(20);
    expect(stub.refreshes()).toHaveLength(1);
    expect(store.pairs.get(MEMBER)).toMatchObject({ accessToken: 'A2', refreshToken: 'R2' });
  });

  it('does not refresh again when another instance rotated the pair while we waited for the lock', async () => {
    portalWithExpiry();
    // The other instance used R1 already; refreshing with it again would end in invalid_grant.
    store.beforeWork = () => storePair('A2', 'R2');
    await expect(client().call(MEMBER, 'crm.deal.get', { id: 1 })).resolves.toEqual({ ok: true });
    expect(stub.refreshes()).toHaveLength(0);
    expect(stub.restCalls().map((s) => s.body.auth)).toEqual(['A1', 'A2']);
    expect(store.pairs.get(MEMBER)).toMatchObject({ accessToken: 'A2', refreshToken: 'R2' });
  });

  it('invalid_grant from the OAuth server is an AUTH error and keeps the stored pair', async () => {
    stub.rest = () => ({ status: 401, body: { error: 'expired_token' } });
    stub.oauth = () => ({ status: 400, body: { error: 'invalid_grant', error_description: 'Invalid refresh token' } });
    const error = await failure(client().call(MEMBER, 'crm.deal.get', { id: 1 }));
    expect(error).toMatchObject({ kind: 'AUTH', code: 'invalid_grant' });
    expect(store.pairs.get(MEMBER)).toMatchObject({ accessToken: 'A1', refreshToken: 'R1' });
  });

  it('a refresh refused by a limit or a 5xx is retried with the call, writes included', async () => {
    portalWithExpiry();
    const answerRefresh = stub.oauth;
    const outages: Reply[] = [{ status: 429, body: { error: 'OPERATION_TIME_LIMIT' } }, { status: 503, body: undefined }];
    stub.oauth = (seen) => outages.shift() ?? answerRefresh(seen);
    await expect(client().call(MEMBER, 'crm.deal.add', { fields: {} })).resolves.toEqual({ ok: true });
    expect(stub.refreshes()).toHaveLength(3);
    expect(sleeps).toHaveLength(2);
    expect(store.pairs.get(MEMBER)).toMatchObject({ accessToken: 'A2', refreshToken: 'R2' });
  });

  it('a token still refused after the refresh is an AUTH error, with no second refresh', async () => {
    portalWithExpiry('never-valid');
    const error = await failure(client().call(MEMBER, 'crm.deal.get', { id: 1 }));
    expect(error).toMatchObject({ kind: 'AUTH', code: 'expired_token', status: 401 });
    expect(stub.refreshes()).toHaveLength(1);
  });

  it('backs off on QUERY_LIMIT_EXCEEDED, even for writes, then succeeds', async () => {
    const answers: Reply[] = [
      { status: 503, body: { error: 'QUERY_LIMIT_EXCEEDED', error_description: 'Too many requests' } },
      { status: 503, body: { error: 'QUERY_LIMIT_EXCEEDED', error_description: 'Too many requests' } },
      { body: { result: 451 } },
    ];
    stub.rest = () => answers.shift()!;
    await expect(client({ backoffMs: 100 }).call(MEMBER, 'crm.deal.add', { fields: {} })).resolves.toBe(451);
    expect(stub.restCalls()).toHaveLength(3);
    expect(limiter.acquired).toBe(3);
    expect(sleeps).toHaveLength(2);
    expect(sleeps[0]).toBeGreaterThanOrEqual(50);
    expect(sleeps[0]).toBeLessThanOrEqual(100);
    expect(sleeps[1]).toBeGreaterThanOrEqual(100);
    expect(sleeps[1]).toBeLessThanOrEqual(200);
  });

  it('does not retry OPERATION_TIME_LIMIT within seconds: it names the operating_reset_at the portal last reported', async () => {
    const resetAt = 1_800_000_000;
    const answers: Reply[] = [
      { body: { result: true, time: { operating: 470, operating_reset_at: resetAt } } },
      { status: 429, body: { error: 'OPERATION_TIME_LIMIT', error_description: 'Method is blocked due to operation time limit.' } },
    ];
    stub.rest = () => answers.shift()!;
    const c = client();
    await c.call(MEMBER, 'user.current');
    const error = await failure(c.call(MEMBER, 'crm.deal.add', { fields: {} }));
    expect(error).toMatchObject({ code: 'OPERATION_TIME_LIMIT', retryAt: new Date(resetAt * 1000) });
    expect(stub.restCalls()).toHaveLength(2);
    expect(sleeps).toEqual([]);
  });

  it('gives up with RATE_LIMIT after maxAttempts', async () => {
    stub.rest = () => ({ status: 503, body: { error: 'QUERY_LIMIT_EXCEEDED' } });
    const error = await failure(client({ maxAttempts: 3 }).call(MEMBER, 'crm.deal.get', { id: 1 }));
    expect(error).toMatchObject({ kind: 'RATE_LIMIT', code: 'QUERY_LIMIT_EXCEEDED', status: 503 });
    expect(stub.restCalls()).toHaveLength(3);
  });

  it('retries a 500 on a read, not on crm.deal.add unless the caller says it is idempotent', async () => {
    let failNext = true;
    stub.rest = () => {
      const reply = failNext ? { status: 500, body: { error: 'INTERNAL_SERVER_ERROR' } } : { body: { result: 'ok' } };
      failNext = !failNext;
      return reply;
    };
    await expect(client().call(MEMBER, 'crm.deal.get', { id: 1 })).resolves.toBe('ok');
    expect(stub.restCalls('crm.deal.get')).toHaveLength(2);

    failNext = true;
    const error = await failure(client().call(MEMBER, 'crm.deal.add', { fields: {} }));
    expect(error).toMatchObject({ kind: 'TEMPORARY', code: 'INTERNAL_SERVER_ERROR', status: 500 });
    expect(stub.restCalls('crm.deal.add')).toHaveLength(1);

    failNext = true;
    await expect(client().call(MEMBER, 'crm.deal.update', { id: 1 }, { idempotent: true })).resolves.toBe('ok');
    expect(stub.restCalls('crm.deal.update')).toHaveLength(2);
  });

  it('a 5xx page that is not JSON is TEMPORARY', async () => {
    stub.rest = () => ({ status: 502, body: undefined, headers: { 'content-type': 'text/html' } });
    await expect(failure(client({ maxAttempts: 1 }).call(MEMBER, 'crm.deal.get'))).resolves.toMatchObject({ kind: 'TEMPORARY', status: 502 });
  });

  it('keys errors on the code: legacy `error: ""` is PERMANENT, "Not found" is NOT_FOUND', async () => {
    stub.rest = (_m, seen) =>
      seen.body.id === 999
        ? { status: 400, body: { error: '', error_description: 'Not found' } }
        : { status: 400, body: { error: '', error_description: "Parameter 'fields' must be array." } };
    const invalid = await failure(client().call(MEMBER, 'crm.deal.add', { fields: 'x' }));
    expect(invalid).toMatchObject({ kind: 'PERMANENT', code: '', status: 400 });
    expect(invalid.message).toContain("Parameter 'fields' must be array.");
    await expect(failure(client().call(MEMBER, 'crm.deal.get', { id: 999 }))).resolves.toMatchObject({ kind: 'NOT_FOUND', code: '' });
    expect(stub.restCalls()).toHaveLength(2);
  });

  it('an error envelope with HTTP 200 is still an error', async () => {
    stub.rest = () => ({ status: 200, body: { error: 'ERROR_ARGUMENT', error_description: 'bad', argument: 'x' } });
    await expect(failure(client().call(MEMBER, 'placement.bind'))).resolves.toMatchObject({ kind: 'PERMANENT', code: 'ERROR_ARGUMENT', status: 200 });
  });

  it('a timeout is TEMPORARY; a write that timed out is not repeated', async () => {
    stub.rest = () => ({ delayMs: 500, body: { result: 1 } });
    const error = await failure(client({ timeoutMs: 100 }).call(MEMBER, 'crm.deal.add', { fields: {} }));
    expect(error).toMatchObject({ kind: 'TEMPORARY', code: 'TIMEOUT' });
    expect(stub.restCalls()).toHaveLength(1);
  });

  it('a network failure is TEMPORARY', async () => {
    storePair('A1', 'R1', 'http://127.0.0.1:1/rest/');
    await expect(failure(client({ maxAttempts: 2 }).call(MEMBER, 'crm.deal.get'))).resolves.toMatchObject({ kind: 'TEMPORARY', code: 'NETWORK_ERROR' });
    expect(sleeps).toHaveLength(1);
  });

  it('refuses a non-https client endpoint before sending anything', async () => {
    const error = await failure(client({ allowInsecure: false }).call(MEMBER, 'crm.deal.get', { id: 1 }));
    expect(error).toMatchObject({ kind: 'PERMANENT', code: 'INSECURE_ENDPOINT' });
    expect(stub.seen).toHaveLength(0);
    expect(limiter.acquired).toBe(0);
  });

  it('refuses method names that would change the URL', async () => {
    await expect(failure(client().call(MEMBER, '../oauth/token'))).resolves.toMatchObject({ code: 'INVALID_METHOD' });
    expect(stub.seen).toHaveLength(0);
  });

  it('on a 302 asks the OAuth server where the portal is, never the Location, and sends the call there once', async () => {
    storePair('tok-A', 'ref-A', `${stub.url}/rest/old/`);
    stub.rest = (method) =>
      method.startsWith('old/')
        ? { status: 302, headers: { location: 'https://attacker.example/rest/crm.deal.add' } }
        : { body: { result: 7 } };
    stub.oauth = () => ({ body: { access_token: 'tok-B', refresh_token: 'ref-B', expires_in: 3600, client_endpoint: `${stub.url}/rest/` } });
    await expect(client().call(MEMBER, 'crm.deal.add', { fields: {} })).resolves.toBe(7);
    expect(stub.restCalls().map((s) => s.path)).toEqual(['/rest/old/crm.deal.add', '/rest/crm.deal.add']);
    expect(stub.refreshes()).toHaveLength(1);
    expect(store.pairs.get(MEMBER)).toMatchObject({ clientEndpoint: `${stub.url}/rest/`, accessToken: 'tok-B' });
  });

  it('reports PORTAL_MOVED when the OAuth server still names the address that redirects', async () => {
    storePair('tok-A', 'ref-A');
    stub.rest = () => ({ status: 302, headers: { location: 'https://renamed.bitrix24.com/rest/crm.deal.add' } });
    stub.oauth = () => ({ body: { access_token: 'tok-B', refresh_token: 'ref-B', expires_in: 3600, client_endpoint: `${stub.url}/rest/` } });
    const error = await failure(client().call(MEMBER, 'crm.deal.add', { fields: {} }));
    expect(error).toMatchObject({ kind: 'PERMANENT', code: 'PORTAL_MOVED', status: 302 });
    expect(stub.restCalls()).toHaveLength(1);
  });

  it('an unknown portal is an AUTH error', async () => {
    await expect(failure(client().call('other', 'app.info'))).resolves.toMatchObject({ kind: 'AUTH', code: 'PORTAL_NOT_INSTALLED' });
  });
});

describe('Bitrix24Client.list', () => {
  it('follows `next` until it is absent', async () => {
    const rows = Array.from({ length: 120 }, (_, i) => ({ ID: String(i + 1) }));
    stub.rest = (_m, seen) => {
      const start = Number(seen.body.start ?? 0);
      const next = start + 50 < rows.length ? { next: start + 50 } : {};
      return { body: { result: rows.slice(start, start + 50), total: rows.length, ...next } };
    };
    const items = await client().list<{ ID: string }>(MEMBER, 'crm.deal.list', { filter: { '>ID': 0 }, select: ['ID'] });
    expect(items.map((r) => r.ID)).toEqual(rows.map((r) => r.ID));
    expect(stub.restCalls().map((s) => s.body.start)).toEqual([undefined, 50, 100]);
    expect(stub.restCalls()[2].body.filter).toEqual({ '>ID': 0 });
  });

  it('reads pages wrapped in a key, as crm.category.list returns them', async () => {
    stub.rest = () => ({ body: { result: { categories: [{ id: 0 }, { id: 5 }] }, total: 2 } });
    await expect(client().list(MEMBER, 'crm.category.list', { entityTypeId: 2 })).resolves.toEqual([{ id: 0 }, { id: 5 }]);
  });
});

describe('Bitrix24Client.batch', () => {
  it('sends cmd entries as PHP-bracket queries and returns sub-errors (HTTP 200) in `errors`', async () => {
    stub.rest = () => ({
      body: {
        result: {
          result: { company: 4, contact: 9 },
          result_error: { deal: { error: '', error_description: 'Not found' }, bad: { error: 'ERROR_CORE', error_description: 'Invalid email' } },
          result_total: [],
          result_next: [],
        },
      },
    });
    const { results, errors } = await client().batch(MEMBER, {
      company: { method: 'crm.company.add', params: { fields: { TITLE: 'ООО Ромашка' } } },
      contact: { method: 'crm.contact.add', params: { fields: { COMPANY_ID: '$result[company]', PHONE: [{ VALUE: '+7 900', VALUE_TYPE: 'WORK' }] } } },
      deal: { method: 'crm.deal.get', params: { id: 1 } },
      bad: { method: 'crm.contact.add', params: { fields: { EMAIL: [{ VALUE: 'x' }] } } },
    }, { halt: false });
    expect(results).toEqual({ company: 4, contact: 9 });
    expect(Object.keys(errors).sort()).toEqual(['bad', 'deal']);
    expect(errors.deal).toMatchObject({ kind: 'NOT_FOUND', code: '' });
    expect(errors.bad).toMatchObject({ kind: 'PERMANENT', code: 'ERROR_CORE' });
    const [seen] = stub.restCalls('batch');
    expect(seen.body.halt).toBe(0);
    const cmd = seen.body.cmd as Record<string, string>;
    expect(cmd.company).toBe(`crm.company.add?fields[TITLE]=${encodeURIComponent('ООО Ромашка')}`);
    const contact = new URLSearchParams(cmd.contact.split('?')[1]);
    expect(contact.get('fields[COMPANY_ID]')).toBe('$result[company]');
    expect(contact.get('fields[PHONE][0][VALUE]')).toBe('+7 900');
    expect(contact.get('fields[PHONE][0][VALUE_TYPE]')).toBe('WORK');
  });

  it('reads empty maps serialised as [] and list-shaped results', async () => {
    stub.rest = () => ({ body: { result: { result: ['a', 'b'], result_error: [], result_total: [], result_next: [] } } });
    await expect(client().batch(MEMBER, { 0: { method: 'user.current' }, 1: { method: 'app.info' } })).resolves.toEqual({ results: { 0: 'a', 1: 'b' }, errors: {} });
  });

  it('refuses more than 50 commands without sending', async () => {
    const commands = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`c${i}`, { method: 'app.info' }]));
    await expect(failure(client().batch(MEMBER, commands))).resolves.toMatchObject({ code: 'ERROR_BATCH_LENGTH_EXCEEDED' });
    expect(stub.seen).toHaveLength(0);
  });

  it('is retried after a 500 only when every command is a read', async () => {
    stub.rest = () => ({ status: 500, body: { error: 'INTERNAL_SERVER_ERROR' } });
    await failure(client({ maxAttempts: 2 }).batch(MEMBER, { a: { method: 'crm.deal.get', params: { id: 1 } } }));
    expect(stub.restCalls()).toHaveLength(2);
    await failure(client({ maxAttempts: 2 }).batch(MEMBER, { a: { method: 'crm.deal.get' }, b: { method: 'crm.deal.add' } }));
    expect(stub.restCalls()).toHaveLength(3);
  });
});
