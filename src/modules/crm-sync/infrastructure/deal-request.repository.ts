import { Injectable } from '@nestjs/common';
import { TransactionRunner } from '../../../shared/database/transaction-runner';
import { Tx } from '../../../shared/database/tx';

export interface DealRequest {
  claimId: string;
  partnerId: string;
  leadId: string;
  requestedAt: Date;
  /** The portal the deal goes to, as known when the claim was taken; null until the partner's portal is installed. */
  memberId: string | null;
  /** The Bitrix24 user who took the request (from the app launch): the deal is theirs. */
  takenByUser: string | null;
}

export interface DealRecord extends DealRequest {
  state: 'pending' | 'created' | 'failed' | 'no_portal';
  memberId: string | null;
  dealId: string | null;
  closedAt: Date | null;
  dealDeletedAt: Date | null;
  noProofNoticedAt: Date | null;
  erasureNoticedAt: Date | null;
}

interface Row {
  claim_id: string;
  partner_id: string;
  lead_id: string;
  requested_at: Date;
  state: DealRecord['state'];
  member_id: string | null;
  deal_id: string | null;
  closed_at: Date | null;
  deal_deleted_at: Date | null;
  no_proof_noticed_at: Date | null;
  erasure_noticed_at: Date | null;
  taken_by_user: string | null;
}

/** One row per taken claim: the deal it owes in the partner's CRM, and whether it is still followed. */
@Injectable()
export class DealRequestRepository {
  constructor(private readonly db: TransactionRunner) {}

  async enqueue(tx: Tx, request: DealRequest): Promise<void> {
    await tx.query(
      `INSERT INTO crm_sync.deal_requests (claim_id, partner_id, lead_id, state, requested_at, member_id, taken_by_user)
       VALUES ($1, $2, $3, 'pending', $4, $5, $6) ON CONFLICT (claim_id) DO NOTHING`,
      [request.claimId, request.partnerId, request.leadId, request.requestedAt, request.memberId, request.takenByUser],
    );
  }

  async find(claimId: string): Promise<DealRecord | null> {
    const { rows } = await this.db.query<Row>('SELECT * FROM crm_sync.deal_requests WHERE claim_id = $1', [claimId]);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async findByDeal(memberId: string, dealId: string): Promise<DealRecord | null> {
    const { rows } = await this.db.query<Row>(
      'SELECT * FROM crm_sync.deal_requests WHERE member_id = $1 AND deal_id = $2',
      [memberId, dealId],
    );
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async markCreated(tx: Tx, claimId: string, memberId: string, dealId: string): Promise<void> {
    await tx.query(
      `UPDATE crm_sync.deal_requests SET state = 'created', member_id = $2, deal_id = $3, last_error = NULL
       WHERE claim_id = $1`,
      [claimId, memberId, dealId],
    );
  }

  /** The portal the deal goes to, found later than the take (the portal was installed afterwards). */
  async assignPortal(claimId: string, memberId: string): Promise<void> {
    await this.db.query(`UPDATE crm_sync.deal_requests SET member_id = $2 WHERE claim_id = $1 AND state <> 'created'`, [
      claimId, memberId,
    ]);
  }

  /** No installed portal to send the deal to: it waits for one (see reopenWaiting). */
  async markWaitingForPortal(claimId: string): Promise<void> {
    await this.db.query(
      `UPDATE crm_sync.deal_requests SET state = 'no_portal', member_id = NULL WHERE claim_id = $1 AND state = 'pending'`,
      [claimId],
    );
  }

  /** The partners' portal `memberId` is installed: their waiting requests go to it. */
  async reopenWaiting(tx: Tx, partnerIds: string[], memberId: string): Promise<string[]> {
    const { rows } = await tx.query<{ claim_id: string }>(
      `UPDATE crm_sync.deal_requests SET state = 'pending', member_id = $2
       WHERE state = 'no_portal' AND closed_at IS NULL AND partner_id = ANY($1) RETURNING claim_id`,
      [partnerIds, memberId],
    );
    return rows.map((r) => r.claim_id);
  }

  /** A request that can never be fulfilled: it is closed so no retry or reconciliation asks again. */
  async abandon(claimId: string, reason: string): Promise<void> {
    await this.db.query(
      `UPDATE crm_sync.deal_requests SET state = 'failed', last_error = $2, closed_at = now() WHERE claim_id = $1`,
      [claimId, reason],
    );
  }

  async recordFailure(claimId: string, error: string): Promise<void> {
    await this.db.query(
      'UPDATE crm_sync.deal_requests SET attempts = attempts + 1, last_error = $2 WHERE claim_id = $1',
      [claimId, error.slice(0, 500)],
    );
  }

  /** The "fill in the portal address" comment goes once per deal. */
  async markNoProofNoticed(claimId: string, now: Date): Promise<void> {
    await this.db.query(
      'UPDATE crm_sync.deal_requests SET no_proof_noticed_at = $2 WHERE claim_id = $1 AND no_proof_noticed_at IS NULL',
      [claimId, now],
    );
  }

  /** Every claim on a lead that owes or has a deal: all of them hear about an erasure. */
  async claimsOfLead(tx: Tx, leadId: string): Promise<string[]> {
    const { rows } = await tx.query<{ claim_id: string }>('SELECT claim_id FROM crm_sync.deal_requests WHERE lead_id = $1', [
      leadId,
    ]);
    return rows.map((r) => r.claim_id);
  }

  /** The "delete the customer's data" comment goes once per deal. */
  async markErasureNoticed(claimId: string, now: Date): Promise<void> {
    await this.db.query(
      'UPDATE crm_sync.deal_requests SET erasure_noticed_at = $2 WHERE claim_id = $1 AND erasure_noticed_at IS NULL',
      [claimId, now],
    );
  }

  async markDealDeleted(tx: Tx, claimId: string, now: Date): Promise<boolean> {
    const { rowCount } = await tx.query(
      'UPDATE crm_sync.deal_requests SET deal_deleted_at = $2 WHERE claim_id = $1 AND deal_deleted_at IS NULL',
      [claimId, now],
    );
    return rowCount === 1;
  }

  async markClosed(tx: Tx, claimId: string, now: Date): Promise<void> {
    await tx.query('UPDATE crm_sync.deal_requests SET closed_at = $2 WHERE claim_id = $1 AND closed_at IS NULL', [claimId, now]);
  }

  /** Portals with deals whose claims are still active: the reconciliation re-reads them. */
  async portalsFollowed(): Promise<string[]> {
    const { rows } = await this.db.query<{ member_id: string }>(
      `SELECT DISTINCT member_id FROM crm_sync.deal_requests
       WHERE state = 'created' AND closed_at IS NULL AND deal_deleted_at IS NULL`,
    );
    return rows.map((r) => r.member_id);
  }

  /** The deals followed on one portal, oldest first. */
  async followedOn(memberId: string): Promise<Array<{ claimId: string; dealId: string }>> {
    const { rows } = await this.db.query<{ claim_id: string; deal_id: string }>(
      `SELECT claim_id, deal_id FROM crm_sync.deal_requests
       WHERE member_id = $1 AND state = 'created' AND closed_at IS NULL AND deal_deleted_at IS NULL
       ORDER BY requested_at, claim_id`,
      [memberId],
    );
    return rows.map((r) => ({ claimId: r.claim_id, dealId: r.deal_id }));
  }

  /** Requests still owing a deal (a lost job, a portal that was down for longer than the retries). */
  async pending(): Promise<Array<{ claimId: string; memberId: string | null }>> {
    const { rows } = await this.db.query<{ claim_id: string; member_id: string | null }>(
      `SELECT claim_id, member_id FROM crm_sync.deal_requests WHERE state IN ('pending', 'failed') AND closed_at IS NULL`,
    );
    return rows.map((r) => ({ claimId: r.claim_id, memberId: r.member_id }));
  }
}

function toRecord(r: Row): DealRecord {
  return {
    claimId: r.claim_id,
    partnerId: r.partner_id,
    leadId: r.lead_id,
    requestedAt: r.requested_at,
    state: r.state,
    memberId: r.member_id,
    dealId: r.deal_id,
    closedAt: r.closed_at,
    dealDeletedAt: r.deal_deleted_at,
    noProofNoticedAt: r.no_proof_noticed_at,
    erasureNoticedAt: r.erasure_noticed_at,
    takenByUser: r.taken_by_user,
  };
}
