import { installedPortal, type Fixture } from './fixture';
import { postJson } from './receiver';
import type { FakePortal, PortalOptions } from '../support/bitrix24-double';

// api-reference/common/system/app-info.md; the plan id list, the demo and box rules follow core rest_provider.php.
describe('Bitrix24 double: app.info plans', () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await installedPortal();
  });
  afterEach(() => f.close());

  let n = 0;
  async function infoOf(opts: Omit<PortalOptions, 'domain'>): Promise<{ portal: FakePortal; info: () => Promise<Record<string, unknown>> }> {
    const portal = f.double.createPortal({ domain: `p${++n}.bitrix24.test`, ...opts });
    const { accessToken } = await portal.install({ headless: true });
    return { portal, info: async () => (await postJson(`${portal.clientEndpoint}app.info`, { auth: accessToken })).body.result };
  }

  it('keeps the default ru_company plan when neither plan nor license is given', async () => {
    const { info } = await infoOf({});
    expect(await info()).toMatchObject({ LICENSE: 'ru_company', LICENSE_TYPE: 'company', LICENSE_FAMILY: 'company', LANGUAGE_ID: 'ru' });
    expect(await info()).not.toHaveProperty('LICENSE_PREVIOUS');
    expect(f.portal.license).toBe('ru_company');
  });

  it.each([
    ['nfr', 'ru_nfr', 'nfr'],
    ['company2', 'ru_company2', 'company'],
    ['company3', 'ru_company3', 'company'],
    ['basic', 'ru_basic', 'basic'],
    ['ent250', 'ru_ent250', 'ent'],
  ])('plan %s: LICENSE {region}_{plan}, LICENSE_TYPE the bare id', async (type, license, family) => {
    const { info } = await infoOf({ plan: { type } });
    expect(await info()).toMatchObject({ LICENSE: license, LICENSE_TYPE: type, LICENSE_FAMILY: family });
  });

  it('an unknown plan id is shown as project in LICENSE; LICENSE_TYPE stays the portal id', async () => {
    const { info } = await infoOf({ plan: { type: 'mega42', family: 'mega' }, languageId: 'de' });
    expect(await info()).toMatchObject({ LICENSE: 'de_project', LICENSE_TYPE: 'mega42', LICENSE_FAMILY: 'mega', LANGUAGE_ID: 'de' });
  });

  it('a demo carries the real plan in LICENSE_PREVIOUS as {region}_{plan}; other plans have no such key', async () => {
    const { info } = await infoOf({ plan: { type: 'demo', previous: 'basic', region: 'de' } });
    expect(await info()).toMatchObject({ LICENSE: 'de_demo', LICENSE_TYPE: 'demo', LICENSE_PREVIOUS: 'de_basic' });
    const bare = await infoOf({ plan: { type: 'demo' } });
    expect((await bare.info()).LICENSE_PREVIOUS).toBe('ru_project');
    const legacy = await infoOf({ license: 'en_demo', licensePrevious: 'en_std' });
    expect(await legacy.info()).toMatchObject({ LICENSE: 'en_demo', LICENSE_PREVIOUS: 'en_std', LANGUAGE_ID: 'en' });
    const paid = await infoOf({ plan: { type: 'pro', previous: 'basic' } });
    expect(await paid.info()).not.toHaveProperty('LICENSE_PREVIOUS');
  });

  it("a box is {lang}_selfhosted with no LICENSE_TYPE, LICENSE_FAMILY or LICENSE_PREVIOUS", async () => {
    const { info } = await infoOf({ plan: 'box', languageId: 'en' });
    const r = await info();
    expect(r).toMatchObject({ LICENSE: 'en_selfhosted', LANGUAGE_ID: 'en', INSTALLED: true, STATUS: 'L' });
    for (const key of ['LICENSE_TYPE', 'LICENSE_FAMILY', 'LICENSE_PREVIOUS']) expect(r).not.toHaveProperty(key);
  });

  it('setPlan() changes what the next app.info reports, keeping the region of the portal', async () => {
    const { portal, info } = await infoOf({ license: 'de_company' });
    portal.setPlan({ type: 'demo', previous: 'company2' });
    expect(await info()).toMatchObject({ LICENSE: 'de_demo', LICENSE_TYPE: 'demo', LICENSE_PREVIOUS: 'de_company2' });
    expect(portal.plan()).toEqual({ type: 'demo', previous: 'company2' });
    portal.setPlan('box');
    expect((await info()).LICENSE).toBe('de_selfhosted');
    expect(portal.license).toBe('de_selfhosted');
    portal.setPlan({ type: 'nfr' });
    expect(await info()).toMatchObject({ LICENSE: 'de_nfr', LICENSE_TYPE: 'nfr' });
  });

  it('through a webhook app.info is only {SCOPE, LICENSE}, with the same LICENSE', async () => {
    f.portal.setPlan({ type: 'demo', previous: 'pro' });
    const hook = f.portal.addWebhook(1, 'crm');
    const r = await postJson(`${hook}app.info`, {});
    expect(r.body.result).toEqual({ SCOPE: 'crm', LICENSE: 'ru_demo' });
  });

  it('the auth server app.info reports the plan too', async () => {
    f.portal.setPlan({ type: 'company3' });
    const r = await postJson(`${f.double.oauthUrl}/rest/app.info`, { auth: f.token });
    expect(r.body.result).toMatchObject({ LICENSE: 'ru_company3', LICENSE_TYPE: 'company3' });
  });
});
