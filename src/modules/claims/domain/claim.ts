import { AggregateRoot } from '../../../shared/domain/aggregate-root';
import { DomainError } from '../../../shared/domain/domain-error';
import { domainEvent } from '../../../shared/events/domain-event';
import { ClaimLost, ClaimTaken, ClaimWon, ClaimWonRejectedNoProof } from '../contract';
import { checkTakeRules, FreedPlaces, PLACES_FREED, PlaceReservations, TakeFacts } from './take-rules';
import { proofFromField, readWinProof, WinProof } from './win-proof';

export const CLAIM_STATUSES = ['active', 'won', 'lost'] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];

export interface ClaimState {
  id: string;
  leadId: string;
  partnerId: string;
  status: ClaimStatus;
  takenAt: Date;
  takenByUser: string | null;
  /** The taker's name as their portal gave it at launch, for the partner's own list. */
  takenByName: string | null;
  closedAt: Date | null;
  closeReason: string | null;
  portalAddress: string | null;
  licenseKey: string | null;
  closedBy: string | null;
  /** The deal in the partner's CRM, once created there. */
  deal: { id: string; url: string; deletedAt: Date | null } | null;
  /** The deal was won without the "Адрес портала" proof: the claim waits for it (since then). */
  proofRequestedAt: Date | null;
}

/** What the partner's CRM says happened to the claim's deal: a final stage, with "Адрес портала" for a win. */
export interface DealOutcome {
  outcome: 'won' | 'lost';
  proofField: string | null;
}

const LOST_IN_CRM = 'Сделка проиграна в CRM партнёра';

/**
 * A partner's hold on a lead. Taking checks the rules in `TAKE_RULES` order; closing is final,
 * frees the places `PLACES_FREED` names, and a win needs proof.
 */
export class Claim extends AggregateRoot {
  private constructor(private state: ClaimState) {
    super();
  }

  static restore(state: ClaimState): Claim {
    return new Claim(state);
  }

  static async take(
    ids: { id: string; leadId: string; partnerId: string; b24UserId: string | null; b24UserName: string | null },
    facts: TakeFacts,
    places: PlaceReservations,
    now: Date,
  ): Promise<Claim> {
    await checkTakeRules(facts, places);
    const claim = new Claim({
      id: ids.id,
      leadId: ids.leadId,
      partnerId: ids.partnerId,
      status: 'active',
      takenAt: now,
      takenByUser: ids.b24UserId,
      takenByName: ids.b24UserName,
      closedAt: null,
      closeReason: null,
      portalAddress: null,
      licenseKey: null,
      closedBy: null,
      deal: null,
      proofRequestedAt: null,
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

  markWon(proof: WinProof, closedBy: string, reason: string | null, now: Date): FreedPlaces {
    this.assertActive();
    this.state = { ...this.state, status: 'won', closedAt: now, closedBy, closeReason: reason, ...proof };
    this.record(
      domainEvent<ClaimWon['name'], ClaimWon['payload']>(
        'claim.won',
        { ...this.ref(), closedAt: now.toISOString(), ...proof, closedBy },
        now,
      ),
    );
    return PLACES_FREED.won;
  }

  markLost(reason: string | null, closedBy: string, now: Date): FreedPlaces {
    this.assertActive();
    this.state = { ...this.state, status: 'lost', closedAt: now, closedBy, closeReason: reason };
    this.record(
      domainEvent<ClaimLost['name'], ClaimLost['payload']>(
        'claim.lost',
        { ...this.ref(), closedAt: now.toISOString(), reason, closedBy },
        now,
      ),
    );
    return PLACES_FREED.lost;
  }

  /**
   * The deal reached a final stage. A closed claim ignores it (a reopened and re-closed deal
   * changes nothing); a win without proof keeps the claim active and asks for the proof.
   * Returns the places freed, or null when the claim did not close.
   */
  applyDealOutcome(deal: DealOutcome, now: Date): FreedPlaces | null {
    if (this.state.status !== 'active') return null;
    if (deal.outcome === 'lost') return this.markLost(LOST_IN_CRM, 'bitrix24', now);
    const proof = readWinProof(proofFromField(deal.proofField));
    if (!(proof instanceof DomainError)) return this.markWon(proof, 'bitrix24', null, now);
    this.state = { ...this.state, proofRequestedAt: this.state.proofRequestedAt ?? now };
    this.record(
      domainEvent<ClaimWonRejectedNoProof['name'], ClaimWonRejectedNoProof['payload']>(
        'claim.won-rejected-no-proof',
        { ...this.ref(), reason: proof.message },
        now,
      ),
    );
    return null;
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
