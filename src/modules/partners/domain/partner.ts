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

/** What registering or changing a partner may set; the registry keeps the rest. */
export type PartnerFields = Omit<Partner, 'id' | 'createdAt' | 'updatedAt' | 'portalDomain' | 'claimCap'> & {
  portalDomain?: string | null;
  claimCap?: number | null;
};

/** A new partner; `normalizeDomain` turns the portal address into the registry's form. */
export function newPartner(id: string, fields: PartnerFields, now: Date, normalizeDomain: (d: string) => string | null): Partner {
  return {
    ...fields,
    id,
    portalDomain: fields.portalDomain ? normalizeDomain(fields.portalDomain) : null,
    claimCap: fields.claimCap ?? null,
    createdAt: now,
    updatedAt: now,
  };
}

/** A change applied: a field left out keeps its value, a null clears it. */
export function changedPartner(
  before: Partner,
  changes: Partial<PartnerFields>,
  now: Date,
  normalizeDomain: (d: string) => string | null,
): Partner {
  return {
    ...before,
    ...changes,
    portalDomain: changes.portalDomain === undefined ? before.portalDomain : changes.portalDomain && normalizeDomain(changes.portalDomain),
    claimCap: changes.claimCap === undefined ? before.claimCap : changes.claimCap,
    updatedAt: now,
  };
}
