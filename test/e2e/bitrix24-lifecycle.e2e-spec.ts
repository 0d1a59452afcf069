import { CheckBindingsTask } from '../../src/modules/crm-sync/application/check-bindings.task';
import { KeepTokensAliveTask } from '../../src/modules/crm-sync/application/keep-tokens-alive.task';
import { encodePhpForm } from '../support/bitrix24-double';
import { startBitrix24World, Bitrix24World } from '../support/bitrix24-setup';
import { createLead, createPartner, eventually, operator } from '../support/fixtures';

const HANDLED = ['ONAPPUNINSTALL', 'ONAPPUPDATE', 'ONCRMDEALDELETE', 'ONCRMDEALMOVETOCATEGORY', 'ONCRMDEALUPDATE'];

/** What the service does by itself over a portal's months of life: updates, lost bindings, silence. */
describe('Bitrix24: a portal\'s lifecycle', () => {
  let w: Bitrix24World;
  let seq = 0;
  beforeAll(async () => {
    w = await startBitrix24World();
  });
  afterAll(() => w.close());

  async function installed() {
    const portal = w.b24.createPortal({ domain: `life-${++seq}.bitrix24.test` });
    await portal.install({ headless: true });
    await eventually(async () => expect(portal.bindings().map((b) => b.event).sort()).toEqual(HANDLED));
    return portal;
  }

  const dealEvent = (memberId: string, applicationToken: string) =>
    w.t.http
      .post('/b24/events')
      .type('form')
      .send(encodePhpForm({ event: 'ONCRMDEALUPDATE', data: { FIELDS: { ID: '1' } }, auth: { member_id: memberId, application_token: applicationToken } }));

  it('an app update is handled like an install: the new application token is kept and every handler bound again', async () => {
    const portal = await installed();
    const oldToken = portal.applicationToken!;
    expect(await portal.update()).toEqual([200]);
    expect(portal.applicationToken).not.toBe(oldToken);
    await eventually(async () => expect(portal.bindings().map((b) => b.event).sort()).toEqual(HANDLED));
    expect((await dealEvent(portal.memberId, portal.applicationToken!)).status).toBe(200);
    expect((await dealEvent(portal.memberId, oldToken)).status).toBe(401);
  });

  it('bindings that vanished are bound again by the scheduled check', async () => {
    const portal = await installed();
    const untouched = await installed();
    portal.dropBindings();
    const before = untouched.calls().filter((c) => c.method === 'event.bind').length;
    expect(await w.t.app.get(CheckBindingsTask).run()).toEqual({ portalsChecked: expect.any(Number) });
    await eventually(async () => expect(portal.bindings().map((b) => b.event).sort()).toEqual(HANDLED));
    // A portal whose bindings are all there is only read, not bound again.
    await eventually(async () => expect(untouched.calls().filter((c) => c.method === 'event.get').length).toBeGreaterThan(1));
    expect(untouched.calls().filter((c) => c.method === 'event.bind').length).toBe(before);
  });

  it('a portal quiet for longer than B24_TOKEN_MAX_AGE_DAYS gets its token pair renewed; a recent one is left alone', async () => {
    const quiet = await installed();
    const recent = await installed();
    await w.t.sql(`UPDATE crm_sync.portals SET tokens_refreshed_at = now() - interval '31 days' WHERE member_id = $1`, [quiet.memberId]);
    const sealedBefore = async (memberId: string) =>
      (await w.t.sql<{ refresh_token: string }>('SELECT refresh_token FROM crm_sync.portals WHERE member_id = $1', [memberId]))[0]
        .refresh_token;
    const [quietBefore, recentBefore] = [await sealedBefore(quiet.memberId), await sealedBefore(recent.memberId)];

    expect(await w.t.app.get(KeepTokensAliveTask).run()).toEqual({ portalsRenewed: 1 });
    await eventually(async () => {
      const [row] = await w.t.sql<{ fresh: boolean }>(
        `SELECT tokens_refreshed_at > now() - interval '1 minute' AS fresh FROM crm_sync.portals WHERE member_id = $1`,
        [quiet.memberId],
      );
      expect(row.fresh).toBe(true);
    });
    expect(await sealedBefore(quiet.memberId)).not.toBe(quietBefore);
    expect(await sealedBefore(recent.memberId)).toBe(recentBefore);
    // The renewed pair works: the portal's next event is handled with its own calls.
    quiet.expireAccessTokens();
    await w.t.app.get(CheckBindingsTask).run();
    await eventually(async () => expect(quiet.calls().filter((c) => c.method === 'event.get' && c.status === 200).length).toBeGreaterThan(1));
  });

  it('a portal whose uninstall never arrived is suspended after repeated refusals and gets no deals; a new install resumes it', async () => {
    const domain = `gone-${++seq}.bitrix24.test`;
    const partner = await createPartner(w.t.http, { portalDomain: domain });
    const portal = w.b24.createPortal({ domain });
    await portal.install({ headless: true });
    await eventually(async () => expect(portal.bindings()).toHaveLength(5));
    await portal.uninstall({ deliver: false });

    const claim = await w.t.http.post(`/api/v1/leads/${await createLead(w.t.http)}/claims`).set(partner.auth).expect(201);
    await eventually(async () => {
      const listed = await w.t.http.get('/api/v1/portals').set(operator).expect(200);
      expect(listed.body.find((p: { memberId: string }) => p.memberId === portal.memberId)?.status).toBe('suspended');
      const rows = await w.t.sql('SELECT state FROM crm_sync.deal_requests WHERE claim_id = $1', [claim.body.id]);
      expect(rows).toEqual([{ state: 'no_portal' }]);
    }, 30_000);
    const me = await w.t.http.get('/api/v1/me').set(partner.auth).expect(200);
    expect(me.body.portal).toEqual({ address: domain, status: 'suspended' });

    await portal.install({ headless: true });
    await eventually(async () => expect(portal.deals()).toHaveLength(1));
    const listed = await w.t.http.get('/api/v1/portals').set(operator).expect(200);
    expect(listed.body.find((p: { memberId: string }) => p.memberId === portal.memberId)?.status).toBe('installed');
    expect((await w.t.http.get('/api/v1/me').set(partner.auth).expect(200)).body.portal).toEqual({ address: domain, status: 'installed' });
  });

  it('OPERATION_TIME_LIMIT waits for the operating_reset_at the portal reported, not a few seconds', async () => {
    const domain = `busy-${++seq}.bitrix24.test`;
    const partner = await createPartner(w.t.http, { portalDomain: domain });
    const portal = w.b24.createPortal({ domain });
    const resetAt = Math.ceil(Date.now() / 1000) + 6;
    portal.faults.operatingResetAt = resetAt;
    await portal.install({ headless: true });
    // The portal is quiet once its handlers, pipeline and field exist: the next call is the deal's.
    await eventually(async () => {
      expect(portal.bindings()).toHaveLength(5);
      expect(portal.categories().map((c) => c.name)).toContain('Заявки на внедрение Битрикс24');
      expect(portal.userFields()).toHaveLength(1);
    });
    await portal.flushEvents();

    portal.faults.next = ['OPERATION_TIME_LIMIT'];
    await w.t.http.post(`/api/v1/leads/${await createLead(w.t.http)}/claims`).set(partner.auth).expect(201);
    await eventually(async () => expect(portal.deals()).toHaveLength(1), 30_000);
    const created = Date.parse(String(portal.deals()[0].DATE_CREATE));
    expect(created).toBeGreaterThanOrEqual((resetAt - 1) * 1000);
    expect(portal.calls().filter((c) => c.status === 429).map((c) => c.method)).toEqual(['batch']);
  });
});
