import { randomUUID } from 'node:crypto';
import { JobQueue } from '../../src/shared/jobs/job-queue';
import { startBitrix24World, Bitrix24World } from '../support/bitrix24-setup';
import { createLead, createPartner, eventually } from '../support/fixtures';

/** A dead portal with hundreds of jobs waiting must not hold up another portal's deals. */
describe('Bitrix24: one bad portal never slows the others', () => {
  let w: Bitrix24World;
  beforeAll(async () => {
    w = await startBitrix24World({ B24_TIMEOUT_MS: '1000' });
  });
  afterAll(() => w.close());

  async function partnerWithPortal(domain: string) {
    const partner = await createPartner(w.t.http, { portalDomain: domain, claimCap: 10 });
    const portal = w.b24.createPortal({ domain });
    await portal.install({ headless: true });
    await eventually(async () => expect(portal.bindings()).toHaveLength(5));
    return { partner, portal };
  }

  /** Milliseconds from "Взять заявку" to the deal in the partner's CRM. */
  async function timeToDeal(auth: Record<string, string>, deals: () => number): Promise<number> {
    const before = deals();
    const started = Date.now();
    await w.t.http.post(`/api/v1/leads/${await createLead(w.t.http)}/claims`).set(auth).expect(201);
    await eventually(async () => expect(deals()).toBe(before + 1), 60_000);
    return Date.now() - started;
  }

  it('portal A dead with 300 deals waiting: portal B\'s deal appears about as fast as with A absent', async () => {
    const b = await partnerWithPortal('healthy-b.bitrix24.test');
    const alone = await timeToDeal(b.partner.auth, () => b.portal.deals().length);

    const a = await partnerWithPortal('dead-a.bitrix24.test');
    a.portal.faults.unresponsive = true;
    const leadId = await createLead(w.t.http);
    const jobs = w.t.app.get(JobQueue);
    for (let i = 0; i < 300; i++) {
      const claimId = randomUUID();
      await w.t.sql(
        `INSERT INTO crm_sync.deal_requests (claim_id, partner_id, lead_id, state, requested_at, member_id)
         VALUES ($1, $2, $3, 'pending', now(), $4)`,
        [claimId, a.partner.id, leadId, a.portal.memberId],
      );
      await jobs.enqueue(null, 'crm-sync.create-deal', { claimId, memberId: a.portal.memberId }, { key: claimId });
    }

    const beside = await timeToDeal(b.partner.auth, () => b.portal.deals().length);
    // Without isolation B would wait behind 300 calls that each time out: minutes. The margin is for a
    // machine busy with the other suites, which slows B's own few steps.
    expect(beside).toBeLessThan(5 * alone + 10_000);

    // A's deals are not lost: they wait, and its circuit keeps its calls from piling up.
    const [waiting] = await w.t.sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM crm_sync.deal_requests WHERE member_id = $1 AND state = 'pending'`,
      [a.portal.memberId],
    );
    expect(waiting.n).toBe(300);
    // Five timeouts in a row open A's circuit; B may have got its deal before A's fifth.
    await eventually(async () => {
      const [circuit] = await w.t.sql<{ open: boolean }>(
        'SELECT unavailable_until > now() AS open FROM crm_sync.portals WHERE member_id = $1',
        [a.portal.memberId],
      );
      expect(circuit.open).toBe(true);
    }, 20_000);
    expect(a.portal.calls().filter((c) => c.status === 0).length).toBeLessThan(20);
  });
});
