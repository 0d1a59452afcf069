import { Injectable, OnModuleInit } from '@nestjs/common';
import { TransactionRunner } from '../../../shared/database/transaction-runner';
import { domainEvent } from '../../../shared/events/domain-event';
import { EventBus } from '../../../shared/events/event-bus';
import { JobQueue } from '../../../shared/jobs/job-queue';
import { Clock } from '../../../shared/time/clock';
import { DealDeleted } from '../contract';
import { DealRequestRepository } from '../infrastructure/deal-request.repository';

export const DEAL_DELETED_JOB = 'crm-sync.deal-deleted';

/** A deleted deal does not free the partner's slot: the claim is flagged for the partner and operators. */
@Injectable()
export class DealDeletedJob implements OnModuleInit {
  constructor(
    private readonly events: EventBus,
    private readonly jobs: JobQueue,
    private readonly requests: DealRequestRepository,
    private readonly db: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.jobs.define<{ memberId: string; dealId: string }>(DEAL_DELETED_JOB, ({ memberId, dealId }) =>
      this.run(memberId, dealId),
    );
  }

  async run(memberId: string, dealId: string): Promise<void> {
    const request = await this.requests.findByDeal(memberId, dealId);
    if (!request || request.closedAt) return;
    const now = this.clock.now();
    await this.db.run(async (tx) => {
      if (!(await this.requests.markDealDeleted(tx, request.claimId, now))) return;
      const event: DealDeleted = domainEvent('crm.deal-deleted', { claimId: request.claimId, memberId, dealId }, now);
      await this.events.publish(tx, [event]);
    });
  }
}
