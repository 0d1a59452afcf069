import { MigrationInterface, QueryRunner } from 'typeorm';

export class Partners1764230401000 implements MigrationInterface {
  name = 'Partners1764230401000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE SCHEMA IF NOT EXISTS partners`);
    await db.query(`
      CREATE TABLE partners.partners (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        contract_number text NOT NULL,
        contract_status text NOT NULL CHECK (contract_status IN ('active', 'blocked', 'terminated')),
        website_url text NOT NULL,
        offer_page_url text NOT NULL,
        portal_domain text,
        claim_cap int CHECK (claim_cap BETWEEN 1 AND 100),
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await db.query(`CREATE UNIQUE INDEX partners_contract_number ON partners.partners (contract_number)`);
    await db.query(`CREATE UNIQUE INDEX partners_portal_domain ON partners.partners (portal_domain)`);
    await db.query(`CREATE INDEX partners_created ON partners.partners (created_at DESC, id DESC)`);
    await db.query(`
      CREATE TABLE partners.partner_stats (
        partner_id uuid PRIMARY KEY,
        claims_taken int NOT NULL DEFAULT 0,
        claims_won int NOT NULL DEFAULT 0,
        claims_lost int NOT NULL DEFAULT 0
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP SCHEMA partners CASCADE`);
  }
}
