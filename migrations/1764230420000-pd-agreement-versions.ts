import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Published versions of the personal-data agreement, the portal each acceptance was given for,
 * and the record of every access-log export. All three are evidence, so all three are
 * append-only (the trigger function of the access log refuses any change).
 */
export class PdAgreementVersions1764230420000 implements MigrationInterface {
  name = 'PdAgreementVersions1764230420000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE compliance.pd_agreement_versions (
        id bigserial PRIMARY KEY,
        version text NOT NULL UNIQUE,
        text text NOT NULL,
        text_sha256 text NOT NULL,
        effective_from timestamptz NOT NULL,
        published_at timestamptz NOT NULL,
        published_by text NOT NULL
      )`);
    await db.query(`CREATE INDEX pd_agreement_versions_effective ON compliance.pd_agreement_versions (effective_from DESC, id DESC)`);
    // The take path asks "has this partner's portal accepted the version in effect?" by portal domain.
    await db.query(`ALTER TABLE compliance.pd_acceptances ADD COLUMN portal_domain text`);
    await db.query(`CREATE INDEX pd_acceptances_domain ON compliance.pd_acceptances (portal_domain, version)`);
    await db.query(`
      CREATE TABLE compliance.access_log_exports (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL,
        client_id text NOT NULL,
        role text NOT NULL,
        format text NOT NULL,
        filters jsonb NOT NULL
      )`);
    for (const table of ['pd_agreement_versions', 'access_log_exports']) {
      await db.query(`
        CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON compliance.${table}
        FOR EACH ROW EXECUTE FUNCTION compliance.refuse_access_log_change()`);
    }
    for (const table of ['pd_agreement_versions', 'access_log_exports', 'pd_acceptances']) {
      await db.query(`
        CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON compliance.${table}
        FOR EACH STATEMENT EXECUTE FUNCTION compliance.refuse_access_log_change()`);
    }
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TRIGGER pd_acceptances_no_truncate ON compliance.pd_acceptances`);
    await db.query(`DROP TABLE compliance.access_log_exports`);
    await db.query(`DROP INDEX compliance.pd_acceptances_domain`);
    await db.query(`ALTER TABLE compliance.pd_acceptances DROP COLUMN portal_domain`);
    await db.query(`DROP TABLE compliance.pd_agreement_versions`);
  }
}
