import { Injectable } from '@nestjs/common';
import { TransactionRunner } from '../../../shared/database/transaction-runner';
import { Tx } from '../../../shared/database/tx';
import { Clock } from '../../../shared/time/clock';
import { AccessLog, DisclosurePurpose } from '../../compliance';
import { Disclosure, LeadCatalog } from '../../leads';
import { ClaimState } from '../domain/claim';

/**
 * The only way contacts reach a partner: read through the partner's own claims, with one
 * access-log row per lead in the same transaction.
 */
@Injectable()
export class DiscloseContacts {
  constructor(
    private readonly db: TransactionRunner,
    private readonly leads: LeadCatalog,
    private readonly accessLog: AccessLog,
    private readonly clock: Clock,
  ) {}

  forClaims(claims: ClaimState[], b24UserId: string | null, purpose: DisclosurePurpose): Promise<Map<string, Disclosure>> {
    if (claims.length === 0) return Promise.resolve(new Map());
    return this.db.run((tx) => this.inTx(tx, claims, b24UserId, purpose));
  }

  async inTx(tx: Tx, claims: ClaimState[], b24UserId: string | null, purpose: DisclosurePurpose): Promise<Map<string, Disclosure>> {
    const disclosures = await this.leads.disclosures(tx, claims.map((c) => c.leadId));
    await this.accessLog.record(
      tx,
      this.clock.now(),
      claims.map((c) => ({ partnerId: c.partnerId, b24UserId, leadId: c.leadId, claimId: c.id, purpose, channel: 'api' })),
    );
    return disclosures;
  }
}
