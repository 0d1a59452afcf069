import { Injectable, Logger } from '@nestjs/common';
import { normalizeIp } from '@nestjs/throttler';
import { AppConfig } from '../../config/app-config';
import { TransactionRunner } from '../database/transaction-runner';
import { failureLog } from '../domain/failure-reason';
import { PgThrottlerStorage } from './pg-throttler-storage';
import { budgetKey } from './rate-limit-policy';

/**
 * Requests that fail authentication (a wrong API key, a forged or expired token, a forged
 * Bitrix24 event or launch) spend a budget per client IP address, kept in PostgreSQL so every
 * instance spends the same one. Past it they get 429: guessing keys or tokens gets slow.
 */
@Injectable()
export class FailedAuthBudget {
  private readonly logger = new Logger(FailedAuthBudget.name);
  private readonly storage: PgThrottlerStorage;

  constructor(
    db: TransactionRunner,
    private readonly config: AppConfig,
  ) {
    this.storage = new PgThrottlerStorage(db);
  }

  /** Counts one failure; returns the seconds to wait when the budget is spent, else null. */
  async spend(ip: string): Promise<number | null> {
    const key = budgetKey('unauthenticated', normalizeIp(ip));
    const windowMs = this.config.RATE_LIMIT_WINDOW_SECONDS * 1000;
    try {
      const record = await this.storage.increment(key, windowMs, this.config.RATE_LIMIT_UNAUTHENTICATED_PER_IP, windowMs);
      return record.isBlocked ? Math.max(1, record.timeToBlockExpire) : null;
    } catch (error) {
      // Without the database the refusal still stands; only its counting is lost.
      this.logger.warn(failureLog(error), 'failed authentication not counted');
      return null;
    }
  }
}
