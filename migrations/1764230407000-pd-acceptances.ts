import { MigrationInterface, QueryRunner } from 'typeorm';

export class PdAcceptances1764230407000 implements MigrationInterface {
  name = 'PdAcceptances1764230407000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE compliance.pd_acceptances (
        id bigserial PRIMARY KEY,
        member_id text NOT NULL,
        b24_user_id text NOT NULL,
        version text NOT NULL,
        accepted_at timestamptz NOT NULL,
        source_ip text
      )`);
    await db.query(`CREATE INDEX pd_acceptances_portal ON compliance.pd_acceptances (member_id, accepted_at DESC)`);
    await db.query(`
      CREATE TRIGGER pd_acceptances_append_only BEFORE UPDATE OR DELETE ON compliance.pd_acceptances
      FOR EACH ROW EXECUTE FUNCTION compliance.refuse_access_log_change()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE compliance.pd_acceptances`);
  }
}
