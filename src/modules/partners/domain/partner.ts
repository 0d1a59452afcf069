export const CONTRACT_STATUSES = ['active', 'blocked', 'terminated'] as const;
export type ContractStatus = (typeof CONTRACT_STATUSES)[number];

export interface Partner {
  id: string;
  name: string;
  contractNumber: string;
  contractStatus: ContractStatus;
  websiteUrl: string;
  offerPageUrl: string;
  portalDomain: string | null;
  /** null: the service-wide default applies. */
  claimCap: number | null;
  createdAt: Date;
  updatedAt: Date;
}
