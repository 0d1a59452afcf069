import { Injectable } from '@nestjs/common';
import { PartnerAccess } from '../../partners/contract';
import { PortalRepository } from '../infrastructure/portal.repository';

/** The installed portal a partner's deals go to: the one on the partner's registered domain. */
@Injectable()
export class PartnerPortal {
  constructor(
    private readonly partners: PartnerAccess,
    private readonly portals: PortalRepository,
  ) {}

  async memberIdOf(partnerId: string): Promise<string | null> {
    const domain = await this.partners.portalDomain(partnerId);
    return domain ? this.portals.installedMemberIdByDomain(domain) : null;
  }
}
