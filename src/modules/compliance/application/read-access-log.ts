import { Injectable } from '@nestjs/common';
import { OperatorPrincipal } from '../../../shared/auth/principal';
import { Clock } from '../../../shared/time/clock';
import { AccessLogFormat } from '../domain/access-log-export';
import { AccessLogExportsRepository } from '../infrastructure/access-log-exports.repository';
import { AccessLogFilter, AccessLogQuery, AccessLogRecord, AccessLogRepository } from '../infrastructure/access-log.repository';

const EXPORT_BATCH = 1000;

/** Reads of the access log; each one is itself recorded (who, which filters, when) before any row is served. */
@Injectable()
export class ReadAccessLog {
  constructor(
    private readonly log: AccessLogRepository,
    private readonly exports: AccessLogExportsRepository,
    private readonly clock: Clock,
  ) {}

  async page(who: OperatorPrincipal, q: AccessLogQuery): Promise<{ items: AccessLogRecord[]; nextCursor: string | null }> {
    await this.recordRead(who, 'json', q);
    const rows = await this.log.search({ ...q, limit: q.limit + 1 });
    const items = rows.slice(0, q.limit);
    return { items, nextCursor: rows.length > q.limit ? items[items.length - 1].id : null };
  }

  /** Every matching record, newest first, in batches the caller writes out as they come. */
  async export(who: OperatorPrincipal, filter: AccessLogFilter, format: AccessLogFormat): Promise<AsyncGenerator<AccessLogRecord[]>> {
    await this.recordRead(who, format, filter);
    return this.log.scan(filter, EXPORT_BATCH);
  }

  private recordRead(who: OperatorPrincipal, format: AccessLogFormat, q: AccessLogFilter & { limit?: number }): Promise<void> {
    const filters: Record<string, string | number> = {};
    if (q.leadId) filters.leadId = q.leadId;
    if (q.partnerId) filters.partnerId = q.partnerId;
    if (q.from) filters.from = q.from.toISOString();
    if (q.to) filters.to = q.to.toISOString();
    if (q.beforeId) filters.cursor = q.beforeId;
    if (q.limit !== undefined) filters.limit = q.limit;
    return this.exports.record({ at: this.clock.now(), clientId: who.clientId, role: who.role, format, filters });
  }
}
