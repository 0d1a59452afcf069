import { Injectable, OnModuleInit } from '@nestjs/common';
import { EventBus } from '../../../shared/events/event-bus';
import { Clock } from '../../../shared/time/clock';
import { DealDeleted, DealLinked, DealStageChanged } from '../../crm-sync/contract';
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
    this.events.subscribe<DealStageChanged>('claims', 'crm.deal-stage-changed', ({ payload }, tx) =>
      this.close.applyDealOutcome(tx, payload.claimId, { outcome: payload.outcome, proofField: payload.proof }),
    );
  }
}
