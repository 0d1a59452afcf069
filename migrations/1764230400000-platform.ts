import { MigrationInterface, QueryRunner } from 'typeorm';

export class Platform1764230400000 implements MigrationInterface {
  name = 'Platform1764230400000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE SCHEMA IF NOT EXISTS platform`);
    await db.query(`
      CREATE TABLE platform.inbox (
        consumer text NOT NULL,
        event_id uuid NOT NULL,
        processed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer, event_id)
      )`);
    await db.query(`
      CREATE TABLE platform.idempotency_keys (
        client_id text NOT NULL,
        key text NOT NULL,
        request_hash text NOT NULL,
        state text NOT NULL CHECK (state IN ('in_flight', 'done')),
        response_status int,
        response_body jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (client_id, key)
      )`);
    await db.query(`CREATE INDEX idempotency_keys_created_at ON platform.idempotency_keys (created_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP SCHEMA platform CASCADE`);
  }
}
