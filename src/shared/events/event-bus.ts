import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown, OnModuleDestroy } from '@nestjs/common';
import PgBoss from 'pg-boss';
import { AppConfig } from '../../config/app-config';
import { DatabaseUrl } from '../../database/database-url';
import { TransactionRunner } from '../database/transaction-runner';
import { failureLog, failureReason } from '../domain/failure-reason';
import { Tx } from '../database/tx';
import { DomainEvent } from './domain-event';

export type EventHandler<E extends DomainEvent = DomainEvent> = (event: E, tx: Tx) => Promise<void>;

export type JobHandler<D> = (data: D) => Promise<void>;

const EVENT_BATCH = 10;

export interface JobOptions {
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
  options: JobOptions;
}

interface Subscription {
  queue: string;
  eventName: string;
  handler: EventHandler;
}

/**
 * Transactional outbox and at-least-once delivery on pg-boss. `publish` writes one job per
 * subscribed handler through the caller's transaction, so an event exists exactly when the change
 * that raised it was committed. Every handler has its own queue (own retries, own dead letters),
 * and runs inside a transaction that first records the event id in `platform.inbox`: a
 * redelivered event (crash before acknowledging, a second instance) changes nothing.
 */
@Injectable()
export class EventBus implements OnApplicationBootstrap, OnModuleDestroy, OnApplicationShutdown {
  private readonly logger = new Logger(EventBus.name);
  private readonly subscriptions: Subscription[] = [];
  private readonly jobs: JobDefinition[] = [];
  private boss?: PgBoss;
  private stopping = false;

  constructor(
    private readonly config: AppConfig,
    private readonly databaseUrl: DatabaseUrl,
    private readonly transactions: TransactionRunner,
  ) {}

  /** Called by modules while they initialise, before the bus starts. */
  subscribe<E extends DomainEvent>(consumer: string, eventName: E['name'], handler: EventHandler<E>): void {
    if (this.boss) throw new Error('subscribe() must be called before the application starts');
    const queue = `${consumer}.${eventName}`;
    this.subscriptions.push({ queue, eventName, handler: handler as EventHandler });
  }

  /**
   * A background job: work that calls the outside world and so must not hold a database
   * transaction. The handler runs outside any transaction and must be idempotent itself.
   */
  defineJob<D>(queue: string, handler: JobHandler<D>, options: JobOptions = {}): void {
    if (this.boss) throw new Error('defineJob() must be called before the application starts');
    this.jobs.push({ queue, handler: handler as JobHandler<unknown>, options });
  }

  /** Enqueues inside the caller's transaction (or at once with null); one queued job per `key`. */
  async enqueue(tx: Tx | null, queue: string, data: object, opts: { key: string; delaySeconds?: number }): Promise<void> {
    const boss = this.started();
    const db = tx ? { executeSql: (text: string, values: unknown[]) => tx.query(text, values) } : undefined;
    await boss.send(queue, data, { db, singletonKey: opts.key, startAfter: opts.delaySeconds });
  }

  async publish(tx: Tx, events: DomainEvent[]): Promise<void> {
    if (events.length === 0) return;
    const boss = this.started();
    const db = { executeSql: (text: string, values: unknown[]) => tx.query(text, values) };
    // Subscriptions are read from the database, not from this process, so an event also reaches
    // consumers that only a newer version of the service (running beside this one) has.
    const { rows } = await tx.query<{ event: string; name: string }>(
      'SELECT event, name FROM pgboss.subscription WHERE event = ANY($1)',
      [[...new Set(events.map((e) => e.name))]],
    );
    for (const event of events) {
      for (const { name } of rows.filter((r) => r.event === event.name)) {
        await boss.send(name, event as unknown as object, { db });
      }
    }
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
      if (this.stopping) this.logger.debug({ err }, 'event bus connection closed during shutdown');
      else this.logger.error(failureLog(err), 'event bus error');
    });
    await boss.start();
    for (const { queue, eventName } of this.subscriptions) {
      const deadLetter = `${queue}.dead`;
      await boss.createQueue(deadLetter);
      await boss.createQueue(queue, {
        name: queue,
        retryLimit: 20,
        retryDelay: this.config.EVENT_RETRY_DELAY_SECONDS,
        retryBackoff: true,
        expireInSeconds: this.config.EVENT_EXPIRE_SECONDS,
        deadLetter,
      });
      await boss.subscribe(eventName, queue);
    }
    for (const { queue, options } of this.jobs) {
      const deadLetter = `${queue}.dead`;
      await boss.createQueue(deadLetter);
      await boss.createQueue(queue, {
        name: queue,
        policy: 'stately',
        retryLimit: options.retryLimit ?? 20,
        retryDelay: options.retryDelaySeconds ?? this.config.EVENT_RETRY_DELAY_SECONDS,
        retryBackoff: !options.steadyRetries,
        expireInSeconds: options.expireInSeconds ?? this.config.EVENT_EXPIRE_SECONDS,
        deadLetter,
      });
    }
    this.boss = boss;
    for (const job of this.jobs) {
      const concurrency = job.options.concurrency ?? 1;
      await boss.work<object>(
        job.queue,
        { batchSize: concurrency, pollingIntervalSeconds: this.config.EVENT_POLL_SECONDS },
        (items) => this.settle(boss, job.queue, items, (data) => job.handler(data), concurrency > 1),
      );
    }
    for (const subscription of this.subscriptions) {
      await boss.work<DomainEvent>(
        subscription.queue,
        { batchSize: EVENT_BATCH, pollingIntervalSeconds: this.config.EVENT_POLL_SECONDS },
        (items) => this.settle(boss, subscription.queue, items, (event) => this.deliver(subscription, event), false),
      );
    }
  }

  /**
   * A worker waits a polling interval between fetches, so it takes several jobs at a time; each
   * is then failed on its own (and retried) or completed, never the batch as a whole.
   */
  private async settle<D>(
    boss: PgBoss,
    queue: string,
    items: PgBoss.Job<D>[],
    handle: (data: D) => Promise<void>,
    parallel: boolean,
  ): Promise<void> {
    const one = async (item: PgBoss.Job<D>) => {
      try {
        await handle(item.data);
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

  private async deliver({ queue, handler }: Subscription, event: DomainEvent): Promise<void> {
    await this.transactions.run(async (tx) => {
      const fresh = await tx.query(
        'INSERT INTO platform.inbox (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING',
        [queue, event.id],
      );
      if (fresh.rowCount === 0) return;
      await handler(event, tx);
    });
  }

  private started(): PgBoss {
    if (!this.boss) throw new Error('the event bus is not running');
    return this.boss;
  }
}
