import { Injectable, OnModuleInit } from '@nestjs/common';
import { JobQueue } from '../../../shared/jobs/job-queue';
import { Bitrix24Client } from '../infrastructure/bitrix24';
import { DealRequestRepository } from '../infrastructure/deal-request.repository';
import { DEAL_OUTCOME_FIELDS, DealOutcomes } from './deal-outcomes';
import { PortalGate } from './portal-gate';
import { RECONCILE_PORTAL_JOB } from './portal-queues';

/** `crm.deal.list` answers at most 50 deals a request; `@ID` asks for exactly those. */
const DEALS_PER_REQUEST = 50;

/**
 * Re-reads every deal followed on one portal, 50 to a request: 2,000 deals cost 40 requests of
 * the portal's budget, not 2,000.
 */
@Injectable()
export class ReconcilePortalJob implements OnModuleInit {
  constructor(
    private readonly jobs: JobQueue,
    private readonly requests: DealRequestRepository,
    private readonly client: Bitrix24Client,
    private readonly outcomes: DealOutcomes,
    private readonly gate: PortalGate,
  ) {}

  onModuleInit(): void {
    this.jobs.define<{ memberId: string }>(RECONCILE_PORTAL_JOB, ({ memberId }) => this.run(memberId));
  }

  run(memberId: string): Promise<void> {
    return this.gate.run(memberId, () => this.reread(memberId));
  }

  private async reread(memberId: string): Promise<void> {
    const followed = await this.requests.followedOn(memberId);
    for (let i = 0; i < followed.length; i += DEALS_PER_REQUEST) {
      const chunk = followed.slice(i, i + DEALS_PER_REQUEST);
      const deals = await this.client.call<Array<Record<string, unknown>>>(memberId, 'crm.deal.list', {
        filter: { '@ID': chunk.map((f) => f.dealId) },
        select: DEAL_OUTCOME_FIELDS,
      });
      const byId = new Map(deals.map((d) => [String(d.ID), d]));
      for (const { claimId, dealId } of chunk) {
        const deal = byId.get(dealId);
        if (deal) await this.outcomes.seen(claimId, memberId, deal);
        else await this.outcomes.missing(memberId, dealId);
      }
    }
  }
}
