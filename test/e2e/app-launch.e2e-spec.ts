import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { appPageDir } from '../../src/modules/crm-sync/api/app-page-bundle';
import { launchContextOf, sessionOf } from '../support/app-launch';
import { FakePortal } from '../support/bitrix24-double';
import { startBitrix24World, ticketFromInstallPage, Bitrix24World } from '../support/bitrix24-setup';
import { createLead, createPartner, eventually, operator } from '../support/fixtures';

const PIPELINE = 'Заявки на внедрение Битрикс24';
const cspOf = (answer: { headers: Record<string, string | string[] | undefined> }) => String(answer.headers['content-security-policy']);
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

describe('the app page: launch, session, deal tab', () => {
  let w: Bitrix24World;
  let seq = 0;
  beforeAll(async () => {
    w = await startBitrix24World({ RATE_LIMIT_REVEALS_PER_PARTNER: '100000', SESSION_TTL_SECONDS: '600', SESSION_MAX_AGE_SECONDS: '3600' });
  });
  afterAll(() => w.close());

  async function installedPartner(overrides: Record<string, unknown> = {}) {
    const domain = `app${++seq}.bitrix24.test`;
    const partner = await createPartner(w.t.http, { portalDomain: domain, ...overrides });
    const portal = w.b24.createPortal({ domain });
    portal.addUser({ id: 7, name: 'Мария', lastName: 'Иванова', admin: false });
    const { response } = await portal.install();
    await w.t.http.post('/b24/install/accept').send({ ticket: ticketFromInstallPage(response!.body) }).expect(204);
    portal.installFinish();
    await eventually(async () => expect(portal.placements().map((p) => p.placement)).toContain('CRM_DEAL_DETAIL_TAB'));
    return { partner, portal };
  }

  async function takeWithDeal(auth: Record<string, string>, portal: FakePortal) {
    const leadId = await createLead(w.t.http);
    const claim = await w.t.http.post(`/api/v1/leads/${leadId}/claims`).set(auth).expect(201);
    let deal = { id: '', url: '' };
    await eventually(async () => {
      deal = (await w.t.http.get(`/api/v1/claims/${claim.body.id}`).set(auth).expect(200)).body.deal;
      expect(deal?.id).toEqual(expect.any(String));
    });
    const category = portal.categories().find((c) => c.name === PIPELINE)!;
    return { leadId, claimId: claim.body.id as string, deal, stage: (s: string) => `C${category.id}:${s}` };
  }

  it('serves the built page with a session for the Bitrix24 user, a strict CSP and its bundled files', async () => {
    const { partner, portal } = await installedPartner();
    const page = await portal.launch({ userId: 7 });
    expect(page.status).toBe(200);
    const csp = cspOf(page);
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).not.toContain('unsafe-inline\' ;');
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toMatch(new RegExp(`frame-ancestors [^;]*https://${portal.domain.replace(/\./g, '\\.')}`));
    expect(page.body).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    expect(page.body).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)[^"'\s]+\.(js|css)/);

    const context = launchContextOf(page.body);
    expect(context).toMatchObject({ view: 'list', partnerName: expect.any(String), portal: portal.domain, user: { id: '7', name: 'Мария Иванова' } });
    const token = sessionOf(page.body)!;
    const me = await w.t.http.get('/api/v1/me').set(bearer(token)).expect(200);
    expect(me.body.partner.id).toBe(partner.id);

    const assets = readdirSync(join(appPageDir(), 'assets'));
    const script = /<script type="module"[^>]*src="([^"]+)"/.exec(page.body)![1];
    expect(assets).toContain(script.split('/').pop());
    const served = await w.t.http.get(script).expect(200);
    expect(served.headers['cache-control']).toContain('immutable');
    expect(served.headers['content-type']).toMatch(/javascript/);
    const escape = await w.t.http.get('/b24/static/assets/..%2f..%2fpackage.json');
    expect([403, 404]).toContain(escape.status);
    expect(escape.text).not.toContain('"dependencies"');
  });

  it('the taker\'s name goes with the claim; the list shows places as a count; facets list what open requests hold', async () => {
    const { portal } = await installedPartner();
    const other = await createPartner(w.t.http);
    const token = sessionOf((await portal.launch({ userId: 7 })).body)!;
    const leadId = await createLead(w.t.http, { company: { region: 'Тверская область', city: 'Тверь', industry: 'Логистика' } } as never);
    await w.t.http.post(`/api/v1/leads/${leadId}/claims`).set(other.auth).expect(201);
    const before = await w.t.http.get(`/api/v1/leads/${leadId}`).set(bearer(token)).expect(200);
    expect(before.body.places).toEqual({ free: 4, total: 5 });
    const taken = await w.t.http.post(`/api/v1/leads/${leadId}/claims`).set(bearer(token)).expect(201);
    expect(taken.body.takenBy).toEqual({ userId: '7', name: 'Мария Иванова' });
    const listed = await w.t.http.get('/api/v1/claims').set(bearer(token)).expect(200);
    expect(listed.body.items[0]).toMatchObject({
      id: taken.body.id,
      takenBy: { userId: '7', name: 'Мария Иванова' },
      awaitingProof: null,
      request: { region: 'Тверская область', city: 'Тверь', industry: 'Логистика' },
    });
    expect(JSON.stringify(listed.body)).not.toContain('contact');
    const page = await w.t.http.get('/api/v1/leads').set(bearer(token)).expect(200);
    expect(page.body.items.find((l: { id: string }) => l.id === leadId).places).toEqual({ free: 3, total: 5 });
    const facets = await w.t.http.get('/api/v1/leads/facets').set(bearer(token)).expect(200);
    expect(facets.body.regions).toContain('Тверская область');
    expect(facets.body.industries).toContain('Логистика');
    expect(facets.body.sizeBands.length).toBeGreaterThan(0);
  });

  it('a deal won without the proof shows which field is missing; its link points at the portal\'s own pages', async () => {
    const { partner, portal } = await installedPartner();
    const { claimId, deal, stage } = await takeWithDeal(partner.auth, portal);
    expect(deal.url).toBe(`${w.b24.url}/${portal.domain}/crm/deal/details/${deal.id}/`);
    await portal.setDealStage(deal.id, stage('WON'));
    await eventually(async () => {
      const claim = (await w.t.http.get(`/api/v1/claims/${claimId}`).set(partner.auth).expect(200)).body;
      expect(claim).toMatchObject({ status: 'active', awaitingProof: { since: expect.any(String), fieldLabel: 'Адрес портала' } });
    });
  });

  it('renews its session while open, never past SESSION_MAX_AGE_SECONDS, and only for a valid token', async () => {
    const { portal } = await installedPartner();
    const first = sessionOf((await portal.launch()).body)!;
    w.t.clock.advance(500_000);
    const renewed = await w.t.http.post('/api/v1/sessions/renew').set(bearer(first)).expect(200);
    expect(new Date(renewed.body.expiresAt).getTime()).toBeGreaterThan(w.t.clock.now().getTime());
    w.t.clock.advance(200_000);
    await w.t.http.get('/api/v1/me').set(bearer(first)).expect(401);
    await w.t.http.get('/api/v1/me').set(bearer(renewed.body.token)).expect(200);
    const again = await w.t.http.post('/api/v1/sessions/renew').set(bearer(renewed.body.token)).expect(200);
    // An hour after the launch the session ends whatever its last renewal said.
    w.t.clock.advance(3_000_000);
    expect(new Date(again.body.expiresAt).getTime()).toBeLessThanOrEqual(w.t.clock.now().getTime());
    await w.t.http.post('/api/v1/sessions/renew').set(bearer(again.body.token)).expect(401);
    const refused = await w.t.http.post('/api/v1/sessions/renew').set(bearer('forged.token.value')).expect(401);
    expect(refused.body.code).toBe('UNAUTHENTICATED');
    await w.t.http.post('/api/v1/sessions/renew').set(operator).expect(403);
  });

  it('launches that open no list get a page in Russian saying what to do, never a code', async () => {
    const stranger = w.b24.createPortal({ domain: `stranger${++seq}.bitrix24.test` });
    await stranger.install({ headless: true });
    const noPartner = await stranger.launch();
    expect(noPartner.status).toBe(200);
    expect(noPartner.body).toContain('Портал не подключён к программе');
    expect(sessionOf(noPartner.body)).toBeNull();

    const { portal } = await installedPartner();
    const forged = await portal.launch({ forgeApplicationToken: 'not-the-token' });
    expect(forged.status).toBe(401);
    expect(forged.body).toContain('Не удалось проверить запуск');
    for (const answer of [noPartner, forged]) {
      expect(answer.headers['content-type']).toMatch(/text\/html/);
      expect(answer.body).not.toMatch(/UNAUTHENTICATED|VALIDATION_FAILED|Error|at \w+ \(/);
    }

    await w.t.sql(`UPDATE crm_sync.portals SET status = 'suspended', suspended_at = now() WHERE member_id = $1`, [portal.memberId]);
    const suspended = await portal.launch();
    expect(suspended.status).toBe(403);
    expect(suspended.body).toContain('Приложение приостановлено');
    expect(suspended.body).toContain('переустановить приложение');
    expect(sessionOf(suspended.body)).toBeNull();

    const { portal: leaving } = await installedPartner();
    await leaving.uninstall();
    await eventually(async () => expect((await leaving.launch()).body).toContain('Приложение удалено с портала'));
  });

  it('the deal card tab names the claim only for this partner\'s own deals', async () => {
    const { partner, portal } = await installedPartner();
    const bound = portal.placements().find((p) => p.placement === 'CRM_DEAL_DETAIL_TAB')!;
    expect(bound).toMatchObject({ handler: `${w.t.url}/b24/app`, title: 'Заявка на внедрение' });
    const { claimId, deal } = await takeWithDeal(partner.auth, portal);

    const tab = async (options: string | object) => {
      const page = await portal.launch({ placement: 'CRM_DEAL_DETAIL_TAB', placementOptions: options as object });
      expect(page.status).toBe(200);
      return launchContextOf(page.body);
    };
    expect(await tab({ ID: deal.id })).toMatchObject({ view: 'deal-tab', dealId: deal.id, claimId });
    expect(await tab({ ID: Number(deal.id) })).toMatchObject({ claimId });
    expect(await tab({ ID: '999999' })).toMatchObject({ view: 'deal-tab', dealId: '999999', claimId: null });
    expect(await tab({ ID: '1 OR 1=1' })).toMatchObject({ dealId: null, claimId: null });

    // The same deal id in another partner's portal is not this claim.
    const { portal: elsewhere } = await installedPartner();
    const foreign = launchContextOf((await elsewhere.launch({ placement: 'CRM_DEAL_DETAIL_TAB', placementOptions: { ID: deal.id } })).body);
    expect(foreign).toMatchObject({ dealId: deal.id, claimId: null });
  });

  it('an app update drops the tab and the service binds it again', async () => {
    const { portal } = await installedPartner();
    await portal.update();
    await eventually(async () => expect(portal.placements().map((p) => p.placement)).toEqual(['CRM_DEAL_DETAIL_TAB']));
  });
});
