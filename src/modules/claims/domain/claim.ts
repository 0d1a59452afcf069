import { AggregateRoot } from '../../../shared/domain/aggregate-root';
import { DomainError } from '../../../shared/domain/domain-error';
import { domainEvent } from '../../../shared/events/domain-event';
import { ClaimLost, ClaimTaken, ClaimWon } from './claim-events';
import { WinProof } from './win-proof';

export const CLAIM_STATUSES = ['active', 'won', 'lost'] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];

export interface ClaimState {
  id: string;
  leadId: string;
  partnerId: string;
  status: ClaimStatus;
  takenAt: Date;
  takenByUser: string | null;
  closedAt: Date | null;
  closeReason: string | null;
  portalAddress: string | null;
  licenseKey: string | null;
  closedBy: string | null;
  /** The deal in the partner's CRM, once created there. */
  deal: { id: string; url: string; deletedAt: Date | null } | null;
}

/** What the claims module must know about the lead and the partner to decide a take. */
export interface TakeContext {
  leadOpen: boolean;
  partnerEligible: boolean;
  alreadyClaimed: boolean;
}

/**
 * A partner's hold on a lead. Taking checks the lead and the partner; the cap and the per-lead
 * limit are slot reservations the repository makes atomically (they must hold across processes).
 * Closing is final, and a win needs proof.
 */
export class Claim extends AggregateRoot {
  private constructor(private state: ClaimState) {
    super();
  }

  static restore(state: ClaimState): Claim {
    return new Claim(state);
  }

  static take(
    ids: { id: string; leadId: string; partnerId: string; b24UserId: string | null },
    context: TakeContext,
    now: Date,
  ): Claim {
    if (context.alreadyClaimed) throw new DomainError('ALREADY_CLAIMED', 'You have already taken this request.');
    if (!context.leadOpen) throw new DomainError('LEAD_NOT_OPEN', 'This request is no longer open.');
    if (!context.partnerEligible) {
      throw new DomainError('PARTNER_NOT_ELIGIBLE', 'Your partner account may not take requests now; see GET /me for the reasons.');
    }
    const claim = new Claim({
      id: ids.id,
      leadId: ids.leadId,
      partnerId: ids.partnerId,
      status: 'active',
      takenAt: now,
      takenByUser: ids.b24UserId,
      closedAt: null,
      closeReason: null,
      portalAddress: null,
      licenseKey: null,
      closedBy: null,
      deal: null,
    });
    claim.record(
      domainEvent<ClaimTaken['name'], ClaimTaken['payload']>(
        'claim.taken',
        { ...claim.ref(), takenAt: now.toISOString(), b24UserId: ids.b24UserId },
        now,
      ),
    );
    return claim;
  }

  markWon(proof: WinProof, closedBy: string, reason: string | null, now: Date): void {
    this.assertActive();
    this.state = { ...this.state, status: 'won', closedAt: now, closedBy, closeReason: reason, ...proof };
    this.record(
      domainEvent<ClaimWon['name'], ClaimWon['payload']>(
        'claim.won',
        { ...this.ref(), closedAt: now.toISOString(), ...proof, closedBy },
        now,
      ),
    );
  }

  markLost(reason: string | null, closedBy: string, now: Date): void {
    this.assertActive();
    this.state = { ...this.state, status: 'lost', closedAt: now, closedBy, closeReason: reason };
    this.record(
      domainEvent<ClaimLost['name'], ClaimLost['payload']>(
        'claim.lost',
        { ...this.ref(), closedAt: now.toISOString(), reason, closedBy },
        now,
      ),
    );
  }

  get snapshot(): Readonly<ClaimState> {
    return this.state;
  }

  private assertActive(): void {
    if (this.state.status !== 'active') throw new DomainError('CLAIM_CLOSED', `This claim is already ${this.state.status}.`);
  }

  private ref() {
    return { claimId: this.state.id, leadId: this.state.leadId, partnerId: this.state.partnerId };
  }
}
