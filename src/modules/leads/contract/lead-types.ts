export const SIZE_BANDS = ['1-10', '11-50', '51-250', '251-1000', '1001+'] as const;
export const PRODUCTS = ['cloud', 'box'] as const;
export const LEAD_STATUSES = ['open', 'withdrawn', 'expired', 'erased'] as const;
export const ERASURE_REASONS = ['request', 'retention'] as const;

export type SizeBand = (typeof SIZE_BANDS)[number];
export type Product = (typeof PRODUCTS)[number];
export type LeadStatus = (typeof LEAD_STATUSES)[number];
export type ErasureReason = (typeof ERASURE_REASONS)[number];

export interface Company {
  name: string;
  industry: string;
  sizeBand: SizeBand;
  region: string;
  city: string;
}

export interface Need {
  product: Product;
  users: number;
  description: string;
}

/** The customer's representative: personal data, revealed only through a claim. */
export interface Contact {
  name: string;
  position: string;
  phone: string;
  email: string;
}

/** What anybody may see of a lead: no contact, no company name. */
export interface PublicLead {
  id: string;
  status: LeadStatus;
  company: Omit<Company, 'name'>;
  need: Need;
  publishedAt: Date;
  expiresAt: Date;
  closedAt: Date | null;
}

/**
 * What a claim reveals. The company name belongs to the contact data. Once the contacts are
 * erased (on request or by retention) nothing is left to reveal, and the reader is told so.
 */
export type Disclosure =
  | { erased: false; companyName: string; contact: Contact }
  | { erased: true; companyName: null; contact: null };

export const ERASED: Disclosure = Object.freeze({ erased: true, companyName: null, contact: null });

export interface LeadFilter {
  region?: string;
  industry?: string;
  sizeBand?: string;
  product?: string;
}

export function isOpenAt(lead: Pick<PublicLead, 'status' | 'expiresAt'>, now: Date): boolean {
  return lead.status === 'open' && lead.expiresAt.getTime() > now.getTime();
}

export interface LeadFacets {
  regions: string[];
  industries: string[];
  sizeBands: string[];
  products: string[];
}
