import { Bitrix24Error, errorFromEnvelope, isExpiredToken, isGrantRefused, retriesWithBackoff } from './bitrix24-errors';
import { assertMethodName, safeClientEndpoint } from './endpoint-guard';
import { exchange, HttpAnswer } from './http-exchange';
import { toBatchCommand } from './php-query';
import { ALWAYS_AVAILABLE, PortalCredentials, PortalHealth, PortalRateLimiter, PortalTokenStore } from './portal-credentials';
import { backoffDelay, isReadMethod } from './retry-policy';
import { TokenRefresher } from './token-refresher';
import { asRecord, pageItems } from './result-shapes';

export interface Bitrix24ClientOptions {
  oauthUrl: string;
  clientId: string;
  clientSecret: string;
  /** default 10000 */
  timeoutMs?: number;
  /** default 4 */
  maxAttempts?: number;
  /** base, default 500 */
  backoffMs?: number;
  allowInsecure?: boolean;
  sleep?: (ms: number) => Promise<void>;
}

interface Envelope {
  result: unknown;
  next?: unknown;
  time?: { operating_reset_at?: unknown };
}

/** Without a reported reset, a method blocked by OPERATION_TIME_LIMIT is tried again after this. */
const OPERATING_FALLBACK_MS = 60_000;

const BATCH_MAX_COMMANDS = 50;

export class Bitrix24Client {
  private readonly timeoutMs: number;
  private readonly maxAttempts: number;
  private readonly backoffMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly refresher: TokenRefresher;
  /** When each portal said its oldest minute of execution time drops out (limits.md). */
  private readonly operatingResetAt = new Map<string, Date>();

  constructor(
    private readonly options: Bitrix24ClientOptions,
    private readonly tokens: PortalTokenStore,
    private readonly limiter: PortalRateLimiter,
    private readonly health: PortalHealth = ALWAYS_AVAILABLE,
  ) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.maxAttempts = Math.max(1, options.maxAttempts ?? 4);
    this.backoffMs = options.backoffMs ?? 500;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.refresher = new TokenRefresher(tokens, { ...options, timeoutMs: this.timeoutMs });
  }

  async call<T = unknown>(
    memberId: string,
    method: string,
    params: Record<string, unknown> = {},
    opts: { idempotent?: boolean } = {},
  ): Promise<T> {
    assertMethodName(method);
    const envelope = await this.execute(memberId, method, params, opts.idempotent === true || isReadMethod(method));
    return envelope.result as T;
  }

  /** Follows `next` until it is absent (not until `total`: the docs warn it can drift). */
  async list<T = unknown>(memberId: string, method: string, params: Record<string, unknown> = {}): Promise<T[]> {
    assertMethodName(method);
    const items: T[] = [];
    let start = params.start;
    for (;;) {
      const pageParams = start === undefined ? params : { ...params, start };
      const envelope = await this.execute(memberId, method, pageParams, true);
      items.push(...pageItems<T>(envelope.result));
      const next = Number(envelope.next);
      // A `next` that does not move forward would loop forever.
      if (envelope.next === undefined || !Number.isFinite(next) || next <= Number(start ?? -1)) return items;
      start = next;
    }
  }

  /**
   * One HTTP request (one unit of the portal's bucket) for up to 50 commands. Sub-call failures
   * arrive with HTTP 200 in `result_error` and come back in `errors`; with `halt`, commands after
   * the first failure appear in neither map.
   */
  async batch(
    memberId: string,
    commands: Record<string, { method: string; params?: Record<string, unknown> }>,
    opts: { halt?: boolean } = {},
  ): Promise<{ results: Record<string, unknown>; errors: Record<string, Bitrix24Error> }> {
    const entries = Object.entries(commands);
    if (entries.length > BATCH_MAX_COMMANDS) {
      throw new Bitrix24Error('PERMANENT', 'ERROR_BATCH_LENGTH_EXCEEDED', `batch: ${entries.length} commands, at most 50`);
    }
    entries.forEach(([, command]) => assertMethodName(command.method));
    const cmd = Object.fromEntries(entries.map(([key, command]) => [key, toBatchCommand(command.method, command.params)]));
    const safe = entries.every(([, command]) => isReadMethod(command.method));
    const envelope = await this.execute(memberId, 'batch', { halt: opts.halt ? 1 : 0, cmd }, safe);
    const payload = asRecord(envelope.result);
    const errors: Record<string, Bitrix24Error> = {};
    for (const [key, value] of Object.entries(asRecord(payload.result_error))) {
      errors[key] = errorFromEnvelope(`batch ${key} (${commands[key]?.method ?? '?'})`, asRecord(value));
    }
    return { results: asRecord(payload.result), errors };
  }

  /** Trades the stored refresh token for a new pair now, which renews it for another 180 days. */
  async renewTokens(memberId: string): Promise<void> {
    const current = await this.load(memberId);
    await this.refresher.refresh(memberId, current.accessToken);
  }

  /** Where the portal's REST API is now, after it answered 302 at its old address (a rename). */
  async relocate(memberId: string, movedEndpoint: string): Promise<string> {
    return (await this.refresher.relocate(memberId, movedEndpoint)).clientEndpoint;
  }

  private async execute(memberId: string, method: string, params: Record<string, unknown>, safe: boolean): Promise<Envelope> {
    let credentials = await this.load(memberId);
    let refreshed = false;
    let relocated = false;
    for (let attempt = 1; ; attempt++) {
      let failure: Bitrix24Error;
      let retryable: boolean;
      try {
        const envelope = await this.send(credentials, method, params);
        this.rememberOperatingReset(memberId, envelope);
        await this.health.answered(memberId);
        return envelope;
      } catch (error) {
        if (!(error instanceof Bitrix24Error)) throw error;
        if (error.code === 'PORTAL_UNAVAILABLE') throw error;
        if (error.code === 'OPERATION_TIME_LIMIT') {
          // Minutes away, not seconds: the caller waits for the reset the portal reported.
          error.retryAt = this.operatingResetAt.get(memberId) ?? new Date(Date.now() + OPERATING_FALLBACK_MS);
          throw error;
        }
        if (error.kind === 'TEMPORARY') await this.health.failed(memberId);
        failure = error;
        // The server refused these before doing anything, so even writes may be repeated.
        retryable = retriesWithBackoff(error.code) || (error.kind === 'TEMPORARY' && safe);
      }
      if (failure.code === 'PORTAL_MOVED' && !relocated) {
        // Nothing ran at the old address, so the call may be sent again once, to the new one.
        relocated = true;
        const moved = await this.refresher.relocate(memberId, credentials.clientEndpoint);
        if (moved.clientEndpoint === credentials.clientEndpoint) throw failure;
        credentials = moved;
        attempt--;
        continue;
      }
      if (isExpiredToken(failure.code) && !refreshed) {
        try {
          credentials = await this.refresher.refresh(memberId, credentials.accessToken);
          refreshed = true;
          attempt--;
          continue;
        } catch (error) {
          if (!(error instanceof Bitrix24Error)) throw error;
          if (isGrantRefused(error.code)) await this.health.refused(memberId);
          if (error.kind !== 'TEMPORARY' && !retriesWithBackoff(error.code)) throw error;
          // The call was refused, not run: retrying it (and so the refresh) is safe for writes too.
          failure = error;
          retryable = true;
        }
      }
      if (isGrantRefused(failure.code)) await this.health.refused(memberId);
      if (!retryable || attempt >= this.maxAttempts) throw failure;
      await this.sleep(backoffDelay(attempt, this.backoffMs));
    }
  }

  private rememberOperatingReset(memberId: string, envelope: Envelope): void {
    const at = Number(envelope.time?.operating_reset_at);
    if (Number.isFinite(at) && at > 0) this.operatingResetAt.set(memberId, new Date(at * 1000));
  }

  private async load(memberId: string): Promise<PortalCredentials> {
    const credentials = await this.tokens.current(memberId);
    if (!credentials) {
      throw new Bitrix24Error('AUTH', 'PORTAL_NOT_INSTALLED', `portal ${memberId} is not installed`);
    }
    return credentials;
  }

  private async send(credentials: PortalCredentials, method: string, params: Record<string, unknown>): Promise<Envelope> {
    const endpoint = safeClientEndpoint(credentials.clientEndpoint, this.options.allowInsecure === true);
    const until = await this.health.unavailableUntil(credentials.memberId);
    if (until) {
      const unavailable = new Bitrix24Error('TEMPORARY', 'PORTAL_UNAVAILABLE', `${method}: the portal is not answering; calls resume later`);
      unavailable.retryAt = until;
      throw unavailable;
    }
    await this.limiter.acquire(credentials.memberId);
    // The token travels in the body: URLs end up in access logs.
    const answer = await exchange(
      { url: `${endpoint}${method}`, method: 'POST', json: { ...params, auth: credentials.accessToken }, timeoutMs: this.timeoutMs },
      method,
    );
    return envelopeOf(method, answer);
  }
}

function envelopeOf(method: string, answer: HttpAnswer): Envelope {
  if (answer.status >= 300 && answer.status < 400) {
    const moved = new Bitrix24Error('PERMANENT', 'PORTAL_MOVED', `${method}: portal moved to ${answer.location ?? '(no Location)'}`, answer.status);
    moved.location = answer.location;
    throw moved;
  }
  const body = answer.body;
  // `"error" in body`, not `body.error`: legacy CRM errors carry an empty code.
  if (body !== null && typeof body === 'object' && 'error' in body) {
    throw errorFromEnvelope(method, body as Record<string, unknown>, answer.status);
  }
  if (answer.status >= 400 || body === null || typeof body !== 'object' || !('result' in body)) {
    const kind = answer.status >= 500 ? 'TEMPORARY' : 'PERMANENT';
    throw new Bitrix24Error(kind, `HTTP_${answer.status}`, `${method}: unexpected answer (HTTP ${answer.status})`, answer.status);
  }
  return body as Envelope;
}
