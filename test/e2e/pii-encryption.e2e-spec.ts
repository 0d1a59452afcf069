import { randomBytes } from 'node:crypto';
import { rotatePiiKeys } from '../../src/cli/rotate-pii-keys';
import { portalTokenContext } from '../../src/modules/crm-sync/infrastructure/portal.repository';
import { SecretBox } from '../../src/shared/crypto/secret-box';
import { createLead, createPartner, eventually, intake, leadBody, operator, textWithoutIds } from '../support/fixtures';
import { Bitrix24World, startBitrix24World } from '../support/bitrix24-setup';
import { startTestApp, TestApp } from '../support/test-app';

const k1 = `k1:${randomBytes(32).toString('base64')}`;
const k2 = `k2:${randomBytes(32).toString('base64')}`;

const secretContact = {
  name: 'Зинаида Шифрованная',
  position: 'Финансовый директор',
  phone: '+7 (912) 345-67-89',
  email: 'zinaida.cipher@shifr.example',
};
const secretCompany = 'ООО Тайный Клиент';
const plaintexts = ['Зинаида', 'Шифрованная', 'Финансовый', '9123456789', 'zinaida', 'shifr.example', 'Тайный'];

describe('personal data encrypted at rest', () => {
  let w: Bitrix24World;
  beforeAll(async () => {
    w = await startBitrix24World({ PII_MASTER_KEY: k1 });
  });
  afterAll(() => w.close());

  const rawLead = async (id: string) => JSON.stringify(await w.t.sql('SELECT * FROM leads.leads WHERE id = $1', [id]));

  it('the raw lead row and its key row hold none of the contact values, and a claim still reveals them', async () => {
    const leadId = await createLead(w.t.http, { company: { name: secretCompany }, contact: secretContact });
    const raw = await rawLead(leadId) + JSON.stringify(await w.t.sql('SELECT * FROM leads.lead_keys WHERE lead_id = $1', [leadId]));
    for (const plain of plaintexts) expect(raw).not.toContain(plain);
    const [keyRow] = await w.t.sql<{ key_id: string }>('SELECT key_id FROM leads.lead_keys WHERE lead_id = $1', [leadId]);
    expect(keyRow.key_id).toBe('k1');

    const partner = await createPartner(w.t.http);
    const taken = await w.t.http.post(`/api/v1/leads/${leadId}/claims`).set(partner.auth).expect(201);
    expect(taken.body).toMatchObject({
      companyName: secretCompany,
      contact: { name: secretContact.name, position: secretContact.position, phone: '+79123456789', email: secretContact.email },
    });
    await w.t.http.post(`/api/v1/leads/${leadId}/withdraw`).set(operator).send({}).expect(204);
  });

  it('a ciphertext copied into another lead\'s row does not open: the disclosure fails instead of leaking', async () => {
    const [a, b] = [await createLead(w.t.http), await createLead(w.t.http)];
    await w.t.sql(
      'UPDATE leads.leads SET contact_phone = (SELECT contact_phone FROM leads.leads WHERE id = $1) WHERE id = $2',
      [a, b],
    );
    const partner = await createPartner(w.t.http);
    const res = await w.t.http.post(`/api/v1/leads/${b}/claims`).set(partner.auth).expect(500);
    expect(JSON.stringify(res.body)).not.toMatch(/\+7\d{10}/);
    // Erasure needs no key: it clears the damaged lead, which a later rotation would refuse.
    await w.t.http.post(`/api/v1/leads/${b}/erasure`).set(operator).expect(200);
  });

  it('the raw portal row holds its tokens sealed, never in plain', async () => {
    const domain = 'sealed.bitrix24.test';
    const portal = w.b24.createPortal({ domain });
    await portal.install({ headless: true });
    await eventually(async () => expect(portal.bindings().length).toBe(5));
    const [row] = await w.t.sql<{ member_id: string; access_token: string; refresh_token: string }>(
      'SELECT member_id, access_token, refresh_token FROM crm_sync.portals WHERE domain = $1',
      [domain],
    );
    const box = SecretBox.fromSetting(k1);
    const access = box.open(row.access_token, portalTokenContext(row.member_id, 'access'));
    const refresh = box.open(row.refresh_token, portalTokenContext(row.member_id, 'refresh'));
    const raw = JSON.stringify(await w.t.sql('SELECT * FROM crm_sync.portals WHERE domain = $1', [domain]));
    expect(raw).not.toContain(access);
    expect(raw).not.toContain(refresh);
  });

  describe('intake de-duplicates by keyed hash', () => {
    it('refuses a second open lead with the same phone in another format, or the same e-mail in another case', async () => {
      const phone = '+7 913 000-11-22';
      const email = 'dup.owner@dedup.example';
      const first = await createLead(w.t.http, { contact: { phone, email } });
      const byPhone = await w.t.http.post('/api/v1/leads').set(intake).send(leadBody({ contact: { phone: '8 (913) 000 11 22' } })).expect(409);
      expect(byPhone.body).toMatchObject({ code: 'CONFLICT' });
      expect(byPhone.body.detail).toContain(first);
      expect(textWithoutIds(byPhone.body)).not.toMatch(/913|0001122|dup\.owner/i);
      const byEmail = await w.t.http.post('/api/v1/leads').set(intake).send(leadBody({ contact: { email: ' DUP.Owner@Dedup.EXAMPLE' } })).expect(409);
      expect(byEmail.body.detail).toContain(first);
      const [row] = await w.t.sql<{ contact_phone_hmac: string }>('SELECT contact_phone_hmac FROM leads.leads WHERE id = $1', [first]);
      expect(row.contact_phone_hmac).toMatch(/^[0-9a-f]{64}$/);
    });

    it('accepts the same contact again once the open lead is withdrawn', async () => {
      const contact = { phone: '+7 913 000-33-44', email: 'again@dedup.example' };
      const first = await createLead(w.t.http, { contact });
      await w.t.http.post(`/api/v1/leads/${first}/withdraw`).set(operator).send({}).expect(204);
      await createLead(w.t.http, { contact });
    });

    it('lets only one of two concurrent intakes of the same contact through', async () => {
      const body = leadBody({ contact: { phone: '+7 913 000-55-66', email: 'race@dedup.example' } });
      const answers = await Promise.all([1, 2, 3].map(() => w.t.http.post('/api/v1/leads').set(intake).send(body)));
      expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409]);
    });
  });

  describe('master key rotation', () => {
    const extra: TestApp[] = [];
    afterAll(async () => {
      for (const app of extra.reverse()) await app.close();
    });

    it('re-wraps every data key and portal token under the new key; then the new key alone opens everything', async () => {
      const contact = { ...secretContact, phone: '+7 914 555-00-01', email: 'rotate.me@shifr.example' };
      const leadId = await createLead(w.t.http, { company: { name: secretCompany }, contact });
      const [before] = await w.t.sql<Record<string, string>>('SELECT * FROM leads.leads WHERE id = $1', [leadId]);

      // Step 1: the new key goes first in the ring; instances restarted with it seal under k2.
      const both = SecretBox.fromSetting(`${k2},${k1}`);
      extra.push(await startTestApp({ databaseUrl: w.t.databaseUrl, env: { PII_MASTER_KEY: `${k2},${k1}` } }));
      const lines: string[] = [];
      const first = await rotatePiiKeys(w.t.databaseUrl, both, (line) => lines.push(line));
      expect(first.leadKeys).toBeGreaterThan(0);
      expect(first.portals).toBeGreaterThan(0);
      expect(lines.join('\n')).toMatch(/lead data keys: \d+\/\d+ re-wrapped/);
      expect(await w.t.sql(`SELECT 1 FROM leads.lead_keys WHERE key_id <> 'k2'`)).toEqual([]);
      const portals = await w.t.sql<{ access_token: string; refresh_token: string }>(
        'SELECT access_token, refresh_token FROM crm_sync.portals WHERE access_token IS NOT NULL',
      );
      for (const p of portals) expect([SecretBox.keyIdOf(p.access_token), SecretBox.keyIdOf(p.refresh_token)]).toEqual(['k2', 'k2']);

      // The data ciphertexts were not touched; a second run finds nothing left to do.
      const [after] = await w.t.sql<Record<string, string>>('SELECT * FROM leads.leads WHERE id = $1', [leadId]);
      for (const column of ['company_name', 'contact_name', 'contact_position', 'contact_phone', 'contact_email']) {
        expect(after[column]).toBe(before[column]);
      }
      expect(await rotatePiiKeys(w.t.databaseUrl, both, () => undefined)).toEqual({ leadKeys: 0, portals: 0 });

      // Step 2: k1 leaves the ring. Everything still opens, and de-duplication still matches.
      const k2Only = SecretBox.fromSetting(k2);
      const t3 = await startTestApp({ databaseUrl: w.t.databaseUrl, env: { PII_MASTER_KEY: k2 } });
      extra.push(t3);
      const dup = await t3.http.post('/api/v1/leads').set(intake).send(leadBody({ contact: { phone: contact.phone } })).expect(409);
      expect(dup.body.detail).toContain(leadId);
      const partner = await createPartner(t3.http);
      const taken = await t3.http.post(`/api/v1/leads/${leadId}/claims`).set(partner.auth).expect(201);
      expect(taken.body).toMatchObject({ companyName: secretCompany, contact: { name: contact.name, phone: '+79145550001' } });
      const [member] = await w.t.sql<{ member_id: string; refresh_token: string }>(
        'SELECT member_id, refresh_token FROM crm_sync.portals WHERE refresh_token IS NOT NULL LIMIT 1',
      );
      expect(() => k2Only.open(member.refresh_token, portalTokenContext(member.member_id, 'refresh'))).not.toThrow();
    });
  });
});
