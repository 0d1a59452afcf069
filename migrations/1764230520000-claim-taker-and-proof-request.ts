import { MigrationInterface, QueryRunner } from 'typeorm';

export class ClaimTakerAndProofRequest1764230520000 implements MigrationInterface {
  name = 'ClaimTakerAndProofRequest1764230520000';

  async up(db: QueryRunner): Promise<void> {
    // The app page shows who took a request and which won deal still lacks its proof.
    await db.query(`ALTER TABLE claims.claims ADD COLUMN taken_by_name text`);
    await db.query(`ALTER TABLE claims.claims ADD COLUMN proof_requested_at timestamptz`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE claims.claims DROP COLUMN proof_requested_at`);
    await db.query(`ALTER TABLE claims.claims DROP COLUMN taken_by_name`);
  }
}
