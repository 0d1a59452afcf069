import { Injectable } from '@nestjs/common';
import { TransactionRunner } from '../../../shared/database/transaction-runner';
import { SqlConditions } from '../../../shared/database/sql-conditions';
import { Tx } from '../../../shared/database/tx';
import { AccessLog } from '../contract';
import { AccessLogEntry } from '../contract';

export interface AccessLogFilter {
  leadId?: string;
  partnerId?: string;
  from?: Date;
  to?: Date;
  beforeId?: string;
}

export interface AccessLogQuery extends AccessLogFilter {
  limit: number;
}

export interface AccessLogRecord extends AccessLogEntry {
  id: string;
  at: Date;
}

@Injectable()
export class AccessLogRepository extends AccessLog {
  constructor(private readonly db: TransactionRunner) {
    super();
  }

  async record(tx: Tx, at: Date, entries: AccessLogEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await tx.query(
      `INSERT INTO compliance.access_log (at, partner_id, b24_user_id, lead_id, claim_id, purpose, channel)
       SELECT $1, * FROM unnest($2::uuid[], $3::text[], $4::uuid[], $5::uuid[], $6::text[], $7::text[])`,
      [
        at,
        entries.map((e) => e.partnerId),
        entries.map((e) => e.b24UserId),
        entries.map((e) => e.leadId),
        entries.map((e) => e.claimId),
        entries.map((e) => e.purpose),
        entries.map((e) => e.channel),
      ],
    );
  }

  /**
   * Every matching record, newest first, in batches: each batch is one keyset query, so an export
   * of any size holds neither a connection nor more than one batch in memory.
   */
  async *scan(filter: AccessLogFilter, batchSize: number): AsyncGenerator<AccessLogRecord[]> {
    let beforeId = filter.beforeId;
    for (;;) {
      const batch = await this.search({ ...filter, beforeId, limit: batchSize });
      if (batch.length > 0) yield batch;
      if (batch.length < batchSize) return;
      beforeId = batch[batch.length - 1].id;
    }
  }

  /** Newest first, keyset-paged by id (ids grow with time). */
  async search(q: AccessLogQuery): Promise<AccessLogRecord[]> {
    const conditions = new SqlConditions();
    if (q.leadId) conditions.add('lead_id = ?', q.leadId);
    if (q.partnerId) conditions.add('partner_id = ?', q.partnerId);
    if (q.from) conditions.add('at >= ?', q.from);
    if (q.to) conditions.add('at < ?', q.to);
    if (q.beforeId) conditions.add('id < ?', q.beforeId);
    const { rows } = await this.db.query<{
      id: string;
      at: Date;
      partner_id: string;
      b24_user_id: string | null;
      lead_id: string;
      claim_id: string | null;
      purpose: AccessLogEntry['purpose'];
      channel: AccessLogEntry['channel'];
    }>(
      `SELECT id, at, partner_id, b24_user_id, lead_id, claim_id, purpose, channel FROM compliance.access_log
       ${conditions.where()} ORDER BY id DESC LIMIT ${conditions.param(q.limit)}`,
      conditions.values,
    );
    return rows.map((r) => ({
      id: r.id,
      at: r.at,
      partnerId: r.partner_id,
      b24UserId: r.b24_user_id,
      leadId: r.lead_id,
      claimId: r.claim_id,
      purpose: r.purpose,
      channel: r.channel,
    }));
  }
}
