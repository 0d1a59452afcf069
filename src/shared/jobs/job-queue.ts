import { Injectable } from '@nestjs/common';
import PgBoss from 'pg-boss';
import { AppConfig } from '../../config/app-config';
import { Tx } from '../database/tx';
import { inTransaction, PgBossRuntime } from '../messaging/pg-boss-runtime';

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

  private async startWorkers(boss: PgBoss): Promise<void> {
    for (const job of this.jobs) {
      const concurrency = job.policy.concurrency ?? 1;
      await boss.work<object>(
        job.queue,
        { batchSize: concurrency, pollingIntervalSeconds: this.config.EVENT_POLL_SECONDS },
        (items) => this.runtime.settle(job.queue, items, (data) => job.handler(data), concurrency > 1),
      );
    }
  }
}
