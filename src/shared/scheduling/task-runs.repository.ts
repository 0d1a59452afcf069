import { Injectable } from '@nestjs/common';
import { TransactionRunner } from '../database/transaction-runner';
import { Cursor } from '../http/cursor';

export type TaskCounts = Record<string, number>;
export type TaskOutcome = 'running' | 'succeeded' | 'failed';

export interface TaskRun {
  id: string;
  task: string;
  dueAt: Date;
  instance: string;
  startedAt: Date;
  finishedAt: Date | null;
  outcome: TaskOutcome;
  counts: TaskCounts | null;
  error: string | null;
}

export interface TaskSchedule {
  name: string;
  everySeconds: number;
  nextDueAt: Date;
  lastRun: TaskRun | null;
}

interface RunRow {
  id: string;
  task: string;
  due_at: Date;
  instance: string;
  started_at: Date;
  finished_at: Date | null;
  outcome: TaskOutcome;
  counts: TaskCounts | null;
  error: string | null;
}

const RUN_COLUMNS = 'id, task, due_at, instance, started_at, finished_at, outcome, counts, error';

/** The schedule every instance shares, and the record of each run, in PostgreSQL. */
@Injectable()
export class TaskRunsRepository {
  constructor(private readonly db: TransactionRunner) {}

  /** A new task is first due one interval from now; a changed interval takes effect at once. */
  async register(tasks: Array<{ name: string; everySeconds: number }>): Promise<void> {
    await this.db.query(
      `INSERT INTO platform.scheduled_tasks AS t (name, every_seconds, next_due_at)
       SELECT name, every_seconds, now() + every_seconds * interval '1 second'
         FROM unnest($1::text[], $2::int[]) AS n(name, every_seconds)
       ON CONFLICT (name) DO UPDATE SET every_seconds = EXCLUDED.every_seconds,
         next_due_at = LEAST(t.next_due_at, EXCLUDED.next_due_at)
       WHERE t.every_seconds <> EXCLUDED.every_seconds`,
      [tasks.map((t) => t.name), tasks.map((t) => t.everySeconds)],
    );
  }

  /** A cron task's next time, set by the instance that claimed its last run. */
  async dueAt(name: string, at: Date): Promise<void> {
    await this.db.query('UPDATE platform.scheduled_tasks SET next_due_at = $2 WHERE name = $1', [name, at]);
  }

  /** Pulls a cron task's due time in to its expression's next time (a new task, or a changed expression). */
  async dueNoLaterThan(name: string, at: Date): Promise<void> {
    await this.db.query('UPDATE platform.scheduled_tasks SET next_due_at = $2 WHERE name = $1 AND next_due_at > $2', [name, at]);
  }

  /**
   * Claims the tasks among `names` that are due: moves each one's due time forward and records a
   * run for the due time it had, in one statement. A row another instance is claiming is skipped,
   * and once claimed it is no longer due, so each due time runs on exactly one instance.
   */
  async claimDue(names: string[], instance: string): Promise<TaskRun[]> {
    const { rows } = await this.db.query<RunRow>(
      `WITH due AS (
         SELECT name, next_due_at FROM platform.scheduled_tasks
          WHERE name = ANY($1) AND next_due_at <= now() FOR UPDATE SKIP LOCKED
       ), moved AS (
         UPDATE platform.scheduled_tasks t SET next_due_at = now() + t.every_seconds * interval '1 second'
           FROM due WHERE t.name = due.name RETURNING t.name, due.next_due_at AS due_at
       )
       INSERT INTO platform.task_runs (task, due_at, instance, started_at, outcome)
       SELECT name, due_at, $2, now(), 'running' FROM moved
       ON CONFLICT (task, due_at) DO NOTHING
       RETURNING ${RUN_COLUMNS}`,
      [names, instance],
    );
    return rows.map(toRun);
  }

  /** Counts so far of a run still going. */
  async progress(id: string, counts: TaskCounts): Promise<void> {
    await this.db.query(`UPDATE platform.task_runs SET counts = $2 WHERE id = $1 AND outcome = 'running'`, [id, JSON.stringify(counts)]);
  }

  async finish(id: string, outcome: 'succeeded' | 'failed', counts: TaskCounts | null, error: string | null): Promise<void> {
    await this.db.query(
      `UPDATE platform.task_runs SET finished_at = now(), outcome = $2, counts = $3, error = $4 WHERE id = $1`,
      [id, outcome, counts === null ? null : JSON.stringify(counts), error],
    );
  }

  async schedules(): Promise<TaskSchedule[]> {
    const { rows } = await this.db.query<RunRow & { name: string; every_seconds: number; next_due_at: Date; run_id: string | null }>(
      `SELECT s.name, s.every_seconds, s.next_due_at, r.id AS run_id, r.task, r.due_at, r.instance, r.started_at,
              r.finished_at, r.outcome, r.counts, r.error
         FROM platform.scheduled_tasks s
         LEFT JOIN LATERAL (
           SELECT ${RUN_COLUMNS} FROM platform.task_runs WHERE task = s.name ORDER BY started_at DESC, id DESC LIMIT 1
         ) r ON true
        ORDER BY s.name`,
    );
    return rows.map((r) => ({
      name: r.name,
      everySeconds: r.every_seconds,
      nextDueAt: r.next_due_at,
      lastRun: r.run_id ? toRun({ ...r, id: r.run_id }) : null,
    }));
  }

  async exists(task: string): Promise<boolean> {
    const { rowCount } = await this.db.query('SELECT 1 FROM platform.scheduled_tasks WHERE name = $1', [task]);
    return rowCount > 0;
  }

  async runs(task: string, after: Cursor | null, limit: number): Promise<TaskRun[]> {
    const { rows } = await this.db.query<RunRow>(
      `SELECT ${RUN_COLUMNS} FROM platform.task_runs
        WHERE task = $1 AND ($2::timestamptz IS NULL OR (started_at, id) < ($2, $3::uuid))
        ORDER BY started_at DESC, id DESC LIMIT $4`,
      [task, after?.at ?? null, after?.id ?? null, limit],
    );
    return rows.map(toRun);
  }

  /** Returns how many runs older than `days` were deleted. */
  async pruneOlderThan(days: number): Promise<number> {
    const { rowCount } = await this.db.query(
      `DELETE FROM platform.task_runs WHERE started_at < now() - $1 * interval '1 day' AND outcome <> 'running'`,
      [days],
    );
    return rowCount;
  }
}

function toRun(r: RunRow): TaskRun {
  return {
    id: r.id,
    task: r.task,
    dueAt: r.due_at,
    instance: r.instance,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    outcome: r.outcome,
    counts: r.counts,
    error: r.error,
  };
}
