import { randomUUID } from 'node:crypto';
import { ReconcileDealsTask } from '../../src/modules/crm-sync/application/reconcile-deals.task';
import { encodePhpForm, FakePortal } from '../support/bitrix24-double';
import { startBitrix24World, Bitrix24World } from '../support/bitrix24-setup';
import { createLead, createPartner, eventually } from '../support/fixtures';

const PIPELINE = 'Заявки на внедрение Битрикс24';

/** A portal's REST budget is small (2 requests a second): the service spends it sparingly. */
describe('Bitrix24: cheap on the portal\'s budget', () => {
  let w: Bitrix24World;
  let seq = 0;
  beforeAll(async () => {
    w = await startBitrix24World();
  });
  afterAll(() => w.close());

  async function installedPortal(): Promise<FakePortal> {
    const portal = w.b24.createPortal({ domain: `budget-${++seq}.bitrix24.test`, bucket: { capacity: 10_000, drainPerSecond: 100 } });
    await portal.install({ headless: true });
    await eventually(async () => expect(portal.bindings()).toHaveLength(5));
    return portal;
  }

  /** Deals made in the portal by hand, followed as if claims had made them. */
  async function followedDeals(portal: FakePortal, count: number): Promise<string[]> {
    const hook = portal.addWebhook();
    const ids: string[] = [];
    for (let start = 0; start < count; start += 50) {
      const cmd = Object.fromEntries(
        Array.from({ length: Math.min(50, count - start) }, (_, i) => [`d${start + i}`, `crm.deal.add?fields[TITLE]=Deal ${start + i}`]),
      );
      const answer = await fetch(`${hook}batch`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ halt: 0, cmd }),
      }).then((r) => r.json() as Promise<any>);
      ids.push(...Object.values(answer.result.result as Record<string, number>).map(String));
    }
    for (const dealId of ids) {
      await w.t.sql(
        `INSERT INTO crm_sync.deal_requests (claim_id, partner_id, lead_id, state, requested_at, member_id, deal_id)
         VALUES ($1, $2, $3, 'created', now(), $4, $5)`,
        [randomUUID(), randomUUID(), randomUUID(), portal.memberId, dealId],
      );
    }
    return ids;
  }

  it('the reconciliation reads 120 followed deals in 3 crm.deal.list requests, and notices the one deleted', async () => {
    const portal = await installedPortal();
    const ids = await followedDeals(portal, 120);
    await portal.deleteDeal(ids[119], { deliver: false });
    const calls = () => portal.calls().filter((c) => c.method.startsWith('crm.deal.'));
    const before = calls().length;

    await w.t.app.get(ReconcileDealsTask).run();
    await eventually(async () => {
      const [row] = await w.t.sql<{ deleted: boolean }>(
        'SELECT deal_deleted_at IS NOT NULL AS deleted FROM crm_sync.deal_requests WHERE member_id = $1 AND deal_id = $2',
        [portal.memberId, ids[119]],
      );
      expect(row.deleted).toBe(true);
    });
    const made = calls().slice(before).map((c) => c.method);
    expect(made).toEqual(['crm.deal.list', 'crm.deal.list', 'crm.deal.list']);
  });

  it('an event about a deal that is not one of ours is answered at once and queues nothing', async () => {
    const portal = await installedPortal();
    const [foreign] = await (async () => {
      const hook = portal.addWebhook();
      const added = await fetch(`${hook}crm.deal.add`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ fields: { TITLE: 'The partner\'s own deal' } }),
      }).then((r) => r.json() as Promise<any>);
      return [String(added.result)];
    })();
    const answer = await w.t.http
      .post('/b24/events')
      .type('form')
      .send(
        encodePhpForm({
          event: 'ONCRMDEALUPDATE',
          data: { FIELDS: { ID: foreign } },
          auth: { member_id: portal.memberId, application_token: portal.applicationToken! },
        }),
      );
    expect(answer.status).toBe(200);
    const queued = await w.t.sql(`SELECT 1 FROM pgboss.job WHERE name = 'crm-sync.check-deal' AND singleton_key = $1`, [
      `${portal.memberId}:${foreign}`,
    ]);
    expect(queued).toEqual([]);
  });

  it('a pipeline the partner renamed is still ours: the next deal goes there and no second one is made', async () => {
    const domain = `renamed-pipeline.bitrix24.test`;
    const partner = await createPartner(w.t.http, { portalDomain: domain });
    const portal = w.b24.createPortal({ domain });
    await portal.install({ headless: true });
    await eventually(async () => expect(portal.categories().filter((c) => c.name === PIPELINE)).toHaveLength(1));
    const ours = portal.categories().find((c) => c.name === PIPELINE)!;
    // Renamed once the service has stored which pipeline is ours (a moment after creating it).
    await eventually(async () => {
      const [row] = await w.t.sql<{ deal_category_id: number | null }>('SELECT deal_category_id FROM crm_sync.portals WHERE member_id = $1', [portal.memberId]);
      expect(row.deal_category_id).toBe(ours.id);
    });
    portal.renameCategory(ours.id, 'Внедрения (наша воронка)');

    await w.t.http.post(`/api/v1/leads/${await createLead(w.t.http)}/claims`).set(partner.auth).expect(201);
    await eventually(async () => expect(portal.deals()).toHaveLength(1));
    expect(portal.deals()[0]).toMatchObject({ CATEGORY_ID: String(ours.id), STAGE_ID: `C${ours.id}:NEW` });
    expect(portal.categories().filter((c) => c.id !== 0)).toHaveLength(1);
  });
});
