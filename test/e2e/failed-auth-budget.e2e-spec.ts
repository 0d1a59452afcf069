import { encodePhpForm } from '../support/bitrix24-double';
import { startBitrix24World, Bitrix24World } from '../support/bitrix24-setup';
import { operator } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';

/** Requests that fail authentication spend a budget per IP address, shared by every instance. */
describe('security: a budget for failed authentication per IP address', () => {
  let w: Bitrix24World;
  let second: TestApp;
  beforeAll(async () => {
    w = await startBitrix24World({ RATE_LIMIT_UNAUTHENTICATED_PER_IP: '6' });
    second = await startTestApp({ env: { RATE_LIMIT_UNAUTHENTICATED_PER_IP: '6' }, databaseUrl: w.t.databaseUrl });
  });
  afterAll(async () => {
    await second.close();
    await w.close();
  });

  const badKey = (app: TestApp) => app.http.get('/api/v1/partners').set('X-Api-Key', 'wrong-key-0123456789');
  const forgedToken = (app: TestApp) => app.http.get('/api/v1/me').set('Authorization', 'Bearer forged.token.value');
  const forgedEvent = (app: TestApp) =>
    app.http
      .post('/b24/events')
      .type('form')
      .send(encodePhpForm({ event: 'ONCRMDEALUPDATE', data: { FIELDS: { ID: '1' } }, auth: { member_id: 'nobody', application_token: 'forged' } }));

  it('wrong keys, forged tokens and forged events from one address, across instances, get 429 with Retry-After once the budget is spent', async () => {
    const answers = [
      await badKey(w.t),
      await forgedToken(second),
      await forgedEvent(w.t),
      await badKey(second),
      await forgedToken(w.t),
      await badKey(second),
    ];
    expect(answers.map((a) => a.status)).toEqual([401, 401, 401, 401, 401, 401]);

    for (const next of [badKey(w.t), forgedToken(second), forgedEvent(w.t)]) {
      const refused = await next;
      expect(refused.status).toBe(429);
      expect(refused.body).toMatchObject({ code: 'RATE_LIMITED', status: 429 });
      expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    }

    // Callers with valid credentials are not held up by someone else's guessing.
    await w.t.http.get('/api/v1/partners').set(operator).expect(200);
  });

  it('the budget comes back when its window has passed', async () => {
    await w.t.sql(
      "UPDATE platform.rate_limits SET window_ends_at = now() - interval '1 second', blocked_until = now() - interval '1 second' WHERE key LIKE 'unauthenticated:%'",
    );
    expect((await badKey(second)).status).toBe(401);
  });
});
