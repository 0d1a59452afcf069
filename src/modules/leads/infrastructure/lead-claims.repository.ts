import { Injectable } from '@nestjs/common';
import { Tx } from '../../../shared/database/tx';

/**
 * The claims on each lead as the claims module announced them. Events may arrive in any order,
 * so both writes are upserts keyed by claim, and a close is never undone by a late "taken".
 */
@Injectable()
export class LeadClaimsRepository {
  async taken(tx: Tx, claimId: string, leadId: string): Promise<void> {
    await tx.query(
      'INSERT INTO leads.lead_claims (claim_id, lead_id) VALUES ($1, $2) ON CONFLICT (claim_id) DO NOTHING',
      [claimId, leadId],
    );
  }

  async closed(tx: Tx, claimId: string, leadId: string, closedAt: Date): Promise<void> {
    await tx.query(
      `INSERT INTO leads.lead_claims (claim_id, lead_id, closed_at) VALUES ($1, $2, $3)
       ON CONFLICT (claim_id) DO UPDATE SET closed_at = EXCLUDED.closed_at`,
      [claimId, leadId, closedAt],
    );
  }
}
