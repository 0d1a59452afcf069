/**
 * Thrown by a job that cannot do its work now for a reason that is not a failure (its portal is
 * busy or cooling down, a limit resets at a known time): the job is put back to start after
 * `seconds`, without spending one of its retries.
 */
export class RetryLater extends Error {
  constructor(
    readonly seconds: number,
    reason: string,
  ) {
    super(reason);
    this.name = 'RetryLater';
  }
}
