/** A portal administrator accepting the personal-data agreement (at install, or again in the app). */
export interface PdAcceptance {
  memberId: string;
  /** The portal's address when it accepted: partners name their portal by domain. */
  portalDomain: string | null;
  b24UserId: string;
  version: string;
  acceptedAt: Date;
  sourceIp: string | null;
}
