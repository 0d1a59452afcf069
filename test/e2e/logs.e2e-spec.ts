import { format } from 'node:util';
import { createPartner, eventually, intake, leadBody, operator } from '../support/fixtures';
import { KEYS, startTestApp, TestApp, TEST_ENV } from '../support/test-app';

const CONTACT = {
  name: 'Зинаида Квасцова',
  position: 'Главный бухгалтер',
  phone: '+7 912 345-67-89',
  email: 'zinaida.kvas@example.org',
};
const COMPANY = 'ООО Квасцов и партнёры';

/** Also the \uXXXX form, in case a serializer escapes non-ASCII text. */
const spellings = (value: string) => [
  value,
  value.replace(/\P{ASCII}/gu, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
];

describe('logs', () => {
  let t: TestApp;
  const captured: string[] = [];
  const spies: jest.SpyInstance[] = [];
  const log = () => captured.join('');

  beforeAll(async () => {
    // Installed before the app exists on purpose: pino writes through process.stdout only when it
    // finds process.stdout.write replaced at the time the logger is built (otherwise it writes to
    // fd 1 through sonic-boom, out of reach of a spy). The assertion that request lines were
    // captured below proves this still holds.
    const capture = (chunk: unknown) => {
      captured.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
      return true;
    };
    spies.push(jest.spyOn(process.stdout, 'write').mockImplementation(capture));
    spies.push(jest.spyOn(process.stderr, 'write').mockImplementation(capture));
    // Jest's console does not go through process.stdout; anything the app prints that way counts too.
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      spies.push(jest.spyOn(console, method).mockImplementation((...args: unknown[]) => void captured.push(`${format(...args)}\n`)));
    }
    t = await startTestApp({ env: { LOG_LEVEL: 'info' } });
  });

  afterAll(async () => {
    await t?.close();
    spies.forEach((s) => s.mockRestore());
  });

  it('a full intake-to-close flow, and bad requests carrying contacts, leave no personal data in the log', async () => {
    const partner = await createPartner(t.http);
    const body = leadBody({ company: { name: COMPANY }, contact: CONTACT });

    const created = await t.http.post('/api/v1/leads').set(intake).set('Idempotency-Key', 'log-test-1').send(body).expect(201);
    const leadId = created.body.id as string;
    await t.http.get('/api/v1/leads').set(partner.auth).expect(200);
    const taken = await t.http.post(`/api/v1/leads/${leadId}/claims`).set(partner.auth).expect(201);
    // The flow really handled the contacts: what the log must not show did pass through the app.
    expect(taken.body.contact).toMatchObject({ name: CONTACT.name, phone: '+79123456789', email: CONTACT.email });
    expect(taken.body.companyName).toBe(COMPANY);
    await t.http.get(`/api/v1/claims/${taken.body.id}`).set(partner.auth).expect(200);
    await t.http.get(`/api/v1/leads/${leadId}`).set(partner.auth).expect(200);
    await t.http
      .post(`/api/v1/claims/${taken.body.id}/close`)
      .set(operator)
      .send({ outcome: 'lost', reason: 'no budget' })
      .expect(200);

    // Malformed JSON that contains the contacts: Fastify's own error text would quote it.
    const raw = JSON.stringify(body);
    const malformed = await t.http
      .post('/api/v1/leads')
      .set(intake)
      .set('Content-Type', 'application/json')
      .send(raw.slice(0, raw.indexOf(CONTACT.email) + CONTACT.email.length + 1))
      .expect(400);
    expect(malformed.body.code).toBe('MALFORMED_REQUEST');
    // Well-formed but invalid: validation errors must not carry the rejected values.
    const invalid = await t.http
      .post('/api/v1/leads')
      .set(intake)
      .send(leadBody({ company: { name: COMPANY }, contact: { ...CONTACT, phone: `${CONTACT.phone} ext ${CONTACT.email}` } }))
      .expect(400);
    expect(invalid.body.code).toBe('VALIDATION_FAILED');
    // Contacts in a query string: the logged path drops it.
    await t.http.get('/api/v1/leads').query({ region: CONTACT.email, industry: CONTACT.name }).set(partner.auth).expect(200);
    // Rejected credentials are not logged either.
    await t.http.get('/api/v1/leads').set({ Authorization: `Bearer ${partner.token}x` }).expect(401);

    // Let the event handlers the flow triggered run, so anything they log is in the capture too.
    await eventually(async () => {
      const res = await t.http.get(`/api/v1/partners/${partner.id}`).set(operator).expect(200);
      expect(res.body.stats).toEqual({ claimsTaken: 1, claimsWon: 0, claimsLost: 1 });
    });
    await eventually(async () => expect(log()).toContain(`/api/v1/partners/${partner.id}"`));

    const lines = log().split('\n').filter(Boolean);
    const requestLines = lines.filter((l) => l.includes('"msg":"request completed"'));
    // Proof that the capture works: the requests above are in it, with their paths.
    expect(requestLines.some((l) => l.includes('"path":"/api/v1/leads"'))).toBe(true);
    expect(requestLines.some((l) => l.includes(`"path":"/api/v1/leads/${leadId}/claims"`))).toBe(true);
    expect(requestLines.some((l) => l.includes(`"path":"/api/v1/claims/${taken.body.id}/close"`))).toBe(true);
    expect(requestLines.some((l) => l.includes('"statusCode":400'))).toBe(true);

    const forbidden = [
      CONTACT.name,
      'Квасцова',
      'Зинаида',
      CONTACT.email,
      'zinaida.kvas',
      CONTACT.phone,
      '9123456789',
      '345-67-89',
      COMPANY,
      'Квасцов',
      KEYS.operator,
      KEYS.intake,
      KEYS.auditor,
      partner.token,
      // The token's signature alone would be enough to misuse a logged Authorization header.
      partner.token.split('.')[2],
      TEST_ENV.SESSION_SECRET,
    ];
    const text = log();
    const found = forbidden.flatMap(spellings).filter((value) => text.includes(value));
    expect(found).toEqual([]);
  });
});
