import { CLIENT, installedPortal, type Fixture } from './fixture';
import { get, postForm, postJson } from './receiver';

describe('Bitrix24 double: OAuth server', () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await installedPortal();
  });
  afterEach(() => f.close());

  const refreshUrl = (refresh: string, c = CLIENT) =>
    `${f.double.oauthUrl}/oauth/token/?grant_type=refresh_token&client_id=${c.clientId}&client_secret=${c.clientSecret}&refresh_token=${refresh}`;

  it('refresh answers the documented shape (auto-renewal.md example)', async () => {
    const r = await get(refreshUrl(f.refresh));
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      access_token: expect.stringMatching(/^[0-9a-f]{32}$/),
      client_endpoint: f.portal.clientEndpoint,
      domain: 'oauth.bitrix.info',
      expires: Date.UTC(2026, 0, 1) / 1000 + 3600,
      expires_in: 3600,
      member_id: f.portal.memberId,
      refresh_token: expect.stringMatching(/^[0-9a-f]{32}$/),
      scope: 'crm,user,placement',
      server_endpoint: `${f.double.oauthUrl}/rest/`,
      status: 'L',
      user_id: 1,
    });
    expect(r.body.refresh_token).not.toBe(f.refresh);
    const call = await postJson(`${r.body.client_endpoint}user.admin`, { auth: r.body.access_token });
    expect(call.body.result).toBe(true);
  });

  it('rotates: the used refresh token then fails with invalid_grant, the new one works', async () => {
    const first = await get(refreshUrl(f.refresh));
    const again = await get(refreshUrl(f.refresh));
    expect(again.status).toBe(400);
    expect(again.body.error).toBe('invalid_grant');
    const next = await get(refreshUrl(first.body.refresh_token));
    expect(next.status).toBe(200);
  });

  it('also accepts a form POST', async () => {
    const r = await postForm(
      `${f.double.oauthUrl}/oauth/token/`,
      `grant_type=refresh_token&client_id=${CLIENT.clientId}&client_secret=${CLIENT.clientSecret}&refresh_token=${f.refresh}`,
    );
    expect(r.status).toBe(200);
    expect(r.body.member_id).toBe(f.portal.memberId);
  });

  it('wrong client id or secret: invalid_client, and the refresh token is not spent', async () => {
    const bad = await get(refreshUrl(f.refresh, { clientId: CLIENT.clientId, clientSecret: 'wrong' }));
    expect(bad.body.error).toBe('invalid_client');
    expect((await get(refreshUrl(f.refresh))).status).toBe(200);
  });

  it('a new access token works after the old one expired', async () => {
    f.clock.advance(3600_000);
    expect((await postJson(`${f.portal.clientEndpoint}user.admin`, { auth: f.token })).body.error).toBe('expired_token');
    const r = await get(refreshUrl(f.refresh));
    expect((await postJson(`${f.portal.clientEndpoint}user.admin`, { auth: r.body.access_token })).body.result).toBe(true);
  });

  it('exchanges an authorization code once (30 s life)', async () => {
    const code = f.portal.issueAuthCode(1);
    const url = `${f.double.oauthUrl}/oauth/token/?grant_type=authorization_code&client_id=${CLIENT.clientId}&client_secret=${CLIENT.clientSecret}&code=${code}`;
    expect((await get(url)).status).toBe(200);
    expect((await get(url)).body.error).toBe('invalid_grant');
    const late = f.portal.issueAuthCode(1);
    f.clock.advance(31_000);
    expect((await get(url.replace(code, late))).body.error).toBe('invalid_grant');
  });

  it('PAYMENT_REQUIRED when the paid period is over', async () => {
    const unpaid = f.double.createPortal({ domain: 'unpaid.bitrix24.test', paymentRequired: true });
    const t = await unpaid.install({ headless: true });
    const r = await get(refreshUrl(t.refreshToken));
    expect(r.body).toEqual({ error: 'PAYMENT_REQUIRED', error_description: 'Payment required' });
  });

  it('serves app.info on the auth server with the portal the token belongs to', async () => {
    const r = await get(`${f.double.oauthUrl}/rest/app.info?auth=${f.token}`);
    expect(r.status).toBe(200);
    expect(r.body.result).toMatchObject({
      LICENSE: 'ru_company', INSTALLED: true, STATUS: 'L',
      member_id: f.portal.memberId, domain: 'acme.bitrix24.test', client_endpoint: f.portal.clientEndpoint,
    });
    expect((await get(`${f.double.oauthUrl}/rest/app.info?auth=forged`)).body.error).toBe('invalid_token');
  });

  it('after uninstall, tokens are revoked', async () => {
    await f.portal.uninstall();
    expect((await postJson(`${f.portal.clientEndpoint}user.admin`, { auth: f.token })).status).toBe(401);
    expect((await get(refreshUrl(f.refresh))).body.error).toBe('invalid_grant');
  });

  it('logs refreshes in the portal call log', async () => {
    await get(refreshUrl(f.refresh));
    expect(f.portal.calls().filter((c) => c.method === 'oauth.token')).toEqual([{ method: 'oauth.token', at: expect.any(Number), status: 200 }]);
  });
});
