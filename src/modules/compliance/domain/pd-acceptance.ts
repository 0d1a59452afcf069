/** A portal administrator accepting the personal-data agreement while installing the app. */
export interface PdAcceptance {
  memberId: string;
  b24UserId: string;
  version: string;
  acceptedAt: Date;
  sourceIp: string | null;
}
