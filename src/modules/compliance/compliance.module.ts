import { Module } from '@nestjs/common';
import { AccessLogController } from './api/access-log.controller';
import { PdAgreementsController } from './api/pd-agreements.controller';
import { AccessLog } from './contract';
import { ErasureLog } from './contract';
import { PdAgreements, PdAgreementStatus } from './contract';
import { FollowPortalAddressesListener } from './application/follow-portal-addresses.listener';
import { PublishPdAgreement } from './application/publish-pd-agreement';
import { ReadAccessLog } from './application/read-access-log';
import { AccessLogExportsRepository } from './infrastructure/access-log-exports.repository';
import { AccessLogRepository } from './infrastructure/access-log.repository';
import { ErasureLogRepository } from './infrastructure/erasure-log.repository';
import { PdAgreementRepository } from './infrastructure/pd-agreement.repository';

@Module({
  controllers: [AccessLogController, PdAgreementsController],
  providers: [
    FollowPortalAddressesListener,
    AccessLogRepository,
    AccessLogExportsRepository,
    PdAgreementRepository,
    ReadAccessLog,
    PublishPdAgreement,
    { provide: AccessLog, useExisting: AccessLogRepository },
    { provide: ErasureLog, useClass: ErasureLogRepository },
    { provide: PdAgreements, useExisting: PdAgreementRepository },
    { provide: PdAgreementStatus, useExisting: PdAgreementRepository },
  ],
  exports: [AccessLog, ErasureLog, PdAgreements, PdAgreementStatus],
})
export class ComplianceModule {}
