import { Injectable } from '@nestjs/common';
import PgBoss from 'pg-boss';
import { AppConfig } from '../../config/app-config';
import { TransactionRunner } from '../database/transaction-runner';
import { Tx } from '../database/tx';
import { inTransaction, PgBossRuntime } from '../messaging/pg-boss-runtime';
import { RetryLater } from './retry-later';

export type JobHandler<D> = (data: D) => Promise<void>;

/** How a queue retries. */
export interface RetryPolicy {
  /** Attempts before the job goes to its dead-letter queue. */
  retryLimit?: number;
  retryDelaySeconds?: number;
  expireInSeconds?: number;
  /** Retry after a fixed delay instead of an exponentially growing one. */
  steadyRetries?: boolean;
  /** How many jobs of this queue one instance runs at once. */
  concurrency?: number;
}

interface JobDefinition {
  queue: string;
  handler: JobHandler<unknown>;
  policy: RetryPolicy;
}

/**
 * Background jobs: work that calls the outside world and so must not hold a database
 * transaction. Handlers run outside any transaction and must be idempotent themselves; one job
 * per key waits in a queue at a time.
 */
@Injectable()
export class JobQueue {
  private readonly jobs: JobDefinition[] = [];

  constructor(
    private readonly config: AppConfig,
    private readonly runtime: PgBossRuntime,
    private readonly db: TransactionRunner,
  ) {
    runtime.use({ createQueues: (boss) => this.createQueues(boss), startWorkers: (boss) => this.startWorkers(boss) });
  }

  /** Called by `*.job.ts` classes while modules initialise, before the runtime starts. */
  define<D>(queue: string, handler: JobHandler<D>, policy: RetryPolicy = {}): void {
    if (this.runtime.started) throw new Error('define() must be called before the application starts');
    this.jobs.push({ queue, handler: handler as JobHandler<unknown>, policy });
  }

  /** Enqueues inside the caller's transaction (or at once with null). */
  async enqueue(tx: Tx | null, queue: string, data: object, opts: { key: string; delaySeconds?: number }): Promise<void> {
    const db = tx ? inTransaction(tx) : undefined;
    await this.runtime.running().send(queue, data, { db, singletonKey: opts.key, startAfter: opts.delaySeconds });
  }

  private async createQueues(boss: PgBoss): Promise<void> {
    for (const { queue, policy } of this.jobs) {
      const deadLetter = `${queue}.dead`;
      await boss.createQueue(deadLetter);
      await boss.createQueue(queue, {
        name: queue,
        policy: 'stately',
        retryLimit: policy.retryLimit ?? 20,
        retryDelay: policy.retryDelaySeconds ?? this.config.EVENT_RETRY_DELAY_SECONDS,
        retryBackoff: !policy.steadyRetries,
        expireInSeconds: policy.expireInSeconds ?? this.config.EVENT_EXPIRE_SECONDS,
        deadLetter,
      });
    }
  }

  /**
   * Puts back every waiting job of `queues` whose data has `field` = `value`, to start in `seconds`:
   * when one job finds its portal unavailable, the others for it step aside at once instead of
   * taking workers from other portals' jobs one poll at a time. pg-boss has no call for this, so it
   * is one UPDATE on its job table.
   */
  async deferMatching(queues: string[], field: string, value: string, seconds: number): Promise<number> {
    const { rowCount } = await this.db.query(
      `UPDATE pgboss.job SET start_after = now() + $4 * interval '1 second'
        WHERE name = ANY($1) AND state IN ('created', 'retry') AND data->>$2 = $3
          AND start_after < now() + $4 * interval '1 second'`,
      [queues, field, value, seconds],
    );
    return rowCount;
  }

  /** Lets the jobs `deferMatching` put back start at once (what they waited for is over). */
  async releaseMatching(queues: string[], field: string, value: string): Promise<number> {
    const { rowCount } = await this.db.query(
      `UPDATE pgboss.job SET start_after = now()
        WHERE name = ANY($1) AND state IN ('created', 'retry') AND data->>$2 = $3 AND start_after > now()`,
      [queues, field, value],
    );
    return rowCount;
  }

  private async startWorkers(boss: PgBoss): Promise<void> {
    for (const job of this.jobs) {
      const concurrency = job.policy.concurrency ?? 1;
      await boss.work<object>(
        job.queue,
        { batchSize: concurrency, pollingIntervalSeconds: this.config.EVENT_POLL_SECONDS, includeMetadata: true },
        (items) => this.runtime.settle(job.queue, items, (item) => this.run(job, item), concurrency > 1),
      );
    }
  }

  private async run(job: JobDefinition, item: PgBoss.JobWithMetadata<object>): Promise<void> {
    try {
      await job.handler(item.data);
    } catch (error) {
      if (!(error instanceof RetryLater)) throw error;
      // One waiting job per key (the queue is stately): the copy waits while this one completes.
      await this.runtime.running().send(job.queue, item.data, {
        singletonKey: item.singletonKey ?? undefined,
        startAfter: Math.max(1, Math.ceil(error.seconds)),
      });
    }
  }
}
