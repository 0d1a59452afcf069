import { Errors, RestError } from './envelope';
import type { FaultKind, Faults } from './types';

const ALL_KINDS: FaultKind[] = [
  'INTERNAL_SERVER_ERROR',
  'QUERY_LIMIT_EXCEEDED',
  'OPERATION_TIME_LIMIT',
  'expired_token',
  'timeout',
  'drop',
  'drop_after',
];

export function newFaults(): Faults {
  return { failRate: 0, latencyMs: 0, next: [], dropEvents: false, unresponsive: false };
}

/** The fault for this request, if any: queued ones first, then the random rate. */
export function pickFault(faults: Faults, random: () => number): FaultKind | null {
  const queued = faults.next.shift();
  if (queued) return queued;
  if (faults.failRate > 0 && random() < faults.failRate) {
    return ALL_KINDS[Math.floor(random() * ALL_KINDS.length) % ALL_KINDS.length];
  }
  return null;
}

/** Faults that are answered with an error envelope instead of running the method. */
export function faultError(kind: FaultKind): RestError | null {
  switch (kind) {
    case 'INTERNAL_SERVER_ERROR':
      return Errors.internal();
    case 'QUERY_LIMIT_EXCEEDED':
      return Errors.queryLimit();
    case 'OPERATION_TIME_LIMIT':
      return Errors.operationTimeLimit();
    case 'expired_token':
      return Errors.expiredToken();
    default:
      return null;
  }
}

export function sleep(ms: number): Promise<void> {
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
