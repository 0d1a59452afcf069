import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { ClaimsConfig } from '../claims.config';
import { PartnerPrincipal } from '../../../shared/auth/principal';
import { TransactionRunner } from '../../../shared/database/transaction-runner';
import { DomainError, NotFoundError } from '../../../shared/domain/domain-error';
import { EventBus } from '../../../shared/events/event-bus';
import { Clock } from '../../../shared/time/clock';
import { isOpenAt, LeadCatalog } from '../../leads/contract';
import { PartnerAccess } from '../../partners/contract';
import { Claim, ClaimState } from '../domain/claim';
import { ClaimRepository } from '../infrastructure/claim.repository';
import { ContactAccess, DiscloseContacts } from './disclose-contacts';

export interface TakenClaim {
  claim: ClaimState;
  disclosure: ContactAccess;
}

/**
 * "Взять заявку": one transaction checks the take rules (claims/domain/take-rules.ts), reserves the
 * places, records the claim, logs the disclosure and raises ClaimTaken.
 */
@Injectable()
export class TakeClaim {
  constructor(
    private readonly db: TransactionRunner,
    private readonly claims: ClaimRepository,
    private readonly leads: LeadCatalog,
    private readonly partners: PartnerAccess,
    private readonly disclose: DiscloseContacts,
    private readonly events: EventBus,
    private readonly clock: Clock,
    private readonly config: ClaimsConfig,
  ) {}

  async execute(who: PartnerPrincipal, leadId: string): Promise<TakenClaim> {
    const standing = await this.partners.standing(who.partnerId);
    if (!standing) throw new DomainError('UNAUTHENTICATED', 'The session names a partner that is no longer registered.');
    return this.db.run(async (tx) => {
      const now = this.clock.now();
      const lead = await this.leads.holdForClaim(tx, leadId);
      if (!lead) throw new NotFoundError('Lead');
      const claim = await Claim.take(
        { id: randomUUID(), leadId, partnerId: who.partnerId, b24UserId: who.b24UserId, b24UserName: who.b24UserName },
        {
          alreadyClaimed: await this.claims.exists(tx, leadId, who.partnerId),
          leadOpen: isOpenAt(lead, now),
          partnerEligible: standing.take.eligible,
          agreementAccepted: standing.take.agreementAccepted,
          claimCap: standing.claimCap,
        },
        {
          partnerSlot: () => this.claims.reservePartnerSlot(tx, who.partnerId, standing.claimCap),
          leadPlace: () => this.claims.reserveLeadSlot(tx, leadId, this.config.LEAD_MAX_CLAIMS),
        },
        now,
      );
      await this.claims.insert(tx, claim);
      const disclosures = await this.disclose.inTx(tx, [claim.snapshot], who.b24UserId, 'claim-taken');
      await this.events.publish(tx, claim.pullEvents());
      return { claim: claim.snapshot, disclosure: disclosures.get(leadId)! };
    });
  }
}
