import { Injectable } from '@nestjs/common';
import { portalAddress } from '../../crm-sync/contract';
import { PartnersConfig } from '../partners.config';
import { takeStanding } from '../domain/eligibility';
import { PartnerRepository } from '../infrastructure/partner.repository';
import { PartnerAccess, PartnerStanding } from '../contract';
import { PartnerEligibility } from './partner-eligibility';

@Injectable()
export class RegistryPartnerAccess extends PartnerAccess {
  constructor(
    private readonly partners: PartnerRepository,
    private readonly eligibility: PartnerEligibility,
    private readonly config: PartnersConfig,
  ) {
    super();
  }

  async standing(partnerId: string): Promise<PartnerStanding | null> {
    const partner = await this.partners.find(partnerId);
    if (!partner) return null;
    const eligibility = await this.eligibility.of(partner);
    return {
      partnerId: partner.id,
      name: partner.name,
      eligibility,
      take: takeStanding(eligibility),
      claimCap: partner.claimCap ?? this.config.DEFAULT_CLAIM_CAP,
      portalDomain: partner.portalDomain,
    };
  }

  async claimCap(partnerId: string): Promise<number | null> {
    const partner = await this.partners.find(partnerId);
    return partner ? (partner.claimCap ?? this.config.DEFAULT_CLAIM_CAP) : null;
  }

  async portalDomain(partnerId: string): Promise<string | null> {
    return (await this.partners.find(partnerId))?.portalDomain ?? null;
  }

  withPortalDomain(domain: string): Promise<string[]> {
    const address = portalAddress(domain);
    return address ? this.partners.idsWithPortalDomain(address) : Promise.resolve([]);
  }
}
