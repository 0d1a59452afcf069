import { Module } from '@nestjs/common';
import { AccessLogController } from './api/access-log.controller';
import { AccessLog } from './application/access-log';
import { PdAgreements } from './application/pd-agreements';
import { AccessLogRepository } from './infrastructure/access-log.repository';
import { PdAcceptanceRepository } from './infrastructure/pd-acceptance.repository';

@Module({
  controllers: [AccessLogController],
  providers: [
    AccessLogRepository,
    PdAcceptanceRepository,
    { provide: AccessLog, useExisting: AccessLogRepository },
    { provide: PdAgreements, useExisting: PdAcceptanceRepository },
  ],
  exports: [AccessLog, PdAgreements],
})
export class ComplianceModule {}
