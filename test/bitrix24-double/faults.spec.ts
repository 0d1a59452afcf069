import { startBitrix24Double } from '../support/bitrix24-double';
import { installedPortal, type Fixture } from './fixture';
import { get, postJson } from './receiver';
import { CLIENT } from './fixture';

describe('Bitrix24 double: fault switches', () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await installedPortal();
  });
  afterEach(() => f.close());

  const call = (method = 'user.admin', body: object = {}) => postJson(`${f.portal.clientEndpoint}${method}`, { ...body, auth: f.token });

  it('queued faults answer with the documented codes and statuses, one request each', async () => {
    f.portal.faults.next.push('INTERNAL_SERVER_ERROR', 'QUERY_LIMIT_EXCEEDED', 'OPERATION_TIME_LIMIT', 'expired_token');
    expect(await call()).toMatchObject({ status: 500, body: { error: 'INTERNAL_SERVER_ERROR' } });
    expect(await call()).toMatchObject({ status: 503, body: { error: 'QUERY_LIMIT_EXCEEDED' } });
    expect(await call()).toMatchObject({ status: 429, body: { error: 'OPERATION_TIME_LIMIT' } });
    expect(await call()).toMatchObject({ status: 401, body: { error: 'expired_token' } });
    expect((await call()).status).toBe(200);
  });

  it('drop closes the socket without running the method', async () => {
    f.portal.faults.next.push('drop');
    await expect(call('crm.deal.add', { fields: { TITLE: 'x' } })).rejects.toThrow();
    expect(f.portal.deals()).toHaveLength(0);
  });

  it('drop_after and timeout run the method but the caller never hears back', async () => {
    f.portal.faults.next.push('drop_after');
    await expect(call('crm.deal.add', { fields: { TITLE: 'x' } })).rejects.toThrow();
    f.portal.faults.next.push('timeout');
    const slow = fetch(`${f.portal.clientEndpoint}crm.deal.add`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ fields: { TITLE: 'y' }, auth: f.token }),
      signal: AbortSignal.timeout(300),
    });
    await expect(slow).rejects.toThrow();
    expect(f.portal.deals().map((d) => d.TITLE)).toEqual(['x', 'y']);
  });

  it('latency delays answers', async () => {
    f.portal.faults.latencyMs = 150;
    const t0 = Date.now();
    await call();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
  });

  it('failRate fails about that share of calls, in several ways', async () => {
    f.portal.faults.failRate = 0.5;
    const outcomes: Array<number | string> = [];
    for (let i = 0; i < 80; i++) {
      try {
        const r = await fetch(`${f.portal.clientEndpoint}user.admin?auth=${f.token}`, { signal: AbortSignal.timeout(200) });
        outcomes.push(r.status);
      } catch {
        outcomes.push('no answer');
      }
    }
    const ok = outcomes.filter((o) => o === 200).length;
    expect(ok).toBeGreaterThan(20);
    expect(ok).toBeLessThan(60);
    expect(new Set(outcomes.filter((o) => o !== 200)).size).toBeGreaterThanOrEqual(3);
  });

  it('faults hit the OAuth server too, before the grant is used', async () => {
    f.portal.faults.next.push('INTERNAL_SERVER_ERROR', 'drop');
    const url = `${f.double.oauthUrl}/oauth/token/?grant_type=refresh_token&client_id=${CLIENT.clientId}&client_secret=${CLIENT.clientSecret}&refresh_token=${f.refresh}`;
    expect((await get(url)).status).toBe(500);
    await expect(get(url)).rejects.toThrow();
    expect((await get(url)).status).toBe(200);
  });

  it('calls() logs method, clock time and status', async () => {
    f.portal.faults.next.push('INTERNAL_SERVER_ERROR');
    await call();
    await call();
    expect(f.portal.calls().slice(-2)).toEqual([
      { method: 'user.admin', at: Date.UTC(2026, 0, 1), status: 500 },
      { method: 'user.admin', at: Date.UTC(2026, 0, 1), status: 200 },
    ]);
  });

  it('close() releases the port even with a request held open', async () => {
    const d = await startBitrix24Double();
    d.registerApp({ ...CLIENT, installUrl: 'http://127.0.0.1:9/i', appUrl: 'http://127.0.0.1:9/a' });
    const p = d.createPortal({ domain: 'x.bitrix24.test' });
    const t = await p.install({ headless: true });
    p.faults.next.push('timeout');
    const pending = fetch(`${p.clientEndpoint}user.admin?auth=${t.accessToken}`).catch(() => 'closed');
    await new Promise((r) => setTimeout(r, 50));
    await d.close();
    expect(await pending).toBe('closed');
    await expect(fetch(`${d.url}/x.bitrix24.test/rest/user.admin`)).rejects.toThrow();
  });
});
