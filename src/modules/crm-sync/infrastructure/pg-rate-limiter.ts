import { Injectable } from '@nestjs/common';
import { TransactionRunner } from '../../../shared/database/transaction-runner';
import { PortalRateLimiter } from './bitrix24';

export interface RateSettings {
  capacity: number;
  perSecond: number;
}

/**
 * Bitrix24's leaky bucket, mirrored in one row per portal so that every instance of the service
 * together stays under the portal's budget. One statement drains the bucket by the time elapsed
 * and takes a unit only if it fits; otherwise the caller waits until it would.
 */
@Injectable()
export class PgRateLimiter extends PortalRateLimiter {
  constructor(
    private readonly db: TransactionRunner,
    private readonly settings: RateSettings,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {
    super();
  }

  async acquire(memberId: string): Promise<void> {
    for (;;) {
      const { rows } = await this.db.query<{ taken: boolean; level: number }>(
        `WITH current AS (
           SELECT GREATEST(0, COALESCE((SELECT level - extract(epoch FROM clock_timestamp() - updated_at) * $3
                                        FROM crm_sync.rate_buckets WHERE member_id = $1), 0)) AS level
         ), upsert AS (
           INSERT INTO crm_sync.rate_buckets AS b (member_id, level, updated_at)
           SELECT $1, level + 1, clock_timestamp() FROM current WHERE level + 1 <= $2
           ON CONFLICT (member_id) DO UPDATE
             SET level = GREATEST(0, b.level - extract(epoch FROM clock_timestamp() - b.updated_at) * $3) + 1,
                 updated_at = clock_timestamp()
             WHERE GREATEST(0, b.level - extract(epoch FROM clock_timestamp() - b.updated_at) * $3) + 1 <= $2
           RETURNING 1
         )
         SELECT EXISTS (SELECT 1 FROM upsert) AS taken, (SELECT level FROM current) AS level`,
        [memberId, this.settings.capacity, this.settings.perSecond],
      );
      if (rows[0].taken) return;
      const waitMs = ((rows[0].level + 1 - this.settings.capacity) / this.settings.perSecond) * 1000;
      await this.sleep(Math.max(50, Math.ceil(waitMs)));
    }
  }
}
