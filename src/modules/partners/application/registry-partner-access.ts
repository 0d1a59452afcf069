import { Injectable } from '@nestjs/common';
import { AppConfig } from '../../../config/app-config';
import { Clock } from '../../../shared/time/clock';
import { PdAgreementStatus } from '../../compliance';
import { evaluateEligibility } from '../domain/eligibility';
import { normalizePortalDomain } from '../domain/portal-domain';
import { PartnerRepository } from '../infrastructure/partner.repository';
import { PartnerAccess, PartnerStanding } from './partner-access';

@Injectable()
export class RegistryPartnerAccess extends PartnerAccess {
  constructor(
    private readonly partners: PartnerRepository,
    private readonly pdAgreement: PdAgreementStatus,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {
    super();
  }

  async standing(partnerId: string): Promise<PartnerStanding | null> {
    const partner = await this.partners.find(partnerId);
    if (!partner) return null;
    // Asked on every standing, not cached: a version may take effect at any moment.
    const pd = await this.pdAgreement.checkPortalDomain(partner.portalDomain, this.clock.now());
    return {
      partnerId: partner.id,
      name: partner.name,
      eligibility: evaluateEligibility(partner, pd),
      claimCap: partner.claimCap ?? this.config.DEFAULT_CLAIM_CAP,
      portalDomain: partner.portalDomain,
    };
  }

  withPortalDomain(domain: string): Promise<string[]> {
    return this.partners.idsWithPortalDomain(normalizePortalDomain(domain));
  }
}
