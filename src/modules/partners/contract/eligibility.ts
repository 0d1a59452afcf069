export interface EligibilityRule {
  rule: string;
  /** `unknown`: the evidence could not be read (a later audit decides). */
  result: 'pass' | 'fail' | 'unknown';
  passed: boolean;
  /** A recommendation does not keep the partner from taking requests. */
  blocking: boolean;
  /** The rule and its state in Russian, for the partner's app page. */
  title: string;
  reasonRu: string;
  /** What the partner should do about a failing rule, in Russian; null while it passes. */
  actionRu: string | null;
  reason: string;
  /** Stable code of the reason (e.g. PLAN_NOT_ACCEPTED, PORTAL_UNREADABLE). */
  reasonCode: string;
  /** What was read, from where. */
  evidence: Record<string, unknown>;
  checkedAt: string;
  /** An unknown check keeps the previous result until this moment, then counts as a fail. */
  graceUntil: string | null;
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
