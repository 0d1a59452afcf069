import { DomainError } from '../domain/domain-error';

/** A client spent its budget for the current window; the answer tells it when to come back. */
export class RateLimitedError extends DomainError {
  constructor(readonly retryAfterSeconds: number) {
    super('RATE_LIMITED', 'Too many requests: retry after the number of seconds in Retry-After.');
  }
}
