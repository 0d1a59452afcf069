import { ThrottlerStorage } from '@nestjs/throttler';
import { TransactionRunner } from '../database/transaction-runner';

/** The package's index does not export this type. */
type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

interface CounterRow {
  hits: number;
  blocked: boolean;
  window_left: number;
  block_left: number;
}

/**
 * Rate-limit counters in PostgreSQL, so every instance of the service spends the same budget.
 * One upsert per hit: a window (or a block) that has run out starts a fresh window; a hit past
 * the limit blocks the key for `blockDuration`; hits while blocked are not counted. The database
 * clock decides, so instances with skewed clocks still agree.
 */
export class PgThrottlerStorage implements ThrottlerStorage {
  constructor(private readonly db: TransactionRunner) {}

  async increment(key: string, ttlMs: number, limit: number, blockDurationMs: number): Promise<ThrottlerStorageRecord> {
    const { rows } = await this.db.query<CounterRow>(
      `INSERT INTO platform.rate_limits AS r (key, hits, window_ends_at, blocked_until)
       VALUES ($1, 1, now() + $2::float8 * interval '1 millisecond',
               CASE WHEN 1 > $3::int THEN now() + $4::float8 * interval '1 millisecond' END)
       ON CONFLICT (key) DO UPDATE SET
         hits = CASE WHEN r.blocked_until > now() THEN r.hits
                     WHEN r.window_ends_at <= now() OR r.blocked_until <= now() THEN 1
                     ELSE r.hits + 1 END,
         window_ends_at = CASE WHEN r.blocked_until > now() THEN r.window_ends_at
                               WHEN r.window_ends_at <= now() OR r.blocked_until <= now() THEN EXCLUDED.window_ends_at
                               ELSE r.window_ends_at END,
         blocked_until = CASE WHEN r.blocked_until > now() THEN r.blocked_until
                              WHEN r.window_ends_at <= now() OR r.blocked_until <= now() THEN EXCLUDED.blocked_until
                              WHEN r.hits + 1 > $3::int THEN now() + $4::float8 * interval '1 millisecond'
                         END
       RETURNING hits,
                 COALESCE(blocked_until > now(), false) AS blocked,
                 GREATEST(0, ceil(extract(epoch FROM window_ends_at - now())))::int AS window_left,
                 GREATEST(0, COALESCE(ceil(extract(epoch FROM blocked_until - now())), 0))::int AS block_left`,
      [key, ttlMs, limit, blockDurationMs],
    );
    const row = rows[0];
    return {
      totalHits: row.hits,
      timeToExpire: row.window_left,
      isBlocked: row.blocked,
      timeToBlockExpire: row.blocked ? row.block_left : 0,
    };
  }
}
