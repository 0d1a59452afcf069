import { Injectable, OnModuleInit } from '@nestjs/common';
import { JobQueue } from '../../../shared/jobs/job-queue';
import { Scheduler } from '../../../shared/scheduling/scheduler';
import { Bitrix24Config } from '../crm-sync.config';
import { DealRequestRepository } from '../infrastructure/deal-request.repository';
import { CHECK_DEAL_JOB } from './check-deal.job';
import { CREATE_DEAL_JOB } from './create-deal.job';

/**
 * Bitrix24 never re-sends a lost event, so every followed deal is re-read on a schedule, and every
 * deal still owed is asked for again, each as a job of its own.
 */
@Injectable()
export class ReconcileDealsTask implements OnModuleInit {
  constructor(
    private readonly jobs: JobQueue,
    private readonly requests: DealRequestRepository,
    private readonly scheduler: Scheduler,
    private readonly config: Bitrix24Config,
  ) {}

  onModuleInit(): void {
    this.scheduler.every('crm-sync.reconcile-deals', this.config.B24_RECONCILE_SECONDS, () => this.run());
  }

  async run(): Promise<{ dealsChecked: number; dealsAskedAgain: number }> {
    const followed = await this.requests.followed();
    for (const { memberId, dealId } of followed) {
      await this.jobs.enqueue(null, CHECK_DEAL_JOB, { memberId, dealId }, { key: `${memberId}:${dealId}` });
    }
    const pending = await this.requests.pending();
    for (const claimId of pending) {
      await this.jobs.enqueue(null, CREATE_DEAL_JOB, { claimId }, { key: claimId });
    }
    return { dealsChecked: followed.length, dealsAskedAgain: pending.length };
  }
}
