/** Shapes of the Partner Leads API (base /api/v1) as the page reads them. Plain TypeScript. */

export type Product = 'cloud' | 'box';
export type SizeBand = '1-10' | '11-50' | '51-250' | '251-1000' | '1001+';
export type RuleResult = 'pass' | 'fail' | 'unknown';
export type ClaimStatus = 'active' | 'won' | 'lost';
export type PortalStatus = 'installed' | 'suspended' | 'uninstalled' | 'not-installed';

export interface Cap {
  limit: number;
  used: number;
}

export interface EligibilityRule {
  rule: string;
  result: RuleResult;
  passed: boolean;
  blocking: boolean;
  title: string;
  reasonRu: string;
  actionRu: string | null;
  reason: string;
}

export interface Me {
  partner: { id: string; name: string };
  eligibility: { eligible: boolean; rules: EligibilityRule[] };
  cap: Cap;
  portal: { address: string; status: PortalStatus } | null;
}

export interface Contact {
  name: string | null;
  position: string | null;
  phone: string | null;
  email: string | null;
}

export interface Lead {
  id: string;
  publishedAt: string;
  expiresAt: string;
  company: { industry: string; sizeBand: SizeBand | string; region: string; city: string; name: string | null };
  need: { product: Product | string; users: number; description: string };
  contact: Contact;
  erased: boolean;
  accessExpired: boolean;
  claimedByMe: boolean;
  myClaimId: string | null;
  slotsLeft: number;
  places: { free: number; total: number };
}

export interface LeadPage {
  items: Lead[];
  nextCursor: string | null;
  cap: Cap;
}

export interface Facets {
  regions: string[];
  industries: string[];
  sizeBands: string[];
  products: string[];
}

export interface Deal {
  id: string;
  url: string;
  deleted: boolean;
}

export interface Claim {
  id: string;
  leadId: string;
  status: ClaimStatus;
  takenAt: string;
  closedAt: string | null;
  closeReason: string | null;
  portalAddress: string | null;
  licenseKey: string | null;
  deal: Deal | null;
  takenBy: { userId: string; name: string | null } | null;
  awaitingProof: { since: string; fieldLabel: string } | null;
}

/** What a claim in GET /claims is about; no contacts. */
export interface ClaimedRequest {
  region: string;
  city: string;
  industry: string;
  product: Product | string;
  users: number;
}

export interface ListedClaim extends Claim {
  request: ClaimedRequest | null;
}

/** GET /claims/{id} and the 201 of POST /leads/{id}/claims. */
export interface ClaimDetails extends Claim {
  companyName: string | null;
  contact: Contact;
  erased: boolean;
  accessExpired: boolean;
}

export interface ClaimPage {
  items: ListedClaim[];
  nextCursor: string | null;
}

export interface Session {
  token: string;
  expiresAt: string;
}

/** application/problem+json */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
}

export interface Agreement {
  version: string;
  text: string;
  ticket: string | null;
}

export interface LaunchContext {
  view: 'list' | 'deal-tab';
  partnerName: string;
  portal: string;
  user: { id: string; name: string | null };
  dealId: string | null;
  claimId: string | null;
  agreement: Agreement | null;
  /** The same as the session meta's data-expires-at. */
  sessionExpiresAt: string | null;
}
