import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AppConfig } from '../../../config/app-config';
import { PartnerPrincipal } from '../../../shared/auth/principal';
import { TransactionRunner } from '../../../shared/database/transaction-runner';
import { DomainError, NotFoundError } from '../../../shared/domain/domain-error';
import { EventBus } from '../../../shared/events/event-bus';
import { Clock } from '../../../shared/time/clock';
import { isOpenAt, LeadCatalog } from '../../leads';
import { PartnerAccess, PD_AGREEMENT_RULE } from '../../partners';
import { Claim, ClaimState } from '../domain/claim';
import { ClaimRepository } from '../infrastructure/claim.repository';
import { ContactAccess, DiscloseContacts } from './disclose-contacts';

export interface TakenClaim {
  claim: ClaimState;
  disclosure: ContactAccess;
}

/** "Взять заявку": one transaction takes the slot, records the claim, logs the disclosure, raises ClaimTaken. */
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
    private readonly config: AppConfig,
  ) {}

  async execute(who: PartnerPrincipal, leadId: string): Promise<TakenClaim> {
    const standing = await this.partners.standing(who.partnerId);
    if (!standing) throw new DomainError('UNAUTHENTICATED', 'The session names a partner that is no longer registered.');
    return this.db.run(async (tx) => {
      const now = this.clock.now();
      const lead = await this.leads.holdForClaim(tx, leadId);
      if (!lead) throw new NotFoundError('Lead');
      const alreadyClaimed = await this.claims.exists(tx, leadId, who.partnerId);
      // The agreement rule has a code of its own, checked after the others: its cure is an acceptance in the app.
      const { rules } = standing.eligibility;
      const partnerEligible = rules.every((r) => r.passed || r.rule === PD_AGREEMENT_RULE);
      const claim = Claim.take(
        { id: randomUUID(), leadId, partnerId: who.partnerId, b24UserId: who.b24UserId },
        { leadOpen: isOpenAt(lead, now), partnerEligible, alreadyClaimed },
        now,
      );
      if (rules.some((r) => r.rule === PD_AGREEMENT_RULE && !r.passed)) {
        throw new DomainError(
          'PD_AGREEMENT_REQUIRED',
          'Your portal has not accepted the personal-data agreement in effect; a portal administrator must accept it in the app.',
        );
      }
      if (!(await this.claims.reservePartnerSlot(tx, who.partnerId, standing.claimCap))) {
        throw new DomainError('CLAIM_CAP_REACHED', `You already have ${standing.claimCap} requests in work; close one first.`);
      }
      if (!(await this.claims.reserveLeadSlot(tx, leadId, this.config.LEAD_MAX_CLAIMS))) {
        throw new DomainError('LEAD_CLAIM_LIMIT_REACHED', 'This request cannot be taken any more.');
      }
      await this.claims.insert(tx, claim);
      const disclosures = await this.disclose.inTx(tx, [claim.snapshot], who.b24UserId, 'claim-taken');
      await this.events.publish(tx, claim.pullEvents());
      return { claim: claim.snapshot, disclosure: disclosures.get(leadId)! };
    });
  }
}
