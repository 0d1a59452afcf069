import { Injectable } from '@nestjs/common';
import { TransactionRunner } from '../../../shared/database/transaction-runner';
import { PortalHealth } from './bitrix24';

/** Failures in a row that open the circuit. */
const FAILURES_TO_OPEN = 5;

/**
 * The circuit per portal, on its row: after FAILURES_TO_OPEN failures in a row the portal is left
 * alone for 10 s, doubling with every further failure up to 10 minutes; one answer closes it.
 */
@Injectable()
export class PgPortalHealth extends PortalHealth {
  constructor(private readonly db: TransactionRunner) {
    super();
  }

  async unavailableUntil(memberId: string): Promise<Date | null> {
    const { rows } = await this.db.query<{ until: Date }>(
      'SELECT unavailable_until AS until FROM crm_sync.portals WHERE member_id = $1 AND unavailable_until > now()',
      [memberId],
    );
    return rows[0]?.until ?? null;
  }

  async failed(memberId: string): Promise<void> {
    await this.db.query(
      `UPDATE crm_sync.portals SET call_failures = call_failures + 1,
         unavailable_until = CASE WHEN call_failures + 1 >= $2
           THEN now() + LEAST(600, 10 * 2 ^ LEAST(call_failures + 1 - $2, 6)) * interval '1 second'
           ELSE unavailable_until END
       WHERE member_id = $1`,
      [memberId, FAILURES_TO_OPEN],
    );
  }

  async answered(memberId: string): Promise<void> {
    await this.db.query(
      `UPDATE crm_sync.portals SET call_failures = 0, unavailable_until = NULL
        WHERE member_id = $1 AND (call_failures > 0 OR unavailable_until IS NOT NULL)`,
      [memberId],
    );
  }
}
