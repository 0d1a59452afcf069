import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DoubleContext } from './context';
import { Errors, RestError, successBody } from './envelope';
import type { PortalState } from './fake-portal';
import { faultError, pickFault, sleep } from './faults';
import { hold, sendError, sendJson } from './http-io';
import { ACCESS_TTL_S } from './token-store';

export const OAUTH_HOST = 'oauth.bitrix.info';

export interface OAuthDeps {
  ctx: DoubleContext;
  byMember(memberId: string): PortalState | undefined;
}

function oauthError(status: number, code: string, text: string): RestError {
  return new RestError(status, code, text);
}

/**
 * Faults on the authorization server always strike before the grant is used, so a refresh token is
 * never rotated without the caller hearing of it (the double would otherwise lose pairs on its own).
 */
async function applyFaults(portal: PortalState | undefined, deps: OAuthDeps, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  if (!portal) return false;
  const kind = pickFault(portal.faults, () => deps.ctx.random());
  await sleep(portal.faults.latencyMs);
  if (!kind) return false;
  portal.log('oauth.token', 0);
  if (kind === 'timeout') hold(req);
  else if (kind === 'drop' || kind === 'drop_after') req.socket.destroy();
  else sendError(res, faultError(kind === 'expired_token' ? 'INTERNAL_SERVER_ERROR' : kind));
  return true;
}

async function token(deps: OAuthDeps, req: IncomingMessage, res: ServerResponse, params: Record<string, unknown>): Promise<void> {
  const grant = String(params.grant_type ?? '');
  const kind = grant === 'refresh_token' ? 'refresh' : 'code';
  const presented = String((kind === 'refresh' ? params.refresh_token : params.code) ?? '');
  const memberId = presented ? deps.ctx.tokens.peekMember(kind, presented) : undefined;
  const portal = memberId ? deps.byMember(memberId) : undefined;
  if (await applyFaults(portal, deps, req, res)) return;
  const status = (() => {
    try {
      const app = deps.ctx.app();
      if (!app || params.client_id !== app.clientId || params.client_secret !== app.clientSecret)
        throw oauthError(401, 'invalid_client', 'Invalid client');
      if (grant !== 'refresh_token' && grant !== 'authorization_code') throw oauthError(400, 'invalid_request', 'Unsupported grant type');
      if (!presented) throw oauthError(400, 'invalid_request', `Missing ${kind === 'refresh' ? 'refresh_token' : 'code'}`);
      if (portal?.paymentRequired) throw oauthError(402, 'PAYMENT_REQUIRED', 'Payment required');
      const spent = deps.ctx.tokens.spend(kind, presented);
      if ('error' in spent || !portal || !portal.appIsLive()) throw oauthError(400, 'invalid_grant', 'Invalid grant');
      const pair = deps.ctx.tokens.issuePair(spent.memberId, spent.userId);
      sendJson(res, 200, {
        access_token: pair.accessToken,
        client_endpoint: portal.clientEndpoint,
        domain: OAUTH_HOST,
        expires: Math.floor(pair.expiresAt / 1000),
        expires_in: ACCESS_TTL_S,
        member_id: portal.memberId,
        refresh_token: pair.refreshToken,
        scope: portal.appScopes().join(','),
        server_endpoint: `${deps.ctx.oauthUrl}/rest/`,
        status: deps.ctx.app()?.status ?? 'L',
        user_id: spent.userId,
      });
      return 200;
    } catch (e) {
      return sendError(res, e);
    }
  })();
  portal?.log('oauth.token', status);
}

/** The auth server's app.info: the trusted view of the app and of the portal the token belongs to. */
function appInfo(deps: OAuthDeps, res: ServerResponse, params: Record<string, unknown>, bearer: string | undefined): void {
  const started = deps.ctx.now();
  const auth = String(params.auth ?? params.access_token ?? bearer ?? '');
  let portal: PortalState | undefined;
  try {
    if (!auth) throw Errors.noAuth();
    const check = deps.ctx.tokens.checkAccess(auth);
    if (!check.ok) throw check.reason === 'expired' ? Errors.expiredToken() : Errors.invalidToken();
    portal = deps.byMember(check.memberId);
    if (!portal) throw Errors.invalidToken();
    // Beyond the documented app.info keys, the portal's identity: the only source a launch can trust.
    const result = {
      ...portal.appInfo(),
      client_id: deps.ctx.app()?.clientId,
      domain: portal.domain,
      member_id: portal.memberId,
      client_endpoint: portal.clientEndpoint,
      user_id: check.userId,
      scope: portal.appScopes().join(','),
    };
    sendJson(res, 200, successBody({ result }, started, deps.ctx.now()));
    portal.log('oauth.app.info', 200);
  } catch (e) {
    const status = sendError(res, e);
    portal?.log('oauth.app.info', status);
  }
}

export async function handleOAuth(
  deps: OAuthDeps,
  path: string[],
  req: IncomingMessage,
  res: ServerResponse,
  params: Record<string, unknown>,
): Promise<void> {
  const route = path.join('/').toLowerCase();
  if (route === 'oauth/token') return token(deps, req, res, params);
  if (route === 'rest/app.info' || route === 'rest/app.info.json') {
    const m = /^Bearer\s+(\S+)/i.exec(req.headers.authorization ?? '');
    return appInfo(deps, res, params, m?.[1]);
  }
  sendJson(res, 404, { error: 'ERROR_METHOD_NOT_FOUND', error_description: 'Method not found!' });
}
