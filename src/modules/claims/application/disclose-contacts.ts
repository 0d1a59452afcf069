import { Injectable } from '@nestjs/common';
import { ClaimsConfig } from '../claims.config';
import { TransactionRunner } from '../../../shared/database/transaction-runner';
import { Tx } from '../../../shared/database/tx';
import { Clock } from '../../../shared/time/clock';
import { AccessLog, DisclosurePurpose } from '../../compliance/contract';
import { Contact, LeadCatalog } from '../../leads/contract';
import { ClaimState } from '../domain/claim';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * What a claim shows of the lead's contacts now. The contact is null once the customer's data
 * were erased (`erased`), or once the claim has been lost for longer than LOST_CLAIM_ACCESS_DAYS
 * (`accessExpired`).
 */
export interface ContactAccess {
  companyName: string | null;
  contact: Contact | null;
  erased: boolean;
  accessExpired: boolean;
}

const ACCESS_EXPIRED: ContactAccess = Object.freeze({ companyName: null, contact: null, erased: false, accessExpired: true });

/**
 * The only way contacts reach a partner: read through the partner's own claims, with one
 * access-log row per lead actually revealed, in the same transaction.
 */
@Injectable()
export class DiscloseContacts {
  constructor(
    private readonly db: TransactionRunner,
    private readonly leads: LeadCatalog,
    private readonly accessLog: AccessLog,
    private readonly clock: Clock,
    private readonly config: ClaimsConfig,
  ) {}

  forClaims(claims: ClaimState[], b24UserId: string | null, purpose: DisclosurePurpose): Promise<Map<string, ContactAccess>> {
    if (claims.length === 0) return Promise.resolve(new Map());
    return this.db.run((tx) => this.inTx(tx, claims, b24UserId, purpose));
  }

  async inTx(tx: Tx, claims: ClaimState[], b24UserId: string | null, purpose: DisclosurePurpose): Promise<Map<string, ContactAccess>> {
    const now = this.clock.now();
    const lostBefore = now.getTime() - this.config.LOST_CLAIM_ACCESS_DAYS * DAY_MS;
    const readable = claims.filter((c) => !(c.status === 'lost' && c.closedAt!.getTime() <= lostBefore));
    const disclosures = readable.length > 0 ? await this.leads.disclosures(tx, readable.map((c) => c.leadId)) : new Map();
    const revealed = readable.filter((c) => disclosures.get(c.leadId)?.erased === false);
    await this.accessLog.record(
      tx,
      now,
      revealed.map((c) => ({ partnerId: c.partnerId, b24UserId, leadId: c.leadId, claimId: c.id, purpose, channel: 'api' })),
    );
    return new Map(
      claims.map((c): [string, ContactAccess] => {
        const disclosure = disclosures.get(c.leadId);
        return [c.leadId, disclosure ? { ...disclosure, accessExpired: false } : ACCESS_EXPIRED];
      }),
    );
  }
}
