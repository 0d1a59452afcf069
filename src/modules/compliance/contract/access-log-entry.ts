export const DISCLOSURE_PURPOSES = ['claim-taken', 'lead-viewed', 'claim-viewed', 'crm-transfer'] as const;
export type DisclosurePurpose = (typeof DISCLOSURE_PURPOSES)[number];

/** One disclosure of a lead's personal data: who received it, when, through which claim and why. */
export interface AccessLogEntry {
  partnerId: string;
  b24UserId: string | null;
  leadId: string;
  claimId: string | null;
  purpose: DisclosurePurpose;
  channel: 'api' | 'bitrix24';
}
