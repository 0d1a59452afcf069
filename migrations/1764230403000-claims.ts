import { MigrationInterface, QueryRunner } from 'typeorm';

export class Claims1764230403000 implements MigrationInterface {
  name = 'Claims1764230403000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE SCHEMA IF NOT EXISTS claims`);
    await db.query(`
      CREATE TABLE claims.claims (
        id uuid PRIMARY KEY,
        lead_id uuid NOT NULL,
        partner_id uuid NOT NULL,
        status text NOT NULL CHECK (status IN ('active', 'won', 'lost')),
        taken_at timestamptz NOT NULL,
        taken_by_user text,
        closed_at timestamptz,
        close_reason text,
        portal_address text,
        license_key text,
        closed_by text,
        CHECK ((status = 'active') = (closed_at IS NULL)),
        CHECK (status <> 'won' OR portal_address IS NOT NULL OR license_key IS NOT NULL)
      )`);
    await db.query(`CREATE UNIQUE INDEX claims_one_per_partner ON claims.claims (lead_id, partner_id)`);
    await db.query(`CREATE INDEX claims_by_partner ON claims.claims (partner_id, taken_at DESC, id DESC)`);
    // Counters guarded by CHECKs: one conditional UPDATE enforces a cap under any concurrency.
    await db.query(`
      CREATE TABLE claims.partner_load (
        partner_id uuid PRIMARY KEY,
        active int NOT NULL DEFAULT 0 CHECK (active >= 0)
      )`);
    await db.query(`
      CREATE TABLE claims.lead_load (
        lead_id uuid PRIMARY KEY,
        holders int NOT NULL DEFAULT 0 CHECK (holders >= 0)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP SCHEMA claims CASCADE`);
  }
}
