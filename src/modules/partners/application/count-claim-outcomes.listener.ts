import { Injectable, OnModuleInit } from '@nestjs/common';
import { EventBus } from '../../../shared/events/event-bus';
import { ClaimLost, ClaimTaken, ClaimWon } from '../../claims/contract';
import { PartnerStatsRepository } from '../infrastructure/partner-stats.repository';

/** Keeps each partner's taken / won / lost tallies for operators, from the claims module's events. */
@Injectable()
export class CountClaimOutcomesListener implements OnModuleInit {
  constructor(
    private readonly events: EventBus,
    private readonly stats: PartnerStatsRepository,
  ) {}

  onModuleInit(): void {
    this.events.subscribe<ClaimTaken>('partners', 'claim.taken', (e, tx) =>
      this.stats.increment(tx, e.payload.partnerId, 'claims_taken'),
    );
    this.events.subscribe<ClaimWon>('partners', 'claim.won', (e, tx) =>
      this.stats.increment(tx, e.payload.partnerId, 'claims_won'),
    );
    this.events.subscribe<ClaimLost>('partners', 'claim.lost', (e, tx) =>
      this.stats.increment(tx, e.payload.partnerId, 'claims_lost'),
    );
  }
}
