import { Eligibility, TakeStanding } from './eligibility';

export interface PartnerStanding {
  partnerId: string;
  name: string;
  eligibility: Eligibility;
  take: TakeStanding;
  claimCap: number;
  portalDomain: string | null;
}

/**
 * The question other modules may ask the partner registry synchronously: "may partner P take a
 * request now, and how many at once?". An abstract class so it doubles as the DI token.
 */
export abstract class PartnerAccess {
  abstract standing(partnerId: string): Promise<PartnerStanding | null>;
  /** Just the cap, for views that show remaining slots: no eligibility audit on every read. */
  abstract claimCap(partnerId: string): Promise<number | null>;
  /** The partner's registered Bitrix24 portal (host name, lower case), or null; no eligibility audit. */
  abstract portalDomain(partnerId: string): Promise<string | null>;
  /** Partners whose registered Bitrix24 portal is `domain` (host name, lower case). */
  abstract withPortalDomain(domain: string): Promise<string[]>;
}
