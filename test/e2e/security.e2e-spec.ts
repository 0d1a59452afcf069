import { createHmac } from 'node:crypto';
import { ThrottlerStorage } from '@nestjs/throttler';
import TestAgent from 'supertest/lib/agent';
import { auditor, bearer, createLead, createPartner, eventually, intake, operator } from '../support/fixtures';
import { startBitrix24World, Bitrix24World } from '../support/bitrix24-setup';
import { TransactionRunner } from '../../src/shared/database/transaction-runner';
import { PgThrottlerStorage } from '../../src/shared/security/pg-throttler-storage';
import { PruneRateLimitsTask } from '../../src/shared/security/prune-rate-limits.task';
import { startTestApp, TEST_ENV, TestApp } from '../support/test-app';

const CLOUD_ORIGINS = ['https://*.bitrix24.ru', 'https://*.bitrix24.com', 'https://*.bitrix24.by', 'https://*.bitrix24.kz', 'https://*.bitrix24.de'];
const SESSION_TTL_SECONDS = 3600;

/** An HS256 token over any claims, signed with `secret`; for forging tokens the service must refuse. */
function signJwt(header: object, claims: object, secret: string): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${part(header)}.${part(claims)}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

function payloadOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
}

let contacts = 0;
/** A lead with contacts of its own: intake refuses a second open lead with the same phone or e-mail. */
function newLead(http: TestAgent): Promise<string> {
  const n = String(++contacts).padStart(7, '0');
  return createLead(http, { contact: { phone: `+7 999 ${n}`, email: `security-${n}@example.test` } });
}

function cspDirective(csp: string, name: string): string[] {
  const directive = csp.split(';').map((d) => d.trim().split(/\s+/)).find(([n]) => n === name);
  return directive ? directive.slice(1) : [];
}

describe('security: who may read what', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { SESSION_TTL_SECONDS: String(SESSION_TTL_SECONDS) } });
  });
  afterAll(() => t.close());

  it("a partner never reads another partner's claims: 404, and never in its own list", async () => {
    const a = await createPartner(t.http);
    const b = await createPartner(t.http);
    const taken = await t.http.post(`/api/v1/leads/${await newLead(t.http)}/claims`).set(a.auth).expect(201);

    const foreign = await t.http.get(`/api/v1/claims/${taken.body.id}`).set(b.auth).expect(404);
    expect(foreign.body.code).toBe('NOT_FOUND');
    expect(JSON.stringify(foreign.body)).not.toContain(taken.body.contact.phone);
    const mine = await t.http.get('/api/v1/claims').set(b.auth).expect(200);
    expect(mine.body.items).toEqual([]);
    // Query parameters cannot widen the view to another partner.
    const widened = await t.http.get('/api/v1/claims').query({ partnerId: a.id }).set(b.auth);
    expect(widened.status === 400 || widened.body.items?.length === 0).toBe(true);
  });

  it("a partner never reads an unclaimed lead's contacts: masked while open, 404 once it is gone", async () => {
    const a = await createPartner(t.http);
    const b = await createPartner(t.http);
    const leadId = await newLead(t.http);
    await t.http.post(`/api/v1/leads/${leadId}/claims`).set(a.auth).expect(201);

    const seen = await t.http.get(`/api/v1/leads/${leadId}`).set(b.auth).expect(200);
    expect(seen.body.contact).toEqual({ name: null, position: null, phone: null, email: null });
    expect(seen.body).toMatchObject({ claimedByMe: false, myClaimId: null });
    const listed = await t.http.get('/api/v1/leads').set(b.auth).expect(200);
    expect(listed.body.items.find((l: { id: string }) => l.id === leadId).contact.phone).toBeNull();
    const asked = await t.http.get(`/api/v1/leads/${leadId}`).query({ include: 'contact' }).set(b.auth);
    expect(asked.status === 400 || asked.body.contact?.phone === null).toBe(true);

    const withdrawn = await newLead(t.http);
    await t.http.post(`/api/v1/leads/${withdrawn}/withdraw`).set(operator).send({ reason: 'duplicate' }).expect(204);
    expect((await t.http.get(`/api/v1/leads/${withdrawn}`).set(b.auth).expect(404)).body.code).toBe('NOT_FOUND');
  });

  it("sessions: a partner cannot mint tokens (403), and a minted token names only its own partner", async () => {
    const a = await createPartner(t.http);
    const b = await createPartner(t.http);
    for (const id of [a.id, b.id]) {
      const res = await t.http.post(`/api/v1/partners/${id}/sessions`).set(a.auth).send({}).expect(403);
      expect(res.body.code).toBe('FORBIDDEN');
    }
    expect(payloadOf(a.token)).toEqual({ sub: a.id, typ: 'partner-session', lat: expect.any(Number), iat: expect.any(Number), exp: expect.any(Number) });
    const me = await t.http.get('/api/v1/me').set(a.auth).expect(200);
    expect(me.body.partner.id).toBe(a.id);
  });

  it("eligibility: a partner cannot read the registry (403); GET /me shows only its own standing", async () => {
    const a = await createPartner(t.http);
    const b = await createPartner(t.http);
    expect((await t.http.get(`/api/v1/partners/${b.id}`).set(a.auth).expect(403)).body.code).toBe('FORBIDDEN');
    await t.http.get(`/api/v1/partners/${a.id}`).set(a.auth).expect(403);
    await t.http.get('/api/v1/partners').set(a.auth).expect(403);

    const me = await t.http.get('/api/v1/me').set(a.auth).expect(200);
    expect(me.body.partner).toEqual({ id: a.id, name: expect.any(String) });
    expect(JSON.stringify(me.body)).not.toContain(b.id);
    const askedForB = await t.http.get('/api/v1/me').query({ partnerId: b.id }).set(a.auth);
    expect(askedForB.status === 400 || askedForB.body.partner.id === a.id).toBe(true);
  });

  it('an operator key with role intake cannot read the access log (403); neither can a partner', async () => {
    expect((await t.http.get('/api/v1/compliance/access-log').set(intake).expect(403)).body.code).toBe('FORBIDDEN');
    const partner = await createPartner(t.http);
    await t.http.get('/api/v1/compliance/access-log').set(partner.auth).expect(403);
    await t.http.get('/api/v1/compliance/access-log').set(auditor).expect(200);
  });

  it('mass assignment: a partner cannot set its own cap or eligibility', async () => {
    const blocked = await createPartner(t.http, { contractStatus: 'blocked' });
    const patched = await t.http
      .patch(`/api/v1/partners/${blocked.id}`)
      .set(blocked.auth)
      .send({ claimCap: 100, contractStatus: 'active' })
      .expect(403);
    expect(patched.body.code).toBe('FORBIDDEN');
    // The take accepts no body fields at all: eligibility, cap, status and owner come from the server alone.
    const leadId = await newLead(t.http);
    const refused = await t.http
      .post(`/api/v1/leads/${leadId}/claims`)
      .set(blocked.auth)
      .send({ contractStatus: 'active', eligible: true })
      .expect(400);
    expect(refused.body.code).toBe('VALIDATION_FAILED');
    expect((await t.http.get(`/api/v1/partners/${blocked.id}`).set(operator).expect(200)).body.contractStatus).toBe('blocked');

    const a = await createPartner(t.http);
    const smuggled = await t.http
      .post(`/api/v1/leads/${leadId}/claims`)
      .set(a.auth)
      .send({ claimCap: 100, status: 'won', partnerId: blocked.id })
      .expect(400);
    expect(smuggled.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['claimCap', 'partnerId', 'status']);
    expect(await t.sql('SELECT 1 FROM claims.claims WHERE lead_id = $1', [leadId])).toEqual([]);

    const taken = await t.http.post(`/api/v1/leads/${leadId}/claims`).set(a.auth).send({}).expect(201);
    expect(taken.body.status).toBe('active');
    expect((await t.http.get('/api/v1/me').set(a.auth).expect(200)).body.cap).toEqual({ limit: 3, used: 1 });
    expect((await t.http.get(`/api/v1/partners/${a.id}`).set(operator).expect(200)).body.claimCap).toBe(3);
  });

  it('mass assignment: no endpoint a partner may call writes a partner', async () => {
    const doc = (await t.http.get('/api/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, { security?: Array<Record<string, unknown>> }>>;
    };
    const partnerWrites = Object.entries(doc.paths).flatMap(([path, operations]) =>
      Object.entries(operations)
        .filter(([method, op]) => method !== 'get' && op.security?.some((s) => 'partner-session' in s))
        .map(([method]) => `${method.toUpperCase()} ${path}`),
    );
    // Renewing a session signs a new token for the same claims; it writes nothing.
    expect(partnerWrites.sort()).toEqual(['POST /api/v1/leads/{id}/claims', 'POST /api/v1/sessions/renew']);
  });

  it('expired or forged partner tokens are 401', async () => {
    const a = await createPartner(t.http);
    const now = Math.floor(Date.now() / 1000);
    const claims = { sub: a.id, typ: 'partner-session', iat: now, exp: now + 600 };
    const [header, payload] = a.token.split('.');
    const forged = {
      'wrong signature': signJwt({ alg: 'HS256', typ: 'JWT' }, claims, 'not-the-session-secret-0123456789abcdef'),
      'alg none': `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${payload}.`,
      'another partner in a signed token': `${header}.${Buffer.from(JSON.stringify({ ...payloadOf(a.token), sub: 'x' })).toString('base64url')}.${a.token.split('.')[2]}`,
      'a token of another kind': signJwt({ alg: 'HS256', typ: 'JWT' }, { ...claims, typ: 'b24-install' }, TEST_ENV.SESSION_SECRET),
      garbage: 'garbage',
      empty: '',
    };
    for (const [name, token] of Object.entries(forged)) {
      const res = await t.http.get('/api/v1/me').set(bearer(token));
      expect({ name, status: res.status, code: res.body.code }).toEqual({ name, status: 401, code: 'UNAUTHENTICATED' });
    }

    await t.http.get('/api/v1/me').set(a.auth).expect(200);
    t.clock.advance((SESSION_TTL_SECONDS + 1) * 1000);
    try {
      expect((await t.http.get('/api/v1/me').set(a.auth).expect(401)).body.code).toBe('UNAUTHENTICATED');
    } finally {
      t.clock.advance(-(SESSION_TTL_SECONDS + 1) * 1000);
    }
  });

  it('security headers are set on answers and errors; the OpenAPI UI still loads', async () => {
    const partner = await createPartner(t.http);
    for (const res of [await t.http.get('/api/v1/me').set(partner.auth).expect(200), await t.http.get('/api/v1/me').expect(401)]) {
      expect(res.headers).toMatchObject({
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        'x-frame-options': 'DENY',
        'strict-transport-security': expect.stringMatching(/max-age=\d{7,}; includeSubDomains/),
        'cross-origin-resource-policy': 'same-origin',
      });
      expect(cspDirective(res.headers['content-security-policy'], 'default-src')).toEqual(["'none'"]);
      expect(cspDirective(res.headers['content-security-policy'], 'frame-ancestors')).toEqual(["'none'"]);
      expect(res.headers['x-powered-by']).toBeUndefined();
    }

    const ui = await t.http.get('/api/docs').expect(200);
    expect(ui.headers['content-type']).toMatch(/text\/html/);
    expect(ui.text).toContain('swagger-ui');
    const uiCsp = ui.headers['content-security-policy'];
    expect(cspDirective(uiCsp, 'script-src')).toEqual(["'self'"]);
    expect(cspDirective(uiCsp, 'frame-ancestors')).toEqual(["'none'"]);
    for (const script of [...ui.text.matchAll(/<script[^>]*src="([^"]+)"/g)].map((m) => m[1])) {
      await t.http.get(new URL(script, 'http://x/api/docs/').pathname).expect(200);
    }
    const json = await t.http.get('/api/docs-json').expect(200);
    expect(json.body.openapi).toMatch(/^3\./);
  });
});

describe('security: rate limits', () => {
  const LIMITS = { RATE_LIMIT_PER_CLIENT: '20', RATE_LIMIT_REVEALS_PER_PARTNER: '2', RATE_LIMIT_WINDOW_SECONDS: '60' };
  let t: TestApp;
  let second: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: LIMITS });
    second = await startTestApp({ env: LIMITS, databaseUrl: t.databaseUrl });
  });
  afterAll(async () => {
    await second.close();
    await t.close();
  });

  function expectRateLimited(res: { status: number; headers: Record<string, string>; body: { code?: string } }) {
    expect(res.status).toBe(429);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe('RATE_LIMITED');
    const retryAfter = Number(res.headers['retry-after']);
    expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60).toBe(true);
  }

  it('contact reveals have a tight budget per partner: 429 RATE_LIMITED with Retry-After', async () => {
    const a = await createPartner(t.http);
    const b = await createPartner(t.http);
    const taken = await t.http.post(`/api/v1/leads/${await newLead(t.http)}/claims`).set(a.auth).expect(201);
    await t.http.get(`/api/v1/claims/${taken.body.id}`).set(a.auth).expect(200);
    const limited = await t.http.get(`/api/v1/claims/${taken.body.id}`).set(a.auth);
    expectRateLimited(limited);
    expect(JSON.stringify(limited.body)).not.toContain(taken.body.contact.phone);
    // The real time left in the 60 s block, not a token "1".
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(50);
    expectRateLimited(await t.http.post(`/api/v1/leads/${await newLead(t.http)}/claims`).set(a.auth));
    // Reads other than reveals, and other partners, have budgets of their own.
    await t.http.get('/api/v1/me').set(a.auth).expect(200);
    await t.http.post(`/api/v1/leads/${await newLead(t.http)}/claims`).set(b.auth).expect(201);
  });

  it('a partner is one client however many sessions or addresses it uses: X-Forwarded-For picks no bucket', async () => {
    const a = await createPartner(t.http);
    const another = await t.http.post(`/api/v1/partners/${a.id}/sessions`).set(operator).send({}).expect(201);
    for (let i = 0; i < 20; i++) {
      await t.http.get('/api/v1/me').set(i % 2 ? a.auth : bearer(another.body.token)).set('X-Forwarded-For', `203.0.113.${i}`).expect(200);
    }
    expectRateLimited(await t.http.get('/api/v1/me').set(a.auth).set('X-Forwarded-For', '198.51.100.7'));
    expectRateLimited(await t.http.get('/api/v1/leads').set(bearer(another.body.token)));
    // The operator's key is another client with its own budget.
    await t.http.get(`/api/v1/partners/${a.id}`).set(operator).expect(200);
  });

  it('the budget holds across instances of the service sharing the database', async () => {
    const a = await createPartner(t.http);
    for (let i = 0; i < 10; i++) await t.http.get('/api/v1/me').set(a.auth).expect(200);
    for (let i = 0; i < 10; i++) await second.http.get('/api/v1/me').set(a.auth).expect(200);
    expectRateLimited(await second.http.get('/api/v1/me').set(a.auth));
    expectRateLimited(await t.http.get('/api/v1/me').set(a.auth));
  });

  it('a window that ends starts a fresh one; hits while blocked are not counted', async () => {
    const storage: ThrottlerStorage = new PgThrottlerStorage(t.app.get(TransactionRunner));
    const hit = () => storage.increment('test:window', 60_000, 2, 60_000, 'test');
    expect(await hit()).toMatchObject({ totalHits: 1, isBlocked: false });
    expect(await hit()).toMatchObject({ totalHits: 2, isBlocked: false });
    expect(await hit()).toMatchObject({ totalHits: 3, isBlocked: true, timeToBlockExpire: 60 });
    expect(await hit()).toMatchObject({ totalHits: 3, isBlocked: true });
    // The database's clock decides; moving the row's window into the past stands for a minute passing.
    await t.sql(
      "UPDATE platform.rate_limits SET window_ends_at = now() - interval '1 second', blocked_until = now() - interval '1 second' WHERE key = 'test:window'",
    );
    expect(await hit()).toMatchObject({ totalHits: 1, isBlocked: false });
  });

  it('health probes are never throttled', async () => {
    for (let i = 0; i < 30; i++) {
      await t.http.get('/health').expect(200);
      await t.http.get('/health/ready').expect(200);
    }
  });

  it('counters hold no IP address or partner id, and ended windows are pruned', async () => {
    const a = await createPartner(t.http);
    await t.http.get('/api/v1/me').set(a.auth).expect(200);
    const keys = (await t.sql<{ key: string }>('SELECT key FROM platform.rate_limits')).map((r) => r.key).join(' ');
    expect(keys).toMatch(/client:/);
    expect(keys).not.toContain(a.id);
    expect(keys).not.toContain('127.0.0.1');

    await t.sql("UPDATE platform.rate_limits SET window_ends_at = now() - interval '1 second', blocked_until = NULL");
    expect(await t.app.get(PruneRateLimitsTask).run()).toBeGreaterThan(0);
    expect(await t.sql('SELECT key FROM platform.rate_limits')).toEqual([]);
  });
});

describe('security: the Bitrix24 pages', () => {
  let w: Bitrix24World;
  beforeAll(async () => {
    w = await startBitrix24World({ RATE_LIMIT_B24_PER_IP: '15' });
  });
  afterAll(() => w.close());

  function expectFramedOnlyByBitrix24(headers: Record<string, string | string[] | undefined>, portalDomain: string) {
    const csp = String(headers['content-security-policy']);
    const ancestors = cspDirective(csp, 'frame-ancestors');
    expect(ancestors).toEqual(expect.arrayContaining([`https://${portalDomain}`, ...CLOUD_ORIGINS]));
    expect(ancestors.every((source) => /^https?:\/\/[^*\s]*[a-z0-9]/.test(source) || /^https:\/\/\*\.bitrix24\.[a-z.]+$/.test(source))).toBe(true);
    expect(ancestors).not.toContain('*');
    expect(headers['x-frame-options']).toBeUndefined();
    expect(cspDirective(csp, 'script-src')).not.toContain("'unsafe-inline'");
  }

  it('the install and app pages may be framed only by the installed portals and the Bitrix24 cloud', async () => {
    await createPartner(w.t.http, { portalDomain: 'framed.bitrix24.test' });
    const portal = w.b24.createPortal({ domain: 'framed.bitrix24.test' });
    const { response } = await portal.install();
    expect(response?.status).toBe(200);
    expectFramedOnlyByBitrix24(response!.headers, 'framed.bitrix24.test');
    // Both pages run only their own bundled scripts: nothing inline, nothing from a CDN.
    expect(cspDirective(String(response!.headers['content-security-policy']), 'script-src')).toEqual(["'self'"]);
    expect(response!.body).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);

    const launched = await portal.launch();
    expect(launched.status).toBe(200);
    expectFramedOnlyByBitrix24(launched.headers, 'framed.bitrix24.test');
    expect(cspDirective(String(launched.headers['content-security-policy']), 'script-src')).toEqual(["'self'"]);

    const stranger = w.b24.createPortal({ domain: 'stranger.example.test' });
    expect(cspDirective(String(launched.headers['content-security-policy']), 'frame-ancestors').join(' ')).not.toContain(stranger.domain);
  });

  it('a portal that uninstalls the app may no longer frame its pages', async () => {
    const leaving = w.b24.createPortal({ domain: 'leaving-frame.bitrix24.test' });
    await leaving.install({ headless: true });
    await eventually(async () => expect(leaving.bindings().length).toBe(5));
    const staying = w.b24.createPortal({ domain: 'staying-frame.bitrix24.test' });
    await staying.install({ headless: true });
    expect((await leaving.uninstall())).toBe(200);
    const page = await staying.launch();
    const ancestors = cspDirective(String(page.headers['content-security-policy']), 'frame-ancestors');
    expect(ancestors).toContain('https://staying-frame.bitrix24.test');
    expect(ancestors).not.toContain('https://leaving-frame.bitrix24.test');
  });

  it('the Bitrix24 routes are limited per IP address, and X-Forwarded-For does not pick another bucket', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 20; i++) {
      const res = await w.t.http.post('/b24/events').set('X-Forwarded-For', `203.0.113.${i}`).type('form').send('event=ONAPPUNINSTALL');
      statuses.push(res.status);
      if (res.status === 429) {
        expect(res.body.code).toBe('RATE_LIMITED');
        expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      }
    }
    expect(statuses).toContain(429);
    expect(statuses.slice(statuses.indexOf(429)).every((s) => s === 429)).toBe(true);
    await w.t.http.get('/health').expect(200);
  });
});
