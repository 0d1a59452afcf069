import { MigrationInterface, QueryRunner } from 'typeorm';

export class PortalSuspension1764230510000 implements MigrationInterface {
  name = 'PortalSuspension1764230510000';

  async up(db: QueryRunner): Promise<void> {
    // A portal whose grant is gone without an ONAPPUNINSTALL reaching us is suspended, not left "installed".
    await db.query(`ALTER TABLE crm_sync.portals ADD COLUMN auth_failures int NOT NULL DEFAULT 0`);
    await db.query(`ALTER TABLE crm_sync.portals ADD COLUMN suspended_at timestamptz`);
    await db.query(`ALTER TABLE crm_sync.portals DROP CONSTRAINT portals_status_check`);
    await db.query(`ALTER TABLE crm_sync.portals ADD CONSTRAINT portals_status_check CHECK (status IN ('installed', 'suspended', 'uninstalled'))`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`UPDATE crm_sync.portals SET status = 'uninstalled' WHERE status = 'suspended'`);
    await db.query(`ALTER TABLE crm_sync.portals DROP CONSTRAINT portals_status_check`);
    await db.query(`ALTER TABLE crm_sync.portals ADD CONSTRAINT portals_status_check CHECK (status IN ('installed', 'uninstalled'))`);
    await db.query(`ALTER TABLE crm_sync.portals DROP COLUMN suspended_at`);
    await db.query(`ALTER TABLE crm_sync.portals DROP COLUMN auth_failures`);
  }
}
