import { MigrationInterface, QueryRunner } from 'typeorm';

export class ScheduledTasks1764230450000 implements MigrationInterface {
  name = 'ScheduledTasks1764230450000';

  async up(db: QueryRunner): Promise<void> {
    // One row per task: whichever instance moves next_due_at forward runs that due time.
    await db.query(`
      CREATE TABLE platform.scheduled_tasks (
        name text PRIMARY KEY,
        every_seconds int NOT NULL CHECK (every_seconds > 0),
        next_due_at timestamptz NOT NULL
      )`);
    await db.query(`
      CREATE TABLE platform.task_runs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        task text NOT NULL,
        due_at timestamptz NOT NULL,
        instance text NOT NULL,
        started_at timestamptz NOT NULL,
        finished_at timestamptz,
        outcome text NOT NULL CHECK (outcome IN ('running', 'succeeded', 'failed')),
        counts jsonb,
        error text,
        UNIQUE (task, due_at)
      )`);
    await db.query(`CREATE INDEX task_runs_by_task ON platform.task_runs (task, started_at DESC, id DESC)`);
    await db.query(`CREATE INDEX task_runs_started_at ON platform.task_runs (started_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE platform.task_runs`);
    await db.query(`DROP TABLE platform.scheduled_tasks`);
  }
}
