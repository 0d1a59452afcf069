import { DomainError } from '../../../shared/domain/domain-error';
import { ErrorCode } from '../../../shared/domain/error-codes';

/** What is known about the lead and the partner before a take reserves anything. */
export interface TakeFacts {
  alreadyClaimed: boolean;
  leadOpen: boolean;
  /** Every programme rule but the personal-data agreement passes (the partners module says). */
  partnerEligible: boolean;
  agreementAccepted: boolean;
  claimCap: number;
}

/**
 * The two places a claim occupies: one of the partner's `claimCap` slots and one of the lead's
 * places. Each answers whether it could be reserved; the repository does it atomically, because
 * the cap and the limit must hold across concurrent requests and instances.
 */
export interface PlaceReservations {
  partnerSlot(): Promise<boolean>;
  leadPlace(): Promise<boolean>;
}

interface TakeRule {
  code: ErrorCode;
  message: (facts: TakeFacts) => string;
  isBroken: (facts: TakeFacts, places: PlaceReservations) => boolean | Promise<boolean>;
}

/**
 * Every refusal of "Взять заявку", in the order they are given: the first broken rule answers.
 * Places are reserved last, so a refused take never occupies one (its transaction rolls back).
 */
export const TAKE_RULES: readonly TakeRule[] = [
  {
    code: 'ALREADY_CLAIMED',
    message: () => 'You have already taken this request.',
    isBroken: (f) => f.alreadyClaimed,
  },
  {
    code: 'LEAD_NOT_OPEN',
    message: () => 'This request is no longer open.',
    isBroken: (f) => !f.leadOpen,
  },
  {
    code: 'PARTNER_NOT_ELIGIBLE',
    message: () => 'Your partner account may not take requests now; see GET /me for the reasons.',
    isBroken: (f) => !f.partnerEligible,
  },
  {
    code: 'PD_AGREEMENT_REQUIRED',
    message: () =>
      'Your portal has not accepted the personal-data agreement in effect; a portal administrator must accept it in the app.',
    isBroken: (f) => !f.agreementAccepted,
  },
  {
    code: 'CLAIM_CAP_REACHED',
    message: (f) => `You already have ${f.claimCap} requests in work; close one first.`,
    isBroken: async (_f, places) => !(await places.partnerSlot()),
  },
  {
    code: 'LEAD_CLAIM_LIMIT_REACHED',
    message: () => 'This request cannot be taken any more.',
    isBroken: async (_f, places) => !(await places.leadPlace()),
  },
];

export async function checkTakeRules(facts: TakeFacts, places: PlaceReservations): Promise<void> {
  for (const rule of TAKE_RULES) {
    if (await rule.isBroken(facts, places)) throw new DomainError(rule.code, rule.message(facts));
  }
}

/** Which places a close gives back. */
export interface FreedPlaces {
  partnerSlot: boolean;
  leadPlace: boolean;
}

/**
 * Closing always frees the partner's slot. A lost claim also gives its place on the lead to
 * another partner; a won claim keeps holding the lead, so a won request is not handed out again.
 */
export const PLACES_FREED: Readonly<Record<'won' | 'lost', FreedPlaces>> = Object.freeze({
  won: Object.freeze({ partnerSlot: true, leadPlace: false }),
  lost: Object.freeze({ partnerSlot: true, leadPlace: true }),
});
