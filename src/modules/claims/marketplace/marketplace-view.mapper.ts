import { ContactAccess } from '../application/disclose-contacts';
import { PartnerLeadView } from './partner-lead-views';
import { ClaimState } from '../domain/claim';
import { ClaimDetailView, ClaimView, ContactView, LeadView } from './marketplace.views';

export const HIDDEN_CONTACT: ContactView = Object.freeze({ name: null, position: null, phone: null, email: null });

export function toLeadView({ lead, myClaim, disclosure, slotsLeft }: PartnerLeadView): LeadView {
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
  };
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
