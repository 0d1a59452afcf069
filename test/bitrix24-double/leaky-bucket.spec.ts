import { installedPortal, type Fixture } from './fixture';
import { postJson } from './receiver';

describe('Bitrix24 double: leaky bucket (limits.md)', () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await installedPortal({ bucket: { capacity: 50, drainPerSecond: 2 } });
  });
  afterEach(() => f.close());

  const call = () => postJson(`${f.portal.clientEndpoint}user.admin`, { auth: f.token });

  it('lets 50 requests through, then 503 QUERY_LIMIT_EXCEEDED until it drains at 2/s', async () => {
    for (let i = 0; i < 50; i++) expect((await call()).status).toBe(200);
    const over = await call();
    expect(over).toEqual({ status: 503, body: { error: 'QUERY_LIMIT_EXCEEDED', error_description: 'Too many requests' } });
    f.clock.advance(500);
    expect((await call()).status).toBe(200);
    expect((await call()).status).toBe(503);
    f.clock.advance(10_000);
    for (let i = 0; i < 20; i++) expect((await call()).status).toBe(200);
    expect((await call()).status).toBe(503);
  });

  it('counts a batch as one request whatever it holds', async () => {
    for (let i = 0; i < 49; i++) await call();
    const cmd = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`u${i}`, 'user.admin']));
    const r = await postJson(`${f.portal.clientEndpoint}batch`, { cmd, auth: f.token });
    expect(r.status).toBe(200);
    expect(Object.keys(r.body.result.result)).toHaveLength(10);
    expect((await call()).status).toBe(503);
  });

  it('each portal has its own bucket', async () => {
    for (let i = 0; i < 51; i++) await call();
    const other = f.double.createPortal({ domain: 'other.bitrix24.test' });
    const t = await other.install({ headless: true });
    expect((await postJson(`${other.clientEndpoint}user.admin`, { auth: t.accessToken })).status).toBe(200);
  });
});
