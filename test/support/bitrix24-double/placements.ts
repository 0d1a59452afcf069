import { Errors, RestError } from './envelope';
import { isMap, type CallContext, type MethodTable } from './methods';
import type { Placement } from './types';

/**
 * Widget registrations of the app (api-reference/widgets/placement-{bind,unbind,get}.md).
 * Stored as the app registered them; the portal's UI shows them only once the install is finished.
 */

/** ERROR_ARGUMENT names the argument in an extra `argument` key (placement-bind.md). */
class ArgumentError extends RestError {
  constructor(
    readonly argument: string,
    text: string,
    status: number,
  ) {
    super(status, 'ERROR_ARGUMENT', text);
  }
  override body(): { error: string; error_description: string; argument: string } {
    return { ...super.body(), argument: this.argument };
  }
}

const CRM_ENTITIES = ['LEAD', 'DEAL', 'CONTACT', 'COMPANY', 'QUOTE', 'SMART_INVOICE', 'ORDER'];
const CRM_SUFFIXES = ['DETAIL_TAB', 'DETAIL_TOOLBAR', 'DETAIL_ACTIVITY', 'LIST_MENU', 'LIST_TOOLBAR', 'ACTIVITY_TIMELINE_MENU'];

/** Placements with a single registration per app (widgets/index.md: ERROR_PLACEMENT_MAX_COUNT). */
const SINGLE = new Set(['REST_APP_URI', 'PAGE_BACKGROUND_WORKER']);
/** The only placement that takes USER_ID (placement-bind.md). */
const USER_MODE = new Set(['PAGE_BACKGROUND_WORKER']);
/** Placements that keep no OPTIONS: placement.get answers [] (crm/detail-tab.md). */
const NO_OPTIONS = /^CRM_(\w+)_DETAIL_TAB$/;

/** The scope a placement code needs besides `placement`, or undefined for an unknown code. */
export function placementScope(code: string): string | null | undefined {
  if (/^CRM_DYNAMIC_\d+_(DETAIL_TAB|DETAIL_TOOLBAR|DETAIL_ACTIVITY|LIST_MENU|LIST_TOOLBAR)$/.test(code)) return 'crm';
  for (const e of CRM_ENTITIES) for (const s of CRM_SUFFIXES) if (code === `CRM_${e}_${s}`) return 'crm';
  if (['CRM_ANALYTICS_MENU', 'CRM_ANALYTICS_TOOLBAR', 'CRM_DETAIL_SEARCH', 'CRM_FUNNELS_TOOLBAR'].includes(code)) return 'crm';
  if (['LEFT_MENU', 'REST_APP_URI', 'PAGE_BACKGROUND_WORKER', 'USER_PROFILE_MENU', 'USER_PROFILE_TOOLBAR', 'BI_ANALYTICS_MENU'].includes(code)) return null;
  if (['IM_NAVIGATION', 'IM_CONTEXT_MENU', 'IM_TEXTAREA', 'IM_SIDEBAR', 'IM_SMILES_SELECTOR'].includes(code)) return 'im';
  if (['CALL_CARD', 'TELEPHONY_ANALYTICS_MENU'].includes(code)) return 'telephony';
  return undefined;
}

interface Stored extends Placement {
  id: number;
}

let nextPlacementId = 1;

export class PlacementStore {
  private list: Stored[] = [];

  add(p: Placement): void {
    this.list.push({ ...p, id: nextPlacementId++ });
  }

  find(placement: string, handler: string, userId: number): Placement | undefined {
    return this.list.find((p) => p.placement === placement && p.handler === handler && p.userId === userId);
  }

  count(placement: string): number {
    return this.list.filter((p) => p.placement === placement).length;
  }

  remove(placement: string, handler?: string, userId?: number): number {
    const before = this.list.length;
    this.list = this.list.filter(
      (p) => !(p.placement === placement && (handler === undefined || p.handler === handler) && (userId === undefined || p.userId === userId)),
    );
    return before - this.list.length;
  }

  all(): Placement[] {
    return this.list.map(({ id: _id, ...p }) => ({ ...p, options: Array.isArray(p.options) ? [] : { ...p.options }, langAll: { ...p.langAll } }));
  }

  clear(): void {
    this.list = [];
  }
}

function upperKeys(params: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k.toUpperCase(), v]));
}

function requireAdmin(ctx: CallContext): void {
  if (!ctx.portal.user(ctx.userId).admin) throw Errors.accessDenied();
}

/** PLACEMENT as the core reads it: a non-empty string, upper-cased. */
function placementCode(p: Record<string, unknown>, emptyStatus: number): string {
  const v = p.PLACEMENT;
  if (v === undefined || v === null || v === '') throw new ArgumentError('PLACEMENT', "Argument 'PLACEMENT' is null or empty", emptyStatus);
  if (typeof v !== 'string') throw new ArgumentError('PLACEMENT', "The value of an argument 'PLACEMENT' must be of type string", 400);
  return v.trim().toUpperCase();
}

function stringMap(v: unknown): Record<string, string> {
  if (!isMap(v) || Array.isArray(v)) return {};
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, typeof x === 'object' && x !== null ? JSON.stringify(x) : String(x ?? '')]));
}

function langAll(v: unknown): Placement['langAll'] {
  if (!isMap(v) || Array.isArray(v)) return {};
  const out: Placement['langAll'] = {};
  for (const [lang, item] of Object.entries(v)) {
    const m = isMap(item) ? (upperKeys(item as Record<string, unknown>) as Record<string, unknown>) : {};
    out[lang] = { TITLE: String(m.TITLE ?? ''), DESCRIPTION: String(m.DESCRIPTION ?? ''), GROUP_NAME: String(m.GROUP_NAME ?? '') };
  }
  return out;
}

function checkHandler(handler: string): void {
  let url: URL;
  try {
    url = new URL(handler);
  } catch {
    throw Errors.coded('ERROR_WRONG_HANDLER_URL', 'Wrong handler URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw Errors.coded('ERROR_UNSUPPORTED_PROTOCOL', 'Unsupported event handler protocol');
  // widgets/index.md: a URL without a domain, localhost included, does not pass the check.
  if (!url.hostname || url.hostname === 'localhost') throw Errors.coded('ERROR_WRONG_HANDLER_URL', 'Wrong handler URL');
}

function placementBind(ctx: CallContext) {
  requireAdmin(ctx);
  const p = upperKeys(ctx.params);
  // placement-bind.md lists ERROR_ARGUMENT and the other checks below with HTTP 200.
  const code = placementCode(p, 200);
  const handler = typeof p.HANDLER === 'string' ? p.HANDLER.trim() : '';
  if (!handler) throw new ArgumentError('HANDLER', "Argument 'HANDLER' is null or empty", 200);
  checkHandler(handler);
  const needs = placementScope(code);
  if (needs === undefined || (needs !== null && !ctx.scopes.includes(needs))) {
    throw Errors.coded('ERROR_PLACEMENT_NOT_FOUND', 'Placement not found');
  }
  const userId = p.USER_ID === undefined || p.USER_ID === '' ? 0 : Number(p.USER_ID) || 0;
  if (userId && !USER_MODE.has(code)) throw Errors.coded('ERROR_PLACEMENT_USER_MODE', 'User mode is not available', 200);
  const options = stringMap(p.OPTIONS);
  if (code === 'PAGE_BACKGROUND_WORKER' && !options.errorHandlerUrl) {
    throw Errors.coded('EMPTY_ERROR_HANDLER_URL', 'Parameter OPTIONS[errorHandlerUrl] is required', 200);
  }
  if (SINGLE.has(code) && ctx.portal.placementStore.count(code) > 0) {
    throw Errors.coded('ERROR_PLACEMENT_MAX_COUNT', 'Placement max count reached', 200);
  }
  if (ctx.portal.placementStore.find(code, handler, userId)) {
    // What PlacementTable::add refuses a second PLACEMENT + HANDLER with (core rest/classes/general/placement.php).
    throw Errors.coded('ERROR_CORE', 'Unable to set placement handler: Handler already binded');
  }
  const langs = langAll(p.LANG_ALL);
  const own = langs[ctx.portal.languageId] ?? Object.values(langs)[0];
  const title = typeof p.TITLE === 'string' && p.TITLE.trim() ? p.TITLE.trim() : (own?.TITLE ?? '');
  const description = typeof p.DESCRIPTION === 'string' ? p.DESCRIPTION.trim() : (own?.DESCRIPTION ?? '');
  const groupName = typeof p.GROUP_NAME === 'string' ? p.GROUP_NAME.trim() : (own?.GROUP_NAME ?? '');
  const kept: Placement['options'] = NO_OPTIONS.test(code) || Object.keys(options).length === 0 ? [] : options;
  ctx.portal.placementStore.add({ placement: code, userId, handler, options: kept, title, description, groupName, langAll: langs });
  return { result: true };
}

function placementUnbind(ctx: CallContext) {
  requireAdmin(ctx);
  const p = upperKeys(ctx.params);
  const code = placementCode(p, 400);
  const handler = typeof p.HANDLER === 'string' && p.HANDLER.trim() ? p.HANDLER.trim() : undefined;
  const userId = p.USER_ID === undefined || p.USER_ID === '' ? undefined : Number(p.USER_ID) || 0;
  const removed = ctx.portal.placementStore.remove(code, handler, userId);
  // placement-unbind.md: the count grows by one for each record found and by one more for each removal.
  return { result: { count: removed * 2 } };
}

function placementGet(ctx: CallContext) {
  requireAdmin(ctx);
  return {
    result: ctx.portal.placementStore.all().map((p) => ({
      placement: p.placement,
      userId: p.userId,
      handler: p.handler,
      options: p.options,
      title: p.title,
      description: p.description,
      langAll: Object.keys(p.langAll).length > 0 ? p.langAll : [],
    })),
  };
}

export const placementMethods: MethodTable = {
  'placement.bind': { scope: 'placement', appOnly: true, handler: placementBind },
  'placement.unbind': { scope: 'placement', appOnly: true, handler: placementUnbind },
  'placement.get': { scope: 'placement', appOnly: true, handler: placementGet },
};
