import { startBitrix24Double, type Bitrix24Double, type FakePortal } from '../support/bitrix24-double';
import { CLIENT } from './fixture';
import { Clock, postJson, Receiver } from './receiver';

describe('Bitrix24 double: installation, launch and event delivery', () => {
  let double: Bitrix24Double;
  let app: Receiver;
  let portal: FakePortal;
  const clock = new Clock();

  beforeEach(async () => {
    app = await new Receiver().start();
    double = await startBitrix24Double({ now: clock.now });
    double.registerApp({ ...CLIENT, installUrl: `${app.url}/b24/install`, appUrl: `${app.url}/b24/app` });
    portal = double.createPortal({ domain: 'acme.bitrix24.test', memberId: 'a223c6b3710f85df22e9377d6c4f7553' });
  });
  afterEach(async () => {
    await double.close();
    await app.close();
  });

  const rest = (token: string, method: string, body: object = {}) => postJson(`${portal.clientEndpoint}${method}`, { ...body, auth: token });

  it('UI install POSTs the install page like a placement launch (widget_data.md)', async () => {
    const t = await portal.install();
    const [page] = app.on('/b24/install');
    expect(page.contentType).toBe('application/x-www-form-urlencoded');
    expect(page.query).toEqual({ DOMAIN: 'acme.bitrix24.test', PROTOCOL: '1', LANG: 'ru', APP_SID: expect.any(String) });
    expect(page.form).toMatchObject({
      AUTH_ID: t.accessToken, AUTH_EXPIRES: '3600', REFRESH_ID: t.refreshToken, SERVER_ENDPOINT: `${double.oauthUrl}/rest/`,
      APPLICATION_TOKEN: t.applicationToken, member_id: 'a223c6b3710f85df22e9377d6c4f7553', status: 'L', PLACEMENT: 'DEFAULT',
    });
    expect(portal.applicationToken).toBe(t.applicationToken);
    expect((await rest(t.accessToken, 'app.info')).body.result.INSTALLED).toBe(false);
    portal.installFinish();
    expect((await rest(t.accessToken, 'app.info')).body.result.INSTALLED).toBe(true);
  });

  it('event.bind / event.get / event.unbind as documented, with their errors', async () => {
    const t = await portal.install();
    const h = `${app.url}/b24/events`;
    expect((await rest(t.accessToken, 'event.bind', { event: 'onCrmDealUpdate', handler: h })).body.result).toBe(true);
    const dup = await rest(t.accessToken, 'event.bind', { event: 'ONCRMDEALUPDATE', handler: h });
    expect(dup.status).toBe(400);
    expect(dup.body).toEqual({ error: 'ERROR_CORE', error_description: 'Unable to set event handler: Handler already binded' });
    expect((await rest(t.accessToken, 'event.bind', { event: 'ONNOTHING', handler: h })).body).toEqual({ error: 'ERROR_EVENT_NOT_FOUND', error_description: 'Event not found' });
    expect((await rest(t.accessToken, 'event.get')).body.result).toEqual([{ event: 'ONCRMDEALUPDATE', handler: h, auth_type: '0', offline: 0 }]);
    expect(portal.bindings()).toEqual([{ event: 'ONCRMDEALUPDATE', handler: h, authType: '0', offline: 0 }]);
    expect((await rest(t.accessToken, 'event.unbind', { event: 'ONCRMDEALUPDATE', handler: h })).body.result).toEqual({ count: 1 });
    expect((await rest(t.accessToken, 'event.get')).body.result).toEqual([]);
  });

  it('non-admins cannot bind offline events or for another user', async () => {
    const t = await portal.install({ userId: 7 });
    const off = await rest(t.accessToken, 'event.bind', { event: 'ONCRMDEALUPDATE', handler: `${app.url}/h`, event_type: 'offline' });
    expect(off).toMatchObject({ status: 403, body: { error: 'ACCESS_DENIED' } });
    const other = await rest(t.accessToken, 'event.bind', { event: 'ONCRMDEALUPDATE', handler: `${app.url}/h`, auth_type: 1 });
    expect(other.status).toBe(403);
  });

  it('delivers deal events form-encoded with PHP brackets (on-crm-deal-update.md), only after installFinish', async () => {
    const t = await portal.install();
    const h = `${app.url}/b24/events`;
    for (const event of ['ONCRMDEALADD', 'ONCRMDEALUPDATE', 'ONCRMDEALDELETE', 'ONCRMDEALMOVETOCATEGORY'])
      await rest(t.accessToken, 'event.bind', { event, handler: h });
    await rest(t.accessToken, 'crm.deal.add', { fields: { TITLE: 'before finish' } });
    await portal.flushEvents();
    expect(app.on('/b24/events')).toHaveLength(0);

    portal.installFinish();
    await rest(t.accessToken, 'crm.deal.update', { id: 1, fields: { TITLE: 'x' } });
    await portal.flushEvents();
    const [upd] = app.on('/b24/events');
    expect(upd.contentType).toBe('application/x-www-form-urlencoded');
    expect(upd.raw).toContain('data%5BFIELDS%5D%5BID%5D=1');
    expect(upd.form).toEqual({
      event: 'ONCRMDEALUPDATE',
      event_handler_id: expect.stringMatching(/^\d+$/),
      data: { FIELDS: { ID: '1' } },
      ts: String(Date.UTC(2026, 0, 1) / 1000),
      auth: {
        access_token: expect.any(String), expires_in: '3600', scope: 'crm,user,placement', domain: 'acme.bitrix24.test',
        server_endpoint: `${double.oauthUrl}/rest/`, status: 'L', client_endpoint: portal.clientEndpoint,
        member_id: 'a223c6b3710f85df22e9377d6c4f7553', application_token: t.applicationToken,
      },
    });
    // The token in an event is a working token of the acting user.
    expect((await rest((upd.form.auth as Record<string, string>).access_token, 'user.admin')).body.result).toBe(true);

    await postJson(`${portal.clientEndpoint}crm.category.add`, { entityTypeId: 2, fields: { name: 'P' }, auth: t.accessToken });
    await portal.setDealStage('1', 'WON');
    await portal.moveDealToCategory('1', 1);
    await portal.setDealStage('1', 'C1:LOSE');
    await portal.deleteDeal('1');
    const seen = app.on('/b24/events').map((r) => [r.form.event, (r.form.data as { FIELDS: object }).FIELDS]);
    expect(seen).toEqual([
      ['ONCRMDEALUPDATE', { ID: '1' }],
      ['ONCRMDEALUPDATE', { ID: '1' }],
      ['ONCRMDEALMOVETOCATEGORY', { ID: '1', CATEGORY_ID: '1', STAGE_ID: 'C1:NEW' }],
      ['ONCRMDEALUPDATE', { ID: '1' }],
      ['ONCRMDEALDELETE', { ID: '1' }],
    ]);
  });

  it('a stage in another pipeline is a move, not an update; deliver:false stays silent', async () => {
    const t = await portal.install({ headless: true });
    await rest(t.accessToken, 'event.bind', { event: 'ONCRMDEALMOVETOCATEGORY', handler: `${app.url}/ev` });
    await rest(t.accessToken, 'event.bind', { event: 'ONCRMDEALUPDATE', handler: `${app.url}/ev` });
    await rest(t.accessToken, 'crm.category.add', { entityTypeId: 2, fields: { name: 'P' } });
    await rest(t.accessToken, 'crm.deal.add', { fields: { TITLE: 'x' } });
    await portal.setDealStage('1', 'C1:WON');
    await portal.setDealStage('1', 'C1:LOSE', { deliver: false });
    expect(app.on('/ev').map((r) => r.form.event)).toEqual(['ONCRMDEALMOVETOCATEGORY']);
  });

  it('no retries, and dropEvents loses events entirely', async () => {
    const t = await portal.install({ headless: true });
    await rest(t.accessToken, 'event.bind', { event: 'ONCRMDEALUPDATE', handler: `${app.url}/ev` });
    await rest(t.accessToken, 'crm.deal.add', { fields: { TITLE: 'x' } });
    app.status = 500;
    await portal.setDealStage('1', 'WON');
    expect(app.on('/ev')).toHaveLength(1);
    app.status = 200;
    portal.faults.dropEvents = true;
    await portal.setDealStage('1', 'LOSE');
    expect(app.on('/ev')).toHaveLength(1);
  });

  it('headless install POSTs ONAPPINSTALL with auth[...] incl. refresh_token (installation-callback.md)', async () => {
    const t = await portal.install({ headless: true });
    const [ev] = app.on('/b24/install');
    expect(ev.form).toMatchObject({
      event: 'ONAPPINSTALL',
      data: { VERSION: '1', ACTIVE: 'Y', INSTALLED: 'Y', LANGUAGE_ID: 'ru' },
      auth: { access_token: t.accessToken, refresh_token: t.refreshToken, application_token: t.applicationToken, member_id: portal.memberId, domain: 'acme.bitrix24.test' },
    });
    expect(portal.installed).toBe(true);
  });

  it('sendOnAppInstall goes to the bound handler, or to the install URL', async () => {
    const t = await portal.install();
    expect(await portal.sendOnAppInstall()).toBe(200);
    expect(app.on('/b24/install')[1].form).toMatchObject({ event: 'ONAPPINSTALL', auth: { refresh_token: expect.any(String) } });
    await rest(t.accessToken, 'event.bind', { event: 'ONAPPINSTALL', handler: `${app.url}/hook` });
    await portal.sendOnAppInstall();
    expect(app.on('/hook')[0].form).toMatchObject({ event: 'ONAPPINSTALL', event_handler_id: expect.any(String) });
  });

  it('uninstall: ONAPPUNINSTALL without tokens (on-app-uninstall.md), bindings gone, API closed', async () => {
    const t = await portal.install();
    portal.installFinish();
    await rest(t.accessToken, 'event.bind', { event: 'ONAPPUNINSTALL', handler: `${app.url}/ev` });
    expect(await portal.uninstall({ clean: true })).toBe(200);
    const [ev] = app.on('/ev');
    expect(ev.form).toEqual({
      event: 'ONAPPUNINSTALL',
      event_handler_id: expect.any(String),
      data: { LANGUAGE_ID: 'ru', CLEAN: '1' },
      ts: expect.any(String),
      auth: {
        domain: 'acme.bitrix24.test', server_endpoint: `${double.oauthUrl}/rest/`, client_endpoint: portal.clientEndpoint,
        member_id: portal.memberId, application_token: t.applicationToken,
      },
    });
    expect(portal.bindings()).toEqual([]);
    expect((await rest(t.accessToken, 'user.admin')).status).toBe(401);
  });

  it('launch POSTs to the app URL with placement data; forged fields are sent as asked', async () => {
    const t = await portal.install();
    portal.installFinish();
    const r = await portal.launch({ placement: 'CRM_DEAL_DETAIL_TAB', placementOptions: { ID: '8061' } });
    expect(r.status).toBe(200);
    const [l] = app.on('/b24/app');
    expect(l.form).toMatchObject({ PLACEMENT: 'CRM_DEAL_DETAIL_TAB', PLACEMENT_OPTIONS: '{"ID":"8061"}', APPLICATION_TOKEN: t.applicationToken, member_id: portal.memberId });
    expect((await rest(l.form.AUTH_ID as string, 'user.admin')).body.result).toBe(true);
    await portal.launch({ forgeDomain: 'evil.bitrix24.test', forgeApplicationToken: 'forged', authId: 'stolen' });
    const forged = app.on('/b24/app')[1];
    expect(forged.query.DOMAIN).toBe('evil.bitrix24.test');
    expect(forged.form).toMatchObject({ APPLICATION_TOKEN: 'forged', AUTH_ID: 'stolen' });
  });

  it('reinstall keeps the application token and drops old bindings', async () => {
    const first = await portal.install({ headless: true });
    await rest(first.accessToken, 'event.bind', { event: 'ONCRMDEALUPDATE', handler: `${app.url}/ev` });
    const second = await portal.install({ headless: true });
    expect(second.applicationToken).toBe(first.applicationToken);
    expect(portal.bindings()).toEqual([]);
    await portal.uninstall();
    const third = await portal.install({ headless: true });
    expect(third.applicationToken).not.toBe(first.applicationToken);
  });

  it('an update (on-app-update.md) sends ONAPPUPDATE with a refresh token and a new application token, then drops every binding', async () => {
    const t = await portal.install({ headless: true });
    await rest(t.accessToken, 'event.bind', { event: 'ONAPPUPDATE', handler: `${app.url}/ev` });
    await rest(t.accessToken, 'event.bind', { event: 'ONCRMDEALUPDATE', handler: `${app.url}/ev` });
    expect(await portal.update()).toEqual([200]);
    const [update] = app.on('/ev');
    expect(update.form).toMatchObject({
      event: 'ONAPPUPDATE',
      data: { VERSION: '2', PREVIOUS_VERSION: '1', LANGUAGE_ID: 'ru' },
      auth: {
        member_id: portal.memberId,
        refresh_token: expect.any(String),
        access_token: expect.any(String),
        client_endpoint: portal.clientEndpoint,
        application_token: portal.applicationToken,
      },
    });
    expect(portal.applicationToken).not.toBe(t.applicationToken);
    expect(portal.bindings()).toEqual([]);
    expect(await portal.update({ deliver: false })).toEqual([]);
  });

  it('a duplicate event.bind answers Bitrix24\'s real wording, and dropBindings removes every handler', async () => {
    const t = await portal.install({ headless: true });
    const h = `${app.url}/ev`;
    await rest(t.accessToken, 'event.bind', { event: 'ONCRMDEALUPDATE', handler: h });
    const dup = await rest(t.accessToken, 'event.bind', { event: 'ONCRMDEALUPDATE', handler: h });
    expect(dup.body.error_description).toBe('Unable to set event handler: Handler already binded');
    portal.dropBindings();
    expect((await rest(t.accessToken, 'event.get')).body.result).toEqual([]);
  });
});
