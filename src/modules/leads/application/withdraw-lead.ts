import { Injectable } from '@nestjs/common';
import { TransactionRunner } from '../../../shared/database/transaction-runner';
import { DomainError, NotFoundError } from '../../../shared/domain/domain-error';
import { domainEvent } from '../../../shared/events/domain-event';
import { EventBus } from '../../../shared/events/event-bus';
import { Clock } from '../../../shared/time/clock';
import { LeadWithdrawn } from '../contract';
import { LeadRepository } from '../infrastructure/lead.repository';

@Injectable()
export class WithdrawLead {
  constructor(
    private readonly db: TransactionRunner,
    private readonly leads: LeadRepository,
    private readonly events: EventBus,
    private readonly clock: Clock,
  ) {}

  execute(id: string, reason: string | null): Promise<void> {
    return this.db.run(async (tx) => {
      const now = this.clock.now();
      const closed = await this.leads.close(tx, id, 'withdrawn', now, reason);
      if (closed === null) throw new NotFoundError('Lead');
      if (!closed) throw new DomainError('LEAD_NOT_OPEN', 'Only an open lead can be withdrawn.');
      const event: LeadWithdrawn = domainEvent('lead.withdrawn', { leadId: id, withdrawnAt: now.toISOString(), reason }, now);
      await this.events.publish(tx, [event]);
    });
  }
}
