import { Injectable } from '@nestjs/common';
import PgBoss from 'pg-boss';
import { AppConfig } from '../../config/app-config';
import { TransactionRunner } from '../database/transaction-runner';
import { Tx } from '../database/tx';
import { inTransaction, PgBossRuntime } from '../messaging/pg-boss-runtime';
import { DomainEvent } from './domain-event';

export type EventHandler<E extends DomainEvent = DomainEvent> = (event: E, tx: Tx) => Promise<void>;

const EVENT_BATCH = 10;

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
export class EventBus {
  private readonly subscriptions: Subscription[] = [];

  constructor(
    private readonly config: AppConfig,
    private readonly runtime: PgBossRuntime,
    private readonly transactions: TransactionRunner,
  ) {
    runtime.use({ createQueues: (boss) => this.createQueues(boss), startWorkers: (boss) => this.startWorkers(boss) });
  }

  /** Called by listeners while modules initialise, before the runtime starts. */
  subscribe<E extends DomainEvent>(consumer: string, eventName: E['name'], handler: EventHandler<E>): void {
    if (this.runtime.started) throw new Error('subscribe() must be called before the application starts');
    this.subscriptions.push({ queue: `${consumer}.${eventName}`, eventName, handler: handler as EventHandler });
  }

  async publish(tx: Tx, events: DomainEvent[]): Promise<void> {
    if (events.length === 0) return;
    const boss = this.runtime.running();
    // Subscriptions are read from the database, not from this process, so an event also reaches
    // consumers that only a newer version of the service (running beside this one) has.
    const { rows } = await tx.query<{ event: string; name: string }>(
      'SELECT event, name FROM pgboss.subscription WHERE event = ANY($1)',
      [[...new Set(events.map((e) => e.name))]],
    );
    for (const event of events) {
      for (const { name } of rows.filter((r) => r.event === event.name)) {
        await boss.send(name, event as unknown as object, { db: inTransaction(tx) });
      }
    }
  }

  private async createQueues(boss: PgBoss): Promise<void> {
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
  }

  private async startWorkers(boss: PgBoss): Promise<void> {
    for (const subscription of this.subscriptions) {
      await boss.work<DomainEvent>(
        subscription.queue,
        { batchSize: EVENT_BATCH, pollingIntervalSeconds: this.config.EVENT_POLL_SECONDS },
        (items) => this.runtime.settle(subscription.queue, items, (item) => this.deliver(subscription, item.data), false),
      );
    }
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
}
