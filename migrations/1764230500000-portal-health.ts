import { MigrationInterface, QueryRunner } from 'typeorm';

export class PortalHealth1764230500000 implements MigrationInterface {
  name = 'PortalHealth1764230500000';

  async up(db: QueryRunner): Promise<void> {
    // The circuit per portal: failures in a row, and until when calls to it fail at once.
    await db.query(`ALTER TABLE crm_sync.portals ADD COLUMN call_failures int NOT NULL DEFAULT 0`);
    await db.query(`ALTER TABLE crm_sync.portals ADD COLUMN unavailable_until timestamptz`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE crm_sync.portals DROP COLUMN unavailable_until`);
    await db.query(`ALTER TABLE crm_sync.portals DROP COLUMN call_failures`);
  }
}
