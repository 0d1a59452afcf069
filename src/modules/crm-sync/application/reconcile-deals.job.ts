import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { failureLog } from '../../../shared/domain/failure-reason';
import { EventBus } from '../../../shared/events/event-bus';
import { Bitrix24Config } from '../crm-sync.config';
import { DealRequestRepository } from '../infrastructure/deal-request.repository';
import { CHECK_DEAL_JOB } from './check-deal.job';
import { CREATE_DEAL_JOB } from './create-deal.job';

/**
 * Bitrix24 never re-sends a lost event, so every followed deal is re-read on a schedule, and every
 * deal still owed is asked for again. Job keys keep several instances from doubling the work.
 */
@Injectable()
export class ReconcileDealsJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ReconcileDealsJob.name);

  constructor(
    private readonly events: EventBus,
    private readonly requests: DealRequestRepository,
    private readonly scheduler: SchedulerRegistry,
    private readonly config: Bitrix24Config,
  ) {}

  onApplicationBootstrap(): void {
    const timer = setInterval(() => {
      this.run().catch((err) => this.logger.error(failureLog(err), 'deal reconciliation failed; will retry'));
    }, this.config.B24_RECONCILE_SECONDS * 1000);
    this.scheduler.addInterval(ReconcileDealsJob.name, timer);
  }

  onApplicationShutdown(): void {
    if (this.scheduler.doesExist('interval', ReconcileDealsJob.name)) this.scheduler.deleteInterval(ReconcileDealsJob.name);
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
