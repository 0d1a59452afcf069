import { Injectable } from '@nestjs/common';
import { TransactionRunner } from '../../../shared/database/transaction-runner';
import { Tx } from '../../../shared/database/tx';
import { NotFoundError } from '../../../shared/domain/domain-error';
import { EventBus } from '../../../shared/events/event-bus';
import { Clock } from '../../../shared/time/clock';
import { ClaimState } from '../domain/claim';
import { winProof } from '../domain/win-proof';
import { ClaimRepository } from '../infrastructure/claim.repository';

export type ClaimOutcome =
  | { outcome: 'won'; portalAddress?: string | null; licenseKey?: string | null; reason?: string | null }
  | { outcome: 'lost'; reason?: string | null };

/** Closes a claim as won or lost and frees the partner's slot (a lost claim also frees the lead's). */
@Injectable()
export class CloseClaim {
  constructor(
    private readonly db: TransactionRunner,
    private readonly claims: ClaimRepository,
    private readonly events: EventBus,
    private readonly clock: Clock,
  ) {}

  /** Runs in `tx` when given (an event handler's transaction), else in a transaction of its own. */
  execute(claimId: string, outcome: ClaimOutcome, closedBy: string, tx?: Tx): Promise<ClaimState> {
    return tx ? this.close(tx, claimId, outcome, closedBy) : this.db.run((own) => this.close(own, claimId, outcome, closedBy));
  }

  private async close(tx: Tx, claimId: string, outcome: ClaimOutcome, closedBy: string): Promise<ClaimState> {
    const claim = await this.claims.findForUpdate(tx, claimId);
    if (!claim) throw new NotFoundError('Claim');
    const now = this.clock.now();
    if (outcome.outcome === 'won') {
      claim.markWon(winProof(outcome), closedBy, outcome.reason ?? null, now);
    } else {
      claim.markLost(outcome.reason ?? null, closedBy, now);
    }
    if (await this.claims.saveClosed(tx, claim)) {
      await this.claims.releasePartnerSlot(tx, claim.snapshot.partnerId);
      if (outcome.outcome === 'lost') await this.claims.releaseLeadSlot(tx, claim.snapshot.leadId);
      await this.events.publish(tx, claim.pullEvents());
    }
    return claim.snapshot;
  }
}
