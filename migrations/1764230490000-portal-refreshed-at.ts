import { MigrationInterface, QueryRunner } from 'typeorm';

export class PortalRefreshedAt1764230490000 implements MigrationInterface {
  name = 'PortalRefreshedAt1764230490000';

  async up(db: QueryRunner): Promise<void> {
    // When the token pair was last renewed: a refresh token lives 180 days, so quiet portals are refreshed in time.
    await db.query(`ALTER TABLE crm_sync.portals ADD COLUMN tokens_refreshed_at timestamptz NOT NULL DEFAULT now()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE crm_sync.portals DROP COLUMN tokens_refreshed_at`);
  }
}
