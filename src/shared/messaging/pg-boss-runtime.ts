import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown, OnModuleDestroy } from '@nestjs/common';
import PgBoss from 'pg-boss';
import { AppConfig } from '../../config/app-config';
import { DatabaseUrl } from '../../database/database-url';
import { Tx } from '../database/tx';
import { failureLog, failureReason } from '../domain/failure-reason';

/** What a user of the runtime does at start: create its queues first, then start its workers. */
export interface RuntimeUser {
  createQueues(boss: PgBoss): Promise<void>;
  startWorkers(boss: PgBoss): Promise<void>;
}

/**
 * The one pg-boss instance the event bus and the job queue share. Every user's queues exist
 * before any worker starts, so a handler may enqueue into any queue from its first job.
 */
@Injectable()
export class PgBossRuntime implements OnApplicationBootstrap, OnModuleDestroy, OnApplicationShutdown {
  private readonly logger = new Logger('PgBoss');
  private readonly users: RuntimeUser[] = [];
  private boss?: PgBoss;
  private stopping = false;

  constructor(
    private readonly config: AppConfig,
    private readonly databaseUrl: DatabaseUrl,
  ) {}

  /** Called while modules initialise, before the runtime starts. */
  use(user: RuntimeUser): void {
    this.users.push(user);
  }

  get started(): boolean {
    return this.boss !== undefined;
  }

  running(): PgBoss {
    if (!this.boss) throw new Error('the pg-boss runtime is not running');
    return this.boss;
  }

  async onApplicationBootstrap(): Promise<void> {
    const boss = new PgBoss({
      connectionString: this.databaseUrl.value,
      schema: 'pgboss',
      max: 2,
      application_name: 'partner-leads-events',
      maintenanceIntervalSeconds: this.config.EVENT_MAINTENANCE_SECONDS,
    });
    boss.on('error', (err) => {
      // On Ctrl-C the embedded database receives the signal too and drops connections first.
      if (this.stopping) this.logger.debug({ err }, 'pg-boss connection closed during shutdown');
      else this.logger.error(failureLog(err), 'pg-boss error');
    });
    await boss.start();
    for (const user of this.users) await user.createQueues(boss);
    this.boss = boss;
    for (const user of this.users) await user.startWorkers(boss);
  }

  /**
   * A worker waits a polling interval between fetches, so it takes several jobs at a time; each
   * is then failed on its own (and retried) or completed, never the batch as a whole.
   */
  async settle<J extends PgBoss.Job<unknown>>(
    queue: string,
    items: J[],
    handle: (item: J) => Promise<void>,
    parallel: boolean,
  ): Promise<void> {
    const boss = this.running();
    const one = async (item: J) => {
      try {
        await handle(item);
      } catch (error) {
        const reason = failureReason(error);
        this.logger.warn({ queue, reason }, 'handler failed; it will be retried');
        await boss.fail(queue, item.id, { message: reason });
      }
    };
    if (parallel) await Promise.all(items.map(one));
    else for (const item of items) await one(item);
  }

  onModuleDestroy(): void {
    this.stopping = true;
  }

  /** Lets running handlers finish; publishing keeps working meanwhile (it writes through the caller's transaction). */
  async onApplicationShutdown(): Promise<void> {
    await this.boss?.stop({ graceful: true, wait: true, timeout: 10_000 });
  }
}

/** pg-boss writes through the caller's transaction when given its connection. */
export const inTransaction = (tx: Tx): PgBoss.Db => ({ executeSql: (text, values) => tx.query(text, values) });
