import { isoDate } from './context';
import { DEAL_FIELDS, DEAL_WRITABLE, type Deal } from './crm-store';
import { Errors } from './envelope';
import { listRows, selectFields } from './list-query';
import { isMap, param, positiveId, scalar, type CallContext, type MethodTable } from './methods';

const CURRENCIES = new Set(['RUB', 'USD', 'EUR', 'KZT', 'BYN', 'UAH', 'GBP', 'PLN', 'BRL', 'INR', 'CNY', 'JPY']);
const ID_FIELDS = new Set(['COMPANY_ID', 'LEAD_ID', 'QUOTE_ID', 'ASSIGNED_BY_ID']);

function fieldsParam(ctx: CallContext): Record<string, unknown> {
  const f = param(ctx.params, 'fields');
  if (!isMap(f) || Array.isArray(f)) {
    if (Array.isArray(f) && f.length === 0) return {};
    throw Errors.legacy("Parameter 'fields' must be array.");
  }
  const upper: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(f)) upper[k.toUpperCase()] = v;
  return upper;
}

function dealId(ctx: CallContext): number {
  const id = positiveId(param(ctx.params, 'id'));
  if (id === null) throw Errors.legacy('ID is not defined or invalid.');
  return id;
}

function findDeal(ctx: CallContext, id: number): Deal {
  const deal = ctx.portal.crm.deals.get(id);
  if (!deal) throw Errors.legacy('Not found');
  return deal;
}

function normalise(field: string, v: unknown): string | null {
  if (ID_FIELDS.has(field)) {
    const n = parseInt(String(v ?? ''), 10);
    return Number.isNaN(n) ? '0' : String(n);
  }
  if (field === 'OPPORTUNITY' || field === 'TAX_VALUE') {
    const n = Number(v);
    return Number.isFinite(n) ? n.toFixed(2) : '0.00';
  }
  return scalar(v);
}

function contactList(v: unknown): number[] {
  const items = Array.isArray(v) ? v : isMap(v) ? Object.values(v) : v === undefined || v === '' ? [] : [v];
  return items.map((x) => parseInt(String(x), 10)).filter((n) => Number.isInteger(n) && n > 0);
}

/** Writes the caller's fields; stage, pipeline, contacts and user fields have rules of their own. */
function applyFields(ctx: CallContext, deal: Deal, fields: Record<string, unknown>, creating: boolean): void {
  const crm = ctx.portal.crm;
  for (const [k, v] of Object.entries(fields)) {
    if (DEAL_WRITABLE.has(k) && k !== 'STAGE_ID') deal.fields[k] = normalise(k, v);
    else if (k.startsWith('UF_CRM_') && crm.userFields.has(k)) {
      const uf = crm.userFields.get(k)!;
      const values = Array.isArray(v) ? v : isMap(v) ? Object.values(v) : [v];
      if (uf.multiple) deal.uf[k] = values.filter((x) => x !== '' && x !== null).map(String);
      else deal.uf[k] = scalar(values[0]) ?? '';
    }
  }
  if (fields.CURRENCY_ID !== undefined && !CURRENCIES.has(String(fields.CURRENCY_ID)))
    throw Errors.legacy('Invalid value for the "Currency" field');
  if ('CONTACT_IDS' in fields) deal.contactIds = contactList(fields.CONTACT_IDS);
  else if ('CONTACT_ID' in fields) deal.contactIds = contactList(fields.CONTACT_ID);
  deal.fields.CONTACT_ID = deal.contactIds.length ? String(deal.contactIds[0]) : null;

  // crm.deal.add is lenient (api-reference/crm/deals/crm-deal-add.md): an unknown pipeline becomes
  // the default one and an unknown stage the pipeline's first, without a word. Updates are strict.
  let categoryId = Number(deal.fields.CATEGORY_ID ?? 0);
  if (creating && !crm.categories.has(categoryId)) deal.fields.CATEGORY_ID = String((categoryId = 0));
  const category = crm.categories.get(categoryId);
  if (!category) throw Errors.legacy(`Deal category with ID ${categoryId} is not found.`);
  const knownStage = (id: string) => category.stages.some((s) => s.statusId === id);
  if (fields.STAGE_ID !== undefined && fields.STAGE_ID !== '' && (!creating || knownStage(String(fields.STAGE_ID)))) {
    const stageId = String(fields.STAGE_ID);
    if (!knownStage(stageId)) throw Errors.legacy(`Stage "${stageId}" is not found in deal category ${categoryId}.`);
    if (stageId !== deal.fields.STAGE_ID) ctx.portal.stampMove(deal, ctx.userId);
    deal.fields.STAGE_ID = stageId;
  } else if (creating) {
    deal.fields.STAGE_ID = category.stages[0].statusId;
  }
  ctx.portal.refreshSemantics(deal);
}

export function dealOut(ctx: { portal: CallContext['portal'] }, deal: Deal): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of DEAL_FIELDS) out[f] = deal.fields[f] ?? null;
  for (const uf of ctx.portal.crm.userFields.values()) out[uf.fieldName] = deal.uf[uf.fieldName] ?? (uf.multiple ? [] : null);
  return out;
}

function dealAdd(ctx: CallContext) {
  const fields = fieldsParam(ctx);
  const crm = ctx.portal.crm;
  const t = isoDate(ctx.portal.now());
  const user = String(ctx.userId);
  const deal: Deal = { id: 0, fields: {}, contactIds: [], uf: {} };
  Object.assign(deal.fields, {
    CATEGORY_ID: String(parseInt(String(fields.CATEGORY_ID ?? 0), 10) || 0),
    CURRENCY_ID: 'RUB', OPPORTUNITY: '0.00', TAX_VALUE: '0.00', PROBABILITY: null, COMPANY_ID: '0',
    ASSIGNED_BY_ID: user, CREATED_BY_ID: user, MODIFY_BY_ID: user, MOVED_BY_ID: user,
    DATE_CREATE: t, DATE_MODIFY: t, MOVED_TIME: t, LAST_ACTIVITY_TIME: t, LAST_ACTIVITY_BY: user, BEGINDATE: t,
    OPENED: 'Y', IS_NEW: 'Y', IS_RECURRING: 'N', IS_RETURN_CUSTOMER: 'N', IS_REPEATED_APPROACH: 'N',
    IS_MANUAL_OPPORTUNITY: 'N', TYPE_ID: 'SALE', SOURCE_ID: null,
  });
  applyFields(ctx, deal, fields, true);
  deal.id = crm.next('deal');
  deal.fields.ID = String(deal.id);
  if (!deal.fields.TITLE) deal.fields.TITLE = `Deal #${deal.id}`;
  crm.deals.set(deal.id, deal);
  ctx.portal.emit('ONCRMDEALADD', { FIELDS: { ID: String(deal.id) } }, ctx.userId);
  return { result: deal.id };
}

function dealUpdate(ctx: CallContext) {
  const id = dealId(ctx);
  const deal = findDeal(ctx, id);
  const fields = fieldsParam(ctx);
  // Changing the pipeline is not possible through crm.deal.update.
  delete fields.CATEGORY_ID;
  const copy: Deal = structuredClone(deal);
  applyFields(ctx, copy, fields, false);
  copy.fields.DATE_MODIFY = isoDate(ctx.portal.now());
  copy.fields.MODIFY_BY_ID = String(ctx.userId);
  copy.fields.IS_NEW = 'N';
  ctx.portal.crm.deals.set(id, copy);
  ctx.portal.emit('ONCRMDEALUPDATE', { FIELDS: { ID: String(id) } }, ctx.userId);
  return { result: true };
}

function dealDelete(ctx: CallContext) {
  const id = dealId(ctx);
  findDeal(ctx, id);
  ctx.portal.crm.deals.delete(id);
  ctx.portal.emit('ONCRMDEALDELETE', { FIELDS: { ID: String(id) } }, ctx.userId);
  return { result: true };
}

function dealList(ctx: CallContext) {
  const crm = ctx.portal.crm;
  const ufNames = [...crm.userFields.keys()];
  const get = (d: Deal, f: string): unknown => {
    if (f.startsWith('UF_')) return crm.userFields.has(f) ? (d.uf[f] ?? null) : undefined;
    return DEAL_FIELDS.includes(f) ? (d.fields[f] ?? null) : undefined;
  };
  const page = listRows([...crm.deals.values()], get, ctx.params);
  const select = selectFields(ctx.params, DEAL_FIELDS, ufNames);
  const items = page.items.map((d) => {
    const full = dealOut(ctx, d);
    return Object.fromEntries(select.map((f) => [f, full[f] ?? null]));
  });
  return { result: items, total: page.total, next: page.next };
}

export const dealMethods: MethodTable = {
  'crm.deal.add': { scope: 'crm', handler: dealAdd },
  'crm.deal.get': { scope: 'crm', handler: (ctx) => ({ result: dealOut(ctx, findDeal(ctx, dealId(ctx))) }) },
  'crm.deal.update': { scope: 'crm', handler: dealUpdate },
  'crm.deal.delete': { scope: 'crm', handler: dealDelete },
  'crm.deal.list': { scope: 'crm', handler: dealList },
};
