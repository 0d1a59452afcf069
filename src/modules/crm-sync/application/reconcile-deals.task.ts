import { Injectable, OnModuleInit } from '@nestjs/common';
import { JobQueue } from '../../../shared/jobs/job-queue';
import { Scheduler } from '../../../shared/scheduling/scheduler';
import { Bitrix24Config } from '../crm-sync.config';
import { DealRequestRepository } from '../infrastructure/deal-request.repository';
import { CREATE_DEAL_JOB, RECONCILE_PORTAL_JOB } from './portal-queues';

/**
 * Bitrix24 never re-sends a lost event, so the followed deals are re-read on a schedule, a job per
 * portal, and every deal still owed is asked for again.
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

  async run(): Promise<{ portalsChecked: number; dealsAskedAgain: number }> {
    const portals = await this.requests.portalsFollowed();
    for (const memberId of portals) {
      await this.jobs.enqueue(null, RECONCILE_PORTAL_JOB, { memberId }, { key: memberId });
    }
    const pending = await this.requests.pending();
    for (const { claimId, memberId } of pending) {
      await this.jobs.enqueue(null, CREATE_DEAL_JOB, { claimId, memberId }, { key: claimId });
    }
    return { portalsChecked: portals.length, dealsAskedAgain: pending.length };
  }
}
