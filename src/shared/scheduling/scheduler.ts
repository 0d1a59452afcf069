import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronTime } from 'cron';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { AppConfig } from '../../config/app-config';
import { failureLog, failureReason } from '../domain/failure-reason';
import { TaskCounts, TaskRun, TaskRunsRepository } from './task-runs.repository';

interface ScheduledTask {
  name: string;
  everySeconds: number;
  /** A task on a calendar (`0 3 * * *`) instead of an interval: its next due time comes from the expression. */
  cron?: CronTime;
  run: (progress: ProgressReport) => Promise<TaskCounts>;
}

/** A long task reports what it has done so far; operators read it on the running run (GET /scheduled-tasks/{name}/runs). */
export type ProgressReport = (counts: TaskCounts) => Promise<void>;

/** What a cron task's row holds between its runs, until the exact next time is set right after a claim. */
const CRON_PLACEHOLDER_SECONDS = 86_400;

const KEEP_RUNS_DAYS = 30;
const TICKER = 'scheduler.tick';

/**
 * Scheduled work (`*.task.ts`), once per cluster per due time however many instances run: each
 * instance looks for due tasks every SCHEDULER_TICK_SECONDS, and the schedule in PostgreSQL lets
 * exactly one of them claim a due time (task-runs.repository.ts). Every run is recorded with its
 * outcome and counts for operators (GET /scheduled-tasks). A failed run is tried again at the
 * next due time; fanning out per-item work goes through the job queue.
 */
@Injectable()
export class Scheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Scheduler');
  private readonly tasks = new Map<string, ScheduledTask>();
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly instance = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private started = false;

  constructor(
    private readonly runs: TaskRunsRepository,
    private readonly config: AppConfig,
    private readonly registry: SchedulerRegistry,
  ) {
    this.every('platform.prune-task-runs', 86_400, async () => ({ deleted: await runs.pruneOlderThan(KEEP_RUNS_DAYS) }));
  }

  /** Called by tasks while modules initialise. `name` is stable: it keys the shared schedule. */
  every(name: string, everySeconds: number, run: (progress: ProgressReport) => Promise<TaskCounts>): void {
    if (this.started) throw new Error('every() must be called before the application starts');
    if (this.tasks.has(name)) throw new Error(`scheduled task ${name} is defined twice`);
    this.tasks.set(name, { name, everySeconds: Math.max(1, Math.round(everySeconds)), run });
  }

  /** A task due at the times a cron expression names, in `timeZone`; once per cluster like the others. */
  cron(name: string, expression: string, timeZone: string, run: (progress: ProgressReport) => Promise<TaskCounts>): void {
    this.every(name, CRON_PLACEHOLDER_SECONDS, run);
    this.tasks.get(name)!.cron = new CronTime(expression, timeZone);
  }

  async onApplicationBootstrap(): Promise<void> {
    this.started = true;
    await this.runs.register([...this.tasks.values()]);
    for (const task of this.tasks.values()) {
      if (task.cron) await this.runs.dueNoLaterThan(task.name, nextOf(task.cron));
    }
    const ticker = setInterval(() => {
      this.tick().catch((err) => this.logger.error(failureLog(err), 'looking for due tasks failed; will look again'));
    }, this.config.SCHEDULER_TICK_SECONDS * 1000);
    this.registry.addInterval(TICKER, ticker);
  }

  /** Claims what is due and runs it; resolves when those runs end. A task this instance is still running is not claimed. */
  async tick(): Promise<void> {
    const idle = [...this.tasks.keys()].filter((name) => !this.inFlight.has(name));
    if (idle.length === 0) return;
    const claimed = await this.runs.claimDue(idle, this.instance);
    for (const run of claimed) {
      const cron = this.tasks.get(run.task)?.cron;
      if (cron) await this.runs.dueAt(run.task, nextOf(cron));
    }
    await Promise.all(claimed.map((run) => this.start(run)));
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.registry.doesExist('interval', TICKER)) this.registry.deleteInterval(TICKER);
    await Promise.all(this.inFlight.values());
  }

  private start(run: TaskRun): Promise<void> {
    const done = this.execute(run).finally(() => this.inFlight.delete(run.task));
    this.inFlight.set(run.task, done);
    return done;
  }

  private async execute(run: TaskRun): Promise<void> {
    const task = this.tasks.get(run.task)!;
    try {
      const counts = await task.run((soFar) => this.runs.progress(run.id, soFar));
      await this.runs.finish(run.id, 'succeeded', counts, null);
    } catch (error) {
      this.logger.error({ task: run.task, ...failureLog(error) }, 'scheduled task failed; it runs again when next due');
      await this.runs.finish(run.id, 'failed', null, failureReason(error));
    }
  }
}

function nextOf(cron: CronTime): Date {
  // sendAt() reads the expression in the CronTime's own time zone.
  return cron.sendAt().toJSDate();
}
