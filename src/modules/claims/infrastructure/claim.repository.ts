import { Injectable } from '@nestjs/common';
import { TransactionRunner } from '../../../shared/database/transaction-runner';
import { Tx } from '../../../shared/database/tx';
import { DomainError } from '../../../shared/domain/domain-error';
import { Cursor } from '../../../shared/http/cursor';
import { Claim, ClaimState } from '../domain/claim';

interface ClaimRow {
  id: string;
  lead_id: string;
  partner_id: string;
  status: ClaimState['status'];
  taken_at: Date;
  taken_by_user: string | null;
  taken_by_name: string | null;
  proof_requested_at: Date | null;
  closed_at: Date | null;
  close_reason: string | null;
  portal_address: string | null;
  license_key: string | null;
  closed_by: string | null;
  deal_id: string | null;
  deal_url: string | null;
  deal_deleted_at: Date | null;
}

const COLUMNS = `id, lead_id, partner_id, status, taken_at, taken_by_user, taken_by_name, closed_at, close_reason,
  portal_address, license_key, closed_by, deal_id, deal_url, deal_deleted_at, proof_requested_at`;

/**
 * Claims and the two counters that make the cap and the per-lead limit hold under concurrency:
 * one conditional upsert per counter, guarded by CHECK constraints. Lock order: partner counter,
 * then lead counter.
 */
@Injectable()
export class ClaimRepository {
  constructor(private readonly db: TransactionRunner) {}

  async reservePartnerSlot(tx: Tx, partnerId: string, cap: number): Promise<boolean> {
    const { rowCount } = await tx.query(
      `INSERT INTO claims.partner_load AS l (partner_id, active) VALUES ($1, 1)
       ON CONFLICT (partner_id) DO UPDATE SET active = l.active + 1 WHERE l.active < $2`,
      [partnerId, cap],
    );
    return rowCount === 1;
  }

  async reserveLeadSlot(tx: Tx, leadId: string, limit: number): Promise<boolean> {
    const { rowCount } = await tx.query(
      `INSERT INTO claims.lead_load AS l (lead_id, holders) VALUES ($1, 1)
       ON CONFLICT (lead_id) DO UPDATE SET holders = l.holders + 1 WHERE l.holders < $2`,
      [leadId, limit],
    );
    return rowCount === 1;
  }

  async releasePartnerSlot(tx: Tx, partnerId: string): Promise<void> {
    await tx.query('UPDATE claims.partner_load SET active = active - 1 WHERE partner_id = $1', [partnerId]);
  }

  async releaseLeadSlot(tx: Tx, leadId: string): Promise<void> {
    await tx.query('UPDATE claims.lead_load SET holders = holders - 1 WHERE lead_id = $1', [leadId]);
  }

  async activeCount(partnerId: string): Promise<number> {
    const { rows } = await this.db.query<{ active: number }>(
      'SELECT active FROM claims.partner_load WHERE partner_id = $1',
      [partnerId],
    );
    return rows[0]?.active ?? 0;
  }

  async exists(tx: Tx, leadId: string, partnerId: string): Promise<boolean> {
    const { rowCount } = await tx.query('SELECT 1 FROM claims.claims WHERE lead_id = $1 AND partner_id = $2', [
      leadId,
      partnerId,
    ]);
    return rowCount > 0;
  }

  async insert(tx: Tx, claim: Claim): Promise<void> {
    const c = claim.snapshot;
    try {
      await tx.query(
        `INSERT INTO claims.claims (id, lead_id, partner_id, status, taken_at, taken_by_user, taken_by_name)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [c.id, c.leadId, c.partnerId, c.status, c.takenAt, c.takenByUser, c.takenByName],
      );
    } catch (error) {
      if ((error as { code?: string }).code === '23505') {
        throw new DomainError('ALREADY_CLAIMED', 'You have already taken this request.');
      }
      throw error;
    }
  }

  /** Writes a close; `status = 'active'` in the WHERE keeps a double close from touching counters twice. */
  async saveClosed(tx: Tx, claim: Claim): Promise<boolean> {
    const c = claim.snapshot;
    const { rowCount } = await tx.query(
      `UPDATE claims.claims SET status = $2, closed_at = $3, close_reason = $4, portal_address = $5,
         license_key = $6, closed_by = $7
       WHERE id = $1 AND status = 'active'`,
      [c.id, c.status, c.closedAt, c.closeReason, c.portalAddress, c.licenseKey, c.closedBy],
    );
    return rowCount === 1;
  }

  async saveProofRequest(tx: Tx, claim: Claim): Promise<void> {
    const c = claim.snapshot;
    await tx.query(
      `UPDATE claims.claims SET proof_requested_at = $2 WHERE id = $1 AND status = 'active' AND proof_requested_at IS NULL`,
      [c.id, c.proofRequestedAt],
    );
  }

  /** How many places each lead has taken (active or won claims), by lead id; absent means none. */
  async placesTaken(leadIds: string[]): Promise<Map<string, number>> {
    const { rows } = await this.db.query<{ lead_id: string; holders: number }>(
      'SELECT lead_id, holders FROM claims.lead_load WHERE lead_id = ANY($1)',
      [leadIds],
    );
    return new Map(rows.map((r) => [r.lead_id, r.holders]));
  }

  async findForUpdate(tx: Tx, id: string): Promise<Claim | null> {
    const { rows } = await tx.query<ClaimRow>(`SELECT ${COLUMNS} FROM claims.claims WHERE id = $1 FOR UPDATE`, [id]);
    return rows[0] ? Claim.restore(toState(rows[0])) : null;
  }

  async findOwned(partnerId: string, id: string): Promise<ClaimState | null> {
    const { rows } = await this.db.query<ClaimRow>(
      `SELECT ${COLUMNS} FROM claims.claims WHERE id = $1 AND partner_id = $2`,
      [id, partnerId],
    );
    return rows[0] ? toState(rows[0]) : null;
  }

  async listOwned(partnerId: string, after: Cursor | null, limit: number): Promise<ClaimState[]> {
    const { rows } = after
      ? await this.db.query<ClaimRow>(
          `SELECT ${COLUMNS} FROM claims.claims WHERE partner_id = $1 AND (taken_at, id) < ($2, $3)
           ORDER BY taken_at DESC, id DESC LIMIT $4`,
          [partnerId, after.at, after.id, limit],
        )
      : await this.db.query<ClaimRow>(
          `SELECT ${COLUMNS} FROM claims.claims WHERE partner_id = $1 ORDER BY taken_at DESC, id DESC LIMIT $2`,
          [partnerId, limit],
        );
    return rows.map(toState);
  }

  /** The partner's own claims among the given leads, by lead id. */
  async ownedForLeads(partnerId: string, leadIds: string[]): Promise<Map<string, ClaimState>> {
    const { rows } = await this.db.query<ClaimRow>(
      `SELECT ${COLUMNS} FROM claims.claims WHERE partner_id = $1 AND lead_id = ANY($2)`,
      [partnerId, leadIds],
    );
    return new Map(rows.map((r) => [r.lead_id, toState(r)]));
  }

  async linkDeal(tx: Tx, claimId: string, dealId: string, dealUrl: string): Promise<void> {
    await tx.query('UPDATE claims.claims SET deal_id = $2, deal_url = $3 WHERE id = $1', [claimId, dealId, dealUrl]);
  }

  async flagDealDeleted(tx: Tx, claimId: string, at: Date): Promise<void> {
    await tx.query('UPDATE claims.claims SET deal_deleted_at = $2 WHERE id = $1 AND deal_deleted_at IS NULL', [claimId, at]);
  }

  async listForLead(leadId: string): Promise<ClaimState[]> {
    const { rows } = await this.db.query<ClaimRow>(
      `SELECT ${COLUMNS} FROM claims.claims WHERE lead_id = $1 ORDER BY taken_at, id`,
      [leadId],
    );
    return rows.map(toState);
  }
}

function toState(r: ClaimRow): ClaimState {
  return {
    id: r.id,
    leadId: r.lead_id,
    partnerId: r.partner_id,
    status: r.status,
    takenAt: r.taken_at,
    takenByUser: r.taken_by_user,
    takenByName: r.taken_by_name,
    closedAt: r.closed_at,
    closeReason: r.close_reason,
    portalAddress: r.portal_address,
    licenseKey: r.license_key,
    closedBy: r.closed_by,
    deal: r.deal_id ? { id: r.deal_id, url: r.deal_url!, deletedAt: r.deal_deleted_at } : null,
    proofRequestedAt: r.proof_requested_at,
  };
}
