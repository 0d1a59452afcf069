export interface EligibilityRule {
  rule: string;
  passed: boolean;
  reason: string;
}

export interface Eligibility {
  eligible: boolean;
  rules: EligibilityRule[];
}

/**
 * What the programme's rules say about taking a request, in the two answers that have refusal
 * codes of their own; the claims module decides in which order refusals are given.
 */
export interface TakeStanding {
  /** Every rule but the personal-data agreement passes. */
  eligible: boolean;
  /** The agreement in effect was accepted (true while none is published). */
  agreementAccepted: boolean;
}
