import { Injectable, OnModuleInit } from '@nestjs/common';
import { LeadsConfig } from '../leads.config';
import { TransactionRunner } from '../../../shared/database/transaction-runner';
import { domainEvent } from '../../../shared/events/domain-event';
import { EventBus } from '../../../shared/events/event-bus';
import { Scheduler } from '../../../shared/scheduling/scheduler';
import { Clock } from '../../../shared/time/clock';
import { LeadExpired } from '../contract';
import { LeadRepository } from '../infrastructure/lead.repository';

const BATCH = 200;

/** Closes leads past their time to live. */
@Injectable()
export class ExpireLeadsTask implements OnModuleInit {
  constructor(
    private readonly db: TransactionRunner,
    private readonly leads: LeadRepository,
    private readonly events: EventBus,
    private readonly clock: Clock,
    private readonly config: LeadsConfig,
    private readonly scheduler: Scheduler,
  ) {}

  onModuleInit(): void {
    this.scheduler.every('leads.expire', this.config.LEAD_EXPIRY_INTERVAL_SECONDS, async () => ({ expired: await this.run() }));
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
