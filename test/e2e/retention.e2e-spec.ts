import { RetainContactsTask } from '../../src/modules/leads/application/retain-contacts.task';
import { createLead, createPartner, eventually, operator } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';

const DAY_MS = 24 * 60 * 60 * 1000;

describe('retention of personal data', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { PII_RETENTION_DAYS: '100', LOST_CLAIM_ACCESS_DAYS: '10' } });
  });
  afterAll(() => t.close());

  const close = (claimId: string, body: object) => t.http.post(`/api/v1/claims/${claimId}/close`).set(operator).send(body).expect(200);
  const claimView = (auth: Record<string, string>, id: string) => t.http.get(`/api/v1/claims/${id}`).set(auth).expect(200).then((r) => r.body);
  const retain = () => t.app.get(RetainContactsTask).run();
  const keyOf = (leadId: string) => t.sql('SELECT 1 FROM leads.lead_keys WHERE lead_id = $1', [leadId]);
  /** Retention follows claims through events: wait until the leads module has heard of them. */
  const claimsKnown = (leadId: string, taken: number, closed: number) =>
    eventually(async () => {
      const rows = await t.sql<{ closed_at: Date | null }>('SELECT closed_at FROM leads.lead_claims WHERE lead_id = $1', [leadId]);
      expect([rows.length, rows.filter((r) => r.closed_at).length]).toEqual([taken, closed]);
    });
  /** Sessions expire as the test clock moves on: a partner signs in again. */
  const signIn = async (partnerId: string) => {
    const session = await t.http.post(`/api/v1/partners/${partnerId}/sessions`).set(operator).send({}).expect(201);
    return { Authorization: `Bearer ${session.body.token}` };
  };

  it('a partner whose claim was lost keeps the contacts for LOST_CLAIM_ACCESS_DAYS, then sees them no more', async () => {
    const loser = await createPartner(t.http);
    const winner = await createPartner(t.http);
    const leadId = await createLead(t.http, { contact: { name: 'Лидия Потерянная' } });
    const lost = await t.http.post(`/api/v1/leads/${leadId}/claims`).set(loser.auth).expect(201);
    const won = await t.http.post(`/api/v1/leads/${leadId}/claims`).set(winner.auth).expect(201);
    await close(lost.body.id, { outcome: 'lost', reason: 'no budget' });
    await close(won.body.id, { outcome: 'won', portalAddress: 'lidia.bitrix24.ru' });

    t.clock.advance(9 * DAY_MS);
    loser.auth = await signIn(loser.id);
    expect(await claimView(loser.auth, lost.body.id)).toMatchObject({ accessExpired: false, contact: { name: 'Лидия Потерянная' } });

    t.clock.advance(2 * DAY_MS);
    loser.auth = await signIn(loser.id);
    winner.auth = await signIn(winner.id);
    const expired = await claimView(loser.auth, lost.body.id);
    expect(expired).toMatchObject({
      accessExpired: true,
      erased: false,
      companyName: null,
      contact: { name: null, position: null, phone: null, email: null },
    });
    const lead = await t.http.get(`/api/v1/leads/${leadId}`).set(loser.auth).expect(200);
    expect(lead.body).toMatchObject({ accessExpired: true, contact: { name: null } });
    expect(JSON.stringify([expired, lead.body])).not.toContain('Лидия');
    // The winner's access does not expire.
    expect(await claimView(winner.auth, won.body.id)).toMatchObject({ accessExpired: false, contact: { name: 'Лидия Потерянная' } });
    // Nothing was disclosed to the loser, so nothing was logged.
    const log = await t.sql(
      `SELECT 1 FROM compliance.access_log WHERE lead_id = $1 AND partner_id = $2 AND at >= $3`,
      [leadId, loser.id, new Date(t.clock.now().getTime() - DAY_MS)],
    );
    expect(log).toEqual([]);
  });

  it('destroys the contacts PII_RETENTION_DAYS after the lead and its last claim closed, not before, and only once', async () => {
    const partner = await createPartner(t.http);
    const leadId = await createLead(t.http, { contact: { name: 'Ретен Хранимый' } });
    const claim = await t.http.post(`/api/v1/leads/${leadId}/claims`).set(partner.auth).expect(201);
    await t.http.post(`/api/v1/leads/${leadId}/withdraw`).set(operator).send({}).expect(204);
    await claimsKnown(leadId, 1, 0);

    // The lead is closed but a claim on it is still active: its contacts are kept however long.
    t.clock.advance(150 * DAY_MS);
    await retain();
    expect(await keyOf(leadId)).toHaveLength(1);

    await close(claim.body.id, { outcome: 'lost', reason: 'customer went silent' });
    await claimsKnown(leadId, 1, 1);
    t.clock.advance(99 * DAY_MS);
    await retain();
    expect(await keyOf(leadId)).toHaveLength(1);

    t.clock.advance(2 * DAY_MS);
    expect(await retain()).toBeGreaterThanOrEqual(1);
    expect(await keyOf(leadId)).toEqual([]);
    const [row] = await t.sql<Record<string, unknown>>('SELECT * FROM leads.leads WHERE id = $1', [leadId]);
    expect(row).toMatchObject({ status: 'withdrawn', erasure_reason: 'retention', contact_name: null, contact_phone: null, company_name: null });
    const records = await t.sql('SELECT reason, requested_by FROM compliance.erasures WHERE lead_id = $1', [leadId]);
    expect(records).toEqual([{ reason: 'retention', requested_by: 'retention' }]);
    expect(await retain()).toBe(0);
    expect(await t.sql('SELECT 1 FROM compliance.erasures WHERE lead_id = $1', [leadId])).toHaveLength(1);

    // An operator's later erasure request answers with the retention's erasure and changes nothing.
    const answer = await t.http.post(`/api/v1/leads/${leadId}/erasure`).set(operator).expect(200);
    expect(answer.body).toMatchObject({ leadId, status: 'erased', reason: 'retention' });
  });

  it('counts from the lead\'s close for a lead nobody took, and never touches an open lead', async () => {
    const open = await createLead(t.http);
    const closed = await createLead(t.http);
    await t.http.post(`/api/v1/leads/${closed}/withdraw`).set(operator).send({}).expect(204);
    t.clock.advance(101 * DAY_MS);
    await retain();
    expect(await keyOf(closed)).toEqual([]);
    expect(await keyOf(open)).toHaveLength(1);
  });

  it('two runs at once erase each lead once', async () => {
    const ids = [await createLead(t.http), await createLead(t.http), await createLead(t.http)];
    for (const id of ids) await t.http.post(`/api/v1/leads/${id}/withdraw`).set(operator).send({}).expect(204);
    t.clock.advance(101 * DAY_MS);
    await Promise.all([retain(), retain()]);
    const records = await t.sql('SELECT lead_id FROM compliance.erasures WHERE lead_id = ANY($1)', [ids]);
    expect(records).toHaveLength(3);
  });
});
