import { DomainEvent } from '../../../shared/events/domain-event';

interface ClaimRef {
  claimId: string;
  leadId: string;
  partnerId: string;
}

export type ClaimTaken = DomainEvent<'claim.taken', ClaimRef & { takenAt: string; b24UserId: string | null }>;
export type ClaimWon = DomainEvent<
  'claim.won',
  ClaimRef & { closedAt: string; portalAddress: string | null; licenseKey: string | null; closedBy: string }
>;
export type ClaimLost = DomainEvent<'claim.lost', ClaimRef & { closedAt: string; reason: string | null; closedBy: string }>;
/** A deal reached "won" without a portal address or licence key: the claim stays active. */
export type ClaimWonRejectedNoProof = DomainEvent<'claim.won-rejected-no-proof', ClaimRef & { reason: string }>;
