import { Response } from 'supertest';
import TestAgent from 'supertest/lib/agent';
import { createLead, createPartner } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';

const ENV = { LEAD_MAX_CLAIMS: '5', DEFAULT_CLAIM_CAP: '3' };

type Auth = Record<string, string>;

function take(http: TestAgent, leadId: string, auth: Auth) {
  return http.post(`/api/v1/leads/${leadId}/claims`).set(auth).ok(() => true);
}

/** Outcomes by "status" or "status CODE", e.g. { '201': 3, '409 CLAIM_CAP_REACHED': 47 }. */
function tally(responses: Response[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const res of responses) {
    const key = res.status === 201 ? '201' : `${res.status} ${res.body?.code}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

async function createLeads(http: TestAgent, count: number, batch = 10): Promise<string[]> {
  const ids: string[] = [];
  while (ids.length < count) {
    const size = Math.min(batch, count - ids.length);
    ids.push(...(await Promise.all(Array.from({ length: size }, () => createLead(http)))));
  }
  return ids;
}

describe('taking claims under concurrency', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: ENV });
  });
  afterAll(() => t.close());

  async function expectPartnerHolds(partner: { id: string; auth: Auth }, count: number) {
    const me = await t.http.get('/api/v1/me').set(partner.auth).expect(200);
    expect(me.body.cap).toEqual({ limit: 3, used: count });
    const claims = await t.http.get('/api/v1/claims').query({ limit: 100 }).set(partner.auth).expect(200);
    expect(claims.body.items).toHaveLength(count);
    const [rows] = await t.sql<{ n: number }>('SELECT count(*)::int AS n FROM claims.claims WHERE partner_id = $1', [partner.id]);
    expect(rows.n).toBe(count);
    const load = await t.sql<{ active: number }>('SELECT active FROM claims.partner_load WHERE partner_id = $1', [partner.id]);
    expect(load).toEqual([{ active: count }]);
    return claims.body.items as Array<{ leadId: string }>;
  }

  it('50 simultaneous takes of different leads by one partner stop at the cap of 3', async () => {
    const partner = await createPartner(t.http);
    const leadIds = await createLeads(t.http, 50);

    const responses = await Promise.all(leadIds.map((id) => take(t.http, id, partner.auth)));

    expect(tally(responses)).toEqual({ '201': 3, '409 CLAIM_CAP_REACHED': 47 });
    const taken = responses.filter((r) => r.status === 201).map((r) => r.body.leadId as string);
    expect(new Set(taken).size).toBe(3);
    const listed = await expectPartnerHolds(partner, 3);
    expect(listed.map((c) => c.leadId).sort()).toEqual([...taken].sort());
  });

  it('20 partners racing for one lead: exactly LEAD_MAX_CLAIMS (5) of them get it', async () => {
    const partners = [];
    for (let i = 0; i < 20; i++) partners.push(await createPartner(t.http));
    const leadId = await createLead(t.http);

    const responses = await Promise.all(partners.map((p) => take(t.http, leadId, p.auth)));

    expect(tally(responses)).toEqual({ '201': 5, '409 LEAD_CLAIM_LIMIT_REACHED': 15 });
    const winners = partners.filter((_, i) => responses[i].status === 201).map((p) => p.id);
    const holders = await t.sql<{ partner_id: string }>('SELECT partner_id FROM claims.claims WHERE lead_id = $1', [leadId]);
    expect(holders.map((h) => h.partner_id).sort()).toEqual(winners.sort());
    const load = await t.sql<{ holders: number }>('SELECT holders FROM claims.lead_load WHERE lead_id = $1', [leadId]);
    expect(load).toEqual([{ holders: 5 }]);
  });

  it('the cap holds when the takes are spread over two instances sharing the database', async () => {
    const second = await startTestApp({ env: ENV, databaseUrl: t.databaseUrl });
    try {
      const partner = await createPartner(t.http);
      const leadIds = await createLeads(t.http, 50);
      const instances = [t.http, second.http];

      const responses = await Promise.all(leadIds.map((id, i) => take(instances[i % 2], id, partner.auth)));

      expect(tally(responses)).toEqual({ '201': 3, '409 CLAIM_CAP_REACHED': 47 });
      await expectPartnerHolds(partner, 3);
    } finally {
      await second.close();
    }
  });

  it('10 simultaneous takes of the same lead by one partner yield one claim and ALREADY_CLAIMED, never a 500', async () => {
    const partner = await createPartner(t.http);
    const leadId = await createLead(t.http);

    const responses = await Promise.all(Array.from({ length: 10 }, () => take(t.http, leadId, partner.auth)));

    expect(tally(responses)).toEqual({ '201': 1, '409 ALREADY_CLAIMED': 9 });
    const listed = await expectPartnerHolds(partner, 1);
    expect(listed[0].leadId).toBe(leadId);
  });
});
