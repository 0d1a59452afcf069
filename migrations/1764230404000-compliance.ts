import { MigrationInterface, QueryRunner } from 'typeorm';

export class Compliance1764230404000 implements MigrationInterface {
  name = 'Compliance1764230404000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE SCHEMA IF NOT EXISTS compliance`);
    await db.query(`
      CREATE TABLE compliance.access_log (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL,
        partner_id uuid NOT NULL,
        b24_user_id text,
        lead_id uuid NOT NULL,
        claim_id uuid,
        purpose text NOT NULL,
        channel text NOT NULL
      )`);
    await db.query(`CREATE INDEX access_log_lead ON compliance.access_log (lead_id, at)`);
    await db.query(`CREATE INDEX access_log_partner ON compliance.access_log (partner_id, at)`);
    await db.query(`CREATE INDEX access_log_at ON compliance.access_log (at, id)`);
    // The log is evidence: the database itself refuses to change or remove a row.
    await db.query(`
      CREATE FUNCTION compliance.refuse_access_log_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'compliance.access_log is append-only' USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await db.query(`
      CREATE TRIGGER access_log_append_only BEFORE UPDATE OR DELETE ON compliance.access_log
      FOR EACH ROW EXECUTE FUNCTION compliance.refuse_access_log_change()`);
    await db.query(`
      CREATE TRIGGER access_log_no_truncate BEFORE TRUNCATE ON compliance.access_log
      FOR EACH STATEMENT EXECUTE FUNCTION compliance.refuse_access_log_change()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP SCHEMA compliance CASCADE`);
  }
}
