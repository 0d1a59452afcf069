import { Injectable } from '@nestjs/common';
import { TransactionRunner } from '../../../shared/database/transaction-runner';
import { domainEvent } from '../../../shared/events/domain-event';
import { EventBus } from '../../../shared/events/event-bus';
import { JobQueue } from '../../../shared/jobs/job-queue';
import { Clock } from '../../../shared/time/clock';
import { DealStageChanged } from '../contract';
import { PORTAL_FIELD_NAME } from '../domain/deal-template';
import { DEAL_DELETED_JOB } from './deal-deleted.job';

/** The fields a deal is read back with: enough to tell its outcome. */
export const DEAL_OUTCOME_FIELDS = ['ID', 'STAGE_SEMANTIC_ID', PORTAL_FIELD_NAME];

/**
 * What a deal read back from the portal means for its claim. A final stage goes to the claims
 * module, which decides (won needs the "Адрес портала" value as proof, lost needs nothing); a deal
 * the portal no longer has was deleted.
 */
@Injectable()
export class DealOutcomes {
  constructor(
    private readonly events: EventBus,
    private readonly jobs: JobQueue,
    private readonly db: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  async seen(claimId: string, memberId: string, deal: Record<string, unknown>): Promise<void> {
    const semantic = String(deal.STAGE_SEMANTIC_ID ?? 'P');
    if (semantic !== 'S' && semantic !== 'F') return;
    const field = deal[PORTAL_FIELD_NAME];
    const event: DealStageChanged = domainEvent(
      'crm.deal-stage-changed',
      {
        claimId,
        memberId,
        dealId: String(deal.ID),
        outcome: semantic === 'S' ? 'won' : 'lost',
        proof: typeof field === 'string' && field ? field : null,
      },
      this.clock.now(),
    );
    await this.db.run((tx) => this.events.publish(tx, [event]));
  }

  async missing(memberId: string, dealId: string): Promise<void> {
    await this.jobs.enqueue(null, DEAL_DELETED_JOB, { memberId, dealId }, { key: `${memberId}:${dealId}` });
  }
}
