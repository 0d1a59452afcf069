import { Injectable } from '@nestjs/common';
import { TransactionRunner } from '../../../shared/database/transaction-runner';
import { Tx } from '../../../shared/database/tx';
import { NotFoundError } from '../../../shared/domain/domain-error';
import { EventBus } from '../../../shared/events/event-bus';
import { Clock } from '../../../shared/time/clock';
import { Claim, ClaimState, DealOutcome } from '../domain/claim';
import { FreedPlaces } from '../domain/take-rules';
import { winProof } from '../domain/win-proof';
import { ClaimRepository } from '../infrastructure/claim.repository';

export type ClaimOutcome =
  | { outcome: 'won'; portalAddress?: string | null; licenseKey?: string | null; reason?: string | null }
  | { outcome: 'lost'; reason?: string | null };

/**
 * Closes claims: by an operator's override (refusals are errors), or from the partner's deal
 * (the aggregate decides what a final stage means). Either way the places the domain says a close
 * frees are given back in the same transaction.
 */
@Injectable()
export class CloseClaim {
  constructor(
    private readonly db: TransactionRunner,
    private readonly claims: ClaimRepository,
    private readonly events: EventBus,
    private readonly clock: Clock,
  ) {}

  execute(claimId: string, outcome: ClaimOutcome, closedBy: string): Promise<ClaimState> {
    return this.db.run(async (tx) => {
      const claim = await this.claims.findForUpdate(tx, claimId);
      if (!claim) throw new NotFoundError('Claim');
      const now = this.clock.now();
      const freed =
        outcome.outcome === 'won'
          ? claim.markWon(winProof(outcome), closedBy, outcome.reason ?? null, now)
          : claim.markLost(outcome.reason ?? null, closedBy, now);
      await this.save(tx, claim, freed);
      return claim.snapshot;
    });
  }

  /** Runs in the event handler's transaction; a claim this module does not know is no business of it. */
  async applyDealOutcome(tx: Tx, claimId: string, deal: DealOutcome): Promise<void> {
    const claim = await this.claims.findForUpdate(tx, claimId);
    if (!claim) return;
    await this.save(tx, claim, claim.applyDealOutcome(deal, this.clock.now()));
  }

  private async save(tx: Tx, claim: Claim, freed: FreedPlaces | null): Promise<void> {
    if (freed) {
      if (!(await this.claims.saveClosed(tx, claim))) return;
      if (freed.partnerSlot) await this.claims.releasePartnerSlot(tx, claim.snapshot.partnerId);
      if (freed.leadPlace) await this.claims.releaseLeadSlot(tx, claim.snapshot.leadId);
    } else if (claim.snapshot.proofRequestedAt) {
      await this.claims.saveProofRequest(tx, claim);
    }
    await this.events.publish(tx, claim.pullEvents());
  }
}
