import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { Response } from 'supertest';
import { createLead, createPartner, intake, operator } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';

/*
 * Generated values are built so that they cannot collide with anything the API prints for
 * reasons other than a leak:
 * - names, positions and company names use Cyrillic consonant-vowel syllables and Latin words
 *   made only of RARE_LATIN; the fixed lead fields below are Latin and share no window with them;
 * - e-mails put a RARE_LATIN letter in every 4-character window;
 * - every 4-digit window of a phone's national number holds a digit from PHONE_MARKER_DIGITS,
 *   and no number in the responses (users 15, size band 11-50, caps, slots, statuses 404/409,
 *   "utf-8") uses those digits.
 * Besides UUIDs and ISO timestamps, the checker drops the Date header's HTTP date, the
 * Content-Length byte count and the HSTS max-age (31536000 on every answer), which carry digits
 * that are not data.
 */
const PUBLIC_FIELDS = {
  company: { industry: 'Wholesale trade', sizeBand: '11-50', region: 'Perm Krai', city: 'Perm' },
  need: { product: 'cloud', users: 15, description: 'CRM for the sales team and telephony' },
};
const CONSONANTS = 'бвгджзклмнпрстфхцчшщ';
const VOWELS = 'аеёиоуыэюя';
const RARE_LATIN = 'jkqvwxyz';
const PHONE_MARKER_DIGITS = [2, 6, 7];

const HEADERS_WITHOUT_DATA = new Set(['content-length', 'strict-transport-security']);
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const ISO_TIMESTAMP = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})/g;
const HTTP_DATE = /(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT/g;

interface Secrets {
  name: string;
  position: string;
  companyName: string;
  email: string;
  nationalNumber: string;
  phoneAsTyped: string;
}

interface Observed {
  label: string;
  raw: string;
  text: string;
}

interface Leak {
  field: string;
  value: string;
  window: string;
  label: string;
}

const capitalize = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);
const pick = (alphabet: string) => fc.constantFrom(...alphabet.split(''));
const joined = (parts: fc.Arbitrary<string>, min: number, max: number, separator = '') =>
  fc.array(parts, { minLength: min, maxLength: max }).map((xs) => xs.join(separator));

const syllable = fc.tuple(pick(CONSONANTS), pick(VOWELS)).map(([c, v]) => c + v);
const cyrillicWord = joined(syllable, 2, 4).map(capitalize);
const latinWord = joined(pick(RARE_LATIN), 4, 7).map(capitalize);
const personName = joined(fc.oneof({ arbitrary: cyrillicWord, weight: 3 }, { arbitrary: latinWord, weight: 1 }), 1, 3, ' ');
const position = joined(cyrillicWord, 1, 2, ' ').map((p) => p.toLowerCase()).map(capitalize);
const companyName = fc
  .tuple(fc.constantFrom('', 'ООО ', 'АО ', 'ИП '), joined(cyrillicWord, 1, 3, ' '))
  .map(([form, words]) => (form ? `${form}«${words}»` : words));

const emailChunk = fc
  .tuple(joined(pick(RARE_LATIN), 1, 3), joined(pick('0123456789'), 0, 2))
  .map(([letters, digits]) => letters + digits);
const emailLocalPart = fc
  .tuple(emailChunk, fc.array(fc.tuple(fc.constantFrom('', '.', '_'), emailChunk), { maxLength: 4 }))
  .map(([first, rest]) => first + rest.map(([sep, chunk]) => sep + chunk).join(''))
  .filter((local) => local.length >= 4 && local.length <= 20);
const email = fc
  .tuple(emailLocalPart, joined(pick(RARE_LATIN), 3, 8), fc.constantFrom('.ru', '.com'))
  .map(([local, domain, tld]) => `${local}@${domain}${tld}`);

const digit = fc.integer({ min: 0, max: 9 });
const markerDigit = fc.constantFrom(...PHONE_MARKER_DIGITS);
const nationalNumber = fc
  .tuple(digit, digit, markerDigit, digit, digit, markerDigit, digit, digit, markerDigit)
  .map((ds) => `9${ds.join('')}`)
  .filter((n) => parsePhoneNumberFromString(`+7${n}`)?.isValid() === true);
const PHONE_FORMATS: Array<(n: string) => string> = [
  (n) => `8 (${n.slice(0, 3)}) ${n.slice(3, 6)}-${n.slice(6, 8)}-${n.slice(8)}`,
  (n) => `+7 ${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6, 8)} ${n.slice(8)}`,
  (n) => `+7-${n.slice(0, 3)}-${n.slice(3, 6)}-${n.slice(6, 8)}-${n.slice(8)}`,
  (n) => `8${n}`,
];

const secrets: fc.Arbitrary<Secrets> = fc
  .record({
    name: personName,
    position,
    companyName,
    email,
    nationalNumber,
    format: fc.constantFrom(...PHONE_FORMATS),
  })
  .map(({ format, ...s }) => ({ ...s, phoneAsTyped: format(s.nationalNumber) }));

function windows(value: string): string[] {
  const chars = Array.from(value.toLowerCase());
  const result: string[] = [];
  for (let i = 0; i + 4 <= chars.length; i++) {
    const window = chars.slice(i, i + 4).join('');
    if (/[\p{L}\p{N}]/u.test(window)) result.push(window);
  }
  return result;
}

/** Serializes a response with its headers; cursors are decoded so that their contents are checked too. */
function observe(label: string, res: Response): Observed {
  let body = res.text;
  const cursor = res.body?.nextCursor;
  if (typeof cursor === 'string') body = body.split(cursor).join(Buffer.from(cursor, 'base64url').toString('utf8'));
  const headers = Object.entries(res.headers)
    .filter(([name]) => !HEADERS_WITHOUT_DATA.has(name))
    .map(([name, value]) => `${name}: ${value}`)
    .join('\n');
  const text = `${res.status}\n${headers}\n\n${body}`.replace(UUID, ' ').replace(ISO_TIMESTAMP, ' ').replace(HTTP_DATE, ' ');
  return { label: `${res.status} ${label}`, raw: res.text, text };
}

/** Every 4-character window of a secret (4 digits for the phone) found in the responses. */
function findLeaks(lead: Secrets, observed: Observed[]): Leak[] {
  const textFields: Array<[string, string]> = [
    ['contact name', lead.name],
    ['position', lead.position],
    ['company name', lead.companyName],
    ['e-mail', lead.email],
  ];
  const leaks: Leak[] = [];
  for (const { label, text } of observed) {
    const lower = text.toLowerCase();
    const digits = text.replace(/\D/g, '');
    for (const [field, value] of textFields) {
      for (const window of windows(value)) if (lower.includes(window)) leaks.push({ field, value, window, label });
    }
    for (const window of windows(lead.nationalNumber)) {
      if (digits.includes(window)) leaks.push({ field: 'phone', value: lead.nationalNumber, window, label });
    }
  }
  return leaks;
}

const leakedFields = (lead: Secrets, observed: Observed[]) =>
  [...new Set(findLeaks(lead, observed).map((leak) => leak.field))].sort();

describe('contacts stay masked for partners who have not taken the lead (property)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { LEAD_MAX_CLAIMS: '5', DEFAULT_CLAIM_CAP: '3' } });
  });
  afterAll(() => t.close());

  it('no 4-character window of a contact and no 4 digits of the phone appear in any partner-visible response', async () => {
    const observer = await createPartner(t.http);
    const claimer = await createPartner(t.http, { claimCap: 100 });
    const capped = await createPartner(t.http, { claimCap: 1 });
    const blocker = await createLead(t.http, { company: { ...PUBLIC_FIELDS.company }, need: { ...PUBLIC_FIELDS.need } });
    await t.http.post(`/api/v1/leads/${blocker}/claims`).set(capped.auth).expect(201);
    const generated: Secrets[] = [];

    const publish = async (s: Secrets) => {
      const body = {
        company: { ...PUBLIC_FIELDS.company, name: s.companyName },
        need: PUBLIC_FIELDS.need,
        contact: { name: s.name, position: s.position, phone: s.phoneAsTyped, email: s.email },
        consent: { version: 'pd-2026-01', givenAt: new Date(Date.now() - 60_000).toISOString(), source: 'web form' },
      };
      const res = await t.http.post('/api/v1/leads').set(intake).send(body).expect(201);
      return res.body.id as string;
    };

    const allPages = async (query: Record<string, string>, label: string) => {
      const pages: Observed[] = [];
      let cursor: string | null = null;
      do {
        const res: Response = await t.http
          .get('/api/v1/leads')
          .query({ ...query, limit: '20', ...(cursor ? { cursor } : {}) })
          .set(observer.auth)
          .expect(200);
        pages.push(observe(`${label} page ${pages.length + 1}`, res));
        cursor = res.body.nextCursor;
      } while (cursor);
      return pages;
    };

    await fc.assert(
      fc.asyncProperty(secrets, secrets, async (open, withdrawn) => {
        const openId = await publish(open);
        const withdrawnId = await publish(withdrawn);
        generated.push(open, withdrawn);

        await t.http.post(`/api/v1/leads/${openId}/claims`).set(claimer.auth).expect(201);
        await t.http.post(`/api/v1/leads/${withdrawnId}/withdraw`).set(operator).send({ reason: 'duplicate' }).expect(204);

        const observed: Observed[] = [
          ...(await allPages({}, 'GET /leads')),
          ...(await allPages({ region: PUBLIC_FIELDS.company.region }, 'GET /leads?region')),
          observe('GET /leads/{open}', await t.http.get(`/api/v1/leads/${openId}`).set(observer.auth).expect(200)),
          observe('GET /leads/{withdrawn}', await t.http.get(`/api/v1/leads/${withdrawnId}`).set(observer.auth).expect(404)),
          observe('GET /claims/{random}', await t.http.get(`/api/v1/claims/${randomUUID()}`).set(observer.auth).expect(404)),
          observe('GET /claims', await t.http.get('/api/v1/claims').set(observer.auth).expect(200)),
        ];
        const refusedAtCap = await t.http.post(`/api/v1/leads/${openId}/claims`).set(capped.auth).expect(409);
        expect(refusedAtCap.body.code).toBe('CLAIM_CAP_REACHED');
        const notOpen = await t.http.post(`/api/v1/leads/${withdrawnId}/claims`).set(observer.auth).expect(409);
        expect(notOpen.body.code).toBe('LEAD_NOT_OPEN');
        observed.push(
          observe('POST /leads/{open}/claims at cap', refusedAtCap),
          observe('POST /leads/{withdrawn}/claims', notOpen),
          observe('GET /leads/{open} at cap', await t.http.get(`/api/v1/leads/${openId}`).set(capped.auth).expect(200)),
        );
        for (const listing of ['GET /leads page', 'GET /leads?region page']) {
          expect(observed.some((o) => o.label.includes(listing) && o.raw.includes(openId))).toBe(true);
        }

        expect(generated.flatMap((lead) => findLeaks(lead, observed))).toEqual([]);

        const claimerView = await t.http.get(`/api/v1/leads/${openId}`).set(claimer.auth).expect(200);
        expect(leakedFields(open, [observe('claimer GET /leads/{open}', claimerView)])).toEqual([
          'company name',
          'contact name',
          'e-mail',
          'phone',
          'position',
        ]);
      }),
      { numRuns: 30, endOnFailure: true },
    );
  });
});
