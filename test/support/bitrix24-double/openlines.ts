/**
 * Open channels: imopenlines.config.list.get
 * (api-reference/imopenlines/openlines/imopenlines-config-list-get.md).
 */
import { isoDate } from './context';
import { Errors, phpMap } from './envelope';
import { isMap, type CallContext, type MethodTable } from './methods';
import type { OpenLine } from './types';

/** Every field the doc lists for a result element (QUEUE* and CONFIG_QUEUE come only through OPTIONS). */
const DOC_FIELDS = (
  'ID LINE_NAME ACTIVE CRM CRM_CREATE CRM_CREATE_SECOND CRM_CREATE_THIRD CRM_FORWARD CRM_CHAT_TRACKER ' +
  'CRM_TRANSFER_CHANGE CRM_SOURCE QUEUE_TYPE QUEUE_TIME NO_ANSWER_TIME CHECK_AVAILABLE WATCH_TYPING ' +
  'WELCOME_BOT_ENABLE WELCOME_MESSAGE WELCOME_MESSAGE_TEXT VOTE_MESSAGE VOTE_TIME_LIMIT VOTE_BEFORE_FINISH ' +
  'VOTE_CLOSING_DELAY VOTE_MESSAGE_1_TEXT VOTE_MESSAGE_1_LIKE VOTE_MESSAGE_1_DISLIKE VOTE_MESSAGE_2_TEXT ' +
  'VOTE_MESSAGE_2_LIKE VOTE_MESSAGE_2_DISLIKE AGREEMENT_MESSAGE AGREEMENT_ID CATEGORY_ENABLE CATEGORY_ID ' +
  'WELCOME_BOT_JOIN WELCOME_BOT_ID WELCOME_BOT_TIME WELCOME_BOT_LEFT NO_ANSWER_RULE NO_ANSWER_FORM_ID ' +
  'NO_ANSWER_BOT_ID NO_ANSWER_TEXT WORKTIME_ENABLE WORKTIME_FROM WORKTIME_TO WORKTIME_TIMEZONE WORKTIME_HOLIDAYS ' +
  'WORKTIME_DAYOFF WORKTIME_DAYOFF_RULE WORKTIME_DAYOFF_FORM_ID WORKTIME_DAYOFF_BOT_ID WORKTIME_DAYOFF_TEXT ' +
  'CLOSE_RULE CLOSE_FORM_ID CLOSE_BOT_ID CLOSE_TEXT FULL_CLOSE_TIME AUTO_CLOSE_RULE AUTO_CLOSE_FORM_ID ' +
  'AUTO_CLOSE_BOT_ID AUTO_CLOSE_TIME AUTO_CLOSE_TEXT AUTO_EXPIRE_TIME DATE_CREATE DATE_MODIFY MODIFY_USER_ID ' +
  'TEMPORARY XML_ID LANGUAGE_ID QUICK_ANSWERS_IBLOCK_ID SESSION_PRIORITY TYPE_MAX_CHAT MAX_CHAT OPERATOR_DATA ' +
  'DEFAULT_OPERATOR_DATA KPI_FIRST_ANSWER_TIME KPI_FIRST_ANSWER_ALERT KPI_FIRST_ANSWER_LIST KPI_FIRST_ANSWER_TEXT ' +
  'KPI_FURTHER_ANSWER_TIME KPI_FURTHER_ANSWER_ALERT KPI_FURTHER_ANSWER_LIST KPI_FURTHER_ANSWER_TEXT ' +
  'KPI_CHECK_OPERATOR_ACTIVITY SEND_NOTIFICATION_EMPTY_QUEUE USE_WELCOME_FORM WELCOME_FORM_ID WELCOME_FORM_DELAY ' +
  'SEND_WELCOME_EACH_SESSION CONFIRM_CLOSE IGNORE_WELCOME_FORM_RESPONSIBLE'
).split(' ');
const KNOWN = new Set(DOC_FIELDS);
/** What the double models; a documented field it does not model is printed as null when selected. */
const DEFAULT_SELECT = ['ID', 'LINE_NAME', 'ACTIVE', 'CRM', 'DATE_CREATE', 'DATE_MODIFY', 'MODIFY_USER_ID', 'TEMPORARY', 'XML_ID', 'LANGUAGE_ID'];
const PARAMS_KEYS = ['select', 'order', 'filter', 'limit', 'offset'];
const OPTIONS_KEYS = ['QUEUE', 'CONFIG_QUEUE', 'CHECK_PERMISSION'];
const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 200;

interface StoredLine extends OpenLine {
  row: Record<string, unknown>;
}

export class OpenLineStore {
  private readonly lines: StoredLine[] = [];
  private nextId = 1;

  add(line: { name: string; active: boolean; queue: number[] }, meta: { at: number; userId: number; languageId: string }): string {
    const id = String(this.nextId++);
    const date = isoDate(meta.at);
    this.lines.push({
      id, name: line.name, active: line.active, queue: [...line.queue],
      row: { CRM: 'Y', DATE_CREATE: date, DATE_MODIFY: date, MODIFY_USER_ID: String(meta.userId), TEMPORARY: 'N', XML_ID: null, LANGUAGE_ID: meta.languageId },
    });
    return id;
  }

  list(): OpenLine[] {
    return this.lines.map((l) => ({ id: l.id, name: l.name, active: l.active, queue: [...l.queue] }));
  }

  rows(): Array<Record<string, unknown> & { line: OpenLine }> {
    return this.lines.map((l) => ({ ...l.row, ID: l.id, LINE_NAME: l.name, ACTIVE: l.active ? 'Y' : 'N', line: l }));
  }
}

const invalid = (text: string) => Errors.coded('INVALID_FORMAT', text);

function nonNegative(v: unknown, name: string, fallback: number): number {
  if (v === undefined || v === null || v === '') return fallback;
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : NaN;
  if (!Number.isInteger(n) || n < 0) throw invalid(`A non-negative integer is expected in the PARAMS field '${name}'`);
  return n;
}

/** A PHP list arrives as a JSON array or, from a form body, as an object keyed 0..n-1. */
function asList(v: unknown): unknown[] | null {
  if (Array.isArray(v)) return v;
  if (isMap(v)) {
    const keys = Object.keys(v);
    return keys.every((k, i) => k === String(i)) ? keys.map((k) => v[k]) : null;
  }
  return null;
}

function checkField(name: unknown, where: string): string {
  if (typeof name !== 'string' || !/^[A-Za-z0-9_]+$/.test(name)) throw invalid(`A wrong field name is passed in the PARAMS field '${where}'`);
  if (!KNOWN.has(name.toUpperCase())) throw invalid(`An unknown field '${name}' is passed in the PARAMS field '${where}'`);
  return name.toUpperCase();
}

type Cmp = '=' | '!=' | '>' | '>=' | '<' | '<=';

function parseFilter(filter: unknown): Array<{ field: string; op: Cmp; value: unknown }> {
  if (filter === undefined) return [];
  if (!isMap(filter) || Array.isArray(filter)) throw invalid("A wrong format for the PARAMS field 'filter' is passed");
  return Object.entries(filter).map(([key, value]) => {
    const m = /^(>=|<=|!=|=|!|>|<)?(.*)$/.exec(key)!;
    const op = (m[1] === '!' ? '!=' : (m[1] ?? '=')) as Cmp;
    return { field: checkField(m[2], 'filter'), op, value };
  });
}

function compare(a: unknown, b: unknown): number {
  const x = a === null || a === undefined ? '' : String(a);
  const y = b === null || b === undefined ? '' : String(b);
  if (/^-?\d+$/.test(x) && /^-?\d+$/.test(y)) return Number(x) - Number(y);
  return x < y ? -1 : x > y ? 1 : 0;
}

function matches(row: Record<string, unknown>, f: { field: string; op: Cmp; value: unknown }): boolean {
  const values = asList(f.value) ?? [f.value];
  const eq = values.some((v) => compare(row[f.field], v) === 0);
  switch (f.op) {
    case '=': return eq;
    case '!=': return !eq;
    case '>': return compare(row[f.field], f.value) > 0;
    case '>=': return compare(row[f.field], f.value) >= 0;
    case '<': return compare(row[f.field], f.value) < 0;
    case '<=': return compare(row[f.field], f.value) <= 0;
  }
}

function parseOrder(order: unknown): Array<{ field: string; desc: boolean }> {
  if (order === undefined) return [{ field: 'ID', desc: false }];
  if (!isMap(order) || Array.isArray(order)) throw invalid("A wrong format for the PARAMS field 'order' is passed");
  return Object.entries(order).map(([key, dir]) => {
    const field = checkField(key, 'order');
    const d = typeof dir === 'string' ? dir.toUpperCase() : '';
    if (d !== 'ASC' && d !== 'DESC') throw invalid("A wrong sorting direction is passed in the PARAMS field 'order'");
    return { field, desc: d === 'DESC' };
  });
}

function yes(v: unknown, name: string): boolean {
  if (v === undefined) return false;
  if (typeof v === 'object' && v !== null) throw invalid(`A wrong format for the OPTIONS field '${name}' is passed`);
  return String(v).toUpperCase() === 'Y';
}

function listConfigs(ctx: CallContext) {
  const params = ctx.params.PARAMS ?? {};
  if (!isMap(params) || Array.isArray(params)) throw invalid("Unsupported PARAMS fields are passed: PARAMS");
  const extra = Object.keys(params).filter((k) => !PARAMS_KEYS.includes(k));
  if (extra.length) throw invalid(`Unsupported PARAMS fields are passed: ${extra.join(', ')}`);
  const options = ctx.params.OPTIONS ?? {};
  const extraOpts = isMap(options) ? Object.keys(options).filter((k) => !OPTIONS_KEYS.includes(k)) : ['OPTIONS'];
  if (extraOpts.length) throw invalid(`Unsupported OPTIONS fields are passed: ${extraOpts.join(', ')}`);
  const opts = options as Record<string, unknown>;

  let select = DEFAULT_SELECT;
  if (params.select !== undefined) {
    const list = asList(params.select);
    if (!list) throw invalid("A wrong format for the PARAMS field 'select' is passed");
    if (list.length) select = list.map((f) => checkField(f, 'select'));
  }
  const order = parseOrder(params.order);
  const filter = parseFilter(params.filter);
  const limit = Math.min(nonNegative(params.limit, 'limit', DEFAULT_LIMIT) || DEFAULT_LIMIT, MAX_LIMIT);
  const offset = nonNegative(params.offset, 'offset', 0);
  const queue = yes(opts.QUEUE, 'QUEUE');
  const configQueue = yes(opts.CONFIG_QUEUE, 'CONFIG_QUEUE');
  if (opts.CHECK_PERMISSION !== undefined && typeof opts.CHECK_PERMISSION === 'object') {
    throw invalid("An unknown value for the OPTIONS field 'CHECK_PERMISSION' is passed");
  }

  const rows = ctx.portal.openLineStore.rows().filter((r) => filter.every((f) => matches(r, f)));
  rows.sort((a, b) => {
    for (const o of order) {
      const c = compare(a[o.field], b[o.field]);
      if (c !== 0) return o.desc ? -c : c;
    }
    return 0;
  });
  const result = rows.slice(offset, offset + limit).map((r) => {
    const out: Record<string, unknown> = Object.fromEntries(select.map((f) => [f, r[f] ?? null]));
    if (queue) {
      out.QUEUE = [...r.line.queue];
      out.QUEUE_USERS_FIELDS = phpMap(Object.fromEntries(r.line.queue.map((id) => {
        const u = ctx.portal.user(id);
        return [String(id), { USER_NAME: `${u.name} ${u.lastName}`.trim(), USER_WORK_POSITION: null, USER_AVATAR: '', USER_AVATAR_ID: null }];
      })));
    }
    if (configQueue) out.CONFIG_QUEUE = r.line.queue.map((id) => ({ ENTITY_ID: String(id), ENTITY_TYPE: 'user' }));
    return out;
  });
  // A plain array: the doc shows neither `next` nor `total`.
  return { result };
}

export const openLineMethods: MethodTable = {
  'imopenlines.config.list.get': { scope: 'imopenlines', handler: listConfigs },
};
