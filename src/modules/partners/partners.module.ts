import { Module } from '@nestjs/common';
import { ComplianceModule } from '../compliance';
import { PartnerImportController } from './api/partner-import.controller';
import { PartnersController } from './api/partners.controller';
import { CountClaimOutcomesListener } from './application/count-claim-outcomes.listener';
import { FollowPortalMovesListener } from './application/follow-portal-moves.listener';
import { ImportPartners } from './application/import-partners';
import { MintPartnerSession } from './application/mint-partner-session';
import { PartnerAccess } from './contract';
import { PartnerDirectory } from './application/partner-directory';
import { PartnerEligibility } from './application/partner-eligibility';
import { RegisterPartner } from './application/register-partner';
import { RegistryPartnerAccess } from './application/registry-partner-access';
import { UpdatePartner } from './application/update-partner';
import { PartnerStatsRepository } from './infrastructure/partner-stats.repository';
import { PartnerRepository } from './infrastructure/partner.repository';
import { EligibilityRepository } from './infrastructure/eligibility.repository';
import { EligibilityVerdict } from './application/eligibility-verdict';
import { AuditPartner } from './application/audit-partner';
import { AuditAllPartnersTask } from './application/audit-all-partners.task';
import { AuditOnChangeListener } from './application/audit-on-change.listener';
import { OfferPageAudit } from './application/offer-page-audit';
import { PartnerEligibilityQueries } from './application/partner-eligibility-queries';
import { PartnerEligibilityController } from './api/partner-eligibility.controller';

@Module({
  imports: [ComplianceModule],
  controllers: [PartnersController, PartnerImportController, PartnerEligibilityController],
  providers: [
    PartnerRepository,
    PartnerStatsRepository,
    RegisterPartner,
    UpdatePartner,
    ImportPartners,
    PartnerDirectory,
    PartnerEligibility,
    EligibilityRepository,
    EligibilityVerdict,
    AuditPartner,
    AuditAllPartnersTask,
    AuditOnChangeListener,
    OfferPageAudit,
    PartnerEligibilityQueries,
    MintPartnerSession,
    CountClaimOutcomesListener,
    FollowPortalMovesListener,
    { provide: PartnerAccess, useClass: RegistryPartnerAccess },
  ],
  exports: [PartnerAccess],
})
export class PartnersModule {}
