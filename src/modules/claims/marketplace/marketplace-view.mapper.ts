import { ContactAccess } from '../application/disclose-contacts';
import { PartnerLeadView } from './partner-lead-views';
import { DEAL_PROOF_FIELD_LABEL } from '../../crm-sync/contract';
import { ClaimState } from '../domain/claim';
import { PublicLead } from '../../leads/contract';
import { ClaimDetailView, ClaimView, ContactView, LeadView, PartnerClaimView } from './marketplace.views';

export const HIDDEN_CONTACT: ContactView = Object.freeze({ name: null, position: null, phone: null, email: null });

export function toLeadView({ lead, myClaim, disclosure, slotsLeft, places }: PartnerLeadView): LeadView {
  return {
    id: lead.id,
    publishedAt: lead.publishedAt.toISOString(),
    expiresAt: lead.expiresAt.toISOString(),
    company: { ...lead.company, name: disclosure?.companyName ?? null },
    need: lead.need,
    contact: contactView(disclosure),
    erased: disclosure?.erased ?? false,
    accessExpired: disclosure?.accessExpired ?? false,
    claimedByMe: myClaim !== null,
    myClaimId: myClaim?.id ?? null,
    slotsLeft,
    places,
  };
}

export function toClaimView(c: ClaimState): ClaimView {
  return {
    id: c.id,
    leadId: c.leadId,
    status: c.status,
    takenAt: c.takenAt.toISOString(),
    closedAt: c.closedAt?.toISOString() ?? null,
    closeReason: c.closeReason,
    portalAddress: c.portalAddress,
    licenseKey: c.licenseKey,
    deal: c.deal && { id: c.deal.id, url: c.deal.url, deleted: c.deal.deletedAt !== null },
    takenBy: c.takenByUser ? { userId: c.takenByUser, name: c.takenByName } : null,
    awaitingProof:
      c.status === 'active' && c.proofRequestedAt ? { since: c.proofRequestedAt.toISOString(), fieldLabel: DEAL_PROOF_FIELD_LABEL } : null,
  };
}

export function toPartnerClaimView({ claim, lead }: { claim: ClaimState; lead: PublicLead | null }): PartnerClaimView {
  const request = lead && {
    region: lead.company.region,
    city: lead.company.city,
    industry: lead.company.industry,
    product: lead.need.product,
    users: lead.need.users,
  };
  return { ...toClaimView(claim), request };
}

export function toClaimDetailView(c: ClaimState, disclosure: ContactAccess): ClaimDetailView {
  return {
    ...toClaimView(c),
    companyName: disclosure.companyName,
    contact: contactView(disclosure),
    erased: disclosure.erased,
    accessExpired: disclosure.accessExpired,
  };
}

function contactView(disclosure: ContactAccess | null): ContactView {
  return disclosure?.contact ? { ...disclosure.contact } : { ...HIDDEN_CONTACT };
}
