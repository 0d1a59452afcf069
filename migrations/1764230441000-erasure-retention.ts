import { MigrationInterface, QueryRunner } from 'typeorm';

export class ErasureRetention1764230441000 implements MigrationInterface {
  name = 'ErasureRetention1764230441000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE leads.leads DROP CONSTRAINT leads_status_check`);
    await db.query(`ALTER TABLE leads.leads
      ADD CONSTRAINT leads_status_check CHECK (status IN ('open', 'withdrawn', 'expired', 'erased')),
      ADD COLUMN erased_at timestamptz,
      ADD COLUMN erasure_reason text CHECK (erasure_reason IN ('request', 'retention')),
      ADD CONSTRAINT leads_erased_blank CHECK (erased_at IS NULL OR (erasure_reason IS NOT NULL
        AND company_name IS NULL AND contact_name IS NULL AND contact_position IS NULL AND contact_phone IS NULL
        AND contact_email IS NULL AND contact_phone_hmac IS NULL AND contact_email_hmac IS NULL))`);
    // The retention job's candidates: closed leads whose contacts still exist.
    await db.query(`CREATE INDEX leads_retained ON leads.leads (closed_at) WHERE erased_at IS NULL AND status <> 'open'`);
    // The claims on each lead, followed through claim events: retention waits for the last to close.
    await db.query(`
      CREATE TABLE leads.lead_claims (
        claim_id uuid PRIMARY KEY,
        lead_id uuid NOT NULL,
        closed_at timestamptz
      )`);
    await db.query(`CREATE INDEX lead_claims_lead ON leads.lead_claims (lead_id)`);
    await db.query(`ALTER TABLE crm_sync.deal_requests ADD COLUMN erasure_noticed_at timestamptz`);
    await db.query(`CREATE INDEX deal_requests_lead ON crm_sync.deal_requests (lead_id)`);
    // Evidence that contacts were destroyed, and why; never the data itself.
    await db.query(`
      CREATE TABLE compliance.erasures (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL,
        lead_id uuid NOT NULL,
        reason text NOT NULL CHECK (reason IN ('request', 'retention')),
        requested_by text NOT NULL
      )`);
    await db.query(`CREATE INDEX erasures_lead ON compliance.erasures (lead_id)`);
    await db.query(`
      CREATE TRIGGER erasures_append_only BEFORE UPDATE OR DELETE ON compliance.erasures
      FOR EACH ROW EXECUTE FUNCTION compliance.refuse_access_log_change()`);
    await db.query(`
      CREATE TRIGGER erasures_no_truncate BEFORE TRUNCATE ON compliance.erasures
      FOR EACH STATEMENT EXECUTE FUNCTION compliance.refuse_access_log_change()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE compliance.erasures`);
    await db.query(`DROP INDEX crm_sync.deal_requests_lead`);
    await db.query(`ALTER TABLE crm_sync.deal_requests DROP COLUMN erasure_noticed_at`);
    await db.query(`DROP TABLE leads.lead_claims`);
    await db.query(`DROP INDEX leads.leads_retained`);
    await db.query(`ALTER TABLE leads.leads DROP CONSTRAINT leads_erased_blank, DROP COLUMN erasure_reason,
      DROP COLUMN erased_at, DROP CONSTRAINT leads_status_check`);
    await db.query(`ALTER TABLE leads.leads ADD CONSTRAINT leads_status_check
      CHECK (status IN ('open', 'withdrawn', 'expired'))`);
  }
}
