import { installedPortal, type Fixture } from './fixture';
import { postJson } from './receiver';

/** What a real portal does that a careless client trips on, as the documentation describes it. */
describe('Bitrix24 double: leniency, limits and lifecycle faults', () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await installedPortal();
  });
  afterEach(() => f.close());

  const call = async (method: string, body: object = {}) => postJson(`${f.portal.clientEndpoint}${method}`, { ...body, auth: f.token });
  const dealFields = async (id: number) => (await call('crm.deal.get', { id })).body.result;

  it('crm.deal.add (crm-deal-add.md) puts a deal with an unknown pipeline in pipeline 0 and one with an unknown stage in the first stage, silently', async () => {
    const pipeline = (await call('crm.category.add', { entityTypeId: 2, fields: { name: 'Ours' } })).body.result.category.id;
    const unknownPipeline = (await call('crm.deal.add', { fields: { TITLE: 'a', CATEGORY_ID: 999, STAGE_ID: 'C999:NEW' } })).body;
    expect(unknownPipeline.result).toEqual(expect.any(Number));
    expect(await dealFields(unknownPipeline.result)).toMatchObject({ CATEGORY_ID: '0', STAGE_ID: 'NEW' });
    const unknownStage = (await call('crm.deal.add', { fields: { TITLE: 'b', CATEGORY_ID: pipeline, STAGE_ID: 'NOPE' } })).body.result;
    expect(await dealFields(unknownStage)).toMatchObject({ CATEGORY_ID: String(pipeline), STAGE_ID: `C${pipeline}:NEW` });
    const noStage = (await call('crm.deal.add', { fields: { TITLE: 'c', CATEGORY_ID: pipeline } })).body.result;
    expect(await dealFields(noStage)).toMatchObject({ STAGE_ID: `C${pipeline}:NEW` });
    // Pipeline 0's stages carry no prefix.
    const inDefault = (await call('crm.deal.add', { fields: { TITLE: 'd', STAGE_ID: 'C0:NEW' } })).body.result;
    expect(await dealFields(inDefault)).toMatchObject({ CATEGORY_ID: '0', STAGE_ID: 'NEW' });
  });

  it('crm.category.delete (crm-category-delete.md) refuses the default pipeline and one that holds deals; crm.category.update renames', async () => {
    const id = (await call('crm.category.add', { entityTypeId: 2, fields: { name: 'Ours' } })).body.result.category.id;
    await call('crm.deal.add', { fields: { TITLE: 'held', CATEGORY_ID: id } });
    expect((await call('crm.category.delete', { entityTypeId: 2, id })).body).toEqual({
      error: 'BX_ERROR',
      error_description: 'Elements related to the funnel found',
    });
    expect((await call('crm.category.delete', { entityTypeId: 2, id: 0 })).body.error).toBe('BX_ERROR');
    expect(() => f.portal.deleteCategory(id)).toThrow();

    expect((await call('crm.category.update', { entityTypeId: 2, id, fields: { name: 'Renamed by the partner' } })).body.result.category).toMatchObject({
      id,
      name: 'Renamed by the partner',
    });
    const empty = (await call('crm.category.add', { entityTypeId: 2, fields: { name: 'Empty' } })).body.result.category.id;
    expect((await call('crm.category.delete', { entityTypeId: 2, id: empty })).body).toMatchObject({ result: null });
  });

  it('every answer reports operating and operating_reset_at (limits.md)', async () => {
    const r = await call('user.current');
    expect(r.body.time).toEqual(expect.objectContaining({ operating: expect.any(Number), operating_reset_at: expect.any(Number) }));
    f.portal.faults.operatingResetAt = 1_800_000_000;
    expect((await call('user.current')).body.time.operating_reset_at).toBe(1_800_000_000);
  });

  it('a portal that stops answering holds every request until the caller gives up', async () => {
    f.portal.faults.unresponsive = true;
    const started = Date.now();
    const answer = fetch(`${f.portal.clientEndpoint}user.current`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ auth: f.token }),
      signal: AbortSignal.timeout(300),
    });
    await expect(answer).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    f.portal.faults.unresponsive = false;
    expect((await call('user.current')).status).toBe(200);
  });

  it('an install can name another portal\'s domain, while the OAuth server keeps naming its own endpoint', async () => {
    const forged = await f.portal.install({ headless: true, forgeDomain: 'victim.bitrix24.test' });
    const [event] = f.receiver.on('/b24/install').filter((r) => r.form.event === 'ONAPPINSTALL');
    expect(event.form).toMatchObject({ auth: { domain: 'victim.bitrix24.test', client_endpoint: f.portal.clientEndpoint } });
    const refresh = await fetch(
      `${f.double.oauthUrl}/oauth/token/?grant_type=refresh_token&client_id=local.test.1&client_secret=secret-1&refresh_token=${forged.refreshToken}`,
    ).then((r) => r.json() as Promise<any>);
    expect(refresh.client_endpoint).toBe(f.portal.clientEndpoint);
  });
});
