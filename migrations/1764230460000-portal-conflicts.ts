import { MigrationInterface, QueryRunner } from 'typeorm';

export class PortalConflicts1764230460000 implements MigrationInterface {
  name = 'PortalConflicts1764230460000';

  async up(db: QueryRunner): Promise<void> {
    // Installs refused because another installed portal holds the address: for operators to resolve.
    await db.query(`
      CREATE TABLE crm_sync.portal_conflicts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        member_id text NOT NULL,
        domain text NOT NULL,
        held_by text NOT NULL,
        attempted_at timestamptz NOT NULL
      )`);
    await db.query(`CREATE INDEX portal_conflicts_attempted_at ON crm_sync.portal_conflicts (attempted_at DESC)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE crm_sync.portal_conflicts`);
  }
}
