import { randomUUID } from 'node:crypto';

/**
 * A fact one module announces to the others. `id` is what consumers de-duplicate on, since
 * delivery is at least once.
 */
export interface DomainEvent<N extends string = string, P = unknown> {
  id: string;
  name: N;
  occurredAt: string;
  payload: P;
}

export function domainEvent<N extends string, P>(name: N, payload: P, at: Date): DomainEvent<N, P> {
  return { id: randomUUID(), name, occurredAt: at.toISOString(), payload };
}
