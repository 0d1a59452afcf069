import { createPartner, eventually, operator } from '../support/fixtures';
import { encodePhpForm } from '../support/bitrix24-double';
import { startBitrix24World, ticketFromInstallPage, Bitrix24World } from '../support/bitrix24-setup';

describe('Bitrix24 app: install, events, uninstall', () => {
  let w: Bitrix24World;
  beforeAll(async () => {
    w = await startBitrix24World();
  });
  afterAll(() => w.close());

  it('the install page stores the portal, shows the agreement and records its acceptance', async () => {
    await createPartner(w.t.http, { portalDomain: 'acme.bitrix24.test' });
    const portal = w.b24.createPortal({ domain: 'acme.bitrix24.test' });
    const { response } = await portal.install();
    expect(response?.status).toBe(200);
    expect(response?.body).toContain('Соглашение об обработке персональных данных');

    const stored = await w.t.sql<{ domain: string; status: string; access_token: string }>(
      'SELECT domain, status, access_token FROM crm_sync.portals WHERE member_id = $1',
      [portal.memberId],
    );
    expect(stored).toEqual([{ domain: 'acme.bitrix24.test', status: 'installed', access_token: expect.stringMatching(/^v1\./) }]);

    await w.t.http.post('/b24/install/accept').send({ ticket: ticketFromInstallPage(response!.body) }).expect(204);
    const acceptances = await w.t.sql('SELECT member_id, b24_user_id, version FROM compliance.pd_acceptances');
    expect(acceptances).toEqual([{ member_id: portal.memberId, b24_user_id: expect.any(String), version: '2026-01' }]);
    portal.installFinish();

    await eventually(async () => {
      const bound = portal.bindings().map((b) => b.event).sort();
      expect(bound).toEqual(['ONAPPUNINSTALL', 'ONAPPUPDATE', 'ONCRMDEALDELETE', 'ONCRMDEALMOVETOCATEGORY', 'ONCRMDEALUPDATE']);
    });
    // The job marks the handlers bound once the portal lists them, a moment after the binds.
    await eventually(async () => {
      const listed = await w.t.http.get('/api/v1/portals').set(operator).expect(200);
      expect(listed.body).toEqual([expect.objectContaining({ memberId: portal.memberId, partnerId: expect.any(String), handlersBound: true })]);
    });
  });

  it('a headless install arrives as ONAPPINSTALL; reinstalling updates the same portal', async () => {
    const portal = w.b24.createPortal({ domain: 'headless.bitrix24.test' });
    await portal.install({ headless: true });
    await portal.install({ headless: true });
    const rows = await w.t.sql('SELECT status FROM crm_sync.portals WHERE member_id = $1', [portal.memberId]);
    expect(rows).toEqual([{ status: 'installed' }]);
  });

  it('refuses forged events: no token, a wrong one, or another portal\'s', async () => {
    const a = w.b24.createPortal({ domain: 'forge-a.bitrix24.test' });
    const b = w.b24.createPortal({ domain: 'forge-b.bitrix24.test' });
    await a.install({ headless: true });
    await b.install({ headless: true });
    const uninstall = (memberId: string, token?: string) =>
      w.t.http
        .post('/b24/events')
        .type('form')
        .send(encodePhpForm({ event: 'ONAPPUNINSTALL', auth: { member_id: memberId, ...(token ? { application_token: token } : {}) } }));
    expect((await uninstall(a.memberId)).status).toBe(401);
    expect((await uninstall(a.memberId, 'not-the-token')).status).toBe(401);
    expect((await uninstall(a.memberId, b.applicationToken!)).status).toBe(401);
    const rows = await w.t.sql('SELECT status FROM crm_sync.portals WHERE member_id = $1', [a.memberId]);
    expect(rows).toEqual([{ status: 'installed' }]);
  });

  it('a forged install (a refresh token Bitrix24 never issued) is refused and stores nothing', async () => {
    const res = await w.t.http
      .post('/b24/install')
      .type('form')
      .send(encodePhpForm({ event: 'ONAPPINSTALL', auth: { member_id: 'evil', domain: 'evil.test', refresh_token: 'forged', application_token: 'x' } }));
    expect(res.status).toBe(401);
    expect(await w.t.sql("SELECT 1 FROM crm_sync.portals WHERE member_id = 'evil'")).toEqual([]);
  });

  it('ONAPPUNINSTALL with the right token marks the portal uninstalled and forgets its tokens', async () => {
    const portal = w.b24.createPortal({ domain: 'leaving.bitrix24.test' });
    await portal.install({ headless: true });
    await eventually(async () => expect(portal.bindings().length).toBe(5));
    expect(await portal.uninstall()).toBe(200);
    const rows = await w.t.sql('SELECT status, access_token, refresh_token FROM crm_sync.portals WHERE member_id = $1', [portal.memberId]);
    expect(rows).toEqual([{ status: 'uninstalled', access_token: null, refresh_token: null }]);
  });

  it('a placement launch is trusted only with an AUTH_ID of the stored portal and its application token', async () => {
    const partner = await createPartner(w.t.http, { portalDomain: 'launch.bitrix24.test' });
    const portal = w.b24.createPortal({ domain: 'launch.bitrix24.test' });
    await portal.install({ headless: true });
    const ok = await portal.launch();
    expect(ok.status).toBe(200);
    const token = /name="partner-session" content="([^"]+)"/.exec(ok.body)?.[1];
    const me = await w.t.http.get('/api/v1/me').set('Authorization', `Bearer ${token}`).expect(200);
    expect(me.body.partner.id).toBe(partner.id);

    expect((await portal.launch({ forgeApplicationToken: 'wrong' })).status).toBe(401);
    expect((await portal.launch({ authId: 'not-a-token' })).status).toBe(401);
    const other = w.b24.createPortal({ domain: 'other.bitrix24.test' });
    await other.install({ headless: true });
    expect((await portal.launch({ forgeMemberId: other.memberId })).status).toBe(401);
  });
});
