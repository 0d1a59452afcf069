import { isoDate } from './context';
import {
  COMPANY_FIELDS, COMPANY_WRITABLE, CONTACT_FIELDS, CONTACT_WRITABLE, MULTI_FIELDS,
  type MultiField, type MultiValue, type Party,
} from './crm-store';
import { Errors } from './envelope';
import { listRows, selectFields } from './list-query';
import { isMap, param, positiveId, scalar, type CallContext, type MethodTable } from './methods';

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

interface Kind {
  name: 'company' | 'contact';
  event: string;
  fields: string[];
  writable: Set<string>;
  table: (ctx: CallContext) => Map<number, Party>;
}

const COMPANY: Kind = {
  name: 'company', event: 'ONCRMCOMPANY', fields: COMPANY_FIELDS, writable: COMPANY_WRITABLE,
  table: (ctx) => ctx.portal.crm.companies,
};
const CONTACT: Kind = {
  name: 'contact', event: 'ONCRMCONTACT', fields: CONTACT_FIELDS, writable: CONTACT_WRITABLE,
  table: (ctx) => ctx.portal.crm.contacts,
};

function items(v: unknown): Array<Record<string, unknown>> {
  const list = Array.isArray(v) ? v : isMap(v) ? Object.values(v) : [];
  return list.filter(isMap) as Array<Record<string, unknown>>;
}

/** Multi-field writes: no ID appends, ID overwrites, ID with an empty VALUE (or DELETE=Y) removes. */
function applyMulti(ctx: CallContext, party: Party, field: MultiField, input: unknown): void {
  const current = party.multi[field];
  for (const item of items(input)) {
    const value = item.VALUE === undefined || item.VALUE === null ? '' : String(item.VALUE).trim();
    if (field === 'EMAIL' && value !== '' && !EMAIL_RE.test(value))
      throw Errors.coded('ERROR_CORE', `Invalid E-mail address: "${value}".`);
    const existingIdx = item.ID !== undefined ? current.findIndex((m) => m.ID === String(item.ID)) : -1;
    if (existingIdx >= 0) {
      if (value === '' || item.DELETE === 'Y') current.splice(existingIdx, 1);
      else current[existingIdx] = { ...current[existingIdx], VALUE: value, VALUE_TYPE: String(item.VALUE_TYPE ?? current[existingIdx].VALUE_TYPE) };
    } else if (value !== '') {
      const m: MultiValue = { ID: String(ctx.portal.crm.next('multi')), VALUE_TYPE: String(item.VALUE_TYPE ?? 'WORK'), VALUE: value, TYPE_ID: field };
      current.push(m);
    }
  }
}

function fieldsParam(ctx: CallContext): Record<string, unknown> {
  const f = param(ctx.params, 'fields');
  if (Array.isArray(f) && f.length === 0) return {};
  if (!isMap(f) || Array.isArray(f)) throw Errors.legacy("Parameter 'fields' must be array.");
  return Object.fromEntries(Object.entries(f).map(([k, v]) => [k.toUpperCase(), v]));
}

function write(ctx: CallContext, kind: Kind, party: Party, fields: Record<string, unknown>): void {
  for (const m of MULTI_FIELDS) if (fields[m] !== undefined) applyMulti(ctx, party, m, fields[m]);
  for (const [k, v] of Object.entries(fields)) if (kind.writable.has(k)) party.fields[k] = scalar(v);
  party.fields.HAS_PHONE = party.multi.PHONE.length ? 'Y' : 'N';
  party.fields.HAS_EMAIL = party.multi.EMAIL.length ? 'Y' : 'N';
  party.fields.HAS_IMOL = 'N';
  party.fields.DATE_MODIFY = isoDate(ctx.portal.now());
  party.fields.MODIFY_BY_ID = String(ctx.userId);
}

export function partyOut(kind: 'company' | 'contact', party: Party, only?: string[]): Record<string, unknown> {
  const fields = kind === 'company' ? COMPANY_FIELDS : CONTACT_FIELDS;
  const out: Record<string, unknown> = {};
  for (const f of only ?? fields) if (fields.includes(f)) out[f] = party.fields[f] ?? null;
  for (const m of MULTI_FIELDS) {
    const wanted = only ? only.includes(m) : true;
    if (wanted && party.multi[m].length) out[m] = party.multi[m].map((x) => ({ ...x }));
  }
  return out;
}

function idParam(ctx: CallContext): number {
  const id = positiveId(param(ctx.params, 'id'));
  if (id === null) throw Errors.legacy('ID is not defined or invalid.');
  return id;
}

function find(ctx: CallContext, kind: Kind): Party {
  const p = kind.table(ctx).get(idParam(ctx));
  if (!p) throw Errors.legacy('Not found');
  return p;
}

function methodsFor(kind: Kind): MethodTable {
  const prefix = `crm.${kind.name}`;
  return {
    [`${prefix}.add`]: {
      scope: 'crm',
      handler: (ctx) => {
        const fields = fieldsParam(ctx);
        const t = isoDate(ctx.portal.now());
        const user = String(ctx.userId);
        const party: Party = { id: 0, fields: {}, multi: { PHONE: [], EMAIL: [], WEB: [], IM: [] } };
        Object.assign(party.fields, {
          ASSIGNED_BY_ID: user, CREATED_BY_ID: user, DATE_CREATE: t, OPENED: 'Y', EXPORT: 'Y',
          LAST_ACTIVITY_TIME: t, LAST_ACTIVITY_BY: user, ...(kind.name === 'company' ? { IS_MY_COMPANY: 'N', COMPANY_TYPE: 'CUSTOMER' } : { TYPE_ID: 'CLIENT' }),
        });
        write(ctx, kind, party, fields);
        party.id = ctx.portal.crm.next(kind.name);
        party.fields.ID = String(party.id);
        kind.table(ctx).set(party.id, party);
        ctx.portal.emit(`${kind.event}ADD`, { FIELDS: { ID: String(party.id) } }, ctx.userId);
        return { result: party.id };
      },
    },
    [`${prefix}.get`]: { scope: 'crm', handler: (ctx) => ({ result: partyOut(kind.name, find(ctx, kind)) }) },
    [`${prefix}.update`]: {
      scope: 'crm',
      handler: (ctx) => {
        const party = find(ctx, kind);
        const copy = structuredClone(party);
        write(ctx, kind, copy, fieldsParam(ctx));
        kind.table(ctx).set(copy.id, copy);
        ctx.portal.emit(`${kind.event}UPDATE`, { FIELDS: { ID: String(copy.id) } }, ctx.userId);
        return { result: true };
      },
    },
    [`${prefix}.delete`]: {
      scope: 'crm',
      handler: (ctx) => {
        const party = find(ctx, kind);
        kind.table(ctx).delete(party.id);
        ctx.portal.emit(`${kind.event}DELETE`, { FIELDS: { ID: String(party.id) } }, ctx.userId);
        return { result: true };
      },
    },
    [`${prefix}.list`]: {
      scope: 'crm',
      handler: (ctx) => {
        const get = (p: Party, f: string): unknown =>
          (MULTI_FIELDS as readonly string[]).includes(f)
            ? p.multi[f as MultiField].map((m) => m.VALUE)
            : kind.fields.includes(f) ? (p.fields[f] ?? null) : undefined;
        const page = listRows([...kind.table(ctx).values()], get, ctx.params);
        const select = selectFields(ctx.params, kind.fields, [], [...MULTI_FIELDS]);
        return { result: page.items.map((p) => partyOut(kind.name, p, select)), total: page.total, next: page.next };
      },
    },
  };
}

export const partyMethods: MethodTable = { ...methodsFor(COMPANY), ...methodsFor(CONTACT) };
