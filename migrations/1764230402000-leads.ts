import { MigrationInterface, QueryRunner } from 'typeorm';

export class Leads1764230402000 implements MigrationInterface {
  name = 'Leads1764230402000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE SCHEMA IF NOT EXISTS leads`);
    await db.query(`
      CREATE TABLE leads.leads (
        id uuid PRIMARY KEY,
        status text NOT NULL CHECK (status IN ('open', 'withdrawn', 'expired')),
        company_name text NOT NULL,
        industry text NOT NULL,
        size_band text NOT NULL CHECK (size_band IN ('1-10', '11-50', '51-250', '251-1000', '1001+')),
        region text NOT NULL,
        city text NOT NULL,
        product text NOT NULL CHECK (product IN ('cloud', 'box')),
        users int NOT NULL CHECK (users > 0),
        description text NOT NULL,
        contact_name text NOT NULL,
        contact_position text NOT NULL,
        contact_phone text NOT NULL,
        contact_email text NOT NULL,
        consent_version text NOT NULL,
        consent_given_at timestamptz NOT NULL,
        consent_source text NOT NULL,
        published_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        closed_at timestamptz,
        withdraw_reason text
      )`);
    await db.query(`CREATE INDEX leads_open_newest ON leads.leads (published_at DESC, id DESC) WHERE status = 'open'`);
    await db.query(`CREATE INDEX leads_open_region ON leads.leads (region, published_at DESC, id DESC) WHERE status = 'open'`);
    await db.query(`CREATE INDEX leads_open_expiry ON leads.leads (expires_at) WHERE status = 'open'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP SCHEMA leads CASCADE`);
  }
}
