import { TransactionRunner } from '../../src/shared/database/transaction-runner';
import { domainEvent } from '../../src/shared/events/domain-event';
import { EventBus } from '../../src/shared/events/event-bus';
import { DealStageChanged } from '../../src/modules/crm-sync/contract';
import { createLead, createPartner, eventually, operator } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Which places a closed claim gives back (claims/domain/take-rules.ts, PLACES_FREED), seen from
 * the API: with LEAD_MAX_CLAIMS=1 a lead has a single place, so whether a second partner can take
 * it shows whether the first claim still holds it.
 */
describe('the places a closed claim frees', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { LEAD_MAX_CLAIMS: '1' } });
  });
  afterAll(() => t.close());

  const take = (leadId: string, auth: Record<string, string>) => t.http.post(`/api/v1/leads/${leadId}/claims`).set(auth);
  const closeByOperator = (claimId: string, body: object) =>
    t.http.post(`/api/v1/claims/${claimId}/close`).set(operator).send(body).expect(200);

  /** What the partner's CRM reports, delivered the way crm-sync delivers it: through the outbox. */
  async function dealReached(claimId: string, outcome: 'won' | 'lost', proof: string | null): Promise<void> {
    const event: DealStageChanged = domainEvent(
      'crm.deal-stage-changed',
      { claimId, memberId: 'member-1', dealId: '1', outcome, proof },
      new Date(),
    );
    await t.app.get(TransactionRunner).run((tx) => t.app.get(EventBus).publish(tx, [event]));
    await eventually(async () => {
      const [row] = await t.sql<{ status: string }>('SELECT status FROM claims.claims WHERE id = $1', [claimId]);
      expect(row.status).toBe(outcome);
    });
  }

  async function leadHeldBy() {
    const [a, b] = [await createPartner(t.http), await createPartner(t.http)];
    const leadId = await createLead(t.http);
    const claim = await take(leadId, a.auth).expect(201);
    const refused = await take(leadId, b.auth).expect(409);
    expect(refused.body.code).toBe('LEAD_CLAIM_LIMIT_REACHED');
    return { leadId, claimId: claim.body.id as string, a, b };
  }

  it('a claim lost by an operator gives its place on the lead to another partner', async () => {
    const { leadId, claimId, b } = await leadHeldBy();
    await closeByOperator(claimId, { outcome: 'lost', reason: 'no budget' });
    await take(leadId, b.auth).expect(201);
  });

  it('a claim won by an operator keeps holding the lead', async () => {
    const { leadId, claimId, b } = await leadHeldBy();
    await closeByOperator(claimId, { outcome: 'won', portalAddress: 'customer.bitrix24.ru' });
    const refused = await take(leadId, b.auth).expect(409);
    expect(refused.body.code).toBe('LEAD_CLAIM_LIMIT_REACHED');
  });

  it('a deal lost in the partner\'s CRM gives the lead\'s place to another partner', async () => {
    const { leadId, claimId, b } = await leadHeldBy();
    await dealReached(claimId, 'lost', null);
    await take(leadId, b.auth).expect(201);
  });

  it('a deal won in the partner\'s CRM keeps holding the lead', async () => {
    const { leadId, claimId, b } = await leadHeldBy();
    await dealReached(claimId, 'won', 'customer.bitrix24.ru');
    const refused = await take(leadId, b.auth).expect(409);
    expect(refused.body.code).toBe('LEAD_CLAIM_LIMIT_REACHED');
  });

  it.each(['won', 'lost'] as const)('a claim %s frees the partner\'s slot for another lead', async (outcome) => {
    const partner = await createPartner(t.http, { claimCap: 1 });
    const [first, second] = [await createLead(t.http), await createLead(t.http)];
    const claim = await take(first, partner.auth).expect(201);
    expect((await take(second, partner.auth).expect(409)).body.code).toBe('CLAIM_CAP_REACHED');
    await closeByOperator(claim.body.id, outcome === 'won' ? { outcome, licenseKey: 'NFR-1234-5678' } : { outcome });
    await take(second, partner.auth).expect(201);
  });

  it('a deal won without "Адрес портала" frees nothing: the claim stays active and holds both places', async () => {
    const { leadId, claimId, a, b } = await leadHeldBy();
    const event: DealStageChanged = domainEvent(
      'crm.deal-stage-changed',
      { claimId, memberId: 'member-1', dealId: '1', outcome: 'won', proof: null },
      new Date(),
    );
    await t.app.get(TransactionRunner).run((tx) => t.app.get(EventBus).publish(tx, [event]));
    await eventually(async () => {
      const handled = await t.sql('SELECT 1 FROM platform.inbox WHERE consumer = $1 AND event_id = $2', [
        'claims.crm.deal-stage-changed',
        event.id,
      ]);
      expect(handled).toHaveLength(1);
    });
    expect((await t.http.get(`/api/v1/claims/${claimId}`).set(a.auth).expect(200)).body.status).toBe('active');
    expect((await take(leadId, b.auth).expect(409)).body.code).toBe('LEAD_CLAIM_LIMIT_REACHED');
    expect((await t.http.get('/api/v1/me').set(a.auth).expect(200)).body.cap.used).toBe(1);
  });
});
