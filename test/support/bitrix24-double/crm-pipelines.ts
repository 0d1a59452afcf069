import type { Category, Stage, UserField } from './crm-store';
import { Errors } from './envelope';
import { listRows } from './list-query';
import { isMap, param, positiveId, type CallContext, type MethodTable } from './methods';

const DEAL_TYPE_ID = 2;
/** Entity types that exist but have no pipelines of this API. */
const NO_CATEGORIES = new Set([1, 3, 4, 5, 7, 8, 14, 31]);

function checkEntityType(ctx: CallContext): void {
  const t = Number(ctx.params.entityTypeId);
  if (t === DEAL_TYPE_ID) return;
  if (NO_CATEGORIES.has(t)) throw Errors.coded('ENTITY_TYPE_NOT_SUPPORTED', `Entity type ${t} is not supported`);
  throw Errors.coded('NOT_FOUND', 'Smart process not found');
}

function categoryOut(c: Category): Record<string, unknown> {
  const base: Record<string, unknown> = { id: c.id, name: c.name, sort: c.sort, entityTypeId: DEAL_TYPE_ID, isDefault: c.id === 0 ? 'Y' : 'N' };
  if (c.id !== 0) Object.assign(base, { originId: '', originatorId: '' });
  return base;
}

function sortedCategories(ctx: CallContext): Category[] {
  return [...ctx.portal.crm.categories.values()].sort((a, b) => a.sort - b.sort || a.id - b.id);
}

function requireCrmAdmin(ctx: CallContext): void {
  if (!ctx.portal.user(ctx.userId).admin) throw Errors.accessDenied('Access denied');
}

export function statusOut(c: Category, s: Stage): Record<string, unknown> {
  const extra = s.semantics === 'S' ? 'success' : s.semantics === 'F' ? 'failure' : 'process';
  return {
    ID: String(s.id),
    ENTITY_ID: c.id === 0 ? 'DEAL_STAGE' : `DEAL_STAGE_${c.id}`,
    STATUS_ID: s.statusId,
    NAME: s.name,
    NAME_INIT: s.system ? s.name : '',
    SORT: String(s.sort),
    SYSTEM: s.system ? 'Y' : 'N',
    CATEGORY_ID: c.id === 0 ? null : String(c.id),
    COLOR: s.color,
    SEMANTICS: s.semantics,
    EXTRA: { SEMANTICS: extra, COLOR: s.color },
  };
}

const USER_TYPES = new Set([
  'string', 'integer', 'double', 'boolean', 'date', 'datetime', 'enumeration', 'url', 'money', 'crm', 'crm_status',
  'file', 'employee', 'address', 'iblock_section', 'iblock_element', 'resourcebooking',
]);

function yn(v: unknown): boolean {
  return v === true || v === 'Y' || v === 1 || v === '1';
}

function label(v: unknown): string {
  if (isMap(v)) return String(Object.values(v)[0] ?? '');
  return v === undefined || v === null ? '' : String(v);
}

export function userFieldOut(f: UserField): Record<string, unknown> {
  return {
    ID: String(f.id), ENTITY_ID: 'CRM_DEAL', FIELD_NAME: f.fieldName, USER_TYPE_ID: f.userTypeId, XML_ID: f.xmlId,
    SORT: String(f.sort), MULTIPLE: f.multiple ? 'Y' : 'N', MANDATORY: f.mandatory ? 'Y' : 'N', SHOW_FILTER: 'N',
    SHOW_IN_LIST: 'Y', EDIT_IN_LIST: 'Y', IS_SEARCHABLE: 'N',
    SETTINGS: Object.keys(f.settings).length ? f.settings : [],
    EDIT_FORM_LABEL: f.label, LIST_COLUMN_LABEL: f.label, LIST_FILTER_LABEL: f.label, ERROR_MESSAGE: null, HELP_MESSAGE: null,
  };
}

function userFieldAdd(ctx: CallContext) {
  const raw = param(ctx.params, 'fields');
  const fields = isMap(raw) ? Object.fromEntries(Object.entries(raw).map(([k, v]) => [k.toUpperCase(), v])) : {};
  if (!ctx.portal.user(ctx.userId).admin) throw Errors.legacy('Access denied.');
  const name = String(fields.FIELD_NAME ?? '').trim();
  if (!name) throw Errors.legacy("The 'FIELD_NAME' field is not found.");
  const type = String(fields.USER_TYPE_ID ?? '').trim();
  if (!type) throw Errors.legacy("The 'USER_TYPE_ID' field is not found.");
  const full = name.startsWith('UF_CRM_') ? name : `UF_CRM_${name}`;
  if (full.length > 50) throw Errors.coded('ERROR_CORE', 'Field name is too long (more than 50 characters).');
  if (!/^[A-Z0-9_]+$/.test(full))
    throw Errors.coded('ERROR_CORE', 'Field name contains invalid characters. Allowed characters are: A-Z, 0-9 and _.');
  if (!USER_TYPES.has(type)) throw Errors.coded('ERROR_CORE', 'Incorrect custom type specified.');
  const crm = ctx.portal.crm;
  if (crm.userFields.has(full)) throw Errors.coded('ERROR_CORE', `A field with the code ${full} already exists.`);
  const f: UserField = {
    id: crm.next('userField', 2),
    fieldName: full,
    userTypeId: type,
    label: label(fields.LABEL ?? fields.EDIT_FORM_LABEL ?? fields.LIST_COLUMN_LABEL) || full,
    multiple: yn(fields.MULTIPLE),
    mandatory: yn(fields.MANDATORY),
    sort: Number(fields.SORT ?? 100) || 100,
    xmlId: fields.XML_ID === undefined ? null : String(fields.XML_ID),
    settings: isMap(fields.SETTINGS) ? (fields.SETTINGS as Record<string, unknown>) : {},
  };
  crm.userFields.set(full, f);
  return { result: f.id };
}

function findUserField(ctx: CallContext): UserField {
  const id = positiveId(param(ctx.params, 'id'));
  if (id === null) throw Errors.legacy('ID is not defined or invalid.');
  const f = [...ctx.portal.crm.userFields.values()].find((x) => x.id === id);
  if (!f) throw Errors.legacy('The entity with ID ' + id + ' is not found.');
  return f;
}

export const pipelineMethods: MethodTable = {
  'crm.category.list': {
    scope: 'crm',
    handler: (ctx) => {
      checkEntityType(ctx);
      const all = sortedCategories(ctx).map(categoryOut);
      return { result: { categories: all }, total: all.length };
    },
  },
  'crm.category.get': {
    scope: 'crm',
    handler: (ctx) => {
      checkEntityType(ctx);
      const c = ctx.portal.crm.categories.get(Number(ctx.params.id));
      if (!c || ctx.params.id === undefined) throw Errors.coded('NOT_FOUND', 'Category not found');
      return { result: { category: categoryOut(c) } };
    },
  },
  'crm.category.add': {
    scope: 'crm',
    handler: (ctx) => {
      checkEntityType(ctx);
      requireCrmAdmin(ctx);
      const f = isMap(ctx.params.fields) ? (ctx.params.fields as Record<string, unknown>) : {};
      const name = String(f.name ?? '').trim();
      if (!name) throw Errors.coded('0', "Field 'NAME' is required");
      if (name.length > 255) throw Errors.coded('0', "Field 'NAME' is too long");
      const c = ctx.portal.crm.addCategory(name, Number(f.sort ?? 500) || 500);
      return { result: { category: categoryOut(c) } };
    },
  },
  'crm.category.update': {
    scope: 'crm',
    handler: (ctx) => {
      checkEntityType(ctx);
      requireCrmAdmin(ctx);
      const c = ctx.portal.crm.categories.get(Number(ctx.params.id));
      if (!c || ctx.params.id === undefined) throw Errors.coded('NOT_FOUND', 'Category not found');
      const f = isMap(ctx.params.fields) ? (ctx.params.fields as Record<string, unknown>) : {};
      if (f.name !== undefined) ctx.portal.renameCategory(c.id, String(f.name));
      return { result: { category: categoryOut(c) } };
    },
  },
  'crm.category.delete': {
    scope: 'crm',
    handler: (ctx) => {
      checkEntityType(ctx);
      requireCrmAdmin(ctx);
      const id = Number(ctx.params.id);
      if (!ctx.portal.crm.categories.has(id) || ctx.params.id === undefined) throw Errors.coded('NOT_FOUND', 'Category not found');
      // api-reference/crm/universal/category/crm-category-delete.md: neither the default pipeline nor one that holds deals.
      if (id === 0) throw Errors.coded('BX_ERROR', 'This funnel is the default funnel');
      if ([...ctx.portal.crm.deals.values()].some((d) => Number(d.fields.CATEGORY_ID) === id))
        throw Errors.coded('BX_ERROR', 'Elements related to the funnel found');
      ctx.portal.deleteCategory(id);
      return { result: null };
    },
  },
  'crm.status.list': {
    scope: 'crm',
    handler: (ctx) => {
      const rows = sortedCategories(ctx).flatMap((c) => c.stages.map((s) => statusOut(c, s)));
      const get = (r: Record<string, unknown>, f: string) => (f in r ? r[f] : undefined);
      const page = listRows(rows, get, ctx.params, [['SORT', 'ASC']]);
      return { result: page.items, total: page.total, next: page.next };
    },
  },
  'crm.deal.userfield.add': { scope: 'crm', handler: userFieldAdd },
  'crm.deal.userfield.get': { scope: 'crm', handler: (ctx) => ({ result: userFieldOut(findUserField(ctx)) }) },
  'crm.deal.userfield.delete': {
    scope: 'crm',
    handler: (ctx) => {
      ctx.portal.deleteUserField(findUserField(ctx).fieldName);
      return { result: true };
    },
  },
  'crm.deal.userfield.list': {
    scope: 'crm',
    handler: (ctx) => {
      const rows = [...ctx.portal.crm.userFields.values()].map(userFieldOut);
      const get = (r: Record<string, unknown>, f: string) => (f in r ? r[f] : undefined);
      const page = listRows(rows, get, ctx.params);
      return { result: page.items, total: page.total, next: page.next };
    },
  },
};
