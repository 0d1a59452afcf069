import { Injectable } from '@nestjs/common';
import { TransactionRunner } from '../../../shared/database/transaction-runner';
import { Tx } from '../../../shared/database/tx';

export interface PartnerStats {
  claimsTaken: number;
  claimsWon: number;
  claimsLost: number;
}

export type StatsCounter = 'claims_taken' | 'claims_won' | 'claims_lost';

@Injectable()
export class PartnerStatsRepository {
  constructor(private readonly db: TransactionRunner) {}

  async increment(tx: Tx, partnerId: string, counter: StatsCounter): Promise<void> {
    await tx.query(
      `INSERT INTO partners.partner_stats (partner_id, ${counter}) VALUES ($1, 1)
       ON CONFLICT (partner_id) DO UPDATE SET ${counter} = partner_stats.${counter} + 1`,
      [partnerId],
    );
  }

  async findMany(partnerIds: string[]): Promise<Map<string, PartnerStats>> {
    const { rows } = await this.db.query<{ partner_id: string; claims_taken: number; claims_won: number; claims_lost: number }>(
      'SELECT partner_id, claims_taken, claims_won, claims_lost FROM partners.partner_stats WHERE partner_id = ANY($1)',
      [partnerIds],
    );
    const stats = new Map<string, PartnerStats>();
    for (const id of partnerIds) stats.set(id, { claimsTaken: 0, claimsWon: 0, claimsLost: 0 });
    for (const row of rows) {
      stats.set(row.partner_id, { claimsTaken: row.claims_taken, claimsWon: row.claims_won, claimsLost: row.claims_lost });
    }
    return stats;
  }
}
