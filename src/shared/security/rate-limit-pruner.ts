import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { TransactionRunner } from '../database/transaction-runner';
import { PeriodicRunner } from '../time/periodic-runner';

/**
 * Deletes counters whose window and block have both ended: keys per IP address would otherwise
 * pile up. Safe on every instance at once; a counter renewed meanwhile no longer matches.
 */
@Injectable()
export class RateLimitPruner implements OnApplicationBootstrap {
  constructor(
    private readonly db: TransactionRunner,
    private readonly config: AppConfig,
    private readonly periodic: PeriodicRunner,
  ) {}

  onApplicationBootstrap(): void {
    this.periodic.every(RateLimitPruner.name, Math.max(60, this.config.RATE_LIMIT_WINDOW_SECONDS), () => this.run());
  }

  /** Returns how many counters were deleted. */
  async run(): Promise<number> {
    const { rowCount } = await this.db.query(
      `DELETE FROM platform.rate_limits
        WHERE window_ends_at < now() AND (blocked_until IS NULL OR blocked_until < now())`,
    );
    return rowCount;
  }
}
