import { Module } from '@nestjs/common';
import { ComplianceModule } from '../compliance';
import { LeadsModule } from '../leads';
import { PartnersModule } from '../partners';
import { OperatorClaimsController } from './api/operator-claims.controller';
import { PartnerClaimsController } from './marketplace/partner-claims.controller';
import { PartnerLeadsController } from './marketplace/partner-leads.controller';
import { CloseClaim } from './application/close-claim';
import { DiscloseContacts } from './application/disclose-contacts';
import { FollowCrmDealsListener } from './application/follow-crm-deals.listener';
import { PartnerClaimViews } from './marketplace/partner-claim-views';
import { PartnerLeadViews } from './marketplace/partner-lead-views';
import { TakeClaim } from './application/take-claim';
import { ClaimRepository } from './infrastructure/claim.repository';

@Module({
  imports: [PartnersModule, LeadsModule, ComplianceModule],
  controllers: [PartnerLeadsController, PartnerClaimsController, OperatorClaimsController],
  providers: [
    ClaimRepository,
    TakeClaim,
    CloseClaim,
    DiscloseContacts,
    PartnerLeadViews,
    PartnerClaimViews,
    FollowCrmDealsListener,
  ],
})
export class ClaimsModule {}
