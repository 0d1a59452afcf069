import { Controller, Get, Headers, Query, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Readable } from 'node:stream';
import { Access, CurrentPrincipal } from '../../../shared/auth/access.decorator';
import { OperatorPrincipal } from '../../../shared/auth/principal';
import { ApiProblems } from '../../../shared/http/api-problems.decorator';
import { ReadAccessLog } from '../application/read-access-log';
import { AccessLogFormat } from '../domain/access-log-export';
import { csvChunks, ndjsonChunks, toRecordView } from './access-log-stream';
import { AccessLogPageView, AccessLogQueryDto } from './access-log.dto';

const STREAMED = {
  csv: { type: 'text/csv; charset=utf-8', chunks: csvChunks },
  ndjson: { type: 'application/x-ndjson; charset=utf-8', chunks: ndjsonChunks },
};

@ApiTags('compliance (operator, auditor)')
@Controller('compliance/access-log')
export class AccessLogController {
  constructor(private readonly log: ReadAccessLog) {}

  @Get()
  @Access('operator', 'auditor')
  @ApiOperation({
    summary: 'Who received which lead\'s personal data, when and why (newest first)',
    description:
      'JSON is paged (limit, cursor). CSV (`?format=csv` or `Accept: text/csv`) and NDJSON (`?format=ndjson` or ' +
      '`Accept: application/x-ndjson`) stream every matching record without paging. Every read is itself recorded.',
  })
  @ApiProduces('application/json', 'text/csv', 'application/x-ndjson')
  @ApiOkResponse({ type: AccessLogPageView })
  @ApiProblems(400, 401, 403)
  async search(
    @Query() q: AccessLogQueryDto,
    @CurrentPrincipal() who: OperatorPrincipal,
    @Headers('accept') accept?: string,
  ): Promise<AccessLogPageView | StreamableFile> {
    const filter = {
      leadId: q.leadId,
      partnerId: q.partnerId,
      from: q.from ? new Date(q.from) : undefined,
      to: q.to ? new Date(q.to) : undefined,
      beforeId: q.cursor,
    };
    const format = q.format ?? negotiated(accept);
    if (format === 'json') {
      const { items, nextCursor } = await this.log.page(who, { ...filter, limit: q.limit });
      return { items: items.map(toRecordView), nextCursor };
    }
    const { type, chunks } = STREAMED[format];
    const batches = await this.log.export(who, filter, format);
    return new StreamableFile(Readable.from(chunks(batches)), {
      type,
      disposition: `attachment; filename="access-log.${format}"`,
    });
  }
}

function negotiated(accept: string | undefined): AccessLogFormat {
  if (accept?.includes('text/csv')) return 'csv';
  if (accept?.includes('application/x-ndjson')) return 'ndjson';
  return 'json';
}
