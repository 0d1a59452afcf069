import { Injectable } from '@nestjs/common';
import { Tx } from '../../../shared/database/tx';

export interface DealRequest {
  claimId: string;
  partnerId: string;
  leadId: string;
  requestedAt: Date;
}

@Injectable()
export class DealRequestRepository {
  async enqueue(tx: Tx, request: DealRequest): Promise<void> {
    await tx.query(
      `INSERT INTO crm_sync.deal_requests (claim_id, partner_id, lead_id, state, requested_at)
       VALUES ($1, $2, $3, 'pending', $4) ON CONFLICT (claim_id) DO NOTHING`,
      [request.claimId, request.partnerId, request.leadId, request.requestedAt],
    );
  }
}
