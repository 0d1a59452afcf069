export type Bitrix24FailureKind =
  /** token unusable after refresh, app uninstalled, invalid_grant */
  | 'AUTH'
  /** QUERY_LIMIT_EXCEEDED, OPERATION_TIME_LIMIT, still failing after backoff */
  | 'RATE_LIMIT'
  /** 5xx, timeouts, network */
  | 'TEMPORARY'
  | 'NOT_FOUND'
  /** validation, access denied, method not found */
  | 'PERMANENT';

export class Bitrix24Error extends Error {
  override readonly name = 'Bitrix24Error';
  /** Set for PORTAL_MOVED: where the portal says it lives now. */
  location?: string;
  /** Set for PORTAL_UNAVAILABLE: when calls to the portal may be tried again. */
  retryAt?: Date;

  constructor(
    readonly kind: Bitrix24FailureKind,
    /** The Bitrix24 `error` value; '' for legacy CRM errors. */
    readonly code: string,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

const AUTH_CODES = new Set([
  'expired_token',
  'invalid_token',
  'NO_AUTH_FOUND',
  'authorization_error',
  'APPLICATION_NOT_FOUND',
  'invalid_grant',
  'invalid_client',
  'PAYMENT_REQUIRED',
  // The portal is gone: as final for us as an uninstall.
  'PORTAL_DELETED',
]);
// OVERLOAD_LIMIT is a manual block by Bitrix support: the caller defers, but the client does not back off on it.
const RATE_LIMIT_CODES = new Set(['QUERY_LIMIT_EXCEEDED', 'OPERATION_TIME_LIMIT', 'OVERLOAD_LIMIT']);
// CONNECTION_ERROR: the portal could not reach the OAuth server to check our token.
const TEMPORARY_CODES = new Set(['INTERNAL_SERVER_ERROR', 'ERROR_UNEXPECTED_ANSWER', 'CONNECTION_ERROR']);
const NOT_FOUND_CODES = new Set(['NOT_FOUND', 'OWNER_NOT_FOUND', 'ERROR_NOT_FOUND']);
// Legacy CRM methods say "not found" only in the description ("Not found", "Element not found",
// "The entity with ID '235' is not found."); "The 'FIELD_NAME' field is not found." is validation.
const LEGACY_NOT_FOUND = /^(not found\.?|element not found\.?|.* with ID '[^']*' is not found\.?)$/i;

// The OAuth server or the portal no longer knows our grant: repeated, the app is gone from the portal.
const GRANT_REFUSED_CODES = new Set(['invalid_grant', 'invalid_client', 'APPLICATION_NOT_FOUND', 'PORTAL_DELETED']);

export function isGrantRefused(code: string): boolean {
  return GRANT_REFUSED_CODES.has(code);
}

export function isExpiredToken(code: string): boolean {
  return code === 'expired_token' || code === 'invalid_token';
}

export function retriesWithBackoff(code: string): boolean {
  return code === 'QUERY_LIMIT_EXCEEDED' || code === 'OPERATION_TIME_LIMIT';
}

/** Kind of a Bitrix24 error envelope, keyed on the code first: statuses disagree between docs and core. */
export function classifyError(code: string, description: string, status?: number): Bitrix24FailureKind {
  if (AUTH_CODES.has(code)) return 'AUTH';
  if (RATE_LIMIT_CODES.has(code)) return 'RATE_LIMIT';
  if (TEMPORARY_CODES.has(code)) return 'TEMPORARY';
  if (NOT_FOUND_CODES.has(code)) return 'NOT_FOUND';
  if (code === '' && LEGACY_NOT_FOUND.test(description.trim())) return 'NOT_FOUND';
  if (status !== undefined && status >= 500) return 'TEMPORARY';
  return 'PERMANENT';
}

export function errorFromEnvelope(
  context: string,
  body: { error?: unknown; error_description?: unknown },
  status?: number,
): Bitrix24Error {
  const code = body.error === undefined || body.error === null ? '' : String(body.error);
  const description = typeof body.error_description === 'string' ? body.error_description : '';
  const text = description || code || 'error without description';
  return new Bitrix24Error(classifyError(code, description, status), code, `${context}: ${text}`, status);
}
