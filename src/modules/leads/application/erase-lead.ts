import { Injectable } from '@nestjs/common';
import { TransactionRunner } from '../../../shared/database/transaction-runner';
import { NotFoundError } from '../../../shared/domain/domain-error';
import { domainEvent } from '../../../shared/events/domain-event';
import { EventBus } from '../../../shared/events/event-bus';
import { Clock } from '../../../shared/time/clock';
import { ErasureLog } from '../../compliance/contract';
import { Erasure } from '../domain/lead';
import { LeadErased } from '../contract';
import { LeadErasureRepository } from '../infrastructure/lead-erasure.repository';

/**
 * The data subject withdrew consent or asked for deletion: the contacts are destroyed, the lead
 * closes for good, the erasure is recorded, and `lead.erased` tells the partners' CRMs. Asking
 * again answers with the first erasure and changes nothing.
 */
@Injectable()
export class EraseLead {
  constructor(
    private readonly db: TransactionRunner,
    private readonly erasures: LeadErasureRepository,
    private readonly erasureLog: ErasureLog,
    private readonly events: EventBus,
    private readonly clock: Clock,
  ) {}

  execute(leadId: string, requestedBy: string): Promise<Erasure> {
    return this.db.run(async (tx) => {
      const now = this.clock.now();
      const result = await this.erasures.erase(tx, leadId, now);
      if (!result) throw new NotFoundError('Lead');
      if (result.fresh) {
        await this.erasureLog.record(tx, [{ leadId, at: now, reason: 'request', requestedBy }]);
        const event: LeadErased = domainEvent('lead.erased', { leadId, erasedAt: now.toISOString(), reason: 'request' }, now);
        await this.events.publish(tx, [event]);
      }
      return result.erasure;
    });
  }
}
