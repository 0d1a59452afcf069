import { Injectable } from '@nestjs/common';
import { PartnerPrincipal } from '../../../shared/auth/principal';
import { DomainError, NotFoundError } from '../../../shared/domain/domain-error';
import { decodeCursor, page } from '../../../shared/http/cursor';
import { Clock } from '../../../shared/time/clock';
import { isOpenAt, LeadCatalog, LeadFilter, PublicLead } from '../../leads/contract';
import { PortalStatus, PortalStatusQuery } from '../../crm-sync/contract';
import { PartnerAccess, PartnerStanding } from '../../partners/contract';
import { ClaimsConfig } from '../claims.config';
import { ClaimState } from '../domain/claim';
import { ClaimRepository } from '../infrastructure/claim.repository';
import { ContactAccess, DiscloseContacts } from '../application/disclose-contacts';

export interface PartnerLeadView {
  lead: PublicLead;
  myClaim: ClaimState | null;
  disclosure: ContactAccess | null;
  slotsLeft: number;
  places: { free: number; total: number };
}

export interface PortalState {
  address: string;
  status: PortalStatus | 'not-installed';
}

export interface Capacity {
  limit: number;
  used: number;
}

/**
 * The partner's view of the marketplace. Contacts appear only through the partner's own claim;
 * nothing says whether, or by whom, anybody else took a lead.
 */
@Injectable()
export class PartnerLeadViews {
  constructor(
    private readonly leads: LeadCatalog,
    private readonly claims: ClaimRepository,
    private readonly partners: PartnerAccess,
    private readonly disclose: DiscloseContacts,
    private readonly portals: PortalStatusQuery,
    private readonly clock: Clock,
    private readonly config: ClaimsConfig,
  ) {}

  async list(who: PartnerPrincipal, filter: LeadFilter, limit: number, cursor?: string) {
    const capacity = await this.capacity(who);
    const rows = await this.leads.listOpen(filter, this.clock.now(), decodeCursor(cursor), limit + 1);
    const { items, nextCursor } = page(rows, limit, (l) => ({ at: l.publishedAt, id: l.id }));
    const ids = items.map((l) => l.id);
    const [mine, taken] = await Promise.all([this.claims.ownedForLeads(who.partnerId, ids), this.claims.placesTaken(ids)]);
    const disclosures = await this.disclose.forClaims([...mine.values()], who.b24UserId, 'lead-viewed');
    return {
      capacity,
      nextCursor,
      items: items.map((lead): PartnerLeadView => ({
        lead,
        myClaim: mine.get(lead.id) ?? null,
        disclosure: disclosures.get(lead.id) ?? null,
        slotsLeft: capacity.limit - capacity.used,
        places: this.places(taken.get(lead.id)),
      })),
    };
  }

  facets() {
    return this.leads.openFacets(this.clock.now());
  }

  /** A lead that is no longer open is visible only to partners who took it. */
  async get(who: PartnerPrincipal, leadId: string): Promise<PartnerLeadView> {
    const capacity = await this.capacity(who);
    const lead = await this.leads.find(leadId);
    if (!lead) throw new NotFoundError('Lead');
    const myClaim = (await this.claims.ownedForLeads(who.partnerId, [leadId])).get(leadId) ?? null;
    if (!myClaim && !isOpenAt(lead, this.clock.now())) throw new NotFoundError('Lead');
    const disclosures = myClaim ? await this.disclose.forClaims([myClaim], who.b24UserId, 'lead-viewed') : new Map();
    const taken = await this.claims.placesTaken([leadId]);
    return {
      lead,
      myClaim,
      disclosure: disclosures.get(leadId) ?? null,
      slotsLeft: capacity.limit - capacity.used,
      places: this.places(taken.get(leadId)),
    };
  }

  /** GET /me: the full standing, with the eligibility reasons and the state of the partner's portal. */
  async standing(who: PartnerPrincipal): Promise<{ standing: PartnerStanding; capacity: Capacity; portal: PortalState | null }> {
    const standing = await this.partners.standing(who.partnerId);
    if (!standing) throw unknownPartner();
    const address = standing.portalDomain;
    const portal: PortalState | null = address ? { address, status: (await this.portals.statusAt(address)) ?? 'not-installed' } : null;
    return { standing, portal, capacity: { limit: standing.claimCap, used: await this.claims.activeCount(who.partnerId) } };
  }

  private places(taken = 0): { free: number; total: number } {
    const total = this.config.LEAD_MAX_CLAIMS;
    return { free: Math.max(0, total - taken), total };
  }

  private async capacity(who: PartnerPrincipal): Promise<Capacity> {
    const limit = await this.partners.claimCap(who.partnerId);
    if (limit === null) throw unknownPartner();
    return { limit, used: await this.claims.activeCount(who.partnerId) };
  }
}

const unknownPartner = () => new DomainError('UNAUTHENTICATED', 'The session names a partner that is no longer registered.');
