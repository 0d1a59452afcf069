import { Injectable } from '@nestjs/common';
import { PartnerPrincipal } from '../../../shared/auth/principal';
import { NotFoundError } from '../../../shared/domain/domain-error';
import { decodeCursor, page } from '../../../shared/http/cursor';
import { LeadCatalog, PublicLead } from '../../leads/contract';
import { ClaimState } from '../domain/claim';
import { ClaimRepository } from '../infrastructure/claim.repository';
import { ContactAccess, DiscloseContacts } from '../application/disclose-contacts';

/** A partner's own claims; another partner's claim does not exist for them (404). */
@Injectable()
export class PartnerClaimViews {
  constructor(
    private readonly claims: ClaimRepository,
    private readonly disclose: DiscloseContacts,
    private readonly leads: LeadCatalog,
  ) {}

  /** Each claim with the request it is for (never its contacts: the list is no disclosure). */
  async list(who: PartnerPrincipal, limit: number, cursor?: string) {
    const rows = await this.claims.listOwned(who.partnerId, decodeCursor(cursor), limit + 1);
    const { items, nextCursor } = page(rows, limit, (c) => ({ at: c.takenAt, id: c.id }));
    const leads = await this.leads.findMany(items.map((c) => c.leadId));
    return { nextCursor, items: items.map((claim): { claim: ClaimState; lead: PublicLead | null } => ({ claim, lead: leads.get(claim.leadId) ?? null })) };
  }

  /** The claim and its deal without the contacts: what the app page polls while a deal is made. */
  async state(who: PartnerPrincipal, claimId: string): Promise<{ claim: ClaimState; lead: PublicLead | null }> {
    const claim = await this.claims.findOwned(who.partnerId, claimId);
    if (!claim) throw new NotFoundError('Claim');
    return { claim, lead: await this.leads.find(claim.leadId) };
  }

  async get(who: PartnerPrincipal, claimId: string): Promise<{ claim: ClaimState; disclosure: ContactAccess }> {
    const claim = await this.claims.findOwned(who.partnerId, claimId);
    if (!claim) throw new NotFoundError('Claim');
    const disclosures = await this.disclose.forClaims([claim], who.b24UserId, 'claim-viewed');
    return { claim, disclosure: disclosures.get(claim.leadId)! };
  }
}
