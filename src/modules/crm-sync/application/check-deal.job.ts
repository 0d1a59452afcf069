import { Injectable, OnModuleInit } from '@nestjs/common';
import { TransactionRunner } from '../../../shared/database/transaction-runner';
import { domainEvent } from '../../../shared/events/domain-event';
import { EventBus } from '../../../shared/events/event-bus';
import { JobQueue } from '../../../shared/jobs/job-queue';
import { Clock } from '../../../shared/time/clock';
import { DealStageChanged } from '../contract';
import { PORTAL_FIELD_NAME } from '../domain/deal-template';
import { Bitrix24Client, Bitrix24Error } from '../infrastructure/bitrix24';
import { DealRequestRepository } from '../infrastructure/deal-request.repository';
import { DEAL_DELETED_JOB } from './deal-deleted.job';

export const CHECK_DEAL_JOB = 'crm-sync.check-deal';

/**
 * Events carry only a deal id, so the deal is read back. A final stage is reported to the claims
 * module, which decides: won needs the "Адрес портала" value as proof, lost needs nothing.
 */
@Injectable()
export class CheckDealJob implements OnModuleInit {
  constructor(
    private readonly events: EventBus,
    private readonly jobs: JobQueue,
    private readonly requests: DealRequestRepository,
    private readonly client: Bitrix24Client,
    private readonly db: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.jobs.define<{ memberId: string; dealId: string }>(CHECK_DEAL_JOB, ({ memberId, dealId }) =>
      this.run(memberId, dealId),
    );
  }

  async run(memberId: string, dealId: string): Promise<void> {
    const request = await this.requests.findByDeal(memberId, dealId);
    if (!request || request.closedAt || request.dealDeletedAt) return;
    let deal: Record<string, unknown>;
    try {
      deal = await this.client.call<Record<string, unknown>>(memberId, 'crm.deal.get', { id: dealId });
    } catch (error) {
      if (error instanceof Bitrix24Error && (error.kind === 'NOT_FOUND' || /not found/i.test(error.message))) {
        await this.jobs.enqueue(null, DEAL_DELETED_JOB, { memberId, dealId }, { key: `${memberId}:${dealId}` });
        return;
      }
      throw error;
    }
    const semantic = String(deal.STAGE_SEMANTIC_ID ?? 'P');
    if (semantic !== 'S' && semantic !== 'F') return;
    const proof = typeof deal[PORTAL_FIELD_NAME] === 'string' && deal[PORTAL_FIELD_NAME] ? String(deal[PORTAL_FIELD_NAME]) : null;
    const now = this.clock.now();
    const event: DealStageChanged = domainEvent(
      'crm.deal-stage-changed',
      { claimId: request.claimId, memberId, dealId, outcome: semantic === 'S' ? 'won' : 'lost', proof },
      now,
    );
    await this.db.run((tx) => this.events.publish(tx, [event]));
  }
}
