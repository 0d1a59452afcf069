import { MigrationInterface, QueryRunner } from 'typeorm';

export class PortalAddresses1764230470000 implements MigrationInterface {
  name = 'PortalAddresses1764230470000';

  async up(db: QueryRunner): Promise<void> {
    // Where each portal that accepted an agreement lives now, so an acceptance follows a renamed
    // portal and never passes to another portal that later takes its old address.
    await db.query(`
      CREATE TABLE compliance.portal_addresses (
        member_id text PRIMARY KEY,
        domain text NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await db.query(`CREATE INDEX portal_addresses_domain ON compliance.portal_addresses (domain)`);
    await db.query(`
      INSERT INTO compliance.portal_addresses (member_id, domain, updated_at)
      SELECT DISTINCT ON (member_id) member_id, portal_domain, accepted_at FROM compliance.pd_acceptances
       WHERE portal_domain IS NOT NULL ORDER BY member_id, accepted_at DESC`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE compliance.portal_addresses`);
  }
}
