import { Bitrix24Error } from '../infrastructure/bitrix24';

export type FailureVerdict =
  /** Not a failure of the job: try again at a known moment, without spending a retry. */
  | { kind: 'wait'; until: Date }
  /** No retry can help; the job ends and says why. */
  | { kind: 'give-up'; reason: string }
  /** The portal is uninstalled or suspended: the work waits for a new install. */
  | { kind: 'portal-gone' }
  /** Worth trying again after the queue's backoff. */
  | { kind: 'retry' };

/**
 * The one place that decides what a Bitrix24 failure means for a job, by the failure's kind and
 * code (never its message):
 * - the portal's circuit is open, or a method spent its execution time (OPERATION_TIME_LIMIT):
 *   wait for the moment the portal named;
 * - temporary failures, rate limits, a rename not yet resolved, a refused grant (PortalHealth
 *   suspends the portal when refusals repeat): retry;
 * - the portal is not installed (uninstalled or suspended): wait for a new install;
 * - validation, access denied, a method or record that does not exist: give up.
 */
export function verdictOn(error: unknown): FailureVerdict {
  if (!(error instanceof Bitrix24Error)) return { kind: 'retry' };
  if ((error.code === 'PORTAL_UNAVAILABLE' || error.code === 'OPERATION_TIME_LIMIT') && error.retryAt) {
    return { kind: 'wait', until: error.retryAt };
  }
  if (error.code === 'PORTAL_NOT_INSTALLED') return { kind: 'portal-gone' };
  if (error.code === 'PORTAL_MOVED') return { kind: 'retry' };
  if (error.kind === 'PERMANENT' || error.kind === 'NOT_FOUND') return { kind: 'give-up', reason: `${error.kind} ${error.code}`.trim() };
  return { kind: 'retry' };
}
