import { Injectable, OnModuleInit } from '@nestjs/common';
import { TransactionRunner } from '../database/transaction-runner';
import { Scheduler } from '../scheduling/scheduler';

/** Idempotency keys are kept 24 hours; older ones are only dead weight (and stored answers). */
@Injectable()
export class PruneIdempotencyKeysTask implements OnModuleInit {
  constructor(
    private readonly db: TransactionRunner,
    private readonly scheduler: Scheduler,
  ) {}

  onModuleInit(): void {
    this.scheduler.every('platform.prune-idempotency-keys', 3600, async () => ({ deleted: await this.run() }));
  }

  /** Returns how many keys were deleted. */
  async run(): Promise<number> {
    const { rowCount } = await this.db.query(
      `DELETE FROM platform.idempotency_keys WHERE created_at < now() - interval '24 hours'`,
    );
    return rowCount;
  }
}
