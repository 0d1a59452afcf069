import { ExpireLeadsTask } from '../../src/modules/leads/application/expire-leads.task';
import { bearer, createLead, createPartner, intake, leadBody, operator } from '../support/fixtures';
import { startTestApp, TestApp } from '../support/test-app';

const DAY_MS = 24 * 60 * 60 * 1000;

let sequence = 0;
// Every test works in regions of its own: the file shares one database and the list is global.
const uniqueRegion = () => `Region ${process.pid}-${Date.now().toString(36)}-${++sequence}`;

interface ListItem {
  id: string;
  publishedAt: string;
  company: { industry: string; sizeBand: string; region: string; name: string | null };
  need: { product: string };
  contact: Record<string, unknown>;
  claimedByMe: boolean;
  myClaimId: string | null;
  slotsLeft: number;
}

describe('leads: intake, partner list, withdrawal, expiry', () => {
  let t: TestApp;
  beforeAll(async () => {
    // The scheduled expiry must not run on its own in the middle of the expiry test.
    t = await startTestApp({ env: { LEAD_EXPIRY_INTERVAL_SECONDS: '86400' } });
  });
  afterAll(() => t.close());

  const list = async (auth: Record<string, string>, query: Record<string, string | number> = {}) => {
    const res = await t.http.get('/api/v1/leads').query({ limit: 100, ...query }).set(auth).expect(200);
    return res.body as { items: ListItem[]; nextCursor: string | null; cap: { limit: number; used: number } };
  };

  /** Leads published a second apart, so "newest first" is the reverse of creation order. */
  const createLeadsInOrder = async (count: number, company: object) => {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      ids.push(await createLead(t.http, { company }));
      t.clock.advance(1000);
    }
    return ids;
  };

  describe('intake', () => {
    it.each([
      ['8 (999) 123-45-67'],
      ['+7 999 1234567'],
      ['８９９９１２３４５６７'],
      ['tel:+79991234567'],
      ['8\u00a0999\u00a0123\u00a045\u00a067'],
      ['+7\u00a0(999)\u00a0123-45-67'],
    ])('stores the phone %j as +79991234567, as the partner sees it after taking the lead', async (phone) => {
      const partner = await createPartner(t.http);
      const leadId = await createLead(t.http, { contact: { phone } });
      const taken = await t.http.post(`/api/v1/leads/${leadId}/claims`).set(partner.auth).expect(201);
      expect(taken.body.contact.phone).toBe('+79991234567');
      const claim = await t.http.get(`/api/v1/claims/${taken.body.id}`).set(partner.auth).expect(200);
      expect(claim.body.contact.phone).toBe('+79991234567');
      const lead = await t.http.get(`/api/v1/leads/${leadId}`).set(partner.auth).expect(200);
      expect(lead.body.contact.phone).toBe('+79991234567');
      // The next case publishes the same number, which intake refuses while this lead is open.
      await t.http.post(`/api/v1/leads/${leadId}/withdraw`).set(operator).send({}).expect(204);
    });

    it('stores the e-mail in lower case', async () => {
      const partner = await createPartner(t.http);
      const leadId = await createLead(t.http, { contact: { email: 'Olga.Smirnova@Romashka.EXAMPLE' } });
      const taken = await t.http.post(`/api/v1/leads/${leadId}/claims`).set(partner.auth).expect(201);
      expect(taken.body.contact.email).toBe('olga.smirnova@romashka.example');
    });

    it('answers with a receipt that does not echo the contact or the company name', async () => {
      const body = leadBody({
        company: { name: 'ООО Секретная Компания' },
        contact: { name: 'Пётр Скрытный', position: 'CTO', phone: '+7 999 765-43-21', email: 'petr.hidden@example.org' },
      });
      const res = await t.http.post('/api/v1/leads').set(intake).send(body).expect(201);
      expect(res.body).not.toHaveProperty('contact');
      expect(res.body.company).not.toHaveProperty('name');
      expect(res.body).toMatchObject({ status: 'open', company: { industry: 'Retail', region: 'Moscow' } });
      const text = JSON.stringify(res.body);
      for (const secret of ['Пётр Скрытный', 'petr.hidden', '9997654321', 'ООО Секретная Компания']) {
        expect(text).not.toContain(secret);
      }
    });
  });

  describe('partner list', () => {
    it('is newest first and says per item what is mine, plus my cap', async () => {
      const region = uniqueRegion();
      const partner = await createPartner(t.http);
      const ids = await createLeadsInOrder(3, { region });
      const taken = await t.http.post(`/api/v1/leads/${ids[1]}/claims`).set(partner.auth).expect(201);

      const page = await list(partner.auth, { region });
      expect(page.items.map((i) => i.id)).toEqual([...ids].reverse());
      expect(page.nextCursor).toBeNull();
      expect(page.cap).toEqual({ limit: 3, used: 1 });
      const byId = new Map(page.items.map((i) => [i.id, i]));
      expect(byId.get(ids[1])).toMatchObject({ claimedByMe: true, myClaimId: taken.body.id, slotsLeft: 2 });
      expect(byId.get(ids[1])!.contact.phone).toMatch(/^\+7\d{10}$/);
      for (const id of [ids[0], ids[2]]) {
        expect(byId.get(id)).toMatchObject({ claimedByMe: false, myClaimId: null, slotsLeft: 2 });
        expect(byId.get(id)!.contact).toEqual({ name: null, position: null, phone: null, email: null });
        expect(byId.get(id)!.company.name).toBeNull();
      }
      const times = page.items.map((i) => Date.parse(i.publishedAt));
      expect(times).toEqual([...times].sort((a, b) => b - a));
    });

    it('filters by region, industry, size band and product', async () => {
      const partner = await createPartner(t.http);
      const [regionA, regionB] = [uniqueRegion(), uniqueRegion()];
      const [industryA, industryB] = [`Industry ${uniqueRegion()}`, `Industry ${uniqueRegion()}`];
      // The rest of the file uses sizeBand 11-50 and product cloud, so these two are the only
      // leads with 1001+ and the only box leads in 1-10.
      const a = await createLead(t.http, {
        company: { region: regionA, industry: industryA, sizeBand: '1001+' },
        need: { product: 'box' },
      });
      const b = await createLead(t.http, {
        company: { region: regionB, industry: industryB, sizeBand: '1-10' },
        need: { product: 'cloud' },
      });
      const c = await createLead(t.http, {
        company: { region: regionA, industry: industryB, sizeBand: '1-10' },
        need: { product: 'box' },
      });

      const ids = async (query: Record<string, string>) => (await list(partner.auth, query)).items.map((i) => i.id);

      expect((await ids({ region: regionA })).sort()).toEqual([a, c].sort());
      expect(await ids({ region: regionB })).toEqual([b]);
      expect((await ids({ industry: industryB })).sort()).toEqual([b, c].sort());
      expect(await ids({ industry: industryA })).toEqual([a]);
      expect(await ids({ region: regionA, product: 'box', sizeBand: '1-10' })).toEqual([c]);
      expect(await ids({ region: regionB, product: 'box' })).toEqual([]);

      const large = await list(partner.auth, { sizeBand: '1001+' });
      expect(large.items.map((i) => i.id)).toContain(a);
      expect(large.items.map((i) => i.id)).not.toContain(b);
      expect(large.items.map((i) => i.id)).not.toContain(c);
      expect(large.items.every((i) => i.company.sizeBand === '1001+')).toBe(true);

      const box = await list(partner.auth, { product: 'box' });
      expect(box.items.map((i) => i.id)).toEqual(expect.arrayContaining([a, c]));
      expect(box.items.map((i) => i.id)).not.toContain(b);
      expect(box.items.every((i) => i.need.product === 'box')).toBe(true);

      const small = await list(partner.auth, { sizeBand: '1-10' });
      expect(small.items.every((i) => i.company.sizeBand === '1-10')).toBe(true);
      expect(small.items.map((i) => i.id)).toEqual(expect.arrayContaining([b, c]));
    });

    it('refuses an unknown size band or product instead of ignoring the filter', async () => {
      const partner = await createPartner(t.http);
      const res = await t.http.get('/api/v1/leads').query({ sizeBand: 'huge' }).set(partner.auth).expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      await t.http.get('/api/v1/leads').query({ product: 'desktop' }).set(partner.auth).expect(400);
    });

    const walk = async (auth: Record<string, string>, region: string) => {
      const pages: string[][] = [];
      let cursor: string | null = null;
      do {
        const query: Record<string, string | number> = { region, limit: 2 };
        if (cursor) query.cursor = cursor;
        const page = await list(auth, query);
        pages.push(page.items.map((i) => i.id));
        cursor = page.nextCursor;
        expect(pages.length).toBeLessThan(10);
      } while (cursor);
      return pages;
    };

    it('pages with limit=2 through every lead once, ending with nextCursor null', async () => {
      const region = uniqueRegion();
      const partner = await createPartner(t.http);
      const ids = await createLeadsInOrder(5, { region });

      const pages = await walk(partner.auth, region);
      expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
      expect(pages.flat()).toEqual([...ids].reverse());
    });

    it('pages correctly when several leads share the same publication time', async () => {
      const region = uniqueRegion();
      const partner = await createPartner(t.http);
      const ids = await createLeadsInOrder(5, { region });
      // Ties are what a keyset on the timestamp alone gets wrong; the id must break them.
      await t.sql(
        'UPDATE leads.leads SET published_at = (SELECT published_at FROM leads.leads WHERE id = $1) WHERE id = ANY($2)',
        [ids[0], ids.slice(0, 4)],
      );

      const flat = (await walk(partner.auth, region)).flat();
      expect(new Set(flat).size).toBe(flat.length);
      expect([...flat].sort()).toEqual([...ids].sort());
      expect(flat[0]).toBe(ids[4]);
      expect(flat.slice(1)).toEqual(ids.slice(0, 4).sort().reverse());
    });

    it('rejects a cursor it did not issue', async () => {
      const partner = await createPartner(t.http);
      const res = await t.http.get('/api/v1/leads').query({ cursor: 'not-a-cursor' }).set(partner.auth).expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    });
  });

  describe('withdrawal', () => {
    it('takes the lead off the list; a second withdrawal is refused', async () => {
      const region = uniqueRegion();
      const partner = await createPartner(t.http);
      const [kept, withdrawn] = await createLeadsInOrder(2, { region });
      expect((await list(partner.auth, { region })).items.map((i) => i.id)).toEqual([withdrawn, kept]);

      const res = await t.http.post(`/api/v1/leads/${withdrawn}/withdraw`).set(operator).send({ reason: 'duplicate' }).expect(204);
      expect(res.text).toBe('');
      expect((await list(partner.auth, { region })).items.map((i) => i.id)).toEqual([kept]);

      const again = await t.http.post(`/api/v1/leads/${withdrawn}/withdraw`).set(operator).send({}).expect(409);
      expect(again.body.code).toBe('LEAD_NOT_OPEN');
      const [row] = await t.sql<{ status: string }>('SELECT status FROM leads.leads WHERE id = $1', [withdrawn]);
      expect(row.status).toBe('withdrawn');
    });

    it('is for operators only, and an unknown lead is 404', async () => {
      const partner = await createPartner(t.http);
      const leadId = await createLead(t.http);
      await t.http.post(`/api/v1/leads/${leadId}/withdraw`).set(intake).send({}).expect(403);
      await t.http.post(`/api/v1/leads/${leadId}/withdraw`).set(partner.auth).send({}).expect(403);
      const missing = await t.http.post('/api/v1/leads/00000000-0000-4000-8000-000000000000/withdraw').set(operator).send({}).expect(404);
      expect(missing.body.code).toBe('NOT_FOUND');
    });
  });

  // Last in the file: moving the clock 30 days ahead expires every lead created before.
  describe('expiry', () => {
    it('hides a lead past its time to live at once; the job then marks it expired', async () => {
      const region = uniqueRegion();
      const { id: partnerId } = await createPartner(t.http);
      const leadId = await createLead(t.http, { company: { region } });
      // Session tokens live an hour on the same clock, so each jump needs a fresh one.
      const freshSession = async () => {
        const res = await t.http.post(`/api/v1/partners/${partnerId}/sessions`).set(operator).send({}).expect(201);
        return bearer(res.body.token);
      };

      t.clock.advance(30 * DAY_MS - 60_000);
      expect((await list(await freshSession(), { region })).items.map((i) => i.id)).toEqual([leadId]);

      t.clock.advance(2 * 60_000);
      const auth = await freshSession();
      expect((await list(auth, { region })).items).toEqual([]);
      const take = await t.http.post(`/api/v1/leads/${leadId}/claims`).set(auth).expect(409);
      expect(take.body.code).toBe('LEAD_NOT_OPEN');
      await t.http.get(`/api/v1/leads/${leadId}`).set(auth).expect(404);

      // Still 'open' in the table until the job runs: the list decides by expires_at.
      const [before] = await t.sql<{ status: string }>('SELECT status FROM leads.leads WHERE id = $1', [leadId]);
      expect(before.status).toBe('open');
      const [{ due }] = await t.sql<{ due: number }>(
        `SELECT count(*)::int AS due FROM leads.leads WHERE status = 'open' AND expires_at <= $1`,
        [t.clock.now()],
      );
      expect(due).toBeGreaterThanOrEqual(1);

      const expired = await t.app.get(ExpireLeadsTask).run();
      expect(expired).toBe(due);
      const [after] = await t.sql<{ status: string; closed_at: Date | null }>(
        'SELECT status, closed_at FROM leads.leads WHERE id = $1',
        [leadId],
      );
      expect(after.status).toBe('expired');
      expect(after.closed_at).not.toBeNull();
      expect(await t.app.get(ExpireLeadsTask).run()).toBe(0);

      const withdraw = await t.http.post(`/api/v1/leads/${leadId}/withdraw`).set(operator).send({}).expect(409);
      expect(withdraw.body.code).toBe('LEAD_NOT_OPEN');
    });
  });
});
