import { Injectable, OnModuleInit } from '@nestjs/common';
import { Tx } from '../../../shared/database/tx';
import { EventBus } from '../../../shared/events/event-bus';
import { ClaimLost, ClaimTaken, ClaimWon } from '../../claims/contract';
import { LeadClaimsRepository } from '../infrastructure/lead-claims.repository';

/** Retention waits for the last claim on a lead to close; the claims module tells us when. */
@Injectable()
export class FollowClaimsListener implements OnModuleInit {
  constructor(
    private readonly events: EventBus,
    private readonly claims: LeadClaimsRepository,
  ) {}

  onModuleInit(): void {
    this.events.subscribe<ClaimTaken>('leads', 'claim.taken', ({ payload }, tx) =>
      this.claims.taken(tx, payload.claimId, payload.leadId),
    );
    const closed = ({ payload }: ClaimWon | ClaimLost, tx: Tx) =>
      this.claims.closed(tx, payload.claimId, payload.leadId, new Date(payload.closedAt));
    this.events.subscribe<ClaimWon>('leads', 'claim.won', closed);
    this.events.subscribe<ClaimLost>('leads', 'claim.lost', closed);
  }
}
