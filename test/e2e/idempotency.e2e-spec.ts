import { PruneIdempotencyKeysTask } from '../../src/shared/idempotency/prune-idempotency-keys.task';
import { createLead, createPartner, intake, leadBody, operator, partnerBody } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';

describe('Idempotency-Key under concurrent retries', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('simultaneous retries create one lead: the others replay it or are told the first is in flight', async () => {
    const body = leadBody();
    const responses = await Promise.all(
      Array.from({ length: 8 }, () =>
        t.http.post('/api/v1/leads').set(intake).set('Idempotency-Key', 'burst-1').send(body).ok(() => true),
      ),
    );
    const created = responses.filter((r) => r.status === 201);
    const inFlight = responses.filter((r) => r.status === 409);
    expect(created.length + inFlight.length).toBe(8);
    expect(new Set(created.map((r) => r.body.id)).size).toBe(1);
    expect(inFlight.every((r) => r.body.code === 'IDEMPOTENCY_REQUEST_IN_FLIGHT')).toBe(true);
    expect(await t.sql('SELECT count(*)::int AS n FROM leads.leads')).toEqual([{ n: 1 }]);

    const later = await t.http.post('/api/v1/leads').set(intake).set('Idempotency-Key', 'burst-1').send(body).expect(201);
    expect(later.body.id).toBe(created[0].body.id);
  });

  it('keys are scoped per client: another client may use the same key', async () => {
    const first = await t.http.post('/api/v1/leads').set(intake).set('Idempotency-Key', 'shared-key').send(leadBody()).expect(201);
    const partner = await t.http
      .post('/api/v1/partners')
      .set(operator)
      .set('Idempotency-Key', 'shared-key')
      .send(partnerBody())
      .expect(201);
    expect(partner.body.id).not.toBe(first.body.id);
  });
});

describe('Idempotency-Key on the take endpoint', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('never stores the contacts for replay; a retried take is refused as already claimed', async () => {
    const partner = await createPartner(t.http);
    const leadId = await createLead(t.http);
    const take = () => t.http.post(`/api/v1/leads/${leadId}/claims`).set(partner.auth).set('Idempotency-Key', 'take-1');
    await take().expect(201);
    expect((await take().expect(409)).body.code).toBe('ALREADY_CLAIMED');
    const stored = await t.sql("SELECT response_body::text AS body FROM platform.idempotency_keys WHERE key = 'take-1'");
    expect(stored).toEqual([]);
  });
});

describe('Idempotency-Key retention', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('keys older than 24 hours are pruned; younger ones stay', async () => {
    await t.http.post('/api/v1/leads').set(intake).set('Idempotency-Key', 'old').send(leadBody()).expect(201);
    await t.http.post('/api/v1/leads').set(intake).set('Idempotency-Key', 'young').send(leadBody()).expect(201);
    await t.sql(`UPDATE platform.idempotency_keys SET created_at = now() - interval '25 hours' WHERE key = 'old'`);
    expect(await t.app.get(PruneIdempotencyKeysTask).run()).toBe(1);
    expect(await t.sql('SELECT key FROM platform.idempotency_keys')).toEqual([{ key: 'young' }]);
  });
});
