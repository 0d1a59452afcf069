import type { IncomingMessage } from 'node:http';
import { appMethods } from './app-methods';
import { runBatch } from './batch';
import { dealMethods } from './crm-deals';
import { partyMethods } from './crm-parties';
import { pipelineMethods } from './crm-pipelines';
import { timelineMethods } from './crm-timeline';
import { Errors, type MethodResult } from './envelope';
import type { PortalState } from './fake-portal';
import { imNotifyMethods } from './im-notify';
import type { CallContext, MethodTable } from './methods';
import { openLineMethods } from './openlines';
import { placementMethods } from './placements';

const METHODS: MethodTable = {
  ...appMethods,
  ...dealMethods,
  ...partyMethods,
  ...pipelineMethods,
  ...timelineMethods,
  ...placementMethods,
  ...openLineMethods,
  ...imNotifyMethods,
  batch: { scope: null, handler: (ctx) => runBatch(ctx, dispatch) },
};

/** Scopes that also grant a method's scope (user.current accepts the reduced user scopes). */
const ALSO_GRANTS: Record<string, string[]> = { user: ['user_brief', 'user_basic'] };

function granted(scopes: string[], needed: string | null): boolean {
  if (needed === null) return true;
  return scopes.includes(needed) || (ALSO_GRANTS[needed] ?? []).some((s) => scopes.includes(s));
}

/** Runs one method for an already authenticated caller; batch sub-calls come through here too. */
export async function dispatch(
  method: string,
  params: Record<string, unknown>,
  ctx: CallContext,
  inBatch = false,
): Promise<MethodResult> {
  const def = METHODS[method];
  try {
    if (!def) throw Errors.methodNotFound();
    if (def.appOnly && ctx.authType === 'webhook') throw Errors.wrongAuthType();
    if (!granted(ctx.scopes, def.scope)) throw Errors.insufficientScope();
    const r = await def.handler({ ...ctx, params });
    if (inBatch) ctx.portal.log(method, 200, true);
    return r;
  } catch (e) {
    if (inBatch) ctx.portal.log(method, (e as { status?: number }).status ?? 500, true);
    throw e;
  }
}

export interface Credentials {
  token?: string;
  webhook?: { userId: number; secret: string };
}

/** The access token, from `auth`, `access_token` or a Bearer header. */
export function credentials(req: IncomingMessage, params: Record<string, unknown>): Credentials {
  if (typeof params.auth === 'string' && params.auth) return { token: params.auth };
  if (typeof params.access_token === 'string' && params.access_token) return { token: params.access_token };
  const header = req.headers.authorization;
  const m = header ? /^Bearer\s+(\S+)/i.exec(header) : null;
  return m ? { token: m[1] } : {};
}

export function authenticate(portal: PortalState, creds: Credentials): Omit<CallContext, 'params' | 'portal'> {
  if (creds.webhook) {
    const hook = portal.webhooks.get(creds.webhook.secret);
    if (!hook || hook.userId !== creds.webhook.userId) throw Errors.noAuth();
    return { userId: hook.userId, authType: 'webhook', scopes: hook.scopes };
  }
  if (!creds.token) throw Errors.noAuth();
  const check = portal.ctx.tokens.checkAccess(creds.token);
  if (!check.ok) throw check.reason === 'expired' ? Errors.expiredToken() : Errors.invalidToken();
  if (check.memberId !== portal.memberId) throw Errors.invalidToken();
  return { userId: check.userId, authType: 'oauth', scopes: portal.appScopes() };
}
