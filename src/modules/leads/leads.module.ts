import { Module } from '@nestjs/common';
import { ComplianceModule } from '../compliance';
import { LeadIntakeController } from './api/lead-intake.controller';
import { OperatorLeadConsentController } from './api/operator-lead-consent.controller';
import { EraseLead } from './application/erase-lead';
import { ExpireLeadsTask } from './application/expire-leads.task';
import { FollowClaimsListener } from './application/follow-claims.listener';
import { LeadCatalog } from './contract';
import { PublishLead } from './application/publish-lead';
import { RetainContactsTask } from './application/retain-contacts.task';
import { WithdrawLead } from './application/withdraw-lead';
import { ContactSealing } from './infrastructure/contact-sealing';
import { LeadClaimsRepository } from './infrastructure/lead-claims.repository';
import { LeadErasureRepository } from './infrastructure/lead-erasure.repository';
import { LeadConsentQuery } from './infrastructure/lead-consent.query';
import { LeadRepository } from './infrastructure/lead.repository';

@Module({
  imports: [ComplianceModule],
  controllers: [LeadIntakeController, OperatorLeadConsentController],
  providers: [
    ContactSealing,
    LeadRepository,
    LeadConsentQuery,
    LeadErasureRepository,
    LeadClaimsRepository,
    PublishLead,
    WithdrawLead,
    EraseLead,
    ExpireLeadsTask,
    RetainContactsTask,
    FollowClaimsListener,
    { provide: LeadCatalog, useExisting: LeadRepository },
  ],
  exports: [LeadCatalog],
})
export class LeadsModule {}
