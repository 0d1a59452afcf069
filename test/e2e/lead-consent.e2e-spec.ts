import { auditor, createPartner, intake, leadBody, operator } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';

describe('the customer\'s consent, shown to operators', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const body = leadBody({
    contact: { name: 'Consent Person', phone: '+7 900 300-00-01', email: 'consent.person@example.com' },
    consent: { version: 'pd-consent-2026-01', givenAt: '2026-01-15T09:30:00.000Z', source: 'web form' },
  });

  it('operators and auditors read the consent stored with a request, without its contacts, and log nothing', async () => {
    const created = await t.http.post('/api/v1/leads').set(intake).send(body).expect(201);
    for (const who of [operator, auditor]) {
      const res = await t.http.get(`/api/v1/leads/${created.body.id}/consent`).set(who).expect(200);
      expect(res.body).toEqual({
        leadId: created.body.id,
        status: 'open',
        publishedAt: created.body.publishedAt,
        consent: { version: 'pd-consent-2026-01', givenAt: '2026-01-15T09:30:00.000Z', source: 'web form' },
      });
      expect(JSON.stringify(res.body)).not.toMatch(/Consent Person|consent\.person|300-00-01|Ромашка/);
    }
    expect(await t.sql('SELECT 1 FROM compliance.access_log WHERE lead_id = $1', [created.body.id])).toEqual([]);
  });

  it('is closed to intake and partners; an unknown request is 404', async () => {
    const created = await t.http.post('/api/v1/leads').set(intake).send(leadBody({ contact: { phone: '+7 900 300-00-02', email: 'c2@example.com' } })).expect(201);
    await t.http.get(`/api/v1/leads/${created.body.id}/consent`).set(intake).expect(403);
    const partner = await createPartner(t.http);
    await t.http.get(`/api/v1/leads/${created.body.id}/consent`).set(partner.auth).expect(403);
    await t.http.get('/api/v1/leads/00000000-0000-4000-8000-000000000000/consent').set(operator).expect(404);
    // The partner's own view of the request is unchanged.
    const view = await t.http.get(`/api/v1/leads/${created.body.id}`).set(partner.auth).expect(200);
    expect(view.body.contact).toEqual({ name: null, position: null, phone: null, email: null });
  });

  it.each([
    ['no consent at all', { consent: undefined }],
    ['consent without a version', { consent: { givenAt: '2026-01-15T09:30:00Z', source: 'web form' } }],
    ['consent without a time', { consent: { version: 'pd-consent-2026-01', source: 'web form' } }],
    ['consent without a source', { consent: { version: 'pd-consent-2026-01', givenAt: '2026-01-15T09:30:00Z' } }],
    ['an empty consent version', { consent: { version: '', givenAt: '2026-01-15T09:30:00Z', source: 'web form' } }],
  ])('a request with %s is refused with 400 and nothing is stored', async (_, override) => {
    const before = await t.sql('SELECT count(*)::int AS n FROM leads.leads');
    const res = await t.http
      .post('/api/v1/leads')
      .set(intake)
      .send({ ...leadBody({ contact: { phone: '+7 900 300-99-99', email: 'refused@example.com' } }), ...override });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(await t.sql('SELECT count(*)::int AS n FROM leads.leads')).toEqual(before);
  });
});
