/**
 * One published text of the personal-data agreement. The version in effect at a moment is the
 * one with the latest `effectiveFrom` not after it; a published version never changes.
 */
export interface PdAgreementVersion {
  version: string;
  text: string;
  textSha256: string;
  effectiveFrom: Date;
  publishedAt: Date;
  publishedBy: string;
}

/** Whether a portal accepted the version in effect; null from the port means none is in effect. */
export interface PdAgreementCheck {
  version: string;
  effectiveFrom: Date;
  accepted: boolean;
}
