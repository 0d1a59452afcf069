import { CallHandler, ExecutionContext, HttpStatus, Injectable, NestInterceptor } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { createHash } from 'node:crypto';
import { Reflector } from '@nestjs/core';
import { from, Observable, of } from 'rxjs';
import { catchError, mergeMap } from 'rxjs/operators';
import { Principal } from '../auth/principal';
import { TransactionRunner } from '../database/transaction-runner';
import { DomainError } from '../domain/domain-error';
import { NO_STORED_REPLAY } from './no-stored-replay.decorator';
import { stableStringify } from './stable-stringify';

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;

interface StoredKey {
  request_hash: string;
  state: 'in_flight' | 'done';
  response_body: unknown;
}

/**
 * `Idempotency-Key` on write endpoints, per client, kept 24 hours: the same key with the same
 * request replays the first answer; with another request it is refused; while the first request
 * is still running a retry gets 409 instead of a second execution. Failed requests free the key.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly db: TransactionRunner,
    private readonly reflector: Reflector,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const request = context.switchToHttp().getRequest();
    const key = request.headers['idempotency-key'];
    if (!WRITE_METHODS.has(request.method) || key === undefined) return next.handle();
    if (this.reflector.get<boolean>(NO_STORED_REPLAY, context.getHandler())) return next.handle();
    if (typeof key !== 'string' || !KEY_PATTERN.test(key)) {
      throw new DomainError('VALIDATION_FAILED', 'Idempotency-Key must be 1 to 200 visible ASCII characters.');
    }
    const clientId = (request.principal as Principal | undefined)?.clientId ?? 'anonymous';
    const hash = createHash('sha256')
      .update(`${request.method} ${request.url}\n${stableStringify(request.body ?? null)}`)
      .digest('hex');

    const reserved = await this.db.query(
      `INSERT INTO platform.idempotency_keys (client_id, key, request_hash, state)
       VALUES ($1, $2, $3, 'in_flight')
       ON CONFLICT (client_id, key) DO UPDATE
         SET request_hash = EXCLUDED.request_hash, state = 'in_flight', response_status = NULL,
             response_body = NULL, created_at = now()
         WHERE idempotency_keys.created_at < now() - interval '24 hours'
       RETURNING 1`,
      [clientId, key, hash],
    );
    if (reserved.rowCount === 0) return of(await this.replay(clientId, key, hash));

    const status = Reflect.getMetadata(HTTP_CODE_METADATA, context.getHandler()) ?? HttpStatus.CREATED;
    return next.handle().pipe(
      mergeMap((body) =>
        from(
          this.db
            .query(
              `UPDATE platform.idempotency_keys SET state = 'done', response_status = $3, response_body = $4
               WHERE client_id = $1 AND key = $2`,
              [clientId, key, status, JSON.stringify(body ?? null)],
            )
            .then(() => body),
        ),
      ),
      catchError((error) =>
        from(
          this.db
            .query('DELETE FROM platform.idempotency_keys WHERE client_id = $1 AND key = $2', [clientId, key])
            .then(() => {
              throw error;
            }),
        ),
      ),
    );
  }

  private async replay(clientId: string, key: string, hash: string): Promise<unknown> {
    const { rows } = await this.db.query<StoredKey>(
      'SELECT request_hash, state, response_body FROM platform.idempotency_keys WHERE client_id = $1 AND key = $2',
      [clientId, key],
    );
    const stored = rows[0];
    if (!stored) throw new DomainError('IDEMPOTENCY_REQUEST_IN_FLIGHT', 'Retry: the first request with this key just ended.');
    if (stored.request_hash !== hash) {
      throw new DomainError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used with a different request.');
    }
    if (stored.state === 'in_flight') {
      throw new DomainError('IDEMPOTENCY_REQUEST_IN_FLIGHT', 'A request with this Idempotency-Key is still being processed.');
    }
    return stored.response_body;
  }
}
