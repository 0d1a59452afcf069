import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { Bitrix24Client, Bitrix24ClientOptions, Bitrix24Error } from '../../src/modules/crm-sync/infrastructure/bitrix24';
import { startBitrix24Double } from '../support/bitrix24-double';
import { CountingLimiter, MemoryTokenStore } from '../support/memory-portal-store';
import { seededRandom } from '../support/seeded-random';
import type { Bitrix24Double, FakePortal } from '../support/bitrix24-double/types';

const APP = { clientId: 'local.partner-leads.test', clientSecret: 'secret-for-tests' };

let double: Bitrix24Double;
let appSink: Server;
let store: MemoryTokenStore;
let limiter: CountingLimiter;

beforeAll(async () => {
  // The double posts install events to the app; nothing here needs them.
  appSink = createServer((_req, res) => res.end('ok'));
  await new Promise<void>((resolve) => appSink.listen(0, '127.0.0.1', resolve));
  const sinkUrl = `http://127.0.0.1:${(appSink.address() as AddressInfo).port}`;
  double = await startBitrix24Double({ random: seededRandom(20261127) });
  double.registerApp({ ...APP, installUrl: `${sinkUrl}/b24/install`, appUrl: `${sinkUrl}/b24/app` });
});

afterAll(async () => {
  await double?.close();
  await new Promise((resolve) => appSink?.close(resolve));
});

beforeEach(() => {
  store = new MemoryTokenStore();
  limiter = new CountingLimiter();
});

let portalCount = 0;
async function installedPortal(options: { bucket?: { capacity: number; drainPerSecond: number } } = {}): Promise<FakePortal> {
  const portal = double.createPortal({ domain: `client-${++portalCount}.bitrix24.test`, ...options });
  const pair = await portal.install({ headless: true });
  store.pairs.set(portal.memberId, {
    memberId: portal.memberId,
    clientEndpoint: portal.clientEndpoint,
    accessToken: pair.accessToken,
    refreshToken: pair.refreshToken,
    expiresAt: new Date(Date.now() + 3600_000),
  });
  return portal;
}

function client(overrides: Partial<Bitrix24ClientOptions> = {}): Bitrix24Client {
  return new Bitrix24Client(
    { oauthUrl: double.oauthUrl, ...APP, allowInsecure: true, backoffMs: 20, timeoutMs: 2000, ...overrides },
    store,
    limiter,
  );
}

async function failure(promise: Promise<unknown>): Promise<Bitrix24Error> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(Bitrix24Error);
  return error as Bitrix24Error;
}

describe('Bitrix24Client against the Bitrix24 double', () => {
  it('calls methods with the installed token pair', async () => {
    const portal = await installedPortal();
    const info = await client().call<{ INSTALLED: boolean }>(portal.memberId, 'app.info');
    expect(info.INSTALLED).toBe(true);
  });

  it('after the hour is up, 20 concurrent calls refresh once and the rotated pair keeps working', async () => {
    const portal = await installedPortal();
    const before = store.pairs.get(portal.memberId)!;
    portal.expireAccessTokens();
    const c = client();
    await Promise.all(Array.from({ length: 20 }, () => c.call(portal.memberId, 'user.current')));
    const after = store.pairs.get(portal.memberId)!;
    expect(after.accessToken).not.toBe(before.accessToken);
    expect(after.refreshToken).not.toBe(before.refreshToken);

    // The stored refresh token is the live one: a second expiry is survived too.
    portal.expireAccessTokens();
    await expect(c.call(portal.memberId, 'user.current')).resolves.toBeTruthy();
  });

  it('two client instances (two service processes) sharing the store never refresh with a used token', async () => {
    const portal = await installedPortal();
    portal.expireAccessTokens();
    const [a, b] = [client(), client()];
    await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).call(portal.memberId, 'user.current')));
    portal.expireAccessTokens();
    await expect(b.call(portal.memberId, 'user.current')).resolves.toBeTruthy();
  });

  it('creates company, contact and deal in one batch, linked through $result references', async () => {
    const portal = await installedPortal();
    const { results, errors } = await client().batch(portal.memberId, {
      company: { method: 'crm.company.add', params: { fields: { TITLE: 'ООО Ромашка' } } },
      contact: {
        method: 'crm.contact.add',
        params: { fields: { NAME: 'Имя', COMPANY_ID: '$result[company]', PHONE: [{ VALUE: '+79000000000', VALUE_TYPE: 'WORK' }] } },
      },
      deal: {
        method: 'crm.deal.add',
        params: { fields: { TITLE: 'Заявка', COMPANY_ID: '$result[company]', CONTACT_IDS: ['$result[contact]'], ORIGIN_ID: 'claim-1' } },
      },
    }, { halt: true });
    expect(errors).toEqual({});
    const deal = portal.deals().find((d) => String(d.ID) === String(results.deal))!;
    expect(deal).toMatchObject({ TITLE: 'Заявка', COMPANY_ID: String(results.company), ORIGIN_ID: 'claim-1' });
    const contact = portal.contacts().find((c) => String(c.ID) === String(results.contact))!;
    expect(JSON.stringify(contact)).toContain('+79000000000');
    expect(portal.calls().filter((c) => c.method === 'batch' && !c.inBatch)).toHaveLength(1);
  });

  it('returns batch sub-errors, which arrive with HTTP 200', async () => {
    const portal = await installedPortal();
    const { errors } = await client().batch(portal.memberId, { missing: { method: 'crm.deal.get', params: { id: 987654 } } });
    expect(errors.missing).toBeInstanceOf(Bitrix24Error);
    expect(errors.missing.kind).toBe('NOT_FOUND');
  });

  it('lists past the first page of 50 by following `next`', async () => {
    const portal = await installedPortal();
    const c = client();
    for (let chunk = 0; chunk < 3; chunk++) {
      const commands = Object.fromEntries(
        Array.from({ length: 40 }, (_, i) => [`d${i}`, { method: 'crm.deal.add', params: { fields: { TITLE: `Deal ${chunk * 40 + i}` } } }]),
      );
      expect((await c.batch(portal.memberId, commands)).errors).toEqual({});
    }
    const deals = await c.list<{ ID: string }>(portal.memberId, 'crm.deal.list', { select: ['ID', 'TITLE'], order: { ID: 'ASC' } });
    expect(deals).toHaveLength(120);
    expect(new Set(deals.map((d) => d.ID)).size).toBe(120);
  });

  it('reports a missing deal (legacy empty error code) as NOT_FOUND', async () => {
    const portal = await installedPortal();
    const error = await failure(client().call(portal.memberId, 'crm.deal.get', { id: 987654 }));
    expect(error).toMatchObject({ kind: 'NOT_FOUND', code: '' });
  });

  it('backs off on QUERY_LIMIT_EXCEEDED from the portal leaky bucket until every call gets through', async () => {
    const portal = await installedPortal({ bucket: { capacity: 5, drainPerSecond: 50 } });
    const c = client({ maxAttempts: 8, backoffMs: 50 });
    const results = await Promise.all(Array.from({ length: 20 }, () => c.call(portal.memberId, 'user.current')));
    expect(results).toHaveLength(20);
    expect(portal.calls().some((call) => call.status === 503)).toBe(true);
  });

  it('retries injected 500s on reads, but not on crm.deal.add', async () => {
    const portal = await installedPortal();
    portal.faults.next = ['INTERNAL_SERVER_ERROR', 'INTERNAL_SERVER_ERROR'];
    await expect(client().call(portal.memberId, 'crm.deal.list', { select: ['ID'] })).resolves.toEqual([]);

    portal.faults.next = ['INTERNAL_SERVER_ERROR'];
    const error = await failure(client().call(portal.memberId, 'crm.deal.add', { fields: { TITLE: 'x' } }));
    expect(error.kind).toBe('TEMPORARY');
    expect(portal.deals()).toHaveLength(0);
  });

  it('times out on a portal that does not answer', async () => {
    const portal = await installedPortal();
    portal.faults.next = ['timeout'];
    const error = await failure(client({ timeoutMs: 300 }).call(portal.memberId, 'crm.deal.add', { fields: { TITLE: 'x' } }));
    expect(error).toMatchObject({ kind: 'TEMPORARY', code: 'TIMEOUT' });
  });

  it('a renamed portal is found again through the OAuth server, never through the redirect, and the call goes through', async () => {
    const portal = await installedPortal();
    const renamed = `renamed-${portalCount}.bitrix24.test`;
    portal.rename(renamed);
    const id = await client().call<number>(portal.memberId, 'crm.deal.add', { fields: { TITLE: 'after the rename' } });
    expect(portal.deals()).toEqual([expect.objectContaining({ ID: String(id), TITLE: 'after the rename' })]);
    expect(store.pairs.get(portal.memberId)?.clientEndpoint).toBe(portal.clientEndpoint);
    expect(portal.clientEndpoint).toContain(renamed);
  });

  it('rides out 30 % random faults on reads, and the token pair is never lost', async () => {
    const portal = await installedPortal();
    portal.faults.failRate = 0.3;
    const c = client({ maxAttempts: 10, timeoutMs: 300 });
    let ok = 0;
    for (let i = 0; i < 30; i++) {
      try {
        await c.call(portal.memberId, 'user.current');
        ok++;
      } catch (error) {
        // The double may inject expired_token again right after a refresh (one refresh per call is the
        // rule), and OPERATION_TIME_LIMIT goes back to the caller, to wait for the reset the portal named.
        if (!(error instanceof Bitrix24Error) || !['expired_token', 'OPERATION_TIME_LIMIT'].includes(error.code)) throw error;
      }
    }
    expect(ok).toBeGreaterThanOrEqual(27);
    portal.faults.failRate = 0;
    portal.expireAccessTokens();
    await expect(c.call(portal.memberId, 'user.current')).resolves.toBeTruthy();
  });
});
