import { Injectable } from '@nestjs/common';
import { Tx } from '../../../shared/database/tx';
import { Erasure } from '../domain/lead';
import { ErasureReason } from '../contract';

/** What erasing blanks: every ciphertext and lookup hash of the lead. */
const BLANK = `company_name = NULL, contact_name = NULL, contact_position = NULL, contact_phone = NULL,
  contact_email = NULL, contact_phone_hmac = NULL, contact_email_hmac = NULL`;

/**
 * Crypto-shredding: the lead's wrapped data key is deleted, so its ciphertexts can never be
 * opened again (backups included), and the ciphertexts themselves are blanked too.
 */
@Injectable()
export class LeadErasureRepository {
  /** An erasure on request. `fresh` is false when the lead had already been erased (idempotency). */
  async erase(tx: Tx, id: string, now: Date): Promise<{ erasure: Erasure; fresh: boolean } | null> {
    const { rows } = await tx.query<{ erased_at: Date | null; erasure_reason: ErasureReason | null }>(
      'SELECT erased_at, erasure_reason FROM leads.leads WHERE id = $1 FOR UPDATE',
      [id],
    );
    if (!rows[0]) return null;
    if (rows[0].erased_at) {
      return { erasure: { leadId: id, erasedAt: rows[0].erased_at, reason: rows[0].erasure_reason! }, fresh: false };
    }
    await tx.query('DELETE FROM leads.lead_keys WHERE lead_id = $1', [id]);
    await tx.query(
      `UPDATE leads.leads SET ${BLANK}, status = 'erased', closed_at = COALESCE(closed_at, $2), erased_at = $2,
         erasure_reason = 'request'
       WHERE id = $1`,
      [id, now],
    );
    return { erasure: { leadId: id, erasedAt: now, reason: 'request' }, fresh: true };
  }

  /**
   * Erases a batch of leads past retention: no longer open, closed at or before `cutoff`, and every
   * claim on them closed at or before `cutoff` too. SKIP LOCKED lets instances share the work.
   */
  async eraseRetained(tx: Tx, cutoff: Date, now: Date, batch: number): Promise<string[]> {
    const { rows } = await tx.query<{ id: string }>(
      `SELECT id FROM leads.leads l
       WHERE erased_at IS NULL AND status <> 'open' AND closed_at <= $1
         AND NOT EXISTS (SELECT 1 FROM leads.lead_claims c
                         WHERE c.lead_id = l.id AND (c.closed_at IS NULL OR c.closed_at > $1))
       ORDER BY closed_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [cutoff, batch],
    );
    const ids = rows.map((r) => r.id);
    if (ids.length === 0) return ids;
    await tx.query('DELETE FROM leads.lead_keys WHERE lead_id = ANY($1)', [ids]);
    await tx.query(`UPDATE leads.leads SET ${BLANK}, erased_at = $2, erasure_reason = 'retention' WHERE id = ANY($1)`, [
      ids, now,
    ]);
    return ids;
  }
}
