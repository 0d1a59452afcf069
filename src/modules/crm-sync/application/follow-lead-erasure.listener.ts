import { Injectable, OnModuleInit } from '@nestjs/common';
import { EventBus } from '../../../shared/events/event-bus';
import { JobQueue } from '../../../shared/jobs/job-queue';
import { LeadErased } from '../../leads/contract';
import { DealRequestRepository } from '../infrastructure/deal-request.repository';
import { NOTICE_ERASURE_JOB } from './notice-erasure.job';

/**
 * An erased lead: every partner who took it is asked to delete the customer's data on their side.
 * An erasure by retention asks nothing: by then the partners' work on the request has long ended.
 */
@Injectable()
export class FollowLeadErasureListener implements OnModuleInit {
  constructor(
    private readonly events: EventBus,
    private readonly jobs: JobQueue,
    private readonly requests: DealRequestRepository,
  ) {}

  onModuleInit(): void {
    this.events.subscribe<LeadErased>('crm-sync', 'lead.erased', async ({ payload }, tx) => {
      if (payload.reason !== 'request') return;
      for (const claimId of await this.requests.claimsOfLead(tx, payload.leadId)) {
        await this.jobs.enqueue(tx, NOTICE_ERASURE_JOB, { claimId }, { key: claimId });
      }
    });
  }
}
