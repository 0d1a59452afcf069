import { Bitrix24Error, Bitrix24FailureKind, retriesWithBackoff } from './bitrix24-errors';
import { exchange } from './http-exchange';
import { PortalCredentials } from './portal-credentials';

export interface OAuthSettings {
  oauthUrl: string;
  clientId: string;
  clientSecret: string;
  timeoutMs: number;
  now?: () => number;
}

interface TokenAnswer {
  access_token?: unknown;
  refresh_token?: unknown;
  expires?: unknown;
  expires_in?: unknown;
  client_endpoint?: unknown;
  member_id?: unknown;
  error?: unknown;
  error_description?: unknown;
}

/**
 * Trades the stored refresh token for a new pair at the OAuth server (a GET, as documented). Not
 * retried here; the client repeats the whole call after a TEMPORARY or RATE_LIMIT failure. If the
 * server had rotated the pair and only the answer was lost, that retry ends in invalid_grant (AUTH):
 * the old refresh token is dead, and no client can recover the pair.
 */
export async function refreshTokenPair(settings: OAuthSettings, stored: PortalCredentials): Promise<PortalCredentials> {
  const query = new URLSearchParams({
    grant_type: 'refresh_token',
    client_id: settings.clientId,
    client_secret: settings.clientSecret,
    refresh_token: stored.refreshToken,
  });
  const url = `${settings.oauthUrl.replace(/\/+$/, '')}/oauth/token/?${query.toString()}`;
  const answer = await exchange({ url, method: 'GET', timeoutMs: settings.timeoutMs }, 'token refresh');
  const body = (answer.body ?? {}) as TokenAnswer;
  if (answer.body !== undefined && 'error' in body) {
    const code = String(body.error);
    const description = typeof body.error_description === 'string' ? body.error_description : code;
    throw new Bitrix24Error(refusalKind(code, answer.status), code, `token refresh: ${description}`, answer.status);
  }
  if (answer.status >= 300 || answer.body === undefined) {
    const kind = answer.status >= 500 || answer.body === undefined ? 'TEMPORARY' : 'AUTH';
    throw new Bitrix24Error(kind, `HTTP_${answer.status}`, `token refresh: HTTP ${answer.status}`, answer.status);
  }
  return toCredentials(body, stored, settings.now ?? Date.now);
}

// Limits and server errors strike before the grant is used; anything else the OAuth server refuses
// (invalid_grant, invalid_client, PAYMENT_REQUIRED) leaves us without a token.
function refusalKind(code: string, status: number): Bitrix24FailureKind {
  if (retriesWithBackoff(code) || code === 'OVERLOAD_LIMIT') return 'RATE_LIMIT';
  return status >= 500 ? 'TEMPORARY' : 'AUTH';
}

function toCredentials(body: TokenAnswer, stored: PortalCredentials, now: () => number): PortalCredentials {
  if (typeof body.access_token !== 'string' || typeof body.refresh_token !== 'string') {
    throw new Bitrix24Error('TEMPORARY', 'INVALID_TOKEN_ANSWER', 'token refresh: answer without a token pair');
  }
  if (body.member_id !== undefined && String(body.member_id) !== stored.memberId) {
    throw new Bitrix24Error('AUTH', 'MEMBER_MISMATCH', 'token refresh: answer names another portal');
  }
  return {
    memberId: stored.memberId,
    // A renamed portal shows up here first.
    clientEndpoint: typeof body.client_endpoint === 'string' ? body.client_endpoint : stored.clientEndpoint,
    accessToken: body.access_token,
    refreshToken: body.refresh_token,
    expiresAt: expiryOf(body, now),
  };
}

function expiryOf(body: TokenAnswer, now: () => number): Date {
  const expires = Number(body.expires);
  if (Number.isFinite(expires) && expires > 0) return new Date(expires * 1000);
  const expiresIn = Number(body.expires_in);
  return new Date(now() + (Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : 3600) * 1000);
}
