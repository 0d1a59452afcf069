import { createLead, createPartner, eventually, intake, leadBody, operator, textWithoutIds } from '../support/fixtures';
import { Bitrix24World, startBitrix24World } from '../support/bitrix24-setup';

const SEALED = ['company_name', 'contact_name', 'contact_position', 'contact_phone', 'contact_email', 'contact_phone_hmac', 'contact_email_hmac'];

describe('erasure of a lead\'s personal data', () => {
  let w: Bitrix24World;
  let seq = 0;
  beforeAll(async () => {
    w = await startBitrix24World();
  });
  afterAll(() => w.close());

  const erase = (leadId: string) => w.t.http.post(`/api/v1/leads/${leadId}/erasure`).set(operator);

  async function partnerWithPortal() {
    const domain = `erasure${++seq}.bitrix24.test`;
    const partner = await createPartner(w.t.http, { portalDomain: domain });
    const portal = w.b24.createPortal({ domain });
    await portal.install({ headless: true });
    await eventually(async () => expect(portal.bindings().length).toBe(5));
    return { partner, portal };
  }

  it('destroys the key and blanks the contacts, answers the same twice, and closes the lead to takes', async () => {
    const contact = { name: 'Эраст Удаляемый', phone: '+7 915 111-22-33', email: 'erast@erase.example' };
    const leadId = await createLead(w.t.http, { contact });
    const first = await erase(leadId).expect(200);
    expect(first.body).toEqual({ leadId, status: 'erased', erasedAt: expect.any(String), reason: 'request' });
    const second = await erase(leadId).expect(200);
    expect(second.body).toEqual(first.body);

    const [row] = await w.t.sql<Record<string, unknown>>('SELECT * FROM leads.leads WHERE id = $1', [leadId]);
    for (const column of SEALED) expect(row[column]).toBeNull();
    expect(row).toMatchObject({ status: 'erased', erasure_reason: 'request' });
    expect(await w.t.sql('SELECT * FROM leads.lead_keys WHERE lead_id = $1', [leadId])).toEqual([]);

    const records = await w.t.sql<{ reason: string; requested_by: string }>('SELECT * FROM compliance.erasures WHERE lead_id = $1', [leadId]);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ reason: 'request', requested_by: expect.stringMatching(/^operator:/) });
    const { requested_by: _requester, ...record } = records[0];
    expect(textWithoutIds(record)).not.toMatch(/Эраст|915|erast@/);
    await expect(w.t.sql('UPDATE compliance.erasures SET reason = $1 WHERE lead_id = $2', ['retention', leadId])).rejects.toThrow(/append-only/);
    await expect(w.t.sql('DELETE FROM compliance.erasures WHERE lead_id = $1', [leadId])).rejects.toThrow(/append-only/);

    const partner = await createPartner(w.t.http);
    const take = await w.t.http.post(`/api/v1/leads/${leadId}/claims`).set(partner.auth).expect(409);
    expect(take.body.code).toBe('LEAD_NOT_OPEN');
    await w.t.http.get(`/api/v1/leads/${leadId}`).set(partner.auth).expect(404);
    const withdraw = await w.t.http.post(`/api/v1/leads/${leadId}/withdraw`).set(operator).send({}).expect(409);
    expect(withdraw.body.code).toBe('LEAD_NOT_OPEN');

    // The customer may ask again later: an erased lead holds nothing to de-duplicate against.
    await w.t.http.post('/api/v1/leads').set(intake).send(leadBody({ contact })).expect(201);
  });

  it('only operators may erase; an unknown lead is a 404', async () => {
    const leadId = await createLead(w.t.http);
    const partner = await createPartner(w.t.http);
    await w.t.http.post(`/api/v1/leads/${leadId}/erasure`).set(intake).expect(403);
    await w.t.http.post(`/api/v1/leads/${leadId}/erasure`).set(partner.auth).expect(403);
    const missing = await erase('00000000-0000-4000-8000-000000000000').expect(404);
    expect(missing.body.code).toBe('NOT_FOUND');
    expect(await w.t.sql('SELECT 1 FROM compliance.erasures WHERE lead_id = $1', [leadId])).toEqual([]);
  });

  it('partners who took the lead see the contact gone and marked erased, and their deals get a comment to delete it', async () => {
    const { partner, portal } = await partnerWithPortal();
    const other = await createPartner(w.t.http);
    const leadId = await createLead(w.t.http, { contact: { name: 'Клавдия Стираемая' } });
    const claim = await w.t.http.post(`/api/v1/leads/${leadId}/claims`).set(partner.auth).expect(201);
    const otherClaim = await w.t.http.post(`/api/v1/leads/${leadId}/claims`).set(other.auth).expect(201);
    let dealId = '';
    await eventually(async () => {
      const view = await w.t.http.get(`/api/v1/claims/${claim.body.id}`).set(partner.auth).expect(200);
      expect(view.body.deal).toEqual(expect.objectContaining({ id: expect.any(String) }));
      dealId = view.body.deal.id;
    });

    const { erasedAt } = (await erase(leadId).expect(200)).body;

    for (const [auth, claimId] of [[partner.auth, claim.body.id], [other.auth, otherClaim.body.id]] as const) {
      const view = await w.t.http.get(`/api/v1/claims/${claimId}`).set(auth).expect(200);
      expect(view.body).toMatchObject({
        status: 'active',
        erased: true,
        companyName: null,
        contact: { name: null, position: null, phone: null, email: null },
      });
      const lead = await w.t.http.get(`/api/v1/leads/${leadId}`).set(auth).expect(200);
      expect(lead.body).toMatchObject({ erased: true, company: { name: null }, contact: { name: null, phone: null } });
      expect(JSON.stringify([view.body, lead.body])).not.toContain('Клавдия');
    }
    const logged = await w.t.sql<{ purpose: string }>(
      `SELECT purpose FROM compliance.access_log WHERE lead_id = $1 AND at >= $2`,
      [leadId, erasedAt],
    );
    expect(logged).toEqual([]);

    await eventually(async () => {
      const comments = portal.timelineComments(dealId).map((c: { comment: string }) => c.comment);
      expect(comments.filter((c: string) => c.includes('персональные данные'))).toHaveLength(1);
      expect(comments.join('\n')).toContain('Удалите');
    });
    const [request] = await w.t.sql<{ erasure_noticed_at: Date | null }>(
      'SELECT erasure_noticed_at FROM crm_sync.deal_requests WHERE claim_id = $1',
      [claim.body.id],
    );
    expect(request.erasure_noticed_at).not.toBeNull();
    // A repeated erasure raises no second event (events are written with the erasure itself), so no second comment.
    const erasedEvents = () =>
      w.t.sql(`SELECT id FROM pgboss.job WHERE name LIKE '%.lead.erased' AND data->'payload'->>'leadId' = $1`, [leadId]);
    const before = await erasedEvents();
    expect(before.length).toBeGreaterThan(0);
    await erase(leadId).expect(200);
    expect(await erasedEvents()).toEqual(before);
  });
});
