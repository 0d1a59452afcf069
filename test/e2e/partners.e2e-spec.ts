import { createPartner, operator, partnerBody } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';

describe('partners registry', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('registers a partner with the default cap and an active contract as eligible', async () => {
    const res = await t.http.post('/api/v1/partners').set(operator).send(partnerBody({ portalDomain: 'Acme.Bitrix24.RU' })).expect(201);
    expect(res.body).toMatchObject({ claimCap: 3, claimCapOverride: null, portalDomain: 'acme.bitrix24.ru', eligibility: { eligible: true } });
    const read = await t.http.get(`/api/v1/partners/${res.body.id}`).set(operator).expect(200);
    expect(read.body.id).toBe(res.body.id);
  });

  it('blocking the contract makes the partner ineligible, with the reason', async () => {
    const { id } = await createPartner(t.http);
    const res = await t.http.patch(`/api/v1/partners/${id}`).set(operator).send({ contractStatus: 'blocked', claimCap: 5 }).expect(200);
    expect(res.body.claimCap).toBe(5);
    expect(res.body.eligibility.eligible).toBe(false);
    expect(res.body.eligibility.rules[0].reason).toMatch(/blocked/);
  });
});
