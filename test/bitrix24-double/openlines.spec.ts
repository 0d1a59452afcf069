import { installedPortal, type Fixture } from './fixture';
import { postJson } from './receiver';

// api-reference/imopenlines/openlines/imopenlines-config-list-get.md
describe('Bitrix24 double: imopenlines.config.list.get', () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await installedPortal({ scope: 'crm,user,placement,imopenlines' });
  });
  afterEach(() => f.close());

  const list = (body: object = {}, token = f.token) =>
    postJson(`${f.portal.clientEndpoint}imopenlines.config.list.get`, { ...body, auth: token });

  it('returns a plain array of lines with ID, LINE_NAME and ACTIVE, and no next/total', async () => {
    expect((await list()).body.result).toEqual([]);
    expect(f.portal.addOpenLine({ name: 'Website chat' })).toBe('1');
    f.portal.addOpenLine({ name: 'Old line', active: false });
    const r = await list();
    expect(r.status).toBe(200);
    expect(r.body.result).toEqual([
      expect.objectContaining({ ID: '1', LINE_NAME: 'Website chat', ACTIVE: 'Y' }),
      expect.objectContaining({ ID: '2', LINE_NAME: 'Old line', ACTIVE: 'N' }),
    ]);
    expect(r.body).not.toHaveProperty('next');
    expect(r.body).not.toHaveProperty('total');
    expect(f.portal.openLines()).toEqual([
      { id: '1', name: 'Website chat', active: true, queue: [] },
      { id: '2', name: 'Old line', active: false, queue: [] },
    ]);
  });

  it('PARAMS select, filter and order as in the doc example', async () => {
    f.portal.addOpenLine({ name: 'A' });
    f.portal.addOpenLine({ name: 'B', active: false });
    f.portal.addOpenLine({ name: 'C' });
    const r = await list({ PARAMS: { select: ['ID', 'LINE_NAME', 'ACTIVE'], order: { ID: 'DESC' }, filter: { ACTIVE: 'Y' } } });
    expect(r.body.result).toEqual([
      { ID: '3', LINE_NAME: 'C', ACTIVE: 'Y' },
      { ID: '1', LINE_NAME: 'A', ACTIVE: 'Y' },
    ]);
  });

  it('250 lines read in pages of 200 by offset; limit defaults to 50 and is capped at 200', async () => {
    for (let i = 1; i <= 250; i++) f.portal.addOpenLine({ name: `Line ${i}` });
    const first = await list({ PARAMS: { select: ['ID'], limit: 200, offset: 0 } });
    const second = await list({ PARAMS: { select: ['ID'], limit: 200, offset: 200 } });
    expect(first.body.result).toHaveLength(200);
    expect(second.body.result).toHaveLength(50);
    const ids = [...first.body.result, ...second.body.result].map((l: { ID: string }) => Number(l.ID));
    expect(ids).toEqual(Array.from({ length: 250 }, (_, i) => i + 1));
    expect((await list({ PARAMS: { select: ['ID'], offset: 250 } })).body.result).toEqual([]);
    expect((await list()).body.result).toHaveLength(50);
    expect((await list({ PARAMS: { limit: 1000 } })).body.result).toHaveLength(200);
  });

  it('OPTIONS QUEUE and CONFIG_QUEUE add the queue fields', async () => {
    f.portal.addUser({ id: 101, name: 'John', lastName: 'Smith' });
    f.portal.addOpenLine({ name: 'VIP', queue: [101] });
    const r = await list({ PARAMS: { select: ['ID'] }, OPTIONS: { QUEUE: 'Y', CONFIG_QUEUE: 'Y' } });
    expect(r.body.result).toEqual([{
      ID: '1', QUEUE: [101],
      QUEUE_USERS_FIELDS: { 101: { USER_NAME: 'John Smith', USER_WORK_POSITION: null, USER_AVATAR: '', USER_AVATAR_ID: null } },
      CONFIG_QUEUE: [{ ENTITY_ID: '101', ENTITY_TYPE: 'user' }],
    }]);
  });

  it.each([
    [{ PARAMS: { start: 0 } }, 'Unsupported PARAMS fields are passed: start'],
    [{ PARAMS: { select: 'ID' } }, "A wrong format for the PARAMS field 'select' is passed"],
    [{ PARAMS: { select: ['NOPE'] } }, "An unknown field 'NOPE' is passed in the PARAMS field 'select'"],
    [{ PARAMS: { select: ['QUEUE'] } }, "An unknown field 'QUEUE' is passed in the PARAMS field 'select'"],
    [{ PARAMS: { order: { ID: 'UP' } } }, "A wrong sorting direction is passed in the PARAMS field 'order'"],
    [{ PARAMS: { filter: { NOPE: 1 } } }, "An unknown field 'NOPE' is passed in the PARAMS field 'filter'"],
    [{ PARAMS: { limit: -1 } }, "A non-negative integer is expected in the PARAMS field 'limit'"],
    [{ PARAMS: { offset: 'x' } }, "A non-negative integer is expected in the PARAMS field 'offset'"],
    [{ OPTIONS: { FOO: 'Y' } }, 'Unsupported OPTIONS fields are passed: FOO'],
    [{ OPTIONS: { QUEUE: ['Y'] } }, "A wrong format for the OPTIONS field 'QUEUE' is passed"],
  ])('400 INVALID_FORMAT for %j', async (body, description) => {
    expect(await list(body)).toEqual({ status: 400, body: { error: 'INVALID_FORMAT', error_description: description } });
  });

  it('without the imopenlines scope: 403 insufficient_scope (app token and webhook)', async () => {
    const g = await installedPortal();
    try {
      g.portal.addOpenLine({ name: 'Chat' });
      const r = await postJson(`${g.portal.clientEndpoint}imopenlines.config.list.get`, { auth: g.token });
      expect(r).toMatchObject({ status: 403, body: { error: 'insufficient_scope' } });
    } finally {
      await g.close();
    }
    const hook = f.portal.addWebhook(1, 'crm');
    expect((await postJson(`${hook}imopenlines.config.list.get`, {})).body.error).toBe('insufficient_scope');
    const allowed = f.portal.addWebhook(1, 'imopenlines');
    expect((await postJson(`${allowed}imopenlines.config.list.get`, {})).body.result).toEqual([]);
  });

  it('a portal can grant the app more scopes than the app card (PortalOptions.scope)', async () => {
    const g = await installedPortal();
    try {
      const p = g.double.createPortal({ domain: 'lines.bitrix24.test', scope: 'crm,user,placement,imopenlines' });
      const { accessToken } = await p.install({ headless: true });
      const r = await postJson(`${p.clientEndpoint}imopenlines.config.list.get`, { auth: accessToken });
      expect(r).toMatchObject({ status: 200, body: { result: [] } });
      expect((await postJson(`${p.clientEndpoint}scope`, { auth: accessToken })).body.result).toEqual(['crm', 'user', 'placement', 'imopenlines']);
      expect((await postJson(`${g.portal.clientEndpoint}scope`, { auth: g.token })).body.result).toEqual(['crm', 'user', 'placement']);
    } finally {
      await g.close();
    }
  });
});
