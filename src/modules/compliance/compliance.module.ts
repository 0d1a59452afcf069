import { Module } from '@nestjs/common';
import { AccessLogController } from './api/access-log.controller';
import { AccessLog } from './application/access-log';
import { AccessLogRepository } from './infrastructure/access-log.repository';

@Module({
  controllers: [AccessLogController],
  providers: [AccessLogRepository, { provide: AccessLog, useExisting: AccessLogRepository }],
  exports: [AccessLog],
})
export class ComplianceModule {}
