import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { FakePortal, PlanSpec } from '../support/bitrix24-double';
import { startBitrix24World, ticketFromInstallPage, Bitrix24World } from '../support/bitrix24-setup';
import { createLead, createPartner, eventually, operator } from '../support/fixtures';
import { KEYS } from '../support/test-app';

const OFFER = '<html><body><h1>Внедрение Битрикс24</h1><p>Пакеты внедрения: Старт, Бизнес.</p><script>var x = "Bitrix24";</script></body></html>';
const NO_OFFER = '<html><body><h1>Разработка сайтов</h1><p>Пакеты услуг для вашего бизнеса.</p></body></html>';
const HOUR = 3_600_000;

/** A partner's web site: pages by path, one that never answers, one that answers 503. */
async function startSite(): Promise<{ url: string; pages: Map<string, string>; close(): Promise<void> }> {
  const pages = new Map<string, string>();
  const held: ServerResponse[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (req.url === '/slow') return void held.push(res);
    if (req.url === '/down') return void res.writeHead(503).end();
    const page = pages.get(req.url ?? '');
    if (!page) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    pages,
    close: () => new Promise((resolve) => {
      held.forEach((r) => r.destroy());
      server.close(() => resolve());
    }),
  };
}

describe('partner eligibility: every rule checked from evidence, stored, audited on a schedule', () => {
  let w: Bitrix24World;
  let site: Awaited<ReturnType<typeof startSite>>;
  let seq = 0;
  beforeAll(async () => {
    site = await startSite();
    w = await startBitrix24World({
      ELIGIBILITY_RULES: 'CONTRACT_ACTIVE,OFFER_PUBLISHED,CRM_TARIFF_OK,APP_INSTALLED,PD_AGREEMENT_ACCEPTED',
      AUDIT_ALLOW_PRIVATE_NETWORKS: 'true',
      AUDIT_FETCH_TIMEOUT_MS: '800',
      B24_TIMEOUT_MS: '500',
    });
  });
  afterAll(async () => {
    await w?.close();
    await site?.close();
  });

  async function partnerWith(opts: { offer?: string; portal?: boolean; plan?: PlanSpec; openLines?: boolean[]; scope?: string } = {}) {
    const n = ++seq;
    const domain = `audit${n}.bitrix24.test`;
    site.pages.set(`/p${n}`, opts.offer ?? OFFER);
    const partner = await createPartner(w.t.http, { portalDomain: domain, offerPageUrl: `${site.url}/p${n}` });
    let portal: FakePortal | null = null;
    if (opts.portal !== false) {
      portal = w.b24.createPortal({ domain, plan: opts.plan ?? { type: 'nfr' }, scope: opts.scope ?? 'crm,user,placement,imopenlines,im' });
      for (const active of opts.openLines ?? [true]) portal.addOpenLine({ name: `Линия ${active ? 'активная' : 'выключенная'}`, active });
      const { response } = await portal.install();
      await w.t.http.post('/b24/install/accept').send({ ticket: ticketFromInstallPage(response!.body) }).expect(204);
      portal.installFinish();
      await eventually(async () => expect(portal!.bindings().length).toBe(5));
    }
    return { partner, portal, domain, n };
  }

  const audit = (id: string) => w.t.http.post(`/api/v1/partners/${id}/eligibility-checks`).set(operator).expect(200).then((r) => r.body);
  const ruleOf = (e: { rules: Array<{ rule: string }> }, name: string) => e.rules.find((r) => r.rule === name) as Record<string, unknown>;

  it('an audit reads the offer page and the portal, stores each rule with its evidence, and GET /me agrees with the take', async () => {
    const { partner, domain } = await partnerWith();
    const e = await audit(partner.id);
    expect(ruleOf(e, 'OFFER_PUBLISHED')).toMatchObject({ result: 'pass', reasonCode: 'OFFER_FOUND', evidence: expect.objectContaining({ url: `${site.url}/p${seq}`, textHash: expect.stringMatching(/^[0-9a-f]{64}$/) }) });
    expect(ruleOf(e, 'APP_INSTALLED')).toMatchObject({ result: 'pass', evidence: expect.objectContaining({ portal: domain, status: 'installed' }) });
    expect(ruleOf(e, 'CONTRACT_ACTIVE')).toMatchObject({ result: 'pass', evidence: { source: 'partner registry', contractStatus: 'active' } });
    for (const r of e.rules) expect(r).toEqual(expect.objectContaining({ checkedAt: expect.any(String), reason: expect.any(String), reasonRu: expect.any(String) }));

    const stored = await w.t.http.get(`/api/v1/partners/${partner.id}/eligibility`).set(operator).expect(200);
    const me = await w.t.http.get('/api/v1/me').set(partner.auth).expect(200);
    expect(me.body.eligibility.eligible).toBe(stored.body.eligible);
    expect(me.body.eligibility.rules.map((r: { rule: string; passed: boolean }) => [r.rule, r.passed])).toEqual(stored.body.rules.map((r: { rule: string; passed: boolean }) => [r.rule, r.passed]));
    const lead = await createLead(w.t.http);
    const take = await w.t.http.post(`/api/v1/leads/${lead}/claims`).set(partner.auth);
    expect(take.status).toBe(stored.body.eligible ? 201 : 403);
  });

  it('a page without the offer fails OFFER_PUBLISHED: the take is refused with the reasons, existing claims go on', async () => {
    const { partner, n } = await partnerWith();
    expect(ruleOf(await audit(partner.id), 'OFFER_PUBLISHED')).toMatchObject({ result: 'pass' });
    const lead = await createLead(w.t.http);
    const claim = await w.t.http.post(`/api/v1/leads/${lead}/claims`).set(partner.auth).expect(201);

    site.pages.set(`/p${n}`, NO_OFFER);
    const e = await audit(partner.id);
    expect(e.eligible).toBe(false);
    expect(ruleOf(e, 'OFFER_PUBLISHED')).toMatchObject({ result: 'fail', passed: false, blocking: true, reasonCode: 'OFFER_NOT_FOUND', actionRu: expect.any(String) });
    const refused = await w.t.http.post(`/api/v1/leads/${await createLead(w.t.http)}/claims`).set(partner.auth).expect(403);
    expect(refused.body.code).toBe('PARTNER_NOT_ELIGIBLE');
    await w.t.http.get(`/api/v1/claims/${claim.body.id}`).set(partner.auth).expect(200);
    expect((await w.t.http.get(`/api/v1/claims/${claim.body.id}`).set(partner.auth)).body.status).toBe('active');

    const history = await w.t.http.get(`/api/v1/partners/${partner.id}/eligibility/history`).set(operator).expect(200);
    expect(history.body.items.map((h: { eligible: boolean; failing: string[]; cause: string }) => [h.eligible, h.failing, h.cause])).toEqual([
      [false, ['OFFER_PUBLISHED'], 'audit on request'],
      [true, [], 'registered'],
    ]);
    await expect(w.t.sql('UPDATE partners.eligibility_history SET eligible = true')).rejects.toThrow(/append-only/);
  });

  it('an operator\'s manual verdict holds until the page\'s visible text changes', async () => {
    const { partner, n } = await partnerWith({ offer: NO_OFFER });
    expect((await audit(partner.id)).eligible).toBe(false);
    const manual = await w.t.http
      .put(`/api/v1/partners/${partner.id}/offer-verdict`)
      .set(operator)
      .send({ result: 'pass', comment: 'Пакеты внедрения в прайс-листе PDF, проверено вручную' })
      .expect(200);
    expect(ruleOf(manual.body, 'OFFER_PUBLISHED')).toMatchObject({ result: 'pass', reasonCode: 'MANUAL_PASS' });
    // Markup and scripts that do not change the visible text keep the verdict.
    site.pages.set(`/p${n}`, NO_OFFER.replace('<body>', '<body><script>track()</script>'));
    expect(ruleOf(await audit(partner.id), 'OFFER_PUBLISHED')).toMatchObject({ reasonCode: 'MANUAL_PASS' });
    site.pages.set(`/p${n}`, NO_OFFER.replace('Разработка сайтов', 'Разработка мобильных приложений'));
    expect(ruleOf(await audit(partner.id), 'OFFER_PUBLISHED')).toMatchObject({ result: 'fail', reasonCode: 'OFFER_NOT_FOUND' });
    await w.t.http.put(`/api/v1/partners/${partner.id}/offer-verdict`).set(operator).send({ result: 'maybe', comment: 'x' }).expect(400);
  });

  it('an unreachable site is unknown: the previous result holds for the grace period, then counts as a fail', async () => {
    const { partner } = await partnerWith();
    expect((await audit(partner.id)).eligible).toBe(true);
    await w.t.http.patch(`/api/v1/partners/${partner.id}`).set(operator).send({ offerPageUrl: `${site.url}/slow` }).expect(200);
    const slow = await audit(partner.id);
    expect(ruleOf(slow, 'OFFER_PUBLISHED')).toMatchObject({ result: 'unknown', passed: true, reasonCode: 'TIMEOUT', graceUntil: expect.any(String) });
    expect(slow.eligible).toBe(true);
    await w.t.http.patch(`/api/v1/partners/${partner.id}`).set(operator).send({ offerPageUrl: `${site.url}/down` }).expect(200);
    w.t.clock.advance(71 * HOUR);
    expect(ruleOf(await audit(partner.id), 'OFFER_PUBLISHED')).toMatchObject({ result: 'unknown', passed: true });
    w.t.clock.advance(2 * HOUR);
    const late = await audit(partner.id);
    expect(late.eligible).toBe(false);
    expect(ruleOf(late, 'OFFER_PUBLISHED')).toMatchObject({ result: 'unknown', passed: false });
  });

  it('a portal that is not installed fails APP_INSTALLED, and the plan and Open Lines cannot be asked', async () => {
    const { partner } = await partnerWith({ portal: false });
    const e = await audit(partner.id);
    expect(ruleOf(e, 'APP_INSTALLED')).toMatchObject({ result: 'fail', reasonCode: 'APP_NOT_INSTALLED' });
    expect(ruleOf(e, 'CRM_TARIFF_OK')).toMatchObject({ result: 'fail', reasonCode: 'APP_NOT_INSTALLED' });
    expect(ruleOf(e, 'OPEN_LINES_ENABLED')).toMatchObject({ result: 'fail', reasonCode: 'APP_NOT_INSTALLED' });
  });

  it.each<[string, PlanSpec, 'pass' | 'fail', string]>([
    ['NFR', { type: 'nfr' }, 'pass', 'PLAN_ACCEPTED'],
    ['Company', { type: 'company' }, 'pass', 'PLAN_ACCEPTED'],
    ['Company 3', { type: 'company3' }, 'pass', 'PLAN_ACCEPTED'],
    ['a basic plan', { type: 'basic' }, 'fail', 'PLAN_NOT_ACCEPTED'],
    ['a box', 'box', 'pass', 'BOX'],
    ['a demo whose previous plan was Company', { type: 'demo', previous: 'company' }, 'pass', 'PLAN_ACCEPTED'],
    ['a demo whose previous plan was basic', { type: 'demo', previous: 'basic' }, 'fail', 'PLAN_NOT_ACCEPTED'],
  ])('CRM_TARIFF_OK on %s reads app.info: %s', async (_name, plan, result, reasonCode) => {
    const { partner } = await partnerWith({ plan });
    const e = await audit(partner.id);
    expect(ruleOf(e, 'CRM_TARIFF_OK')).toMatchObject({ result, reasonCode, evidence: expect.objectContaining({ source: 'app.info' }) });
    expect(e.eligible).toBe(result === 'pass');
  });

  it('Open Lines are advice: none active fails OPEN_LINES_ENABLED without refusing takes; 250 lines are read page by page', async () => {
    const none = await partnerWith({ openLines: [false, false] });
    const e = await audit(none.partner.id);
    expect(ruleOf(e, 'OPEN_LINES_ENABLED')).toMatchObject({ result: 'fail', blocking: false, reasonCode: 'NO_OPEN_LINES', actionRu: expect.stringContaining('Открытые линии') });
    expect(e.eligible).toBe(true);
    const many = await partnerWith({ openLines: [...Array(249).fill(false), true] });
    expect(ruleOf(await audit(many.partner.id), 'OPEN_LINES_ENABLED')).toMatchObject({ result: 'pass', evidence: expect.objectContaining({ activeOpenLines: 1 }) });
  });

  it('a portal that does not answer leaves CRM_TARIFF_OK unknown; without the imopenlines scope Open Lines are unknown', async () => {
    const silent = await partnerWith();
    expect(ruleOf(await audit(silent.partner.id), 'CRM_TARIFF_OK')).toMatchObject({ result: 'pass' });
    silent.portal!.faults.unresponsive = true;
    const e = await audit(silent.partner.id);
    expect(ruleOf(e, 'CRM_TARIFF_OK')).toMatchObject({ result: 'unknown', passed: true, reasonCode: 'PORTAL_UNREADABLE', graceUntil: expect.any(String) });
    silent.portal!.faults.unresponsive = false;

    const narrow = await partnerWith({ scope: 'crm,user,placement,im' });
    expect(ruleOf(await audit(narrow.partner.id), 'OPEN_LINES_ENABLED')).toMatchObject({ result: 'unknown', reasonCode: 'OPEN_LINES_UNREADABLE' });
  });

  it('the portal\'s administrator gets one Bitrix24 notification per change of verdict, not one per audit', async () => {
    const { partner, portal, n } = await partnerWith();
    await audit(partner.id);
    site.pages.set(`/p${n}`, NO_OFFER);
    await audit(partner.id);
    await audit(partner.id);
    await eventually(async () => expect(portal!.notifications()).toHaveLength(1));
    const [notice] = portal!.notifications();
    expect(notice).toMatchObject({ userId: 1, fromApp: true, tag: 'partner-leads-eligibility' });
    expect(notice.message).toContain('не может брать новые заявки');
    expect(notice.message).toContain('Пакетные предложения на сайте');
    site.pages.set(`/p${n}`, OFFER);
    await audit(partner.id);
    await eventually(async () => expect(portal!.notifications().map((x) => x.message)).toEqual([expect.stringContaining('снова может брать заявки')]));
  });

  it('only operators audit and record verdicts; auditors read; partners and intake get 403, an unknown partner 404', async () => {
    const { partner } = await partnerWith();
    await w.t.http.get(`/api/v1/partners/${partner.id}/eligibility`).set({ 'X-Api-Key': KEYS.auditor }).expect(200);
    await w.t.http.post(`/api/v1/partners/${partner.id}/eligibility-checks`).set({ 'X-Api-Key': KEYS.auditor }).expect(403);
    await w.t.http.get(`/api/v1/partners/${partner.id}/eligibility`).set(partner.auth).expect(403);
    await w.t.http.get(`/api/v1/partners/${partner.id}/eligibility/history`).set({ 'X-Api-Key': KEYS.intake }).expect(403);
    await w.t.http.post('/api/v1/partners/00000000-0000-4000-8000-000000000000/eligibility-checks').set(operator).expect(404);
    await w.t.http.get(`/api/v1/partners/${partner.id}/eligibility/history?cursor=abc`).set(operator).expect(400);
  });
});
