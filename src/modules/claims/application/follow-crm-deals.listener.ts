import { Injectable, OnModuleInit } from '@nestjs/common';
import { Tx } from '../../../shared/database/tx';
import { DomainError } from '../../../shared/domain/domain-error';
import { domainEvent } from '../../../shared/events/domain-event';
import { EventBus } from '../../../shared/events/event-bus';
import { Clock } from '../../../shared/time/clock';
import type { DealDeleted, DealLinked, DealStageChanged } from '../../crm-sync';
import { ClaimWonRejectedNoProof } from '../domain/claim-events';
import { proofFromField } from '../domain/win-proof';
import { ClaimRepository } from '../infrastructure/claim.repository';
import { CloseClaim } from './close-claim';

/** The partner's deal drives its claim: linked, won (with proof) or lost, or deleted. */
@Injectable()
export class FollowCrmDealsListener implements OnModuleInit {
  constructor(
    private readonly events: EventBus,
    private readonly claims: ClaimRepository,
    private readonly close: CloseClaim,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.events.subscribe<DealLinked>('claims', 'crm.deal-linked', ({ payload }, tx) =>
      this.claims.linkDeal(tx, payload.claimId, payload.dealId, payload.dealUrl),
    );
    this.events.subscribe<DealDeleted>('claims', 'crm.deal-deleted', ({ payload }, tx) =>
      this.claims.flagDealDeleted(tx, payload.claimId, this.clock.now()),
    );
    this.events.subscribe<DealStageChanged>('claims', 'crm.deal-stage-changed', async ({ payload }, tx) => {
      const outcome =
        payload.outcome === 'lost'
          ? { outcome: 'lost' as const, reason: 'Сделка проиграна в CRM партнёра' }
          : { outcome: 'won' as const, ...proofFromField(payload.proof) };
      try {
        await this.close.execute(payload.claimId, outcome, 'bitrix24', tx);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        if (error.code === 'WON_REQUIRES_PROOF') await this.rejectWin(tx, payload, error.message);
        else if (error.code !== 'CLAIM_CLOSED' && error.code !== 'NOT_FOUND') throw error;
      }
    });
  }

  private async rejectWin(tx: Tx, payload: DealStageChanged['payload'], reason: string): Promise<void> {
    const claim = await this.claims.findForUpdate(tx, payload.claimId);
    if (!claim) return;
    const { id, leadId, partnerId } = claim.snapshot;
    const event: ClaimWonRejectedNoProof = domainEvent(
      'claim.won-rejected-no-proof',
      { claimId: id, leadId, partnerId, reason },
      this.clock.now(),
    );
    await this.events.publish(tx, [event]);
  }
}
