import { MigrationInterface, QueryRunner } from 'typeorm';

export class PartnerEligibility1764230530000 implements MigrationInterface {
  name = 'PartnerEligibility1764230530000';

  async up(db: QueryRunner): Promise<void> {
    // The last check of each audited rule, and the last time it could be decided (for the grace period).
    await db.query(`
      CREATE TABLE partners.eligibility_checks (
        partner_id uuid NOT NULL REFERENCES partners.partners (id) ON DELETE CASCADE,
        rule text NOT NULL,
        result text NOT NULL CHECK (result IN ('pass', 'fail', 'unknown')),
        reason_code text NOT NULL,
        reason_ru text NOT NULL,
        reason_en text NOT NULL,
        evidence jsonb NOT NULL,
        checked_at timestamptz NOT NULL,
        decided jsonb,
        unknown_since timestamptz,
        PRIMARY KEY (partner_id, rule)
      )`);
    // An operator's verdict on the offer page, holding while the page's visible text keeps this hash.
    await db.query(`
      CREATE TABLE partners.offer_verdicts (
        partner_id uuid PRIMARY KEY REFERENCES partners.partners (id) ON DELETE CASCADE,
        result text NOT NULL CHECK (result IN ('pass', 'fail')),
        comment text NOT NULL,
        text_hash text NOT NULL,
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL
      )`);
    await db.query(`
      CREATE TABLE partners.eligibility_verdicts (
        partner_id uuid PRIMARY KEY REFERENCES partners.partners (id) ON DELETE CASCADE,
        eligible boolean NOT NULL,
        decided_at timestamptz NOT NULL
      )`);
    await db.query(`
      CREATE TABLE partners.eligibility_history (
        id bigserial PRIMARY KEY,
        partner_id uuid NOT NULL,
        eligible boolean NOT NULL,
        failing jsonb NOT NULL,
        rules jsonb NOT NULL,
        cause text NOT NULL,
        at timestamptz NOT NULL
      )`);
    await db.query(`CREATE INDEX eligibility_history_partner ON partners.eligibility_history (partner_id, id DESC)`);
    await db.query(`
      CREATE FUNCTION partners.refuse_history_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'partners.eligibility_history is append-only'; END $$`);
    await db.query(`
      CREATE TRIGGER eligibility_history_append_only BEFORE UPDATE OR DELETE ON partners.eligibility_history
      FOR EACH ROW EXECUTE FUNCTION partners.refuse_history_change()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE partners.eligibility_history`);
    await db.query(`DROP FUNCTION partners.refuse_history_change()`);
    await db.query(`DROP TABLE partners.eligibility_verdicts`);
    await db.query(`DROP TABLE partners.offer_verdicts`);
    await db.query(`DROP TABLE partners.eligibility_checks`);
  }
}
