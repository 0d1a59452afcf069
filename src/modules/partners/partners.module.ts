import { Module } from '@nestjs/common';
import { ComplianceModule } from '../compliance';
import { PartnersController } from './api/partners.controller';
import { CountClaimOutcomesListener } from './application/count-claim-outcomes.listener';
import { FollowPortalMovesListener } from './application/follow-portal-moves.listener';
import { MintPartnerSession } from './application/mint-partner-session';
import { PartnerAccess } from './contract';
import { PartnerDirectory } from './application/partner-directory';
import { PartnerEligibility } from './application/partner-eligibility';
import { RegisterPartner } from './application/register-partner';
import { RegistryPartnerAccess } from './application/registry-partner-access';
import { UpdatePartner } from './application/update-partner';
import { PartnerStatsRepository } from './infrastructure/partner-stats.repository';
import { PartnerRepository } from './infrastructure/partner.repository';

@Module({
  imports: [ComplianceModule],
  controllers: [PartnersController],
  providers: [
    PartnerRepository,
    PartnerStatsRepository,
    RegisterPartner,
    UpdatePartner,
    PartnerDirectory,
    PartnerEligibility,
    MintPartnerSession,
    CountClaimOutcomesListener,
    FollowPortalMovesListener,
    { provide: PartnerAccess, useClass: RegistryPartnerAccess },
  ],
  exports: [PartnerAccess],
})
export class PartnersModule {}
