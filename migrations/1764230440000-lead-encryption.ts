import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Contact data become ciphertext sealed by the application under a per-lead data key; the
 * wrapped key lives in leads.lead_keys. The plaintext columns keep their names but hold
 * ciphertext from now on, so a database holding plaintext rows is refused: there is no backfill.
 */
export class LeadEncryption1764230440000 implements MigrationInterface {
  name = 'LeadEncryption1764230440000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      DO $$ BEGIN
        IF EXISTS (SELECT 1 FROM leads.leads) THEN
          RAISE EXCEPTION 'leads.leads holds plaintext contact data; this migration has no backfill (encrypt or remove those rows first)';
        END IF;
      END $$`);
    await db.query(`
      CREATE TABLE leads.lead_keys (
        lead_id uuid PRIMARY KEY REFERENCES leads.leads (id),
        key_id text NOT NULL,
        wrapped_key text NOT NULL
      )`);
    // Rotation looks for keys not yet under the current master key.
    await db.query(`CREATE INDEX lead_keys_key_id ON leads.lead_keys (key_id)`);
    await db.query(`ALTER TABLE leads.leads
      ALTER COLUMN company_name DROP NOT NULL,
      ALTER COLUMN contact_name DROP NOT NULL,
      ALTER COLUMN contact_position DROP NOT NULL,
      ALTER COLUMN contact_phone DROP NOT NULL,
      ALTER COLUMN contact_email DROP NOT NULL,
      ADD COLUMN contact_phone_hmac text,
      ADD COLUMN contact_email_hmac text`);
    // Intake de-duplicates against open leads only.
    await db.query(`CREATE INDEX leads_open_phone ON leads.leads (contact_phone_hmac) WHERE status = 'open'`);
    await db.query(`CREATE INDEX leads_open_email ON leads.leads (contact_email_hmac) WHERE status = 'open'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX leads.leads_open_email`);
    await db.query(`DROP INDEX leads.leads_open_phone`);
    await db.query(`ALTER TABLE leads.leads DROP COLUMN contact_phone_hmac, DROP COLUMN contact_email_hmac`);
    await db.query(`DROP TABLE leads.lead_keys`);
  }
}
