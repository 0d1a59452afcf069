import { installedPortal, type Fixture } from './fixture';
import { get, postForm, postJson } from './receiver';

describe('Bitrix24 double: REST router and envelope', () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await installedPortal();
  });
  afterEach(() => f.close());

  it('answers {result, time} with every time key the docs show', async () => {
    // event.bind example: `{"result": true, "time": {start, finish, duration, processing, date_start, date_finish, operating}}`
    const r = await postJson(`${f.portal.clientEndpoint}profile`, { auth: f.token });
    expect(r.status).toBe(200);
    expect(r.body.result).toEqual({ ID: '1', ADMIN: true, NAME: expect.any(String), LAST_NAME: expect.any(String), PERSONAL_GENDER: '', TIME_ZONE: '' });
    expect(Object.keys(r.body.time).sort()).toEqual(
      ['date_finish', 'date_start', 'duration', 'finish', 'operating', 'operating_reset_at', 'processing', 'start'].sort(),
    );
    expect(r.body.time.date_start).toBe('2026-01-01T00:00:00+00:00');
    expect(r.body.time.start).toBe(Date.UTC(2026, 0, 1) / 1000);
  });

  it('reads the token from auth (query, form, JSON), access_token and a Bearer header', async () => {
    const ep = f.portal.clientEndpoint;
    expect((await get(`${ep}user.admin?auth=${f.token}`)).body.result).toBe(true);
    expect((await postForm(`${ep}user.admin`, `auth=${f.token}`)).body.result).toBe(true);
    expect((await postJson(`${ep}user.admin`, { auth: f.token })).body.result).toBe(true);
    expect((await get(`${ep}user.admin?access_token=${f.token}`)).body.result).toBe(true);
    expect((await postJson(`${ep}user.admin`, {}, { authorization: `Bearer ${f.token}` })).body.result).toBe(true);
  });

  it('matches method names case-insensitively and accepts the .json suffix', async () => {
    const r = await postJson(`${f.portal.clientEndpoint}User.Current.json`, { auth: f.token });
    expect(r.status).toBe(200);
    expect(r.body.result).toMatchObject({ ID: '1', ACTIVE: true, UF_DEPARTMENT: [1] });
  });

  it('reads PHP-bracket form bodies', async () => {
    const form =
      `auth=${f.token}&fields[TITLE]=Form%20deal&fields[OPPORTUNITY]=12.5` +
      `&fields[CURRENCY_ID]=EUR`;
    const add = await postForm(`${f.portal.clientEndpoint}crm.deal.add`, form);
    expect(add.body.result).toBe(1);
    const got = await postJson(`${f.portal.clientEndpoint}crm.deal.get`, { id: 1, auth: f.token });
    expect(got.body.result).toMatchObject({ ID: '1', TITLE: 'Form deal', OPPORTUNITY: '12.50', CURRENCY_ID: 'EUR' });
  });

  it('401 NO_AUTH_FOUND without a token, invalid_token for an unknown one', async () => {
    const none = await postJson(`${f.portal.clientEndpoint}user.current`, {});
    expect(none).toEqual({ status: 401, body: { error: 'NO_AUTH_FOUND', error_description: 'Wrong authorization data' } });
    const bad = await postJson(`${f.portal.clientEndpoint}user.current`, { auth: 'nope' });
    expect(bad.status).toBe(401);
    expect(bad.body.error).toBe('invalid_token');
  });

  it('a token of one portal does not open another', async () => {
    const other = f.double.createPortal({ domain: 'other.bitrix24.test' });
    const r = await postJson(`${other.clientEndpoint}user.current`, { auth: f.token });
    expect(r.status).toBe(401);
    expect(r.body.error).toBe('invalid_token');
  });

  it('access tokens expire after 3600 s on the injected clock: 401 expired_token', async () => {
    f.clock.advance(3599_000);
    expect((await postJson(`${f.portal.clientEndpoint}user.admin`, { auth: f.token })).status).toBe(200);
    f.clock.advance(1000);
    const r = await postJson(`${f.portal.clientEndpoint}user.admin`, { auth: f.token });
    expect(r.status).toBe(401);
    expect(r.body.error).toBe('expired_token');
  });

  it('expireAccessTokens() makes every current token answer expired_token', async () => {
    f.portal.expireAccessTokens();
    const r = await postJson(`${f.portal.clientEndpoint}user.admin`, { auth: f.token });
    expect(r).toMatchObject({ status: 401, body: { error: 'expired_token' } });
  });

  it('404 ERROR_METHOD_NOT_FOUND for an unknown method', async () => {
    const r = await postJson(`${f.portal.clientEndpoint}crm.nothing.here`, { auth: f.token });
    expect(r).toEqual({ status: 404, body: { error: 'ERROR_METHOD_NOT_FOUND', error_description: 'Method not found!' } });
  });

  it('legacy CRM errors carry an empty code and HTTP 400 (crm.deal.get docs)', async () => {
    const r = await postJson(`${f.portal.clientEndpoint}crm.deal.add`, { fields: 'x', auth: f.token });
    expect(r).toEqual({ status: 400, body: { error: '', error_description: "Parameter 'fields' must be array." } });
    const missing = await postJson(`${f.portal.clientEndpoint}crm.deal.get`, { id: 999, auth: f.token });
    expect(missing).toEqual({ status: 400, body: { error: '', error_description: 'Not found' } });
    const badId = await postJson(`${f.portal.clientEndpoint}crm.deal.get`, { id: 'abc', auth: f.token });
    expect(badId.body).toEqual({ error: '', error_description: 'ID is not defined or invalid.' });
  });

  it('app.info in app context has the documented keys and decodes the licence', async () => {
    const r = await postJson(`${f.portal.clientEndpoint}app.info`, { auth: f.token });
    expect(r.body.result).toEqual({
      ID: expect.any(Number), CODE: expect.any(String), VERSION: 1, STATUS: 'L', INSTALLED: true,
      PAYMENT_EXPIRED: 'N', DAYS: null, LANGUAGE_ID: 'ru', LICENSE: 'ru_company', LICENSE_TYPE: 'company', LICENSE_FAMILY: 'company',
    });
    const ent = f.double.createPortal({ domain: 'big.bitrix24.test', license: 'de_ent10000' });
    const t = await ent.install({ headless: true });
    const e = await postJson(`${ent.clientEndpoint}app.info`, { auth: t.accessToken });
    expect(e.body.result).toMatchObject({ LICENSE: 'de_ent10000', LICENSE_TYPE: 'ent10000', LICENSE_FAMILY: 'ent', LANGUAGE_ID: 'de' });
    const box = f.double.createPortal({ domain: 'box.example.test', license: 'ru_selfhosted' });
    const b = await box.install({ headless: true });
    const bi = (await postJson(`${box.clientEndpoint}app.info`, { auth: b.accessToken })).body.result;
    expect(bi.LICENSE).toBe('ru_selfhosted');
    expect(bi).not.toHaveProperty('LICENSE_TYPE');
  });

  it('403 insufficient_scope when the app card lacks the scope', async () => {
    const g = await installedPortal({ scope: 'user' });
    try {
      const r = await postJson(`${g.portal.clientEndpoint}crm.deal.list`, { auth: g.token });
      expect(r).toMatchObject({ status: 403, body: { error: 'insufficient_scope' } });
    } finally {
      await g.close();
    }
  });

  it('incoming webhooks need no auth, but app-only methods answer WRONG_AUTH_TYPE', async () => {
    const hook = f.portal.addWebhook(1, 'crm');
    expect((await postJson(`${hook}crm.deal.list`, {})).body).toMatchObject({ result: [], total: 0 });
    const bind = await postJson(`${hook}event.bind`, { event: 'ONCRMDEALUPDATE', handler: 'https://x.test/h' });
    expect(bind).toMatchObject({ status: 403, body: { error: 'WRONG_AUTH_TYPE' } });
    const wrong = await postJson(`${hook.replace(/\/[0-9a-f]+\/$/, '/bad/')}crm.deal.list`, {});
    expect(wrong).toMatchObject({ status: 401, body: { error: 'NO_AUTH_FOUND' } });
  });

  it('a renamed portal answers 302 with the new address', async () => {
    const old = f.portal.clientEndpoint;
    f.portal.rename('acme-new.bitrix24.test');
    const r = await fetch(`${old}user.admin?auth=${f.token}`, { redirect: 'manual' });
    expect(r.status).toBe(302);
    expect(r.headers.get('location')).toBe(`${f.portal.clientEndpoint}user.admin?auth=${f.token}`);
  });
});
