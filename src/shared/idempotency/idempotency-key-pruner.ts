import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { TransactionRunner } from '../database/transaction-runner';
import { PeriodicRunner } from '../time/periodic-runner';

const EVERY_SECONDS = 3600;

/** Idempotency keys are kept 24 hours; older ones are only dead weight (and stored answers). */
@Injectable()
export class IdempotencyKeyPruner implements OnApplicationBootstrap {
  constructor(
    private readonly db: TransactionRunner,
    private readonly periodic: PeriodicRunner,
  ) {}

  onApplicationBootstrap(): void {
    this.periodic.every(IdempotencyKeyPruner.name, EVERY_SECONDS, () => this.run());
  }

  /** Returns how many keys were deleted. */
  async run(): Promise<number> {
    const { rowCount } = await this.db.query(
      `DELETE FROM platform.idempotency_keys WHERE created_at < now() - interval '24 hours'`,
    );
    return rowCount;
  }
}
