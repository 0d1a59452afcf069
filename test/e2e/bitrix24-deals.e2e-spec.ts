import { ReconcileDealsTask } from '../../src/modules/crm-sync/application/reconcile-deals.task';
import { createLead, createPartner, eventually, operator, KNOWN_CONTACT } from '../support/fixtures';
import { FakePortal } from '../support/bitrix24-double';
import { startBitrix24World, Bitrix24World } from '../support/bitrix24-setup';

const PIPELINE = 'Заявки на внедрение Битрикс24';
const PORTAL_FIELD = 'UF_CRM_PL_PORTAL_ADDRESS';

describe('deals in the partner\'s Bitrix24 follow its claims', () => {
  let w: Bitrix24World;
  let seq = 0;
  beforeAll(async () => {
    // The tests poll their claims while deals are made: more reads than a partner's reveal budget allows.
    w = await startBitrix24World({ RATE_LIMIT_REVEALS_PER_PARTNER: '100000' });
  });
  afterAll(() => w.close());

  async function partnerWithPortal() {
    const domain = `p${++seq}.bitrix24.test`;
    const partner = await createPartner(w.t.http, { portalDomain: domain });
    const portal = w.b24.createPortal({ domain });
    await portal.install({ headless: true });
    await eventually(async () => expect(portal.bindings().length).toBe(5));
    return { partner, portal };
  }

  async function takeWithDeal(partner: { auth: Record<string, string> }, portal: FakePortal, contact: object = {}) {
    const leadId = await createLead(w.t.http, { contact });
    const claim = await w.t.http.post(`/api/v1/leads/${leadId}/claims`).set(partner.auth).expect(201);
    let dealId = '';
    await eventually(async () => {
      const view = await w.t.http.get(`/api/v1/claims/${claim.body.id}`).set(partner.auth).expect(200);
      expect(view.body.deal).toEqual(expect.objectContaining({ id: expect.any(String), deleted: false }));
      dealId = view.body.deal.id;
    });
    const category = portal.categories().find((c) => c.name === PIPELINE)!;
    return { leadId, claimId: claim.body.id as string, dealId, stage: (s: string) => `C${category.id}:${s}` };
  }

  const claimOf = (auth: Record<string, string>, id: string) =>
    w.t.http.get(`/api/v1/claims/${id}`).set(auth).expect(200).then((r) => r.body);

  it('taking a lead creates company, contact and one deal in the pipeline, with the contacts and a transfer log', async () => {
    const { partner, portal } = await partnerWithPortal();
    const { leadId, dealId } = await takeWithDeal(partner, portal, KNOWN_CONTACT);
    expect(portal.categories().filter((c) => c.name === PIPELINE)).toHaveLength(1);
    const deals = portal.deals();
    expect(deals).toHaveLength(1);
    expect(deals[0]).toMatchObject({ ID: dealId, ORIGINATOR_ID: 'partner-leads', TITLE: 'Заявка на внедрение: ООО Ромашка' });
    const contact = portal.contacts()[0] as { NAME: string; LAST_NAME: string; PHONE: Array<{ VALUE: string }>; EMAIL: Array<{ VALUE: string }> };
    expect({ name: contact.NAME, lastName: contact.LAST_NAME }).toEqual({ name: 'Ivan', lastName: 'Petrov' });
    expect(contact.PHONE[0].VALUE).toBe('+79991234567');
    expect(contact.EMAIL[0].VALUE).toBe('ivan@romashka.example');
    const log = await w.t.http.get('/api/v1/compliance/access-log').query({ leadId }).set(operator).expect(200);
    expect(log.body.items.map((r: { purpose: string }) => r.purpose)).toContain('crm-transfer');
  });

  it('the deal, its company and contact belong to the Bitrix24 user who took the request', async () => {
    const { partner, portal } = await partnerWithPortal();
    const session = await w.t.http.post(`/api/v1/partners/${partner.id}/sessions`).set(operator).send({ b24UserId: '7' }).expect(201);
    const employee = { Authorization: `Bearer ${session.body.token}` };
    const { dealId } = await takeWithDeal({ auth: employee }, portal, { name: 'Петров Иван Сергеевич' });
    const deal = portal.deals().find((d) => d.ID === dealId)!;
    expect(deal.ASSIGNED_BY_ID).toBe('7');
    const company = portal.companies().find((c) => String(c.ID) === String(deal.COMPANY_ID))!;
    expect(company.ASSIGNED_BY_ID).toBe('7');
    const contact = portal.contacts()[0];
    expect(contact).toMatchObject({ ASSIGNED_BY_ID: '7', LAST_NAME: 'Петров', NAME: 'Иван', SECOND_NAME: 'Сергеевич' });
    expect(String(deal.COMMENTS)).toContain('Регион: Moscow, Moscow');
  });

  it('won without "Адрес портала" keeps the claim active and comments once; with it the claim is won', async () => {
    const { partner, portal } = await partnerWithPortal();
    const { claimId, dealId, stage } = await takeWithDeal(partner, portal);
    await portal.setDealStage(dealId, stage('WON'));
    await eventually(async () => expect(portal.timelineComments(dealId)).toHaveLength(1));
    await portal.setDealField(dealId, 'TITLE', 'touched');
    await portal.setDealStage(dealId, stage('WON'));
    expect((await claimOf(partner.auth, claimId)).status).toBe('active');
    expect(portal.timelineComments(dealId)[0].comment).toContain('Адрес портала');

    portal.setDealField(dealId, PORTAL_FIELD, 'https://Customer.Bitrix24.ru/');
    await portal.setDealStage(dealId, stage('WON'));
    await eventually(async () => {
      expect(await claimOf(partner.auth, claimId)).toMatchObject({ status: 'won', portalAddress: 'customer.bitrix24.ru' });
    });
    expect(portal.timelineComments(dealId)).toHaveLength(1);
  });

  it('a lost deal closes the claim as lost and frees the slot; a deleted deal flags the claim and keeps the slot', async () => {
    const { partner, portal } = await partnerWithPortal();
    const lost = await takeWithDeal(partner, portal);
    const deleted = await takeWithDeal(partner, portal);
    await portal.setDealStage(lost.dealId, lost.stage('LOSE'));
    await eventually(async () => expect((await claimOf(partner.auth, lost.claimId)).status).toBe('lost'));
    await portal.deleteDeal(deleted.dealId);
    await eventually(async () => expect((await claimOf(partner.auth, deleted.claimId)).deal.deleted).toBe(true));
    expect((await claimOf(partner.auth, deleted.claimId)).status).toBe('active');
    const me = await w.t.http.get('/api/v1/me').set(partner.auth).expect(200);
    expect(me.body.cap.used).toBe(1);
  });

  it('events dropped: the reconciliation closes the claims anyway', async () => {
    const { partner, portal } = await partnerWithPortal();
    const a = await takeWithDeal(partner, portal);
    const b = await takeWithDeal(partner, portal);
    portal.faults.dropEvents = true;
    portal.setDealField(a.dealId, PORTAL_FIELD, 'a-customer.bitrix24.ru');
    await portal.setDealStage(a.dealId, a.stage('WON'));
    await portal.setDealStage(b.dealId, b.stage('LOSE'));
    await w.t.app.get(ReconcileDealsTask).run();
    await eventually(async () => {
      expect((await claimOf(partner.auth, a.claimId)).status).toBe('won');
      expect((await claimOf(partner.auth, b.claimId)).status).toBe('lost');
    });
  });

  it('while the portal fails, the claim is taken at once and the deal follows when it recovers', async () => {
    const { partner, portal } = await partnerWithPortal();
    portal.faults.next = Array(6).fill('INTERNAL_SERVER_ERROR');
    const leadId = await createLead(w.t.http);
    const claim = await w.t.http.post(`/api/v1/leads/${leadId}/claims`).set(partner.auth).expect(201);
    expect(claim.body.deal).toBeNull();
    await eventually(async () => expect((await claimOf(partner.auth, claim.body.id)).deal).not.toBeNull(), 45000);
    expect(portal.deals()).toHaveLength(1);
  });

  it('the deal goes to the portal stored when the claim was taken, whatever the registry says later', async () => {
    const { partner, portal } = await partnerWithPortal();
    const other = w.b24.createPortal({ domain: `moved${++seq}.bitrix24.test` });
    await other.install({ headless: true });
    portal.faults.next = Array(4).fill('INTERNAL_SERVER_ERROR');
    const leadId = await createLead(w.t.http);
    const claim = await w.t.http.post(`/api/v1/leads/${leadId}/claims`).set(partner.auth).expect(201);
    await eventually(async () => {
      const rows = await w.t.sql('SELECT member_id FROM crm_sync.deal_requests WHERE claim_id = $1', [claim.body.id]);
      expect(rows).toEqual([{ member_id: portal.memberId }]);
    });
    await w.t.http.patch(`/api/v1/partners/${partner.id}`).set(operator).send({ portalDomain: other.domain }).expect(200);
    await eventually(async () => expect((await claimOf(partner.auth, claim.body.id)).deal).not.toBeNull(), 45000);
    expect(portal.deals()).toHaveLength(1);
    expect(other.deals()).toHaveLength(0);
  });

  it('a deal moved to another pipeline is still followed by its id', async () => {
    const { partner, portal } = await partnerWithPortal();
    const { claimId, dealId } = await takeWithDeal(partner, portal);
    portal.setDealField(dealId, PORTAL_FIELD, 'moved-customer.bitrix24.ru');
    await portal.moveDealToCategory(dealId, 0, 'WON');
    await eventually(async () => expect((await claimOf(partner.auth, claimId)).status).toBe('won'));
  });

  it('a closed claim is final: a deal reopened later changes nothing', async () => {
    const { partner, portal } = await partnerWithPortal();
    const { claimId, dealId, stage } = await takeWithDeal(partner, portal);
    await portal.setDealStage(dealId, stage('LOSE'));
    await eventually(async () => expect((await claimOf(partner.auth, claimId)).status).toBe('lost'));
    const checksDone = () =>
      w.t
        .sql<{ n: number }>(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'crm-sync.check-deal' AND singleton_key = $1 AND state = 'completed'`, [
          `${portal.memberId}:${dealId}`,
        ])
        .then((r) => r[0].n);
    await eventually(async () => {
      const rows = await w.t.sql('SELECT closed_at FROM crm_sync.deal_requests WHERE claim_id = $1', [claimId]);
      expect(rows[0].closed_at).not.toBeNull();
    });
    const before = await checksDone();
    portal.setDealField(dealId, PORTAL_FIELD, 'late.bitrix24.ru');
    await portal.setDealStage(dealId, stage('WON'));
    await eventually(async () => expect(await checksDone()).toBeGreaterThan(before));
    expect((await claimOf(partner.auth, claimId)).status).toBe('lost');
  });

  it('a deleted pipeline or field is created again for the next deal', async () => {
    const { partner, portal } = await partnerWithPortal();
    const first = await takeWithDeal(partner, portal);
    const category = portal.categories().find((c) => c.name === PIPELINE)!;
    await portal.deleteDeal(first.dealId, { deliver: false });
    portal.deleteCategory(category.id);
    portal.deleteUserField(PORTAL_FIELD);
    const second = await takeWithDeal(partner, portal);
    const recreated = portal.categories().filter((c) => c.name === PIPELINE);
    expect(recreated).toHaveLength(1);
    expect(recreated[0].id).not.toBe(category.id);
    expect(portal.userFields().map((f) => f.fieldName)).toContain(PORTAL_FIELD);
    expect(portal.deals().find((d) => d.ID === second.dealId)?.CATEGORY_ID).toBe(String(recreated[0].id));
  });

  it('a claim taken before its partner installed the app gets its deal once the portal is installed', async () => {
    const domain = 'late-install.bitrix24.test';
    const partner = await createPartner(w.t.http, { portalDomain: domain });
    const leadId = await createLead(w.t.http);
    const claim = await w.t.http.post(`/api/v1/leads/${leadId}/claims`).set(partner.auth).expect(201);
    await eventually(async () => {
      const rows = await w.t.sql('SELECT state FROM crm_sync.deal_requests WHERE claim_id = $1', [claim.body.id]);
      expect(rows).toEqual([{ state: 'no_portal' }]);
    });
    const portal = w.b24.createPortal({ domain });
    await portal.install({ headless: true });
    await eventually(async () => expect((await claimOf(partner.auth, claim.body.id)).deal).not.toBeNull());
    expect(portal.deals()).toHaveLength(1);
  });
});
