import TestAgent from 'supertest/lib/agent';
import { KEYS } from './test-app';

let sequence = 0;
const unique = () => `${process.pid}-${Date.now().toString(36)}-${++sequence}`;

export const operator = { 'X-Api-Key': KEYS.operator };
export const intake = { 'X-Api-Key': KEYS.intake };
export const auditor = { 'X-Api-Key': KEYS.auditor };
export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

export function partnerBody(overrides: Record<string, unknown> = {}) {
  return {
    name: `Партнёр ${unique()}`,
    contractNumber: `BX-${unique()}`,
    contractStatus: 'active',
    websiteUrl: 'https://integrator.example.com',
    offerPageUrl: 'https://integrator.example.com/offers',
    ...overrides,
  };
}

let phoneSequence = 0;

/**
 * Intake refuses a second open lead with the same phone or e-mail, so each lead gets its own
 * unless a test names them. The phones stay clear of +79991234567, which tests name explicitly.
 */
export function uniqueContact() {
  const n = ++phoneSequence;
  return { phone: `+7 998 ${String(n).padStart(7, '0')}`, email: `ivan.${unique()}@romashka.example` };
}

/** The contact tests that check exact values give explicitly. */
export const KNOWN_CONTACT = { phone: '8 (999) 123-45-67', email: 'ivan@romashka.example' };

export function leadBody(overrides: Partial<Record<'company' | 'need' | 'contact' | 'consent', object>> = {}) {
  return {
    company: { name: 'ООО Ромашка', industry: 'Retail', sizeBand: '11-50', region: 'Moscow', city: 'Moscow', ...overrides.company },
    need: { product: 'cloud', users: 25, description: 'CRM and telephony', ...overrides.need },
    contact: { name: 'Ivan Petrov', position: 'CEO', ...uniqueContact(), ...overrides.contact },
    consent: { version: 'pd-2026-01', givenAt: new Date(Date.now() - 60_000).toISOString(), source: 'web form', ...overrides.consent },
  };
}

/** Registers a partner and returns its id and a session token. */
export async function createPartner(http: TestAgent, overrides: Record<string, unknown> = {}) {
  const created = await http.post('/api/v1/partners').set(operator).send(partnerBody(overrides)).expect(201);
  const session = await http.post(`/api/v1/partners/${created.body.id}/sessions`).set(operator).send({}).expect(201);
  return { id: created.body.id as string, token: session.body.token as string, auth: bearer(session.body.token) };
}

export async function createLead(http: TestAgent, overrides: Parameters<typeof leadBody>[0] = {}) {
  const res = await http.post('/api/v1/leads').set(intake).send(leadBody(overrides)).expect(201);
  return res.body.id as string;
}

/** Polls until `check` passes; for effects that arrive through the event outbox. */
export async function eventually(check: () => Promise<void>, timeoutMs = 15000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

/** JSON of an answer with ids and timestamps masked: they are random or clock digits, not data. */
export function textWithoutIds(value: unknown): string {
  return JSON.stringify(value)
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<id>')
    .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g, '<time>');
}
