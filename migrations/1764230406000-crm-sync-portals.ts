import { MigrationInterface, QueryRunner } from 'typeorm';

export class CrmSyncPortals1764230406000 implements MigrationInterface {
  name = 'CrmSyncPortals1764230406000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE crm_sync.portals (
        member_id text PRIMARY KEY,
        domain text NOT NULL,
        client_endpoint text NOT NULL,
        access_token text,
        refresh_token text,
        expires_at timestamptz,
        scope text NOT NULL DEFAULT '',
        application_token_hash text,
        status text NOT NULL CHECK (status IN ('installed', 'uninstalled')),
        installed_by text,
        installed_at timestamptz NOT NULL,
        uninstalled_at timestamptz,
        handlers_bound_at timestamptz,
        deal_category_id int,
        portal_field text,
        updated_at timestamptz NOT NULL,
        CHECK (status = 'uninstalled' OR (access_token IS NOT NULL AND refresh_token IS NOT NULL))
      )`);
    await db.query(`CREATE INDEX portals_domain ON crm_sync.portals (domain)`);
    // The per-portal leaky bucket, shared by every instance of the service.
    await db.query(`
      CREATE TABLE crm_sync.rate_buckets (
        member_id text PRIMARY KEY,
        level double precision NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await db.query(`ALTER TABLE crm_sync.deal_requests
      ADD COLUMN member_id text,
      ADD COLUMN deal_id text,
      ADD COLUMN attempts int NOT NULL DEFAULT 0,
      ADD COLUMN last_error text,
      ADD COLUMN no_proof_noticed_at timestamptz,
      ADD COLUMN deal_deleted_at timestamptz,
      ADD COLUMN closed_at timestamptz`);
    await db.query(`ALTER TABLE crm_sync.deal_requests DROP CONSTRAINT deal_requests_state_check`);
    await db.query(`ALTER TABLE crm_sync.deal_requests ADD CONSTRAINT deal_requests_state_check
      CHECK (state IN ('pending', 'created', 'failed', 'no_portal'))`);
    await db.query(`CREATE UNIQUE INDEX deal_requests_deal ON crm_sync.deal_requests (member_id, deal_id) WHERE deal_id IS NOT NULL`);
    await db.query(`CREATE INDEX deal_requests_open ON crm_sync.deal_requests (state) WHERE closed_at IS NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX crm_sync.deal_requests_open`);
    await db.query(`DROP INDEX crm_sync.deal_requests_deal`);
    await db.query(`ALTER TABLE crm_sync.deal_requests DROP CONSTRAINT deal_requests_state_check`);
    await db.query(`ALTER TABLE crm_sync.deal_requests ADD CONSTRAINT deal_requests_state_check
      CHECK (state IN ('pending', 'created', 'failed'))`);
    await db.query(`ALTER TABLE crm_sync.deal_requests DROP COLUMN member_id, DROP COLUMN deal_id, DROP COLUMN attempts,
      DROP COLUMN last_error, DROP COLUMN no_proof_noticed_at, DROP COLUMN deal_deleted_at, DROP COLUMN closed_at`);
    await db.query(`DROP TABLE crm_sync.rate_buckets`);
    await db.query(`DROP TABLE crm_sync.portals`);
  }
}
