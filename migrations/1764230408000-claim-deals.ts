import { MigrationInterface, QueryRunner } from 'typeorm';

export class ClaimDeals1764230408000 implements MigrationInterface {
  name = 'ClaimDeals1764230408000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE claims.claims
      ADD COLUMN deal_id text,
      ADD COLUMN deal_url text,
      ADD COLUMN deal_deleted_at timestamptz`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE claims.claims DROP COLUMN deal_id, DROP COLUMN deal_url, DROP COLUMN deal_deleted_at`);
  }
}
