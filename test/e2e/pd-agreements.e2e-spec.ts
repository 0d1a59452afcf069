import { auditor, createLead, createPartner, intake, operator } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
let n = 0;
// Intake de-duplicates by phone and e-mail, so each request here has a contact of its own.
const freshLead = (t: TestApp) =>
  createLead(t.http, { contact: { phone: `+7 900 100-${String(++n).padStart(4, '0')}`, email: `pd-${n}@example.com` } });

describe('personal-data agreement versions', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('before any version is published, partners take requests as before (the agreement rule passes: nothing to accept)', async () => {
    const p = await createPartner(t.http);
    const leadId = await freshLead(t);
    await t.http.post(`/api/v1/leads/${leadId}/claims`).set(p.auth).expect(201);
    const me = await t.http.get('/api/v1/me').set(p.auth).expect(200);
    expect(me.body.eligibility.rules.find((r: { rule: string }) => r.rule === 'PD_AGREEMENT_ACCEPTED')).toMatchObject({
      result: 'pass',
      reasonCode: 'NO_AGREEMENT_IN_EFFECT',
    });
  });

  it('an operator publishes versions; operators and auditors list them, newest effective date first', async () => {
    // Soon, not far ahead: partner sessions last an hour.
    const effectiveFrom = new Date(t.clock.now().getTime() + 10 * MINUTE).toISOString();
    const created = await t.http
      .post('/api/v1/compliance/pd-agreements')
      .set(operator)
      .send({ version: '2026-02', text: 'Текст соглашения\nвторая строка', effectiveFrom })
      .expect(201);
    expect(created.body).toEqual({
      version: '2026-02',
      text: 'Текст соглашения\nвторая строка',
      textSha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      effectiveFrom,
      publishedAt: expect.any(String),
      publishedBy: expect.stringMatching(/^operator:key:/),
      inEffect: false,
    });
    const listed = await t.http.get('/api/v1/compliance/pd-agreements').set(auditor).expect(200);
    expect(listed.body).toEqual([created.body]);
  });

  it('refuses a second publication of a version, a backdated one, and other roles', async () => {
    const again = await t.http.post('/api/v1/compliance/pd-agreements').set(operator).send({ version: '2026-02', text: 'другой текст' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('CONFLICT');
    const past = new Date(t.clock.now().getTime() - 24 * HOUR).toISOString();
    const backdated = await t.http.post('/api/v1/compliance/pd-agreements').set(operator).send({ version: 'old', text: 'x', effectiveFrom: past });
    expect(backdated.status).toBe(400);
    const blank = await t.http.post('/api/v1/compliance/pd-agreements').set(operator).send({ version: 'v<script>', text: '' });
    expect(blank.status).toBe(400);
    await t.http.post('/api/v1/compliance/pd-agreements').set(auditor).send({ version: 'x1', text: 'x' }).expect(403);
    await t.http.get('/api/v1/compliance/pd-agreements').set(intake).expect(403);
    const listed = await t.http.get('/api/v1/compliance/pd-agreements').set(operator).expect(200);
    expect(listed.body.map((v: { text: string }) => v.text)).toEqual(['Текст соглашения\nвторая строка']);
  });

  it.each([
    ['UPDATE', "UPDATE compliance.pd_agreement_versions SET text = 'changed'"],
    ['DELETE', 'DELETE FROM compliance.pd_agreement_versions'],
    ['TRUNCATE', 'TRUNCATE compliance.pd_agreement_versions'],
    ['TRUNCATE of acceptances', 'TRUNCATE compliance.pd_acceptances'],
  ])('the database refuses %s', async (_, statement) => {
    await expect(t.sql(statement)).rejects.toThrow(/append-only/);
    expect(await t.sql('SELECT text FROM compliance.pd_agreement_versions')).toEqual([{ text: 'Текст соглашения\nвторая строка' }]);
  });

  it('once the version takes effect, a partner whose portal has not accepted it cannot take requests, and GET /me says why', async () => {
    const p = await createPartner(t.http, { portalDomain: 'never-accepted.bitrix24.test' });
    const early = await freshLead(t);
    await t.http.post(`/api/v1/leads/${early}/claims`).set(p.auth).expect(201);

    t.clock.advance(11 * MINUTE);
    const leadId = await freshLead(t);
    const refused = await t.http.post(`/api/v1/leads/${leadId}/claims`).set(p.auth).expect(403);
    expect(refused.body.code).toBe('PD_AGREEMENT_REQUIRED');
    expect(await t.sql('SELECT 1 FROM claims.claims WHERE lead_id = $1', [leadId])).toEqual([]);

    const me = await t.http.get('/api/v1/me').set(p.auth).expect(200);
    expect(me.body.eligibility.eligible).toBe(false);
    expect(me.body.eligibility.rules).toContainEqual(
      expect.objectContaining({
        rule: 'PD_AGREEMENT_ACCEPTED',
        result: 'fail',
        passed: false,
        blocking: true,
        reason: expect.stringContaining('2026-02'),
        reasonRu: expect.stringContaining('2026-02'),
        actionRu: expect.stringContaining('Администратор портала'),
      }),
    );
    const listed = await t.http.get('/api/v1/compliance/pd-agreements').set(operator).expect(200);
    expect(listed.body[0].inEffect).toBe(true);
  });

  it('a blocked contract still answers PARTNER_NOT_ELIGIBLE: that rule comes first', async () => {
    const p = await createPartner(t.http, { contractStatus: 'blocked' });
    const leadId = await freshLead(t);
    const refused = await t.http.post(`/api/v1/leads/${leadId}/claims`).set(p.auth).expect(403);
    expect(refused.body.code).toBe('PARTNER_NOT_ELIGIBLE');
  });
});
