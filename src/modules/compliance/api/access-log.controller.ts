import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access } from '../../../shared/auth/access.decorator';
import { ApiProblems } from '../../../shared/http/api-problems.decorator';
import { AccessLogRepository } from '../infrastructure/access-log.repository';
import { AccessLogPageView, AccessLogQueryDto } from './access-log.dto';

@ApiTags('compliance (operator, auditor)')
@Controller('compliance/access-log')
export class AccessLogController {
  constructor(private readonly log: AccessLogRepository) {}

  @Get()
  @Access('operator', 'auditor')
  @ApiOperation({ summary: 'Who received which lead\'s personal data, when and why (newest first)' })
  @ApiOkResponse({ type: AccessLogPageView })
  @ApiProblems(400, 401, 403)
  async search(@Query() q: AccessLogQueryDto): Promise<AccessLogPageView> {
    const rows = await this.log.search({
      leadId: q.leadId,
      partnerId: q.partnerId,
      from: q.from ? new Date(q.from) : undefined,
      to: q.to ? new Date(q.to) : undefined,
      beforeId: q.cursor,
      limit: q.limit + 1,
    });
    const items = rows.slice(0, q.limit);
    return {
      items: items.map((r) => ({ ...r, at: r.at.toISOString() })),
      nextCursor: rows.length > q.limit ? items[items.length - 1].id : null,
    };
  }
}
