import { Injectable, OnModuleInit } from '@nestjs/common';
import { LeadsConfig } from '../leads.config';
import { TransactionRunner } from '../../../shared/database/transaction-runner';
import { domainEvent } from '../../../shared/events/domain-event';
import { EventBus } from '../../../shared/events/event-bus';
import { Scheduler } from '../../../shared/scheduling/scheduler';
import { Clock } from '../../../shared/time/clock';
import { ErasureLog } from '../../compliance/contract';
import { LeadErased } from '../contract';
import { LeadErasureRepository } from '../infrastructure/lead-erasure.repository';

const BATCH = 200;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Retention: destroys the contacts of leads that are no longer open once PII_RETENTION_DAYS have
 * passed since the lead or its last claim closed. Safe to run twice in a row: an erased lead is
 * never picked again.
 */
@Injectable()
export class RetainContactsTask implements OnModuleInit {
  constructor(
    private readonly db: TransactionRunner,
    private readonly erasures: LeadErasureRepository,
    private readonly erasureLog: ErasureLog,
    private readonly events: EventBus,
    private readonly clock: Clock,
    private readonly config: LeadsConfig,
    private readonly scheduler: Scheduler,
  ) {}

  onModuleInit(): void {
    this.scheduler.every('leads.retain-contacts', this.config.PII_RETENTION_INTERVAL_SECONDS, async () => ({
      erased: await this.run(),
    }));
  }

  /** Returns how many leads lost their contacts. */
  async run(): Promise<number> {
    let total = 0;
    for (;;) {
      const erased = await this.db.run(async (tx) => {
        const now = this.clock.now();
        const cutoff = new Date(now.getTime() - this.config.PII_RETENTION_DAYS * DAY_MS);
        const ids = await this.erasures.eraseRetained(tx, cutoff, now, BATCH);
        await this.erasureLog.record(tx, ids.map((leadId) => ({ leadId, at: now, reason: 'retention', requestedBy: 'retention' })));
        const events = ids.map(
          (leadId): LeadErased => domainEvent('lead.erased', { leadId, erasedAt: now.toISOString(), reason: 'retention' }, now),
        );
        await this.events.publish(tx, events);
        return ids.length;
      });
      total += erased;
      if (erased < BATCH) return total;
    }
  }
}
