import { installedPortal, type Fixture } from './fixture';
import { postJson } from './receiver';

describe('Bitrix24 double: placement.bind / unbind / get', () => {
  let f: Fixture;
  const call = (method: string, body: Record<string, unknown> = {}, token = f.token) =>
    postJson(`${f.portal.clientEndpoint}${method}`, { ...body, auth: token });
  const tab = { PLACEMENT: 'CRM_DEAL_DETAIL_TAB', HANDLER: 'https://app.example.ru/b24/app', TITLE: 'Заявка' };

  beforeEach(async () => {
    f = await installedPortal();
  });
  afterEach(() => f.close());

  it('binds a deal card tab; placement.get and placements() report it, OPTIONS are not kept for a tab', async () => {
    const bound = await call('placement.bind', { ...tab, OPTIONS: { x: '1' }, LANG_ALL: { en: { TITLE: 'Request' } } });
    expect(bound).toEqual({ status: 200, body: expect.objectContaining({ result: true }) });
    const got = await call('placement.get');
    expect(got.body.result).toEqual([
      {
        placement: 'CRM_DEAL_DETAIL_TAB', userId: 0, handler: tab.HANDLER, options: [], title: 'Заявка', description: '',
        langAll: { en: { TITLE: 'Request', DESCRIPTION: '', GROUP_NAME: '' } },
      },
    ]);
    expect(f.portal.placements()).toEqual([expect.objectContaining({ placement: 'CRM_DEAL_DETAIL_TAB', handler: tab.HANDLER, title: 'Заявка' })]);
  });

  it('takes the title from LANG_ALL when TITLE is missing; lower-case keys are read too', async () => {
    await call('placement.bind', { placement: 'crm_deal_detail_tab', handler: tab.HANDLER, LANG_ALL: { ru: { TITLE: 'Заявка' } } });
    expect(f.portal.placements()[0]).toEqual(expect.objectContaining({ placement: 'CRM_DEAL_DETAIL_TAB', title: 'Заявка' }));
  });

  it('binding the same PLACEMENT and HANDLER twice is ERROR_CORE "Handler already binded"', async () => {
    await call('placement.bind', tab);
    const again = await call('placement.bind', tab);
    expect(again.status).toBe(400);
    expect(again.body).toEqual({ error: 'ERROR_CORE', error_description: 'Unable to set placement handler: Handler already binded' });
    expect((await call('placement.bind', { ...tab, HANDLER: 'https://app.example.ru/other' })).body.result).toBe(true);
  });

  it('reports missing arguments as ERROR_ARGUMENT with HTTP 200 and the argument named', async () => {
    const noPlacement = await call('placement.bind', { HANDLER: tab.HANDLER });
    expect(noPlacement).toEqual({
      status: 200,
      body: { error: 'ERROR_ARGUMENT', error_description: "Argument 'PLACEMENT' is null or empty", argument: 'PLACEMENT' },
    });
    const noHandler = await call('placement.bind', { PLACEMENT: 'CRM_DEAL_DETAIL_TAB' });
    expect(noHandler.status).toBe(200);
    expect(noHandler.body).toEqual(expect.objectContaining({ error: 'ERROR_ARGUMENT', argument: 'HANDLER' }));
  });

  it('single-instance placements answer ERROR_PLACEMENT_MAX_COUNT (200); USER_ID elsewhere ERROR_PLACEMENT_USER_MODE (200)', async () => {
    expect((await call('placement.bind', { PLACEMENT: 'REST_APP_URI', HANDLER: tab.HANDLER })).body.result).toBe(true);
    const second = await call('placement.bind', { PLACEMENT: 'REST_APP_URI', HANDLER: 'https://app.example.ru/2' });
    expect(second).toEqual({ status: 200, body: expect.objectContaining({ error: 'ERROR_PLACEMENT_MAX_COUNT' }) });
    const userMode = await call('placement.bind', { ...tab, USER_ID: 1 });
    expect(userMode).toEqual({ status: 200, body: expect.objectContaining({ error: 'ERROR_PLACEMENT_USER_MODE' }) });
  });

  it('refuses unknown placements, placements of a missing scope and handlers that are not http(s) URLs', async () => {
    expect((await call('placement.bind', { ...tab, PLACEMENT: 'NO_SUCH_PLACE' })).body.error).toBe('ERROR_PLACEMENT_NOT_FOUND');
    expect((await call('placement.bind', { ...tab, PLACEMENT: 'IM_CONTEXT_MENU' })).body.error).toBe('ERROR_PLACEMENT_NOT_FOUND');
    expect((await call('placement.bind', { ...tab, HANDLER: 'ftp://app.example.ru/' })).body.error).toBe('ERROR_UNSUPPORTED_PROTOCOL');
    expect((await call('placement.bind', { ...tab, HANDLER: 'http://localhost/app' })).body.error).toBe('ERROR_WRONG_HANDLER_URL');
    expect(f.portal.placements()).toEqual([]);
  });

  it('needs the app context, the placement scope and an administrator', async () => {
    const hook = f.portal.addWebhook(1, 'crm,placement');
    const viaWebhook = await postJson(`${hook}placement.bind`, tab);
    expect(viaWebhook).toEqual({ status: 403, body: expect.objectContaining({ error: 'WRONG_AUTH_TYPE' }) });

    f.portal.addUser({ id: 7, admin: false });
    const { accessToken } = (f.portal as unknown as { issueTokens(u: number): { accessToken: string } }).issueTokens(7);
    for (const method of ['placement.bind', 'placement.unbind', 'placement.get']) {
      const r = await call(method, tab, accessToken);
      expect(r).toEqual({ status: 403, body: expect.objectContaining({ error: 'ACCESS_DENIED' }) });
    }
  });

  it('placement.bind without the placement scope is insufficient_scope', async () => {
    const g = await installedPortal({ scope: 'crm,user' });
    try {
      const r = await postJson(`${g.portal.clientEndpoint}placement.bind`, { ...tab, auth: g.token });
      expect(r.body.error).toBe('insufficient_scope');
    } finally {
      await g.close();
    }
  });

  it('placement.unbind removes by PLACEMENT (+HANDLER); the count is the documented two per removed record', async () => {
    await call('placement.bind', tab);
    await call('placement.bind', { ...tab, HANDLER: 'https://app.example.ru/2' });
    expect((await call('placement.unbind', { PLACEMENT: 'CRM_DEAL_DETAIL_TAB', HANDLER: 'https://app.example.ru/2' })).body.result).toEqual({ count: 2 });
    expect(f.portal.placements().map((p) => p.handler)).toEqual([tab.HANDLER]);
    expect((await call('placement.unbind', { PLACEMENT: 'CRM_DEAL_DETAIL_TAB' })).body.result).toEqual({ count: 2 });
    expect((await call('placement.unbind', { PLACEMENT: 'CRM_DEAL_DETAIL_TAB' })).body.result).toEqual({ count: 0 });
    const missing = await call('placement.unbind', {});
    expect(missing).toEqual({ status: 400, body: expect.objectContaining({ error: 'ERROR_ARGUMENT', argument: 'PLACEMENT' }) });
  });

  it('bindings are dropped on update, on uninstall and when the installer runs again', async () => {
    await call('placement.bind', tab);
    await f.portal.update();
    expect(f.portal.placements()).toEqual([]);

    const { accessToken } = await f.portal.install();
    await call('placement.bind', tab, accessToken);
    expect(f.portal.placements()).toHaveLength(1);
    await f.portal.install();
    expect(f.portal.placements()).toEqual([]);

    const again = await f.portal.install();
    await call('placement.bind', tab, again.accessToken);
    await f.portal.uninstall();
    expect(f.portal.placements()).toEqual([]);
  });

  it('a placement bound before installFinish is stored but not shown until the install is finished', async () => {
    const { accessToken } = await f.portal.install();
    expect(f.portal.installed).toBe(false);
    expect((await call('placement.bind', tab, accessToken)).body.result).toBe(true);
    const portal = f.portal as unknown as { visiblePlacements(p: string): unknown[] };
    expect(portal.visiblePlacements('CRM_DEAL_DETAIL_TAB')).toEqual([]);
    f.portal.installFinish();
    expect(portal.visiblePlacements('CRM_DEAL_DETAIL_TAB')).toHaveLength(1);
  });

  it('a tab launch carries PLACEMENT and PLACEMENT_OPTIONS as a JSON string', async () => {
    await f.portal.launch({ placement: 'CRM_DEAL_DETAIL_TAB', placementOptions: { ID: '451' } });
    const [got] = f.receiver.on('/b24/app');
    expect(got.form).toEqual(expect.objectContaining({ PLACEMENT: 'CRM_DEAL_DETAIL_TAB', PLACEMENT_OPTIONS: '{"ID":"451"}' }));
  });
});
