import {
  PortalCredentials,
  PortalRateLimiter,
  PortalTokenStore,
} from '../../src/modules/crm-sync/infrastructure/bitrix24';

/**
 * Token pairs in memory, with a per-portal mutex standing in for the PostgreSQL row lock, for
 * testing the REST client on its own (the real store is tested with the module).
 */
export class MemoryTokenStore extends PortalTokenStore {
  readonly pairs = new Map<string, PortalCredentials>();
  private readonly locks = new Map<string, Promise<unknown>>();
  /** Runs inside rotate before `work`, to simulate another instance that got the lock first. */
  beforeWork?: (memberId: string) => void;

  async current(memberId: string): Promise<PortalCredentials | null> {
    return this.pairs.get(memberId) ?? null;
  }

  rotate(memberId: string, work: (stored: PortalCredentials) => Promise<PortalCredentials | null>): Promise<PortalCredentials> {
    const run = (this.locks.get(memberId) ?? Promise.resolve()).catch(() => undefined).then(async () => {
      this.beforeWork?.(memberId);
      const stored = this.pairs.get(memberId)!;
      const next = await work(stored);
      if (next) this.pairs.set(memberId, next);
      return next ?? stored;
    });
    this.locks.set(memberId, run);
    return run;
  }
}

/** Lets every call through and counts them. */
export class CountingLimiter extends PortalRateLimiter {
  acquired = 0;
  async acquire(): Promise<void> {
    this.acquired++;
  }
}
