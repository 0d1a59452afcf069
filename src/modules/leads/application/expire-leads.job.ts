import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { AppConfig } from '../../../config/app-config';
import { TransactionRunner } from '../../../shared/database/transaction-runner';
import { failureLog } from '../../../shared/domain/failure-reason';
import { domainEvent } from '../../../shared/events/domain-event';
import { EventBus } from '../../../shared/events/event-bus';
import { Clock } from '../../../shared/time/clock';
import { LeadExpired } from '../domain/lead-events';
import { LeadRepository } from '../infrastructure/lead.repository';

const BATCH = 200;

/** Closes leads past their time to live. Safe to run on every instance at once. */
@Injectable()
export class ExpireLeadsJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ExpireLeadsJob.name);

  constructor(
    private readonly db: TransactionRunner,
    private readonly leads: LeadRepository,
    private readonly events: EventBus,
    private readonly clock: Clock,
    private readonly config: AppConfig,
    private readonly scheduler: SchedulerRegistry,
  ) {}

  onApplicationBootstrap(): void {
    const timer = setInterval(() => {
      this.run().catch((err) => this.logger.error(failureLog(err), 'lead expiry failed; will retry'));
    }, this.config.LEAD_EXPIRY_INTERVAL_SECONDS * 1000);
    this.scheduler.addInterval(ExpireLeadsJob.name, timer);
  }

  onApplicationShutdown(): void {
    if (this.scheduler.doesExist('interval', ExpireLeadsJob.name)) this.scheduler.deleteInterval(ExpireLeadsJob.name);
  }

  /** Returns how many leads expired. */
  async run(): Promise<number> {
    let total = 0;
    for (;;) {
      const expired = await this.db.run(async (tx) => {
        const now = this.clock.now();
        const ids = await this.leads.expireDue(tx, now, BATCH);
        const events = ids.map((leadId): LeadExpired => domainEvent('lead.expired', { leadId, expiredAt: now.toISOString() }, now));
        await this.events.publish(tx, events);
        return ids.length;
      });
      total += expired;
      if (expired < BATCH) return total;
    }
  }
}
