import { Injectable } from '@nestjs/common';
import { TransactionRunner } from '../../../shared/database/transaction-runner';
import { Tx } from '../../../shared/database/tx';
import { PdAgreements } from '../application/pd-agreements';
import { PdAcceptance } from '../domain/pd-acceptance';

@Injectable()
export class PdAcceptanceRepository extends PdAgreements {
  constructor(private readonly db: TransactionRunner) {
    super();
  }

  async recordAcceptance(tx: Tx, a: PdAcceptance): Promise<void> {
    await tx.query(
      `INSERT INTO compliance.pd_acceptances (member_id, b24_user_id, version, accepted_at, source_ip)
       VALUES ($1, $2, $3, $4, $5)`,
      [a.memberId, a.b24UserId, a.version, a.acceptedAt, a.sourceIp],
    );
  }

  async latestAcceptance(memberId: string): Promise<PdAcceptance | null> {
    const { rows } = await this.db.query<{ b24_user_id: string; version: string; accepted_at: Date; source_ip: string | null }>(
      `SELECT b24_user_id, version, accepted_at, source_ip FROM compliance.pd_acceptances
       WHERE member_id = $1 ORDER BY accepted_at DESC, id DESC LIMIT 1`,
      [memberId],
    );
    const r = rows[0];
    return r ? { memberId, b24UserId: r.b24_user_id, version: r.version, acceptedAt: r.accepted_at, sourceIp: r.source_ip } : null;
  }
}
