import { Injectable, OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { TransactionRunner } from '../database/transaction-runner';
import { Scheduler } from '../scheduling/scheduler';

/**
 * Deletes counters whose window and block have both ended: keys per IP address would otherwise
 * pile up. A counter renewed meanwhile no longer matches.
 */
@Injectable()
export class PruneRateLimitsTask implements OnModuleInit {
  constructor(
    private readonly db: TransactionRunner,
    private readonly config: AppConfig,
    private readonly scheduler: Scheduler,
  ) {}

  onModuleInit(): void {
    const every = Math.max(60, this.config.RATE_LIMIT_WINDOW_SECONDS);
    this.scheduler.every('platform.prune-rate-limits', every, async () => ({ deleted: await this.run() }));
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
