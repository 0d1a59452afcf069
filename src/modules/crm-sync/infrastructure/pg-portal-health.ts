import { Injectable, Logger } from '@nestjs/common';
import { TransactionRunner } from '../../../shared/database/transaction-runner';
import { PortalHealth } from './bitrix24';

/** Failures in a row that open the circuit. */
const FAILURES_TO_OPEN = 5;
/** Refusals of our grant in a row that suspend the portal (a single one may be a race with a refresh elsewhere). */
const REFUSALS_TO_SUSPEND = 3;

/**
 * The circuit per portal, on its row: after FAILURES_TO_OPEN failures in a row the portal is left
 * alone for 10 s, doubling with every further failure up to 10 minutes; one answer closes it. After
 * REFUSALS_TO_SUSPEND refusals of our grant the portal is suspended: no deals or jobs go to it
 * until it installs the app again.
 */
@Injectable()
export class PgPortalHealth extends PortalHealth {
  private readonly logger = new Logger(PgPortalHealth.name);

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

  async refused(memberId: string): Promise<void> {
    const { rows } = await this.db.query<{ status: string }>(
      `UPDATE crm_sync.portals SET auth_failures = auth_failures + 1,
         status = CASE WHEN auth_failures + 1 >= $2 THEN 'suspended' ELSE status END,
         suspended_at = CASE WHEN auth_failures + 1 >= $2 THEN now() ELSE suspended_at END
       WHERE member_id = $1 AND status = 'installed' RETURNING status`,
      [memberId, REFUSALS_TO_SUSPEND],
    );
    if (rows[0]?.status === 'suspended') this.logger.warn({ memberId }, 'portal suspended: Bitrix24 keeps refusing our grant');
  }

  async answered(memberId: string): Promise<void> {
    await this.db.query(
      `UPDATE crm_sync.portals SET call_failures = 0, unavailable_until = NULL, auth_failures = 0
        WHERE member_id = $1 AND (call_failures > 0 OR unavailable_until IS NOT NULL OR auth_failures > 0)`,
      [memberId],
    );
  }
}
