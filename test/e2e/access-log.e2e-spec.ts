import { auditor, createLead, createPartner, intake, operator, textWithoutIds } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';

describe('personal-data access log', () => {
  let t: TestApp;
  let a: Awaited<ReturnType<typeof createPartner>>;
  let b: Awaited<ReturnType<typeof createPartner>>;
  let leadId: string;

  beforeAll(async () => {
    t = await startTestApp();
    a = await createPartner(t.http);
    b = await createPartner(t.http);
    leadId = await createLead(t.http);
    const claimA = await t.http.post(`/api/v1/leads/${leadId}/claims`).set(a.auth).expect(201);
    await t.http.post(`/api/v1/leads/${leadId}/claims`).set(b.auth).expect(201);
    await t.http.get(`/api/v1/claims/${claimA.body.id}`).set(a.auth).expect(200);
  });
  afterAll(() => t.close());

  it('records who received the contacts, through which claim and why', async () => {
    const res = await t.http.get('/api/v1/compliance/access-log').query({ partnerId: a.id }).set(auditor).expect(200);
    expect(res.body.items.map((r: { purpose: string }) => r.purpose)).toEqual(['claim-viewed', 'claim-taken']);
    expect(res.body.items[0]).toMatchObject({ partnerId: a.id, leadId, channel: 'api', claimId: expect.any(String) });
    expect(textWithoutIds(res.body)).not.toMatch(/Ivan|romashka|999/);
  });

  it('filters by time and pages with a cursor', async () => {
    const all = await t.http.get('/api/v1/compliance/access-log').query({ leadId }).set(operator).expect(200);
    expect(all.body.items).toHaveLength(3);
    const first = await t.http.get('/api/v1/compliance/access-log').query({ leadId, limit: 2 }).set(operator).expect(200);
    const second = await t.http
      .get('/api/v1/compliance/access-log')
      .query({ leadId, limit: 2, cursor: first.body.nextCursor })
      .set(operator)
      .expect(200);
    expect([...first.body.items, ...second.body.items]).toEqual(all.body.items);
    expect(second.body.nextCursor).toBeNull();

    const future = new Date(Date.now() + 3_600_000).toISOString();
    const none = await t.http.get('/api/v1/compliance/access-log').query({ leadId, from: future }).set(operator).expect(200);
    expect(none.body.items).toEqual([]);
  });

  it('is closed to the intake role and to partners', async () => {
    expect((await t.http.get('/api/v1/compliance/access-log').set(intake).expect(403)).body.code).toBe('FORBIDDEN');
    expect((await t.http.get('/api/v1/compliance/access-log').set(a.auth).expect(403)).body.code).toBe('FORBIDDEN');
  });

  it.each([
    ['UPDATE', "UPDATE compliance.access_log SET purpose = 'lead-viewed'"],
    ['DELETE', 'DELETE FROM compliance.access_log'],
    ['TRUNCATE', 'TRUNCATE compliance.access_log'],
  ])('the database refuses %s on the log', async (_, statement) => {
    const before = await t.sql('SELECT count(*)::int AS n FROM compliance.access_log');
    await expect(t.sql(statement)).rejects.toThrow(/append-only/);
    expect(await t.sql('SELECT count(*)::int AS n FROM compliance.access_log')).toEqual(before);
  });
});
