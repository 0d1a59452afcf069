import { MigrationInterface, QueryRunner } from 'typeorm';

export class RateLimits1764230430000 implements MigrationInterface {
  name = 'RateLimits1764230430000';

  async up(db: QueryRunner): Promise<void> {
    // UNLOGGED: counters are worth no WAL; after a crash they start from zero, which only forgives.
    await db.query(`
      CREATE UNLOGGED TABLE platform.rate_limits (
        key text PRIMARY KEY,
        hits int NOT NULL,
        window_ends_at timestamptz NOT NULL,
        blocked_until timestamptz
      )`);
    await db.query(`CREATE INDEX rate_limits_window_ends_at ON platform.rate_limits (window_ends_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE platform.rate_limits`);
  }
}
