import { CLIENT, installedPortal, type Fixture } from './fixture';
import { postJson } from './receiver';

// api-reference/chats/notifications/im-notify-system-add.md
describe('Bitrix24 double: im.notify.system.add', () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await installedPortal({ scope: 'crm,user,placement,imopenlines,im' });
  });
  afterEach(() => f.close());

  const notify = (body: object, token = f.token) => postJson(`${f.portal.clientEndpoint}im.notify.system.add`, { ...body, auth: token });

  it('returns the notification id and records it, trimming MESSAGE', async () => {
    const r = await notify({ USER_ID: 5, MESSAGE: '  System notification ', MESSAGE_OUT: 'For email', TAG: 'SYSTEM_EVENT_42', SUB_TAG: 'SYSTEM_EVENT|42' });
    expect(r).toMatchObject({ status: 200, body: { result: 1 } });
    expect((await notify({ USER_ID: 6, MESSAGE: 'Second' })).body.result).toBe(2);
    expect(f.portal.notifications()).toEqual([
      expect.objectContaining({
        id: 1, userId: 5, message: 'System notification', messageOut: 'For email', tag: 'SYSTEM_EVENT_42',
        subTag: 'SYSTEM_EVENT|42', fromApp: true, clientId: CLIENT.clientId, attach: null,
      }),
      expect.objectContaining({ id: 2, userId: 6, message: 'Second', tag: null, fromApp: true }),
    ]);
  });

  it('a new notification with an existing TAG removes the earlier ones of the app', async () => {
    await notify({ USER_ID: 5, MESSAGE: 'v1', TAG: 'DEAL_7' });
    await notify({ USER_ID: 5, MESSAGE: 'other', TAG: 'DEAL_8' });
    const third = await notify({ USER_ID: 5, MESSAGE: 'v2', TAG: 'DEAL_7' });
    expect(f.portal.notifications().map((n) => [n.id, n.message])).toEqual([[2, 'other'], [third.body.result, 'v2']]);
    // SUB_TAG is not checked for uniqueness.
    await notify({ USER_ID: 5, MESSAGE: 'sub a', SUB_TAG: 'S' });
    await notify({ USER_ID: 5, MESSAGE: 'sub b', SUB_TAG: 'S' });
    expect(f.portal.notifications().filter((n) => n.subTag === 'S')).toHaveLength(2);
  });

  it('via a webhook the tag belongs to the app named by CLIENT_ID', async () => {
    const hook = f.portal.addWebhook(1, 'im');
    await notify({ USER_ID: 5, MESSAGE: 'from app', TAG: 'T' });
    const r = await postJson(`${hook}im.notify.system.add`, { USER_ID: 5, MESSAGE: 'from hook', TAG: 'T', CLIENT_ID: 'other.app' });
    expect(r.body.result).toBe(2);
    expect(f.portal.notifications().map((n) => [n.message, n.fromApp, n.clientId])).toEqual([
      ['from app', true, CLIENT.clientId],
      ['from hook', false, 'other.app'],
    ]);
    await postJson(`${hook}im.notify.system.add`, { USER_ID: 5, MESSAGE: 'same app, by hook', TAG: 'T', CLIENT_ID: CLIENT.clientId });
    expect(f.portal.notifications().map((n) => n.message)).toEqual(['from hook', 'same app, by hook']);
  });

  it('documented errors: USER_ID_EMPTY, MESSAGE_EMPTY, ATTACH_ERROR, ATTACH_OVERSIZE', async () => {
    for (const USER_ID of [undefined, 0, -3]) {
      expect(await notify({ USER_ID, MESSAGE: 'x' })).toEqual({ status: 400, body: { error: 'USER_ID_EMPTY', error_description: "User ID can't be empty" } });
    }
    for (const MESSAGE of [undefined, '', '   ']) {
      expect(await notify({ USER_ID: 5, MESSAGE })).toEqual({ status: 400, body: { error: 'MESSAGE_EMPTY', error_description: "Message can't be empty" } });
    }
    expect((await notify({ USER_ID: 5, MESSAGE: 'x', ATTACH: '{not json' })).body.error).toBe('ATTACH_ERROR');
    expect((await notify({ USER_ID: 5, MESSAGE: 'x', ATTACH: 'x'.repeat(60_001) })).body.error).toBe('ATTACH_OVERSIZE');
    expect(f.portal.notifications()).toEqual([]);
    const attach = [{ MESSAGE: 'Deal [B]7[/B]' }];
    expect((await notify({ USER_ID: 5, MESSAGE: 'x', ATTACH: JSON.stringify(attach) })).status).toBe(200);
    expect(f.portal.notifications()[0].attach).toEqual(attach);
  });

  it('without the im scope: 403 insufficient_scope', async () => {
    const g = await installedPortal();
    try {
      const r = await postJson(`${g.portal.clientEndpoint}im.notify.system.add`, { USER_ID: 1, MESSAGE: 'x', auth: g.token });
      expect(r).toMatchObject({ status: 403, body: { error: 'insufficient_scope' } });
      expect(g.portal.notifications()).toEqual([]);
    } finally {
      await g.close();
    }
    const hook = f.portal.addWebhook(1, 'crm,user');
    expect((await postJson(`${hook}im.notify.system.add`, { USER_ID: 1, MESSAGE: 'x' })).body.error).toBe('insufficient_scope');
  });

  it('works inside batch', async () => {
    const r = await postJson(`${f.portal.clientEndpoint}batch`, {
      auth: f.token, halt: 0, cmd: { a: 'im.notify.system.add?USER_ID=3&MESSAGE=Hi', b: 'im.notify.system.add?USER_ID=3' },
    });
    expect(r.body.result.result.a).toBe(1);
    expect(r.body.result.result_error.b).toMatchObject({ error: 'MESSAGE_EMPTY' });
  });
});
