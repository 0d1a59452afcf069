import { MigrationInterface, QueryRunner } from 'typeorm';

export class CrmSync1764230405000 implements MigrationInterface {
  name = 'CrmSync1764230405000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE SCHEMA IF NOT EXISTS crm_sync`);
    await db.query(`
      CREATE TABLE crm_sync.deal_requests (
        claim_id uuid PRIMARY KEY,
        partner_id uuid NOT NULL,
        lead_id uuid NOT NULL,
        state text NOT NULL CHECK (state IN ('pending', 'created', 'failed')),
        requested_at timestamptz NOT NULL
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP SCHEMA crm_sync CASCADE`);
  }
}
