import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { AppConfig } from '../../config/app-config';
import { TransactionRunner } from '../database/transaction-runner';

/**
 * Deletes counters whose window and block have both ended: keys per IP address would otherwise
 * pile up. Safe on every instance at once; a counter renewed meanwhile no longer matches.
 */
@Injectable()
export class RateLimitPruner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RateLimitPruner.name);

  constructor(
    private readonly db: TransactionRunner,
    private readonly config: AppConfig,
    private readonly scheduler: SchedulerRegistry,
  ) {}

  onApplicationBootstrap(): void {
    const timer = setInterval(() => {
      this.run().catch((err) => this.logger.error({ err }, 'pruning rate-limit counters failed; will retry'));
    }, Math.max(60, this.config.RATE_LIMIT_WINDOW_SECONDS) * 1000);
    this.scheduler.addInterval(RateLimitPruner.name, timer);
  }

  onApplicationShutdown(): void {
    if (this.scheduler.doesExist('interval', RateLimitPruner.name)) this.scheduler.deleteInterval(RateLimitPruner.name);
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
