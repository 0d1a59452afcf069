import { Injectable } from '@nestjs/common';
import { TransactionRunner } from '../../../shared/database/transaction-runner';
import { Tx } from '../../../shared/database/tx';
import { RuleName, StoredCheck } from '../domain/eligibility-rules';

interface CheckRow {
  partner_id: string;
  rule: RuleName;
  result: StoredCheck['result'];
  reason_code: string;
  reason_ru: string;
  reason_en: string;
  evidence: Record<string, unknown>;
  checked_at: Date;
  decided: { result: 'pass' | 'fail'; at: string; reasonRu: string; reasonEn: string } | null;
  unknown_since: Date | null;
}

export interface OfferVerdict {
  result: 'pass' | 'fail';
  comment: string;
  textHash: string;
  recordedBy: string;
  recordedAt: Date;
}

export interface HistoryEntry {
  id: string;
  eligible: boolean;
  failing: string[];
  rules: unknown;
  cause: string;
  at: Date;
}

/** Stored audit results, operators' offer verdicts, the current verdict and its append-only history. */
@Injectable()
export class EligibilityRepository {
  constructor(private readonly db: TransactionRunner) {}

  async checks(partnerIds: string[]): Promise<Map<string, StoredCheck[]>> {
    const { rows } = await this.db.query<CheckRow>('SELECT * FROM partners.eligibility_checks WHERE partner_id = ANY($1)', [partnerIds]);
    const byPartner = new Map<string, StoredCheck[]>();
    for (const r of rows) byPartner.set(r.partner_id, [...(byPartner.get(r.partner_id) ?? []), toCheck(r)]);
    return byPartner;
  }

  async saveChecks(tx: Tx, partnerId: string, checks: StoredCheck[]): Promise<void> {
    for (const c of checks) {
      await tx.query(
        `INSERT INTO partners.eligibility_checks
           (partner_id, rule, result, reason_code, reason_ru, reason_en, evidence, checked_at, decided, unknown_since)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         ON CONFLICT (partner_id, rule) DO UPDATE SET result = $3, reason_code = $4, reason_ru = $5, reason_en = $6,
           evidence = $7, checked_at = $8, decided = $9, unknown_since = $10`,
        [partnerId, c.rule, c.result, c.reasonCode, c.reasonRu, c.reasonEn, c.evidence, c.checkedAt, c.decided, c.unknownSince],
      );
    }
  }

  async offerVerdict(partnerId: string): Promise<OfferVerdict | null> {
    const { rows } = await this.db.query<{ result: 'pass' | 'fail'; comment: string; text_hash: string; recorded_by: string; recorded_at: Date }>(
      'SELECT result, comment, text_hash, recorded_by, recorded_at FROM partners.offer_verdicts WHERE partner_id = $1',
      [partnerId],
    );
    const r = rows[0];
    return r ? { result: r.result, comment: r.comment, textHash: r.text_hash, recordedBy: r.recorded_by, recordedAt: r.recorded_at } : null;
  }

  async saveOfferVerdict(partnerId: string, v: OfferVerdict): Promise<void> {
    await this.db.query(
      `INSERT INTO partners.offer_verdicts (partner_id, result, comment, text_hash, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (partner_id) DO UPDATE SET result = $2, comment = $3, text_hash = $4, recorded_by = $5, recorded_at = $6`,
      [partnerId, v.result, v.comment, v.textHash, v.recordedBy, v.recordedAt],
    );
  }

  /**
   * Records each verdict that differs from the stored one, or is the partner's first, in three
   * statements however many partners. The partner rows are locked first, so two audits of one
   * partner agree on a single change. Returns, by partner, whether it was its first or a change.
   */
  async recordVerdicts(tx: Tx, entries: Array<{ partnerId: string } & Omit<HistoryEntry, 'id'>>): Promise<Map<string, 'first' | 'changed'>> {
    const ids = entries.map((e) => e.partnerId);
    await tx.query('SELECT 1 FROM partners.partners WHERE id = ANY($1) ORDER BY id FOR UPDATE', [ids]);
    const { rows } = await tx.query<{ partner_id: string; eligible: boolean }>(
      'SELECT partner_id, eligible FROM partners.eligibility_verdicts WHERE partner_id = ANY($1)',
      [ids],
    );
    const stored = new Map(rows.map((r) => [r.partner_id, r.eligible]));
    const changed = entries.filter((e) => stored.get(e.partnerId) !== e.eligible);
    if (changed.length === 0) return new Map();
    const column = <T>(pick: (e: (typeof changed)[number]) => T) => changed.map(pick);
    await tx.query(
      `INSERT INTO partners.eligibility_verdicts (partner_id, eligible, decided_at)
       SELECT * FROM unnest($1::uuid[], $2::boolean[], $3::timestamptz[])
       ON CONFLICT (partner_id) DO UPDATE SET eligible = EXCLUDED.eligible, decided_at = EXCLUDED.decided_at`,
      [column((e) => e.partnerId), column((e) => e.eligible), column((e) => e.at)],
    );
    await tx.query(
      `INSERT INTO partners.eligibility_history (partner_id, eligible, failing, rules, cause, at)
       SELECT * FROM unnest($1::uuid[], $2::boolean[], $3::jsonb[], $4::jsonb[], $5::text[], $6::timestamptz[])`,
      [
        column((e) => e.partnerId),
        column((e) => e.eligible),
        column((e) => JSON.stringify(e.failing)),
        column((e) => JSON.stringify(e.rules)),
        column((e) => e.cause),
        column((e) => e.at),
      ],
    );
    return new Map(changed.map((e) => [e.partnerId, stored.has(e.partnerId) ? 'changed' : 'first'] as const));
  }

  async history(partnerId: string, beforeId: string | null, limit: number): Promise<HistoryEntry[]> {
    const { rows } = await this.db.query<{ id: string; eligible: boolean; failing: string[]; rules: unknown; cause: string; at: Date }>(
      `SELECT id::text, eligible, failing, rules, cause, at FROM partners.eligibility_history
       WHERE partner_id = $1 AND ($2::bigint IS NULL OR id < $2::bigint) ORDER BY id DESC LIMIT $3`,
      [partnerId, beforeId, limit],
    );
    return rows;
  }
}

function toCheck(r: CheckRow): StoredCheck {
  return {
    rule: r.rule,
    result: r.result,
    reasonCode: r.reason_code,
    reasonRu: r.reason_ru,
    reasonEn: r.reason_en,
    evidence: r.evidence,
    checkedAt: r.checked_at,
    decided: r.decided && { ...r.decided, at: new Date(r.decided.at) },
    unknownSince: r.unknown_since,
  };
}
