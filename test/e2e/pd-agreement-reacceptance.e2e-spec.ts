import { launchContextOf } from '../support/app-launch';
import { createLead, createPartner, operator } from '../support/fixtures';
import { startBitrix24World, ticketFromInstallPage, Bitrix24World } from '../support/bitrix24-setup';

let n = 0;
// Intake de-duplicates by phone and e-mail, so each request here has a contact of its own.
const freshLead = (w: Bitrix24World) =>
  createLead(w.t.http, { contact: { phone: `+7 900 200-${String(++n).padStart(4, '0')}`, email: `reaccept-${n}@example.com` } });

describe('a new personal-data agreement version: blocked takes, re-acceptance in the app', () => {
  let w: Bitrix24World;
  beforeAll(async () => {
    w = await startBitrix24World();
  });
  afterAll(() => w.close());

  it('blocks takes until a portal administrator accepts the new version in the app', async () => {
    const partner = await createPartner(w.t.http, { portalDomain: 'reaccept.bitrix24.test' });
    const portal = w.b24.createPortal({ domain: 'reaccept.bitrix24.test' });
    const { response } = await portal.install();
    await w.t.http.post('/b24/install/accept').send({ ticket: ticketFromInstallPage(response!.body) }).expect(204);
    portal.installFinish();
    await w.t.http.post(`/api/v1/leads/${await freshLead(w)}/claims`).set(partner.auth).expect(201);

    await w.t.http
      .post('/api/v1/compliance/pd-agreements')
      .set(operator)
      .send({ version: '2026-02', text: 'Новая редакция: <b>не разметка</b>\nвторая строка' })
      .expect(201);
    const blockedLead = await freshLead(w);
    const refused = await w.t.http.post(`/api/v1/leads/${blockedLead}/claims`).set(partner.auth).expect(403);
    expect(refused.body.code).toBe('PD_AGREEMENT_REQUIRED');
    const me = await w.t.http.get('/api/v1/me').set(partner.auth).expect(200);
    expect(me.body.eligibility.rules).toContainEqual(expect.objectContaining({ rule: 'PD_AGREEMENT_ACCEPTED', passed: false }));

    // An employee who is not an administrator sees the text but gets no accept button.
    const employee = await portal.launch({ userId: 7 });
    expect(employee.status).toBe(200);
    expect(employee.body).not.toContain('<b>не разметка</b>');
    expect(launchContextOf(employee.body).agreement).toEqual({
      version: '2026-02',
      text: 'Новая редакция: <b>не разметка</b>\nвторая строка',
      ticket: null,
    });

    const admin = launchContextOf((await portal.launch()).body);
    expect(admin.agreement).toMatchObject({ version: '2026-02', ticket: expect.any(String) });
    await w.t.http.post('/b24/install/accept').send({ ticket: admin.agreement!.ticket }).expect(204);

    const acceptances = await w.t.sql(
      'SELECT portal_domain, b24_user_id, version, source_ip FROM compliance.pd_acceptances WHERE member_id = $1 ORDER BY id',
      [portal.memberId],
    );
    expect(acceptances).toEqual([
      { portal_domain: 'reaccept.bitrix24.test', b24_user_id: '1', version: '2026-01', source_ip: expect.any(String) },
      { portal_domain: 'reaccept.bitrix24.test', b24_user_id: '1', version: '2026-02', source_ip: expect.any(String) },
    ]);
    await w.t.http.post(`/api/v1/leads/${blockedLead}/claims`).set(partner.auth).expect(201);
    const after = await w.t.http.get('/api/v1/me').set(partner.auth).expect(200);
    expect(after.body.eligibility).toMatchObject({ eligible: true });
    expect(launchContextOf((await portal.launch()).body).agreement).toBeNull();
  });

  it('the install page shows the published version in effect and records its acceptance', async () => {
    const portal = w.b24.createPortal({ domain: 'fresh.bitrix24.test' });
    const { response } = await portal.install();
    expect(response!.body).toContain('Версия соглашения: <b>2026-02</b>');
    expect(response!.body).toContain('вторая строка');
    await w.t.http.post('/b24/install/accept').send({ ticket: ticketFromInstallPage(response!.body) }).expect(204);
    const rows = await w.t.sql('SELECT version FROM compliance.pd_acceptances WHERE member_id = $1', [portal.memberId]);
    expect(rows).toEqual([{ version: '2026-02' }]);
  });

  it('refuses a forged ticket and records nothing', async () => {
    const before = await w.t.sql('SELECT count(*)::int AS n FROM compliance.pd_acceptances');
    await w.t.http.post('/b24/install/accept').send({ ticket: 'forged' }).expect(401);
    expect(await w.t.sql('SELECT count(*)::int AS n FROM compliance.pd_acceptances')).toEqual(before);
  });
});
