import { installedPortal, type Fixture } from './fixture';
import { postJson } from './receiver';

describe('Bitrix24 double: CRM methods', () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await installedPortal();
  });
  afterEach(() => f.close());

  const call = async (method: string, body: object = {}) => postJson(`${f.portal.clientEndpoint}${method}`, { ...body, auth: f.token });

  it('crm.category.list: the default pipeline has id 0 ("General", isDefault Y)', async () => {
    const r = await call('crm.category.list', { entityTypeId: 2 });
    expect(r.body.result).toEqual({ categories: [{ id: 0, name: 'General', sort: 300, entityTypeId: 2, isDefault: 'Y' }] });
    expect(r.body.total).toBe(1);
    expect((await call('crm.category.list', { entityTypeId: 999 })).body.error).toBe('NOT_FOUND');
  });

  it('crm.category.add creates a pipeline seeded with C{id}: stages', async () => {
    const r = await call('crm.category.add', { entityTypeId: 2, fields: { name: 'Partners', sort: 500 } });
    expect(r.body.result).toEqual({
      category: { id: 1, name: 'Partners', sort: 500, entityTypeId: 2, isDefault: 'N', originId: '', originatorId: '' },
    });
    const stages = await call('crm.status.list', { filter: { ENTITY_ID: 'DEAL_STAGE_1' }, order: { SORT: 'ASC' } });
    expect(stages.body.result.map((s: { STATUS_ID: string }) => s.STATUS_ID)).toEqual(['C1:NEW', 'C1:PREPARATION', 'C1:EXECUTING', 'C1:WON', 'C1:LOSE']);
    const won = stages.body.result.find((s: { STATUS_ID: string }) => s.STATUS_ID === 'C1:WON');
    expect(won).toMatchObject({ ENTITY_ID: 'DEAL_STAGE_1', CATEGORY_ID: '1', SEMANTICS: 'S', SYSTEM: 'Y', EXTRA: { SEMANTICS: 'success' } });
    expect((await call('crm.category.add', { entityTypeId: 2, fields: {} })).body).toEqual({ error: '0', error_description: "Field 'NAME' is required" });
  });

  it('crm.status.list for DEAL_STAGE: the default stages with SEMANTICS null/S/F', async () => {
    const r = await call('crm.status.list', { filter: { ENTITY_ID: 'DEAL_STAGE' } });
    expect(r.body.result.map((s: { STATUS_ID: string }) => s.STATUS_ID)).toEqual([
      'NEW', 'PREPARATION', 'PREPAYMENT_INVOICE', 'EXECUTING', 'FINAL_INVOICE', 'WON', 'LOSE',
    ]);
    expect(r.body.result[0]).toEqual({
      ID: expect.any(String), ENTITY_ID: 'DEAL_STAGE', STATUS_ID: 'NEW', NAME: 'New', NAME_INIT: 'New', SORT: '10', SYSTEM: 'Y',
      CATEGORY_ID: null, COLOR: '#39A8EF', SEMANTICS: null, EXTRA: { SEMANTICS: 'process', COLOR: '#39A8EF' },
    });
    expect(r.body.result[6]).toMatchObject({ STATUS_ID: 'LOSE', SEMANTICS: 'F', EXTRA: { SEMANTICS: 'failure' } });
  });

  it('crm.deal.add/get: strings everywhere, first stage by default, semantic derived from the stage', async () => {
    await call('crm.category.add', { entityTypeId: 2, fields: { name: 'Leads' } });
    const add = await call('crm.deal.add', {
      fields: { TITLE: 'New Deal #1', CATEGORY_ID: 1, OPPORTUNITY: 1000000, CURRENCY_ID: 'EUR', ORIGINATOR_ID: 'partner-leads', ORIGIN_ID: 'claim-7' },
    });
    expect(add.body.result).toBe(1);
    const d = (await call('crm.deal.get', { id: 1 })).body.result;
    expect(d).toMatchObject({
      ID: '1', TITLE: 'New Deal #1', CATEGORY_ID: '1', STAGE_ID: 'C1:NEW', STAGE_SEMANTIC_ID: 'P', CLOSED: 'N',
      OPPORTUNITY: '1000000.00', CURRENCY_ID: 'EUR', ORIGINATOR_ID: 'partner-leads', ORIGIN_ID: 'claim-7', ASSIGNED_BY_ID: '1',
      LEAD_ID: null,
    });
    await call('crm.deal.update', { id: 1, fields: { STAGE_ID: 'C1:WON' } });
    expect((await call('crm.deal.get', { id: 1 })).body.result).toMatchObject({ STAGE_SEMANTIC_ID: 'S', CLOSED: 'Y' });
    await call('crm.deal.update', { id: 1, fields: { STAGE_ID: 'C1:LOSE', CATEGORY_ID: 0 } });
    expect((await call('crm.deal.get', { id: 1 })).body.result).toMatchObject({ CATEGORY_ID: '1', STAGE_SEMANTIC_ID: 'F' });
  });

  it('crm.deal.update ignores unknown keys and answers true; crm.deal.delete removes', async () => {
    await call('crm.deal.add', { fields: { TITLE: 'x' } });
    expect((await call('crm.deal.update', { id: 1, fields: { NOPE: 1, TITLE: 'y' } })).body.result).toBe(true);
    expect(f.portal.deals()[0].TITLE).toBe('y');
    expect((await call('crm.deal.delete', { id: 1 })).body.result).toBe(true);
    expect((await call('crm.deal.get', { id: 1 })).body).toEqual({ error: '', error_description: 'Not found' });
  });

  it('crm.deal.list: 50 a page, total, next absent on the last page, start=-1 without count', async () => {
    for (let i = 1; i <= 120; i++) await call('crm.deal.add', { fields: { TITLE: `Deal ${i}`, ORIGIN_ID: `o-${i}` } });
    const p1 = await call('crm.deal.list', { select: ['ID'] });
    expect(p1.body.result).toHaveLength(50);
    expect(p1.body).toMatchObject({ total: 120, next: 50 });
    const p3 = await call('crm.deal.list', { select: ['ID'], start: 100 });
    expect(p3.body.result).toHaveLength(20);
    expect(p3.body.total).toBe(120);
    expect(p3.body).not.toHaveProperty('next');
    const fast = await call('crm.deal.list', { select: ['ID'], order: { ID: 'ASC' }, filter: { '>ID': 100 }, start: -1 });
    expect(fast.body.result.map((d: { ID: string }) => d.ID)[0]).toBe('101');
    expect(fast.body).not.toHaveProperty('total');
    expect(fast.body).not.toHaveProperty('next');
  });

  it('crm.deal.list filter prefixes = > < >= <= @ !@ % != and ORIGIN lookup', async () => {
    for (const t of ['Alpha', 'Beta', 'Gamma', 'Alphabet']) await call('crm.deal.add', { fields: { TITLE: t, ORIGINATOR_ID: 'pl', ORIGIN_ID: `c-${t}` } });
    const ids = async (filter: object) =>
      (await call('crm.deal.list', { filter, select: ['ID'] })).body.result.map((d: { ID: string }) => Number(d.ID));
    expect(await ids({ ORIGINATOR_ID: 'pl', ORIGIN_ID: 'c-Beta' })).toEqual([2]);
    expect(await ids({ '=ORIGIN_ID': 'c-Gamma' })).toEqual([3]);
    expect(await ids({ '>ID': 2 })).toEqual([3, 4]);
    expect(await ids({ '<ID': 2 })).toEqual([1]);
    expect(await ids({ '>=ID': 2, '<=ID': 3 })).toEqual([2, 3]);
    expect(await ids({ '@ID': [1, 4] })).toEqual([1, 4]);
    expect(await ids({ '!@ID': [1, 4] })).toEqual([2, 3]);
    expect(await ids({ '%TITLE': 'alpha' })).toEqual([1, 4]);
    expect(await ids({ '!ID': 1 })).toEqual([2, 3, 4]);
    expect(await ids({ '=%TITLE': 'Al%' })).toEqual([1, 4]);
    const desc = await call('crm.deal.list', { order: { ID: 'DESC' }, select: ['ID', 'TITLE'] });
    expect(desc.body.result[0]).toEqual({ ID: '4', TITLE: 'Alphabet' });
    expect((await call('crm.deal.list', { filter: 'x' })).body).toEqual({ error: '', error_description: "Parameter 'filter' must be array." });
  });

  it('crm.deal.userfield.add prefixes UF_CRM_, validates, and the field is then written on deals', async () => {
    const r = await call('crm.deal.userfield.add', { fields: { USER_TYPE_ID: 'string', FIELD_NAME: 'PORTAL_REF', LABEL: 'Адрес портала' } });
    expect(typeof r.body.result).toBe('number');
    const list = await call('crm.deal.userfield.list', { filter: { FIELD_NAME: 'UF_CRM_PORTAL_REF' } });
    expect(list.body.result[0]).toMatchObject({ ID: String(r.body.result), ENTITY_ID: 'CRM_DEAL', FIELD_NAME: 'UF_CRM_PORTAL_REF', USER_TYPE_ID: 'string', MULTIPLE: 'N', EDIT_FORM_LABEL: 'Адрес портала' });
    await call('crm.deal.add', { fields: { TITLE: 'x', UF_CRM_PORTAL_REF: 'acme.bitrix24.ru', UF_CRM_UNKNOWN: 'ignored' } });
    const d = (await call('crm.deal.get', { id: 1 })).body.result;
    expect(d.UF_CRM_PORTAL_REF).toBe('acme.bitrix24.ru');
    expect(d).not.toHaveProperty('UF_CRM_UNKNOWN');
    const errs = [
      [{ USER_TYPE_ID: 'string' }, '', "The 'FIELD_NAME' field is not found."],
      [{ FIELD_NAME: 'X' }, '', "The 'USER_TYPE_ID' field is not found."],
      [{ FIELD_NAME: 'bad-name', USER_TYPE_ID: 'string' }, 'ERROR_CORE', 'Field name contains invalid characters. Allowed characters are: A-Z, 0-9 and _.'],
      [{ FIELD_NAME: 'X'.repeat(44), USER_TYPE_ID: 'string' }, 'ERROR_CORE', 'Field name is too long (more than 50 characters).'],
      [{ FIELD_NAME: 'Y', USER_TYPE_ID: 'nonsense' }, 'ERROR_CORE', 'Incorrect custom type specified.'],
    ] as const;
    for (const [fields, code, text] of errs) {
      expect(await call('crm.deal.userfield.add', { fields })).toEqual({ status: 400, body: { error: code, error_description: text } });
    }
    f.portal.deleteUserField('UF_CRM_PORTAL_REF');
    expect((await call('crm.deal.get', { id: 1 })).body.result).not.toHaveProperty('UF_CRM_PORTAL_REF');
  });

  it('contacts and companies: multi-fields come back with ID/TYPE_ID; update appends, overwrites by ID, deletes with empty VALUE', async () => {
    const co = await call('crm.company.add', { fields: { TITLE: 'ACME', PHONE: [{ VALUE: '+100', VALUE_TYPE: 'WORK' }] } });
    expect((await call('crm.company.get', { id: co.body.result })).body.result).toMatchObject({ TITLE: 'ACME', HAS_PHONE: 'Y', PHONE: [{ VALUE: '+100' }] });
    const add = await call('crm.contact.add', {
      fields: {
        NAME: 'Ann', LAST_NAME: 'Lee', COMPANY_ID: co.body.result,
        PHONE: [{ VALUE: '+4930111222', VALUE_TYPE: 'WORK' }],
        EMAIL: [{ VALUE: 'ann@acme.test', VALUE_TYPE: 'WORK' }],
      },
    });
    const c = (await call('crm.contact.get', { id: add.body.result })).body.result;
    expect(c).toMatchObject({ NAME: 'Ann', LAST_NAME: 'Lee', COMPANY_ID: '1', HAS_PHONE: 'Y', HAS_EMAIL: 'Y' });
    expect(c.PHONE).toEqual([{ ID: expect.any(String), VALUE_TYPE: 'WORK', VALUE: '+4930111222', TYPE_ID: 'PHONE' }]);
    const phoneId = c.PHONE[0].ID;
    await call('crm.contact.update', { id: 1, fields: { PHONE: [{ VALUE: '+4930999', VALUE_TYPE: 'MOBILE' }] } });
    expect((await call('crm.contact.get', { id: 1 })).body.result.PHONE.map((p: { VALUE: string }) => p.VALUE)).toEqual(['+4930111222', '+4930999']);
    await call('crm.contact.update', { id: 1, fields: { PHONE: [{ ID: phoneId, VALUE: '+4930000' }] } });
    await call('crm.contact.update', { id: 1, fields: { EMAIL: [{ ID: c.EMAIL[0].ID, VALUE: '' }] } });
    const after = (await call('crm.contact.get', { id: 1 })).body.result;
    expect(after.PHONE.map((p: { VALUE: string }) => p.VALUE)).toEqual(['+4930000', '+4930999']);
    expect(after).not.toHaveProperty('EMAIL');
    expect(after.HAS_EMAIL).toBe('N');
    expect((await call('crm.contact.add', { fields: { EMAIL: [{ VALUE: 'not-an-email' }] } })).body.error).toBe('ERROR_CORE');
    const found = await call('crm.contact.list', { filter: { PHONE: '+4930999' }, select: ['ID', 'NAME', 'PHONE'] });
    expect(found.body.result).toHaveLength(1);
    expect(found.body.result[0]).toMatchObject({ ID: '1', NAME: 'Ann' });
    expect(found.body.result[0].PHONE).toHaveLength(2);
  });

  it('crm.timeline.comment.add needs lowercase fields and an existing owner', async () => {
    await call('crm.deal.add', { fields: { TITLE: 'x' } });
    const ok = await call('crm.timeline.comment.add', { fields: { ENTITY_ID: 1, ENTITY_TYPE: 'deal', COMMENT: 'Заполните адрес портала' } });
    expect(typeof ok.body.result).toBe('number');
    expect(f.portal.timelineComments('1')).toEqual([expect.objectContaining({ comment: 'Заполните адрес портала', entityType: 'deal' })]);
    const upper = await call('crm.timeline.comment.add', { FIELDS: { ENTITY_ID: 1, ENTITY_TYPE: 'deal', COMMENT: 'x' } });
    expect(upper.status).toBe(400);
    expect(upper.body.error).toBe('100');
    expect((await call('crm.timeline.comment.add', { fields: { ENTITY_ID: 77, ENTITY_TYPE: 'deal', COMMENT: 'x' } })).body.error).toBe('OWNER_NOT_FOUND');
    expect((await call('crm.timeline.comment.add', { fields: { ENTITY_ID: 1, ENTITY_TYPE: 'deal', COMMENT: ' ' } })).body.error).toBe('INVALID_ARG_VALUE');
  });

  it('a deal into a deleted pipeline lands in pipeline 0; user-side changes are visible through REST', async () => {
    await call('crm.category.add', { entityTypeId: 2, fields: { name: 'P' } });
    await call('crm.deal.add', { fields: { TITLE: 'x', CATEGORY_ID: 1 } });
    await f.portal.setDealStage('1', 'C1:WON', { deliver: false });
    f.portal.setDealField('1', 'COMMENTS', 'done');
    expect((await call('crm.deal.get', { id: 1 })).body.result).toMatchObject({ STAGE_ID: 'C1:WON', STAGE_SEMANTIC_ID: 'S', COMMENTS: 'done' });
    await f.portal.deleteDeal('1', { deliver: false });
    f.portal.deleteCategory(1);
    expect((await call('crm.category.list', { entityTypeId: 2 })).body.total).toBe(1);
    const r = await call('crm.deal.add', { fields: { TITLE: 'y', CATEGORY_ID: 1 } });
    expect((await call('crm.deal.get', { id: r.body.result })).body.result).toMatchObject({ CATEGORY_ID: '0', STAGE_ID: 'NEW' });
  });
});
