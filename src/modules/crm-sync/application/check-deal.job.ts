import { Injectable, OnModuleInit } from '@nestjs/common';
import { JobQueue } from '../../../shared/jobs/job-queue';
import { Bitrix24Client, Bitrix24Error } from '../infrastructure/bitrix24';
import { DealRequestRepository } from '../infrastructure/deal-request.repository';
import { DealOutcomes } from './deal-outcomes';
import { PortalGate } from './portal-gate';
import { CHECK_DEAL_JOB } from './portal-queues';

/** Events carry only a deal id, so the deal an event names is read back. */
@Injectable()
export class CheckDealJob implements OnModuleInit {
  constructor(
    private readonly jobs: JobQueue,
    private readonly requests: DealRequestRepository,
    private readonly client: Bitrix24Client,
    private readonly outcomes: DealOutcomes,
    private readonly gate: PortalGate,
  ) {}

  onModuleInit(): void {
    this.jobs.define<{ memberId: string; dealId: string }>(CHECK_DEAL_JOB, ({ memberId, dealId }) =>
      this.run(memberId, dealId),
    );
  }

  async run(memberId: string, dealId: string): Promise<void> {
    const request = await this.requests.findByDeal(memberId, dealId);
    if (!request || request.closedAt || request.dealDeletedAt) return;
    await this.gate.run(memberId, async () => {
      try {
        const deal = await this.client.call<Record<string, unknown>>(memberId, 'crm.deal.get', { id: dealId });
        await this.outcomes.seen(request.claimId, memberId, deal);
      } catch (error) {
        if (!(error instanceof Bitrix24Error) || error.kind !== 'NOT_FOUND') throw error;
        await this.outcomes.missing(memberId, dealId);
      }
    });
  }
}
