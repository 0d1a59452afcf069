import { CheckBindingsTask } from '../../src/modules/crm-sync/application/check-bindings.task';
import { KeepTokensAliveTask } from '../../src/modules/crm-sync/application/keep-tokens-alive.task';
import { encodePhpForm } from '../support/bitrix24-double';
import { startBitrix24World, Bitrix24World } from '../support/bitrix24-setup';
import { eventually } from '../support/fixtures';

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
});
