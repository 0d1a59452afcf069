import { DomainError } from './domain-error';

/**
 * What may be logged or stored about a failure. Our own coded errors are written without personal
 * data; anything else (a remote system's description, a driver message quoting a value) is cut
 * down to its name and code, since it may quote a customer's contact.
 */
export function failureReason(error: unknown): string {
  if (error instanceof DomainError) return `${error.code}: ${error.message}`;
  const { name, code, kind } = (error ?? {}) as { name?: unknown; code?: unknown; kind?: unknown };
  return [name, kind, code].filter((part) => typeof part === 'string' && part.length > 0).join(' ') || 'unknown error';
}

/** A log payload for a failure: the safe reason and where it happened, without the message line. */
export function failureLog(error: unknown): { reason: string; stack?: string } {
  const stack = error instanceof Error ? error.stack?.split('\n').slice(1).join('\n') : undefined;
  return { reason: failureReason(error), ...(stack ? { stack } : {}) };
}
