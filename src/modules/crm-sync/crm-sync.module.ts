import { Module } from '@nestjs/common';
import { RequestDealOnClaimTakenListener } from './application/request-deal-on-claim-taken.listener';
import { DealRequestRepository } from './infrastructure/deal-request.repository';

/** The Bitrix24 application: so far it records which claims need a deal in the partner's CRM. */
@Module({
  providers: [DealRequestRepository, RequestDealOnClaimTakenListener],
})
export class CrmSyncModule {}
