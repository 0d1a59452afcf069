import { installedPortal, type Fixture } from './fixture';
import { postJson } from './receiver';

describe('Bitrix24 double: batch (how-to-call-rest-api/batch.md)', () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await installedPortal();
  });
  afterEach(() => f.close());

  const batch = (body: object) => postJson(`${f.portal.clientEndpoint}batch`, { ...body, auth: f.token });

  it('independent calls: result, empty maps as [], result_time per command', async () => {
    const r = await batch({ halt: 0, cmd: { get_user: 'user.current', get_app: 'app.info' } });
    expect(r.status).toBe(200);
    expect(r.body.result.result.get_user).toMatchObject({ ID: '1', ACTIVE: true });
    expect(r.body.result.result.get_app).toMatchObject({ LICENSE: 'ru_company' });
    expect(r.body.result.result_error).toEqual([]);
    expect(r.body.result.result_total).toEqual([]);
    expect(r.body.result.result_next).toEqual([]);
    expect(Object.keys(r.body.result.result_time)).toEqual(['get_user', 'get_app']);
    expect(r.body.result.result_time.get_user).toHaveProperty('duration');
    expect(r.body.time).toHaveProperty('date_finish');
  });

  it('linked calls: $result[key][field] feeds later commands (company + contact + deal in one call)', async () => {
    const r = await batch({
      halt: 1,
      cmd: {
        co: 'crm.company.add?fields[TITLE]=ACME',
        ct: 'crm.contact.add?fields[NAME]=Ann&fields[COMPANY_ID]=$result[co]&fields[PHONE][0][VALUE]=%2B4930111222&fields[PHONE][0][VALUE_TYPE]=WORK',
        deal: 'crm.deal.add?fields[TITLE]=Lead&fields[COMPANY_ID]=$result[co]&fields[CONTACT_IDS][]=$result[ct]',
        read: 'crm.deal.get?id=$result[deal]',
        list: 'crm.deal.list?filter[ID]=$result[deal]&select[]=COMPANY_ID',
        again: 'crm.company.get?id=$result[list][0][COMPANY_ID]',
      },
    });
    const res = r.body.result.result;
    expect(r.body.result.result_error).toEqual([]);
    expect(res.co).toBe(1);
    expect(res.read).toMatchObject({ COMPANY_ID: '1', CONTACT_ID: '1', TITLE: 'Lead' });
    expect(res.again).toMatchObject({ TITLE: 'ACME' });
    expect(r.body.result.result_total).toEqual({ list: 1 });
    expect(f.portal.contacts()[0]).toMatchObject({ COMPANY_ID: '1', PHONE: [{ VALUE: '+4930111222', VALUE_TYPE: 'WORK', TYPE_ID: 'PHONE' }] });
  });

  it('halt=0 runs everything and collects errors under their keys; the batch itself is 200', async () => {
    const r = await batch({ halt: 0, cmd: { a: 'crm.deal.get?id=404', b: 'user.admin' } });
    expect(r.status).toBe(200);
    expect(r.body.result.result_error).toEqual({ a: { error: '', error_description: 'Not found' } });
    expect(r.body.result.result).toEqual({ b: true });
  });

  it('halt=1 stops at the first failing command', async () => {
    const r = await batch({ halt: 1, cmd: { a: 'user.admin', b: 'no.such.method', c: 'crm.deal.add?fields[TITLE]=x' } });
    expect(r.body.result.result).toEqual({ a: true });
    expect(r.body.result.result_error).toEqual({ b: { error: 'ERROR_METHOD_NOT_FOUND', error_description: 'Method not found!' } });
    expect(f.portal.deals()).toHaveLength(0);
  });

  it('more than 50 commands: the extra ones get ERROR_BATCH_LENGTH_EXCEEDED', async () => {
    const cmd = Object.fromEntries(Array.from({ length: 52 }, (_, i) => [`c${i}`, 'user.admin']));
    const r = await batch({ cmd });
    expect(Object.keys(r.body.result.result)).toHaveLength(50);
    expect(Object.keys(r.body.result.result_error)).toEqual(['c50', 'c51']);
    expect(r.body.result.result_error.c50.error).toBe('ERROR_BATCH_LENGTH_EXCEEDED');
  });

  it('a nested batch is refused with ERROR_BATCH_METHOD_NOT_ALLOWED', async () => {
    const r = await batch({ cmd: { inner: 'batch?cmd[x]=user.admin' } });
    expect(r.body.result.result_error.inner.error).toBe('ERROR_BATCH_METHOD_NOT_ALLOWED');
  });

  it('numeric keys come back as lists, list paging as result_next', async () => {
    for (let i = 0; i < 55; i++) await postJson(`${f.portal.clientEndpoint}crm.deal.add`, { fields: { TITLE: `d${i}` }, auth: f.token });
    const r = await batch({ cmd: ['crm.deal.list?select[]=ID', 'user.admin'] });
    expect(Array.isArray(r.body.result.result)).toBe(true);
    expect(r.body.result.result[0]).toHaveLength(50);
    expect(r.body.result.result_next).toEqual([50]);
    expect(r.body.result.result_total).toEqual([55]);
  });

  it('auth applies to every sub-call: an expired token fails each one', async () => {
    f.portal.expireAccessTokens();
    const r = await batch({ cmd: { a: 'user.admin' } });
    expect(r.status).toBe(401);
    expect(r.body.error).toBe('expired_token');
  });

  it('logs sub-calls so tests can count them', async () => {
    await batch({ cmd: { a: 'crm.deal.add?fields[TITLE]=x', b: 'crm.deal.add?fields[TITLE]=y' } });
    const adds = f.portal.calls().filter((c) => c.method === 'crm.deal.add');
    expect(adds).toHaveLength(2);
    expect(adds.every((c) => c.inBatch && c.status === 200)).toBe(true);
  });
});
