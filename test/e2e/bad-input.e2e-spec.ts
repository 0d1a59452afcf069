import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';
import { auditor, bearer, createLead, createPartner, intake, leadBody, operator, partnerBody } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';

interface Ctx {
  partnerId: string;
  partnerAuth: Record<string, string>;
  leadId: string;
  claimId: string;
  expiredToken: string;
  foreignSecretToken: string;
  unsignedToken: string;
  wrongTypeToken: string;
  ghostPartnerToken: string;
}

type Resolvable<T> = T | ((ctx: Ctx) => T);

interface BadInputCase {
  name: string;
  method: 'get' | 'post' | 'patch';
  path: Resolvable<string>;
  headers: Resolvable<Record<string, string>>;
  body?: Resolvable<object>;
  /** Sent byte for byte, so that payloads JSON.stringify would alter reach the server as written. */
  raw?: string;
  contentType?: string;
  expectStatus: number;
  expectCode: string;
}

const COUNTED_TABLES = [
  'partners.partners',
  'leads.leads',
  'claims.claims',
  'compliance.access_log',
  'platform.idempotency_keys',
] as const;

const UNKNOWN_ID = '7d1c3a0e-2b4f-4c6d-9e8f-0a1b2c3d4e5f';
const HOUR_S = 3600;

const resolve = <T>(value: Resolvable<T>, ctx: Ctx): T =>
  typeof value === 'function' ? (value as (ctx: Ctx) => T)(ctx) : value;

const asPartner = (ctx: Ctx) => ctx.partnerAuth;
const validLeadJson = () => JSON.stringify(leadBody());
const partnerPath = (ctx: Ctx) => `/api/v1/partners/${ctx.partnerId}`;
const sessionsPath = (ctx: Ctx) => `/api/v1/partners/${ctx.partnerId}/sessions`;
const closePath = (ctx: Ctx) => `/api/v1/claims/${ctx.claimId}/close`;

const partnerCases: BadInputCase[] = [
  { name: 'partner without a name', method: 'post', path: '/api/v1/partners', headers: operator, body: { ...partnerBody(), name: undefined }, expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'partner with an empty name', method: 'post', path: '/api/v1/partners', headers: operator, body: partnerBody({ name: '' }), expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'partner name over 200 characters', method: 'post', path: '/api/v1/partners', headers: operator, body: partnerBody({ name: 'Я'.repeat(201) }), expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'partner with an unknown contractStatus', method: 'post', path: '/api/v1/partners', headers: operator, body: partnerBody({ contractStatus: 'suspended' }), expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'partner contractNumber with a line break', method: 'post', path: '/api/v1/partners', headers: operator, body: partnerBody({ contractNumber: 'BX-1\r\nBX-2' }), expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'partner websiteUrl with a javascript: scheme', method: 'post', path: '/api/v1/partners', headers: operator, body: partnerBody({ websiteUrl: 'javascript:alert(1)' }), expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'partner offerPageUrl on ftp', method: 'post', path: '/api/v1/partners', headers: operator, body: partnerBody({ offerPageUrl: 'ftp://integrator.example.com/offers' }), expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'partner portalDomain that is not a host name', method: 'post', path: '/api/v1/partners', headers: operator, body: partnerBody({ portalDomain: 'not a domain' }), expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'partner with contractStatus null', method: 'post', path: '/api/v1/partners', headers: operator, body: partnerBody({ contractStatus: null }), expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'partner claimCap 0', method: 'post', path: '/api/v1/partners', headers: operator, body: partnerBody({ claimCap: 0 }), expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'partner claimCap 101', method: 'post', path: '/api/v1/partners', headers: operator, body: partnerBody({ claimCap: 101 }), expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'partner claimCap as a string', method: 'post', path: '/api/v1/partners', headers: operator, body: partnerBody({ claimCap: '5' }), expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'partner with client-chosen id and stats', method: 'post', path: '/api/v1/partners', headers: operator, body: partnerBody({ id: UNKNOWN_ID, stats: { claimsWon: 99 } }), expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'partner body as an array', method: 'post', path: '/api/v1/partners', headers: operator, raw: JSON.stringify([partnerBody()]), contentType: 'application/json', expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'partner body over the size limit', method: 'post', path: '/api/v1/partners', headers: operator, body: partnerBody({ name: 'x'.repeat(70 * 1024) }), expectStatus: 413, expectCode: 'PAYLOAD_TOO_LARGE' },
  { name: 'partner registration with the intake key', method: 'post', path: '/api/v1/partners', headers: intake, body: partnerBody(), expectStatus: 403, expectCode: 'FORBIDDEN' },
  { name: 'partner registration with a partner token', method: 'post', path: '/api/v1/partners', headers: asPartner, body: partnerBody(), expectStatus: 403, expectCode: 'FORBIDDEN' },

  { name: 'patch of an unknown partner', method: 'patch', path: `/api/v1/partners/${UNKNOWN_ID}`, headers: operator, body: { claimCap: 5 }, expectStatus: 404, expectCode: 'NOT_FOUND' },
  { name: 'patch of a malformed partner id', method: 'patch', path: '/api/v1/partners/not-a-uuid', headers: operator, body: { claimCap: 5 }, expectStatus: 404, expectCode: 'NOT_FOUND' },
  { name: 'patch with claimCap -1', method: 'patch', path: partnerPath, headers: operator, body: { claimCap: -1 }, expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'patch with claimCap 2.5', method: 'patch', path: partnerPath, headers: operator, body: { claimCap: 2.5 }, expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'patch with an unknown contractStatus', method: 'patch', path: partnerPath, headers: operator, body: { contractStatus: 'ACTIVE' }, expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'patch with unknown fields', method: 'patch', path: partnerPath, headers: operator, body: { createdAt: '2020-01-01T00:00:00Z' }, expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'patch with malformed JSON', method: 'patch', path: partnerPath, headers: operator, raw: '{"claimCap": 5,', contentType: 'application/json', expectStatus: 400, expectCode: 'MALFORMED_REQUEST' },
  { name: 'patch by the auditor', method: 'patch', path: partnerPath, headers: auditor, body: { claimCap: 5 }, expectStatus: 403, expectCode: 'FORBIDDEN' },

  { name: 'session for an unknown partner', method: 'post', path: `/api/v1/partners/${UNKNOWN_ID}/sessions`, headers: operator, body: {}, expectStatus: 404, expectCode: 'NOT_FOUND' },
  { name: 'session for a malformed partner id', method: 'post', path: '/api/v1/partners/42/sessions', headers: operator, body: {}, expectStatus: 404, expectCode: 'NOT_FOUND' },
  { name: 'session with a non-numeric b24UserId', method: 'post', path: sessionsPath, headers: operator, body: { b24UserId: 'admin' }, expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'session with a numeric (not string) b24UserId', method: 'post', path: sessionsPath, headers: operator, body: { b24UserId: 17 }, expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'session with an unknown field', method: 'post', path: sessionsPath, headers: operator, body: { ttl: 999999 }, expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'session minted by a partner for itself', method: 'post', path: sessionsPath, headers: asPartner, body: {}, expectStatus: 403, expectCode: 'FORBIDDEN' },
  { name: 'partner import as plain text', method: 'post', path: '/api/v1/partners/import', headers: operator, raw: 'hello', contentType: 'text/plain', expectStatus: 415, expectCode: 'UNSUPPORTED_MEDIA_TYPE' },
  { name: 'partner import with an empty CSV body', method: 'post', path: '/api/v1/partners/import', headers: operator, raw: '', contentType: 'text/csv; charset=utf-8', expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'partner import CSV of unknown columns only', method: 'post', path: '/api/v1/partners/import', headers: operator, raw: 'ИНН;КПП\n7700000000;770001001', contentType: 'text/csv', expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'partner import CSV with an unclosed quote', method: 'post', path: '/api/v1/partners/import', headers: operator, raw: 'contractNumber,name\nBX-1,"open', contentType: 'text/csv', expectStatus: 400, expectCode: 'MALFORMED_REQUEST' },
  { name: 'partner import JSON without a list', method: 'post', path: '/api/v1/partners/import', headers: operator, body: { partners: 'all' }, expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'partner import by the auditor', method: 'post', path: '/api/v1/partners/import', headers: auditor, body: { partners: [partnerBody()] }, expectStatus: 403, expectCode: 'FORBIDDEN' },
  { name: 'CSV body on partner registration', method: 'post', path: '/api/v1/partners', headers: operator, raw: 'contractNumber,name\nBX-1,a', contentType: 'text/csv', expectStatus: 415, expectCode: 'UNSUPPORTED_MEDIA_TYPE' },
];

const leadSectionCases: BadInputCase[] = [
  { name: 'lead without company', method: 'post', path: '/api/v1/leads', headers: intake, body: { ...leadBody(), company: undefined }, expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'lead without need', method: 'post', path: '/api/v1/leads', headers: intake, body: { ...leadBody(), need: undefined }, expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'lead without contact', method: 'post', path: '/api/v1/leads', headers: intake, body: { ...leadBody(), contact: undefined }, expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'lead without consent', method: 'post', path: '/api/v1/leads', headers: intake, body: { ...leadBody(), consent: undefined }, expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'lead as an empty object', method: 'post', path: '/api/v1/leads', headers: intake, body: {}, expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'lead with company null', method: 'post', path: '/api/v1/leads', headers: intake, body: { ...leadBody(), company: null }, expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'lead with company as a string', method: 'post', path: '/api/v1/leads', headers: intake, body: { ...leadBody(), company: 'ООО Ромашка' }, expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'lead with contact as an array', method: 'post', path: '/api/v1/leads', headers: intake, body: { ...leadBody(), contact: [leadBody().contact] }, expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'lead body as an array', method: 'post', path: '/api/v1/leads', headers: intake, raw: JSON.stringify([leadBody()]), contentType: 'application/json', expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'lead body null', method: 'post', path: '/api/v1/leads', headers: intake, raw: 'null', contentType: 'application/json', expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'lead body a bare string', method: 'post', path: '/api/v1/leads', headers: intake, raw: '"lead"', contentType: 'application/json', expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
];

const leadFieldCases: BadInputCase[] = [
  { name: 'sizeBand outside the enum', method: 'post', path: '/api/v1/leads', headers: intake, body: leadBody({ company: { sizeBand: '10-50' } }), expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'sizeBand as a number', method: 'post', path: '/api/v1/leads', headers: intake, body: leadBody({ company: { sizeBand: 50 } }), expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'product outside the enum', method: 'post', path: '/api/v1/leads', headers: intake, body: leadBody({ need: { product: 'enterprise' } }), expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'product in another case', method: 'post', path: '/api/v1/leads', headers: intake, body: leadBody({ need: { product: 'Cloud' } }), expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'users 0', method: 'post', path: '/api/v1/leads', headers: intake, body: leadBody({ need: { users: 0 } }), expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'users negative', method: 'post', path: '/api/v1/leads', headers: intake, body: leadBody({ need: { users: -5 } }), expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'users fractional', method: 'post', path: '/api/v1/leads', headers: intake, body: leadBody({ need: { users: 1.5 } }), expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'users as a string', method: 'post', path: '/api/v1/leads', headers: intake, body: leadBody({ need: { users: '25' } }), expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'users huge', method: 'post', path: '/api/v1/leads', headers: intake, body: leadBody({ need: { users: 1e12 } }), expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'users beyond double range', method: 'post', path: '/api/v1/leads', headers: intake, raw: validLeadJson().replace('"users":25', '"users":1e400'), contentType: 'application/json', expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'description over 4000 characters', method: 'post', path: '/api/v1/leads', headers: intake, body: leadBody({ need: { description: 'a'.repeat(4001) } }), expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'description only blanks', method: 'post', path: '/api/v1/leads', headers: intake, body: leadBody({ need: { description: '   ' } }), expectStatus: 400, expectCode: 'VALIDATION_FAILED' },

  { name: 'phone empty', method: 'post', path: '/api/v1/leads', headers: intake, body: leadBody({ contact: { phone: '' } }), expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'phone of 1000 digits', method: 'post', path: '/api/v1/leads', headers: intake, body: leadBody({ contact: { phone: '9'.repeat(1000) } }), expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'phone too short', method: 'post', path: '/api/v1/leads', headers: intake, body: leadBody({ contact: { phone: '12345' } }), expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'phone letters', method: 'post', path: '/api/v1/leads', headers: intake, body: leadBody({ contact: { phone: 'abc' } }), expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'phone with an extension', method: 'post', path: '/api/v1/leads', headers: intake, body: leadBody({ contact: { phone: '+7 999 123-45-67 доб. 12' } }), expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'phone as a number', method: 'post', path: '/api/v1/leads', headers: intake, body: leadBody({ contact: { phone: 79991234567 } }), expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'e-mail without @', method: 'post', path: '/api/v1/leads', headers: intake, body: leadBody({ contact: { email: 'not-an-email' } }), expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'e-mail without a top-level domain', method: 'post', path: '/api/v1/leads', headers: intake, body: leadBody({ contact: { email: 'a@b' } }), expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'e-mail with an injected header', method: 'post', path: '/api/v1/leads', headers: intake, body: leadBody({ contact: { email: 'a@b.ru\r\nBcc: x@y.ru' } }), expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'e-mail over 254 characters', method: 'post', path: '/api/v1/leads', headers: intake, body: leadBody({ contact: { email: `${'a'.repeat(60)}@${'b'.repeat(200)}.ru` } }), expectStatus: 400, expectCode: 'VALIDATION_FAILED' },

  { name: 'NUL in the contact name', method: 'post', path: '/api/v1/leads', headers: intake, body: leadBody({ contact: { name: 'Ivan\u0000Petrov' } }), expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'NUL in the company name', method: 'post', path: '/api/v1/leads', headers: intake, body: leadBody({ company: { name: 'ООО\u0000Ромашка' } }), expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'CRLF inside the company name', method: 'post', path: '/api/v1/leads', headers: intake, body: leadBody({ company: { name: 'ООО Ромашка\r\nSet-Cookie: x=1' } }), expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'bell and escape characters in the position', method: 'post', path: '/api/v1/leads', headers: intake, body: leadBody({ contact: { position: 'CEO\u0007\u001b[31m' } }), expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'DEL character in the city', method: 'post', path: '/api/v1/leads', headers: intake, body: leadBody({ company: { city: 'Mos\u007fcow' } }), expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'company name over 300 characters', method: 'post', path: '/api/v1/leads', headers: intake, body: leadBody({ company: { name: 'Я'.repeat(301) } }), expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'contact name over 200 characters', method: 'post', path: '/api/v1/leads', headers: intake, body: leadBody({ contact: { name: 'И'.repeat(201) } }), expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'region empty after trimming', method: 'post', path: '/api/v1/leads', headers: intake, body: leadBody({ company: { region: '  ' } }), expectStatus: 400, expectCode: 'VALIDATION_FAILED' },

  { name: 'consent givenAt not a date', method: 'post', path: '/api/v1/leads', headers: intake, body: leadBody({ consent: { givenAt: 'yesterday' } }), expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'consent givenAt an impossible date', method: 'post', path: '/api/v1/leads', headers: intake, body: leadBody({ consent: { givenAt: '2026-13-45T25:61:00Z' } }), expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'consent givenAt as epoch milliseconds', method: 'post', path: '/api/v1/leads', headers: intake, body: leadBody({ consent: { givenAt: 1767225600000 } }), expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'consent givenAt in the far future', method: 'post', path: '/api/v1/leads', headers: intake, body: leadBody({ consent: { givenAt: '2999-01-01T00:00:00Z' } }), expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'consent givenAt an hour ahead', method: 'post', path: '/api/v1/leads', headers: intake, body: () => leadBody({ consent: { givenAt: new Date(Date.now() + HOUR_S * 1000).toISOString() } }), expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'consent version over 50 characters', method: 'post', path: '/api/v1/leads', headers: intake, body: leadBody({ consent: { version: 'v'.repeat(51) } }), expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
];

const leadSmugglingCases: BadInputCase[] = [
  { name: 'top-level partnerId', method: 'post', path: '/api/v1/leads', headers: intake, body: (ctx) => ({ ...leadBody(), partnerId: ctx.partnerId }), expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'top-level status', method: 'post', path: '/api/v1/leads', headers: intake, body: { ...leadBody(), status: 'withdrawn' }, expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'top-level claimedBy', method: 'post', path: '/api/v1/leads', headers: intake, body: (ctx) => ({ ...leadBody(), claimedBy: [ctx.partnerId] }), expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'top-level id', method: 'post', path: '/api/v1/leads', headers: intake, body: { ...leadBody(), id: UNKNOWN_ID }, expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'nested company.partnerId', method: 'post', path: '/api/v1/leads', headers: intake, body: (ctx) => leadBody({ company: { partnerId: ctx.partnerId } }), expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'nested need.status', method: 'post', path: '/api/v1/leads', headers: intake, body: leadBody({ need: { status: 'open' } }), expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'nested contact.claimedBy', method: 'post', path: '/api/v1/leads', headers: intake, body: (ctx) => leadBody({ contact: { claimedBy: ctx.partnerId } }), expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: '__proto__ at top level', method: 'post', path: '/api/v1/leads', headers: intake, raw: validLeadJson().replace(/^\{/, '{"__proto__":{"isAdmin":true},'), contentType: 'application/json', expectStatus: 400, expectCode: 'MALFORMED_REQUEST' },
  { name: '__proto__ nested in contact', method: 'post', path: '/api/v1/leads', headers: intake, raw: validLeadJson().replace('"contact":{', '"contact":{"__proto__":{"status":"withdrawn"},'), contentType: 'application/json', expectStatus: 400, expectCode: 'MALFORMED_REQUEST' },
  { name: 'constructor.prototype at top level', method: 'post', path: '/api/v1/leads', headers: intake, raw: validLeadJson().replace(/^\{/, '{"constructor":{"prototype":{"isAdmin":true}},'), contentType: 'application/json', expectStatus: 400, expectCode: 'MALFORMED_REQUEST' },
  { name: 'constructor.prototype nested in need', method: 'post', path: '/api/v1/leads', headers: intake, raw: validLeadJson().replace('"need":{', '"need":{"constructor":{"prototype":{"users":1}},'), contentType: 'application/json', expectStatus: 400, expectCode: 'MALFORMED_REQUEST' },
];

const leadTransportCases: BadInputCase[] = [
  { name: 'truncated JSON', method: 'post', path: '/api/v1/leads', headers: intake, raw: validLeadJson().slice(0, -10), contentType: 'application/json', expectStatus: 400, expectCode: 'MALFORMED_REQUEST' },
  { name: 'JSON with a trailing comma', method: 'post', path: '/api/v1/leads', headers: intake, raw: validLeadJson().replace(/}$/, ',}'), contentType: 'application/json', expectStatus: 400, expectCode: 'MALFORMED_REQUEST' },
  { name: 'single-quoted pseudo-JSON', method: 'post', path: '/api/v1/leads', headers: intake, raw: "{'company': {}}", contentType: 'application/json', expectStatus: 400, expectCode: 'MALFORMED_REQUEST' },
  { name: 'empty body declared as JSON', method: 'post', path: '/api/v1/leads', headers: intake, raw: '', contentType: 'application/json', expectStatus: 400, expectCode: 'MALFORMED_REQUEST' },
  { name: 'valid JSON sent as text/plain', method: 'post', path: '/api/v1/leads', headers: intake, raw: validLeadJson(), contentType: 'text/plain', expectStatus: 415, expectCode: 'UNSUPPORTED_MEDIA_TYPE' },
  { name: 'XML body', method: 'post', path: '/api/v1/leads', headers: intake, raw: '<lead><company/></lead>', contentType: 'application/xml', expectStatus: 415, expectCode: 'UNSUPPORTED_MEDIA_TYPE' },
  { name: 'multipart body', method: 'post', path: '/api/v1/leads', headers: intake, raw: '--b\r\nContent-Disposition: form-data; name="company"\r\n\r\nx\r\n--b--\r\n', contentType: 'multipart/form-data; boundary=b', expectStatus: 415, expectCode: 'UNSUPPORTED_MEDIA_TYPE' },
  { name: 'body over 64 KiB', method: 'post', path: '/api/v1/leads', headers: intake, body: leadBody({ need: { description: 'a'.repeat(65 * 1024) } }), expectStatus: 413, expectCode: 'PAYLOAD_TOO_LARGE' },
  { name: 'Idempotency-Key of 300 characters', method: 'post', path: '/api/v1/leads', headers: { ...intake, 'Idempotency-Key': 'k'.repeat(300) }, body: leadBody(), expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'Idempotency-Key empty', method: 'post', path: '/api/v1/leads', headers: { ...intake, 'Idempotency-Key': '' }, body: leadBody(), expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'Idempotency-Key with a space', method: 'post', path: '/api/v1/leads', headers: { ...intake, 'Idempotency-Key': 'two words' }, body: leadBody(), expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
];

const leadAuthCases: BadInputCase[] = [
  { name: 'lead without credentials', method: 'post', path: '/api/v1/leads', headers: {}, body: leadBody(), expectStatus: 401, expectCode: 'UNAUTHENTICATED' },
  { name: 'lead with an unknown API key', method: 'post', path: '/api/v1/leads', headers: { 'X-Api-Key': 'not-a-real-key-000000000' }, body: leadBody(), expectStatus: 401, expectCode: 'UNAUTHENTICATED' },
  { name: 'lead with the intake key in another case', method: 'post', path: '/api/v1/leads', headers: { 'X-Api-Key': intake['X-Api-Key'].toUpperCase() }, body: leadBody(), expectStatus: 401, expectCode: 'UNAUTHENTICATED' },
  { name: 'lead with the operator key', method: 'post', path: '/api/v1/leads', headers: operator, body: leadBody(), expectStatus: 403, expectCode: 'FORBIDDEN' },
  { name: 'lead with the auditor key', method: 'post', path: '/api/v1/leads', headers: auditor, body: leadBody(), expectStatus: 403, expectCode: 'FORBIDDEN' },
  { name: 'lead with a partner token', method: 'post', path: '/api/v1/leads', headers: asPartner, body: leadBody(), expectStatus: 403, expectCode: 'FORBIDDEN' },
  { name: 'unauthenticated lead with a bad body is 401, not 400', method: 'post', path: '/api/v1/leads', headers: {}, body: { junk: true }, expectStatus: 401, expectCode: 'UNAUTHENTICATED' },
];

const claimCases: BadInputCase[] = [
  { name: 'take a lead by a malformed id', method: 'post', path: '/api/v1/leads/not-a-uuid/claims', headers: asPartner, expectStatus: 404, expectCode: 'NOT_FOUND' },
  { name: 'take a lead by an unknown id', method: 'post', path: `/api/v1/leads/${UNKNOWN_ID}/claims`, headers: asPartner, expectStatus: 404, expectCode: 'NOT_FOUND' },
  { name: 'take a lead by a partner id', method: 'post', path: (ctx) => `/api/v1/leads/${ctx.partnerId}/claims`, headers: asPartner, expectStatus: 404, expectCode: 'NOT_FOUND' },
  { name: 'take a lead by an id with SQL in it', method: 'post', path: `/api/v1/leads/${encodeURIComponent("1' OR '1'='1")}/claims`, headers: asPartner, expectStatus: 404, expectCode: 'NOT_FOUND' },
  { name: 'take a lead by a uuid with a suffix', method: 'post', path: (ctx) => `/api/v1/leads/${ctx.leadId}x/claims`, headers: asPartner, expectStatus: 404, expectCode: 'NOT_FOUND' },
  { name: 'take a lead with the operator key', method: 'post', path: (ctx) => `/api/v1/leads/${ctx.leadId}/claims`, headers: operator, expectStatus: 403, expectCode: 'FORBIDDEN' },
  { name: 'take a lead twice', method: 'post', path: (ctx) => `/api/v1/leads/${ctx.leadId}/claims`, headers: asPartner, expectStatus: 409, expectCode: 'ALREADY_CLAIMED' },
  { name: 'take a lead with a token for a partner that does not exist', method: 'post', path: (ctx) => `/api/v1/leads/${ctx.leadId}/claims`, headers: (ctx) => bearer(ctx.ghostPartnerToken), expectStatus: 401, expectCode: 'UNAUTHENTICATED' },
];

const listCases: BadInputCase[] = [
  { name: 'list with limit 0', method: 'get', path: '/api/v1/leads?limit=0', headers: asPartner, expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'list with limit 101', method: 'get', path: '/api/v1/leads?limit=101', headers: asPartner, expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'list with limit abc', method: 'get', path: '/api/v1/leads?limit=abc', headers: asPartner, expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'list with limit 2.5', method: 'get', path: '/api/v1/leads?limit=2.5', headers: asPartner, expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'list with limit -1', method: 'get', path: '/api/v1/leads?limit=-1', headers: asPartner, expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'list with an unknown sizeBand', method: 'get', path: '/api/v1/leads?sizeBand=huge', headers: asPartner, expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'list with an unknown product', method: 'get', path: '/api/v1/leads?product=onprem', headers: asPartner, expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'list with a garbage cursor', method: 'get', path: '/api/v1/leads?cursor=garbage', headers: asPartner, expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'list with a cursor naming a non-uuid', method: 'get', path: `/api/v1/leads?cursor=${Buffer.from('2026-01-01T00:00:00.000Z|1 OR 1=1').toString('base64url')}`, headers: asPartner, expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'list with a cursor over 200 characters', method: 'get', path: `/api/v1/leads?cursor=${'A'.repeat(201)}`, headers: asPartner, expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'list with a repeated region (parameter pollution)', method: 'get', path: '/api/v1/leads?region=a&region=b', headers: asPartner, expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'list with a repeated limit', method: 'get', path: '/api/v1/leads?limit=1&limit=100', headers: asPartner, expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'list with an empty region', method: 'get', path: '/api/v1/leads?region=', headers: asPartner, expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'list asking to include contacts', method: 'get', path: '/api/v1/leads?include=contact', headers: asPartner, expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'list filtered by another partnerId', method: 'get', path: `/api/v1/leads?partnerId=${UNKNOWN_ID}`, headers: asPartner, expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'list with bracket syntax', method: 'get', path: '/api/v1/leads?region[$ne]=x', headers: asPartner, expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'list with the operator key', method: 'get', path: '/api/v1/leads', headers: operator, expectStatus: 403, expectCode: 'FORBIDDEN' },
];

const closeCases: BadInputCase[] = [
  { name: 'close with an unknown outcome', method: 'post', path: closePath, headers: operator, body: { outcome: 'maybe' }, expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'close without an outcome', method: 'post', path: closePath, headers: operator, body: { reason: 'no budget' }, expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'close with outcome as a boolean', method: 'post', path: closePath, headers: operator, body: { outcome: true }, expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'close with portalAddress as a number', method: 'post', path: closePath, headers: operator, body: { outcome: 'won', portalAddress: 42 }, expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'close with licenseKey as an array', method: 'post', path: closePath, headers: operator, body: { outcome: 'won', licenseKey: ['NFR-1'] }, expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'close with an empty reason', method: 'post', path: closePath, headers: operator, body: { outcome: 'lost', reason: '' }, expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'close with a reason over 1000 characters', method: 'post', path: closePath, headers: operator, body: { outcome: 'lost', reason: 'r'.repeat(1001) }, expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'close with an unknown field', method: 'post', path: closePath, headers: operator, body: { outcome: 'lost', status: 'won' }, expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'close as won without proof', method: 'post', path: closePath, headers: operator, body: { outcome: 'won' }, expectStatus: 422, expectCode: 'WON_REQUIRES_PROOF' },
  { name: 'close an unknown claim', method: 'post', path: `/api/v1/claims/${UNKNOWN_ID}/close`, headers: operator, body: { outcome: 'lost' }, expectStatus: 404, expectCode: 'NOT_FOUND' },
  { name: 'close a malformed claim id', method: 'post', path: '/api/v1/claims/abc/close', headers: operator, body: { outcome: 'lost' }, expectStatus: 404, expectCode: 'NOT_FOUND' },
  { name: 'close by the claiming partner', method: 'post', path: closePath, headers: asPartner, body: { outcome: 'lost' }, expectStatus: 403, expectCode: 'FORBIDDEN' },
  { name: 'close by the intake key', method: 'post', path: closePath, headers: intake, body: { outcome: 'lost' }, expectStatus: 403, expectCode: 'FORBIDDEN' },
];

const accessLogCases: BadInputCase[] = [
  { name: 'access log with a non-uuid leadId', method: 'get', path: '/api/v1/compliance/access-log?leadId=123', headers: operator, expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'access log with a non-uuid partnerId', method: 'get', path: "/api/v1/compliance/access-log?partnerId=' OR 1=1 --", headers: auditor, expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'access log with from not a date', method: 'get', path: '/api/v1/compliance/access-log?from=last-week', headers: auditor, expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'access log with from in year 0', method: 'get', path: '/api/v1/compliance/access-log?from=0000-01-01T00:00:00Z', headers: auditor, expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'access log with a repeated leadId', method: 'get', path: (ctx) => `/api/v1/compliance/access-log?leadId=${ctx.leadId}&leadId=${ctx.leadId}`, headers: operator, expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'access log with limit 501', method: 'get', path: '/api/v1/compliance/access-log?limit=501', headers: auditor, expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'access log with a non-numeric cursor', method: 'get', path: '/api/v1/compliance/access-log?cursor=abc', headers: auditor, expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'access log with an unknown parameter', method: 'get', path: '/api/v1/compliance/access-log?purpose=claim-taken', headers: auditor, expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'access log read by the intake key', method: 'get', path: '/api/v1/compliance/access-log', headers: intake, expectStatus: 403, expectCode: 'FORBIDDEN' },
  { name: 'access log read by a partner', method: 'get', path: '/api/v1/compliance/access-log', headers: asPartner, expectStatus: 403, expectCode: 'FORBIDDEN' },
];

const tokenCases: BadInputCase[] = [
  { name: 'garbage bearer token', method: 'get', path: '/api/v1/leads', headers: bearer('garbage'), expectStatus: 401, expectCode: 'UNAUTHENTICATED' },
  { name: 'expired partner token', method: 'get', path: '/api/v1/leads', headers: (ctx) => bearer(ctx.expiredToken), expectStatus: 401, expectCode: 'UNAUTHENTICATED' },
  { name: 'token signed with another secret', method: 'get', path: '/api/v1/leads', headers: (ctx) => bearer(ctx.foreignSecretToken), expectStatus: 401, expectCode: 'UNAUTHENTICATED' },
  { name: 'unsigned token (alg none)', method: 'get', path: '/api/v1/leads', headers: (ctx) => bearer(ctx.unsignedToken), expectStatus: 401, expectCode: 'UNAUTHENTICATED' },
  { name: 'signed token of another type', method: 'get', path: '/api/v1/leads', headers: (ctx) => bearer(ctx.wrongTypeToken), expectStatus: 401, expectCode: 'UNAUTHENTICATED' },
  { name: 'token with its signature cut off', method: 'get', path: '/api/v1/leads', headers: (ctx) => bearer(ctx.partnerAuth.Authorization.slice('Bearer '.length).replace(/\.[^.]+$/, '.')), expectStatus: 401, expectCode: 'UNAUTHENTICATED' },
  { name: 'token under the Basic scheme', method: 'get', path: '/api/v1/leads', headers: (ctx) => ({ Authorization: ctx.partnerAuth.Authorization.replace('Bearer', 'Basic') }), expectStatus: 401, expectCode: 'UNAUTHENTICATED' },
  { name: 'Bearer without a token', method: 'get', path: '/api/v1/leads', headers: { Authorization: 'Bearer ' }, expectStatus: 401, expectCode: 'UNAUTHENTICATED' },
  { name: 'no credentials on a partner route', method: 'get', path: '/api/v1/me', headers: {}, expectStatus: 401, expectCode: 'UNAUTHENTICATED' },
  { name: 'unknown route', method: 'get', path: '/api/v1/leadz', headers: operator, expectStatus: 404, expectCode: 'NOT_FOUND' },
];

const farPastCursor = (id: string) => Buffer.from(`-271821-04-20T00:00:00.000Z|${id}`).toString('base64url');
const nested = (depth: number, open: string, close: string, inner: string) => open.repeat(depth) + inner + close.repeat(depth);

const edgeCases: BadInputCase[] = [
  { name: 'NUL in need.description', method: 'post', path: '/api/v1/leads', headers: intake, body: leadBody({ need: { description: 'a\u0000b' } }), expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'NUL in a partner name', method: 'post', path: '/api/v1/partners', headers: operator, body: partnerBody({ name: 'a\u0000b' }), expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'CRLF in a partner name', method: 'post', path: '/api/v1/partners', headers: operator, body: partnerBody({ name: 'a\r\nb' }), expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'right-to-left override in a contact name', method: 'post', path: '/api/v1/leads', headers: intake, body: leadBody({ contact: { name: 'Ivan \u202ePetrov' } }), expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'escape character in need.description', method: 'post', path: '/api/v1/leads', headers: intake, body: leadBody({ need: { description: 'a\u001b[31mb' } }), expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'PATCH contractStatus to null', method: 'patch', path: partnerPath, headers: operator, body: { contractStatus: null }, expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'PATCH name to null', method: 'patch', path: partnerPath, headers: operator, body: { name: null }, expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'PATCH websiteUrl to null', method: 'patch', path: partnerPath, headers: operator, body: { websiteUrl: null }, expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'NUL in a region filter', method: 'get', path: '/api/v1/leads?region=%00', headers: asPartner, expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'NUL inside an industry filter', method: 'get', path: '/api/v1/leads?industry=a%00b', headers: asPartner, expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'lead cursor dated outside any calendar PostgreSQL knows', method: 'get', path: `/api/v1/leads?cursor=${farPastCursor(UNKNOWN_ID)}`, headers: asPartner, expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'claim cursor dated outside any calendar PostgreSQL knows', method: 'get', path: `/api/v1/claims?cursor=${farPastCursor(UNKNOWN_ID)}`, headers: asPartner, expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'partner cursor dated outside any calendar PostgreSQL knows', method: 'get', path: `/api/v1/partners?cursor=${farPastCursor(UNKNOWN_ID)}`, headers: operator, expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: '10,000 nested objects', method: 'post', path: '/api/v1/leads', headers: intake, raw: nested(10000, '{"a":', '}', '1'), contentType: 'application/json', expectStatus: 400, expectCode: 'MALFORMED_REQUEST' },
  { name: '30,000 nested arrays with an Idempotency-Key', method: 'post', path: '/api/v1/leads', headers: { ...intake, 'Idempotency-Key': 'deep-1' }, raw: nested(30000, '[', ']', '1'), contentType: 'application/json', expectStatus: 400, expectCode: 'MALFORMED_REQUEST' },
  { name: 'phone already in +digits form but no real number', method: 'post', path: '/api/v1/leads', headers: intake, body: leadBody({ contact: { phone: '+12345678' } }), expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'phone with one digit too many', method: 'post', path: '/api/v1/leads', headers: intake, body: leadBody({ contact: { phone: '+799900000000' } }), expectStatus: 400, expectCode: 'VALIDATION_FAILED' },
  { name: 'form-encoded PATCH of a partner', method: 'patch', path: partnerPath, headers: operator, raw: 'contractStatus=terminated', contentType: 'application/x-www-form-urlencoded', expectStatus: 415, expectCode: 'UNSUPPORTED_MEDIA_TYPE' },
  { name: 'form-encoded session request', method: 'post', path: sessionsPath, headers: operator, raw: 'b24UserId=5', contentType: 'application/x-www-form-urlencoded', expectStatus: 415, expectCode: 'UNSUPPORTED_MEDIA_TYPE' },
];

const cases: BadInputCase[] = [
  ...edgeCases,
  ...partnerCases,
  ...leadSectionCases,
  ...leadFieldCases,
  ...leadSmugglingCases,
  ...leadTransportCases,
  ...leadAuthCases,
  ...claimCases,
  ...listCases,
  ...closeCases,
  ...accessLogCases,
  ...tokenCases,
];

function base64url(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

describe('bad input is refused with a problem and writes nothing', () => {
  let t: TestApp;
  const ctx = {} as Ctx;

  async function rowCounts(): Promise<Record<string, number>> {
    const columns = COUNTED_TABLES.map((table) => `(SELECT count(*)::int FROM ${table}) AS "${table}"`);
    const [row] = await t.sql<Record<string, number>>(`SELECT ${columns.join(', ')}`);
    return row;
  }

  beforeAll(async () => {
    t = await startTestApp();
    const partner = await createPartner(t.http);
    ctx.partnerId = partner.id;
    ctx.partnerAuth = partner.auth;
    ctx.leadId = await createLead(t.http);
    const claim = await t.http.post(`/api/v1/leads/${ctx.leadId}/claims`).set(partner.auth).expect(201);
    ctx.claimId = claim.body.id;

    const jwt = t.app.get(JwtService);
    const now = Math.floor(Date.now() / 1000);
    const session = { sub: partner.id, typ: 'partner-session' };
    ctx.expiredToken = jwt.sign({ ...session, iat: now - 2 * HOUR_S, exp: now - HOUR_S }, { algorithm: 'HS256' });
    ctx.wrongTypeToken = jwt.sign({ sub: partner.id, typ: 'refresh', iat: now, exp: now + HOUR_S }, { algorithm: 'HS256' });
    ctx.ghostPartnerToken = jwt.sign({ sub: randomUUID(), typ: 'partner-session', iat: now, exp: now + HOUR_S }, { algorithm: 'HS256' });
    ctx.foreignSecretToken = new JwtService({ secret: 'another-secret-0123456789abcdef-0123' }).sign(
      { ...session, iat: now, exp: now + HOUR_S },
      { algorithm: 'HS256' },
    );
    ctx.unsignedToken = `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ ...session, iat: now, exp: now + HOUR_S })}.`;
  });
  afterAll(() => t.close());

  it('covers enough kinds of bad input, each with a distinct name', () => {
    expect(cases.length).toBeGreaterThanOrEqual(45);
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
  });

  it.each(cases)('$method $name -> $expectStatus $expectCode', async (c) => {
    const before = await rowCounts();

    const path = resolve(c.path, ctx);
    let req = t.http[c.method](path).set(resolve(c.headers, ctx));
    if (c.raw !== undefined) {
      req = req.set('Content-Type', c.contentType ?? 'application/json').send(c.raw);
    } else if (c.body !== undefined) {
      req = req.send(resolve(c.body, ctx));
    }
    const res = await req;

    expect({ status: res.status, code: res.body?.code }).toEqual({ status: c.expectStatus, code: c.expectCode });
    expect(res.status).toBeLessThan(500);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toEqual(
      expect.objectContaining({
        type: expect.any(String),
        title: expect.any(String),
        status: c.expectStatus,
        detail: expect.any(String),
      }),
    );
    expect(await rowCounts()).toEqual(before);
  });
});

describe('Idempotency-Key on lead intake', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const leadRows = async () => (await t.sql<{ n: number }>('SELECT count(*)::int AS n FROM leads.leads'))[0].n;
  const post = (key: string, body: object) =>
    t.http.post('/api/v1/leads').set(intake).set('Idempotency-Key', key).send(body);

  it('replays the first answer for the same key and body, creating one lead', async () => {
    const body = leadBody();
    const before = await leadRows();
    const first = await post('retry-same-body', body).expect(201);
    const second = await post('retry-same-body', body).expect(201);
    expect(second.body).toEqual(first.body);
    expect(second.body.id).toBe(first.body.id);
    expect(await leadRows()).toBe(before + 1);
  });

  it('treats the same body with keys in another order as the same request', async () => {
    const body = leadBody();
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    const first = await post('retry-reordered', body).expect(201);
    const second = await post('retry-reordered', reordered).expect(201);
    expect(second.body.id).toBe(first.body.id);
  });

  it('refuses the same key with a different body and creates nothing', async () => {
    await post('reused-key', leadBody()).expect(201);
    const before = await leadRows();
    const res = await post('reused-key', leadBody({ need: { users: 26 } })).expect(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await leadRows()).toBe(before);
  });

  it('refuses a key over 200 characters and creates nothing', async () => {
    const before = await leadRows();
    const res = await post('k'.repeat(300), leadBody()).expect(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(await leadRows()).toBe(before);
  });

  it('frees the key when the first request was refused, so a corrected retry succeeds', async () => {
    const refused = await post('fix-and-retry', leadBody({ need: { users: 0 } })).expect(400);
    expect(refused.body.code).toBe('VALIDATION_FAILED');
    const keys = await t.sql("SELECT 1 FROM platform.idempotency_keys WHERE key = 'fix-and-retry'");
    expect(keys).toEqual([]);
    await post('fix-and-retry', leadBody()).expect(201);
  });
});
