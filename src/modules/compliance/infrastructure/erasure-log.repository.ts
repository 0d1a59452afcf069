import { Injectable } from '@nestjs/common';
import { Tx } from '../../../shared/database/tx';
import { ErasureLog } from '../contract';
import { ErasureRecord } from '../contract';

/** compliance.erasures refuses UPDATE, DELETE and TRUNCATE through the access log's trigger function. */
@Injectable()
export class ErasureLogRepository extends ErasureLog {
  async record(tx: Tx, entries: ErasureRecord[]): Promise<void> {
    if (entries.length === 0) return;
    await tx.query(
      `INSERT INTO compliance.erasures (at, lead_id, reason, requested_by)
       SELECT * FROM unnest($1::timestamptz[], $2::uuid[], $3::text[], $4::text[])`,
      [entries.map((e) => e.at), entries.map((e) => e.leadId), entries.map((e) => e.reason), entries.map((e) => e.requestedBy)],
    );
  }
}
