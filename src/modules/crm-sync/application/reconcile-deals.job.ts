import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { EventBus } from '../../../shared/events/event-bus';
import { Bitrix24Config } from '../crm-sync.config';
import { DealRequestRepository } from '../infrastructure/deal-request.repository';
import { CHECK_DEAL_JOB } from './check-deal.job';
import { CREATE_DEAL_JOB } from './create-deal.job';
import { PeriodicRunner } from '../../../shared/time/periodic-runner';

/**
 * Bitrix24 never re-sends a lost event, so every followed deal is re-read on a schedule, and every
 * deal still owed is asked for again. Job keys keep several instances from doubling the work.
 */
@Injectable()
export class ReconcileDealsJob implements OnApplicationBootstrap {
  constructor(
    private readonly events: EventBus,
    private readonly requests: DealRequestRepository,
    private readonly periodic: PeriodicRunner,
    private readonly config: Bitrix24Config,
  ) {}

  onApplicationBootstrap(): void {
    this.periodic.every(ReconcileDealsJob.name, this.config.B24_RECONCILE_SECONDS, () => this.run());
  }

  async run(): Promise<void> {
    for (const { memberId, dealId } of await this.requests.followed()) {
      await this.events.enqueue(null, CHECK_DEAL_JOB, { memberId, dealId }, { key: `${memberId}:${dealId}` });
    }
    for (const claimId of await this.requests.pending()) {
      await this.events.enqueue(null, CREATE_DEAL_JOB, { claimId }, { key: claimId });
    }
  }
}
