import { Module } from '@nestjs/common';
import { LeadIntakeController } from './api/lead-intake.controller';
import { ExpireLeadsJob } from './application/expire-leads.job';
import { LeadCatalog } from './application/lead-catalog';
import { PublishLead } from './application/publish-lead';
import { WithdrawLead } from './application/withdraw-lead';
import { LeadRepository } from './infrastructure/lead.repository';

@Module({
  controllers: [LeadIntakeController],
  providers: [
    LeadRepository,
    PublishLead,
    WithdrawLead,
    ExpireLeadsJob,
    { provide: LeadCatalog, useExisting: LeadRepository },
  ],
  exports: [LeadCatalog],
})
export class LeadsModule {}
