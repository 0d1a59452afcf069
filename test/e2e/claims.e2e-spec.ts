import { createLead, createPartner, eventually, KNOWN_CONTACT, operator } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';

describe('taking and closing claims', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('taking a lead reveals the contacts, counts against the cap and logs the disclosure', async () => {
    const partner = await createPartner(t.http);
    const leadId = await createLead(t.http, { contact: KNOWN_CONTACT });

    const before = await t.http.get(`/api/v1/leads/${leadId}`).set(partner.auth).expect(200);
    expect(before.body).toMatchObject({ claimedByMe: false, myClaimId: null, slotsLeft: 3 });
    expect(before.body.contact).toEqual({ name: null, position: null, phone: null, email: null });
    expect(before.body.company.name).toBeNull();

    const taken = await t.http.post(`/api/v1/leads/${leadId}/claims`).set(partner.auth).expect(201);
    expect(taken.body).toMatchObject({
      leadId,
      status: 'active',
      companyName: 'ООО Ромашка',
      contact: { name: 'Ivan Petrov', position: 'CEO', phone: '+79991234567', email: 'ivan@romashka.example' },
    });

    const after = await t.http.get(`/api/v1/leads/${leadId}`).set(partner.auth).expect(200);
    expect(after.body).toMatchObject({ claimedByMe: true, myClaimId: taken.body.id, slotsLeft: 2 });
    expect(after.body.contact.phone).toBe('+79991234567');

    const me = await t.http.get('/api/v1/me').set(partner.auth).expect(200);
    expect(me.body.cap).toEqual({ limit: 3, used: 1 });

    const log = await t.http.get('/api/v1/compliance/access-log').query({ leadId }).set(operator).expect(200);
    expect(log.body.items.map((r: { purpose: string }) => r.purpose).sort()).toEqual(['claim-taken', 'lead-viewed']);
  });

  it('refuses a second take by the same partner and hides the lead\'s other holders', async () => {
    const a = await createPartner(t.http);
    const b = await createPartner(t.http);
    const leadId = await createLead(t.http);
    await t.http.post(`/api/v1/leads/${leadId}/claims`).set(a.auth).expect(201);
    const again = await t.http.post(`/api/v1/leads/${leadId}/claims`).set(a.auth).expect(409);
    expect(again.body.code).toBe('ALREADY_CLAIMED');

    const seenByB = await t.http.get(`/api/v1/leads/${leadId}`).set(b.auth).expect(200);
    expect(seenByB.body).toMatchObject({ claimedByMe: false, myClaimId: null });
    expect(JSON.stringify(seenByB.body)).not.toContain(a.id);
    await t.http.post(`/api/v1/leads/${leadId}/claims`).set(b.auth).expect(201);
  });

  it('a claim of another partner does not exist for me', async () => {
    const a = await createPartner(t.http);
    const b = await createPartner(t.http);
    const leadId = await createLead(t.http);
    const taken = await t.http.post(`/api/v1/leads/${leadId}/claims`).set(a.auth).expect(201);
    const res = await t.http.get(`/api/v1/claims/${taken.body.id}`).set(b.auth).expect(404);
    expect(res.body.code).toBe('NOT_FOUND');
    const mine = await t.http.get('/api/v1/claims').set(b.auth).expect(200);
    expect(mine.body.items).toEqual([]);
  });

  it('at the cap no other lead can be taken until a claim closes', async () => {
    const partner = await createPartner(t.http, { claimCap: 1 });
    const first = await createLead(t.http);
    const second = await createLead(t.http);
    const claim = await t.http.post(`/api/v1/leads/${first}/claims`).set(partner.auth).expect(201);
    const refused = await t.http.post(`/api/v1/leads/${second}/claims`).set(partner.auth).expect(409);
    expect(refused.body.code).toBe('CLAIM_CAP_REACHED');

    await t.http.post(`/api/v1/claims/${claim.body.id}/close`).set(operator).send({ outcome: 'lost', reason: 'no budget' }).expect(200);
    await t.http.post(`/api/v1/leads/${second}/claims`).set(partner.auth).expect(201);
  });

  it('won needs a portal address or licence key; the claim stays active without one', async () => {
    const partner = await createPartner(t.http);
    const leadId = await createLead(t.http);
    const claim = await t.http.post(`/api/v1/leads/${leadId}/claims`).set(partner.auth).expect(201);
    const close = (body: object) => t.http.post(`/api/v1/claims/${claim.body.id}/close`).set(operator).send(body);

    const refused = await close({ outcome: 'won' }).expect(422);
    expect(refused.body.code).toBe('WON_REQUIRES_PROOF');
    const still = await t.http.get(`/api/v1/claims/${claim.body.id}`).set(partner.auth).expect(200);
    expect(still.body.status).toBe('active');

    const won = await close({ outcome: 'won', portalAddress: 'HTTPS://Customer.Bitrix24.RU/crm/deal/' }).expect(200);
    expect(won.body).toMatchObject({ status: 'won', portalAddress: 'customer.bitrix24.ru' });

    const final = await close({ outcome: 'lost' }).expect(409);
    expect(final.body.code).toBe('CLAIM_CLOSED');
  });

  it('a withdrawn lead cannot be taken, and an expired one neither', async () => {
    const partner = await createPartner(t.http);
    const withdrawn = await createLead(t.http);
    await t.http.post(`/api/v1/leads/${withdrawn}/withdraw`).set(operator).send({ reason: 'duplicate' }).expect(204);
    const res = await t.http.post(`/api/v1/leads/${withdrawn}/claims`).set(partner.auth).expect(409);
    expect(res.body.code).toBe('LEAD_NOT_OPEN');
    await t.http.get(`/api/v1/leads/${withdrawn}`).set(partner.auth).expect(404);
  });

  it('a partner whose contract is blocked cannot take requests', async () => {
    const partner = await createPartner(t.http, { contractStatus: 'blocked' });
    const leadId = await createLead(t.http);
    const res = await t.http.post(`/api/v1/leads/${leadId}/claims`).set(partner.auth).expect(403);
    expect(res.body.code).toBe('PARTNER_NOT_ELIGIBLE');
  });

  it('claim events reach the partner statistics and the CRM deal queue', async () => {
    const partner = await createPartner(t.http);
    const leadId = await createLead(t.http);
    const claim = await t.http.post(`/api/v1/leads/${leadId}/claims`).set(partner.auth).expect(201);
    await t.http.post(`/api/v1/claims/${claim.body.id}/close`).set(operator).send({ outcome: 'won', licenseKey: 'NFR-1234-5678' }).expect(200);
    await eventually(async () => {
      const res = await t.http.get(`/api/v1/partners/${partner.id}`).set(operator).expect(200);
      expect(res.body.stats).toEqual({ claimsTaken: 1, claimsWon: 1, claimsLost: 0 });
    });
    await eventually(async () => {
      const rows = await t.sql('SELECT state FROM crm_sync.deal_requests WHERE claim_id = $1', [claim.body.id]);
      expect(rows).toEqual([{ state: 'pending' }]);
    });
  });
});
