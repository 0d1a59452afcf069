import { Injectable } from '@nestjs/common';
import { TransactionRunner } from '../../../shared/database/transaction-runner';
import { AccessLogExport } from '../domain/access-log-export';

/** Who read or exported the access log, with which filters; append-only like the log itself. */
@Injectable()
export class AccessLogExportsRepository {
  constructor(private readonly db: TransactionRunner) {}

  async record(e: AccessLogExport): Promise<void> {
    await this.db.query(
      'INSERT INTO compliance.access_log_exports (at, client_id, role, format, filters) VALUES ($1, $2, $3, $4, $5)',
      [e.at, e.clientId, e.role, e.format, JSON.stringify(e.filters)],
    );
  }
}
