import { Injectable } from '@nestjs/common';
import { TransactionRunner } from '../../../shared/database/transaction-runner';
import { NotFoundError } from '../../../shared/domain/domain-error';
import { domainEvent } from '../../../shared/events/domain-event';
import { EventBus } from '../../../shared/events/event-bus';
import { Clock } from '../../../shared/time/clock';
import { evaluateEligibility } from '../domain/eligibility';
import { Partner } from '../domain/partner';
import { PartnerEligibilityChanged } from '../contract';
import { portalAddress } from '../../crm-sync/contract';
import { PartnerRepository } from '../infrastructure/partner.repository';
import { PartnerDraft } from './register-partner';

export type PartnerChanges = Partial<PartnerDraft>;

@Injectable()
export class UpdatePartner {
  constructor(
    private readonly db: TransactionRunner,
    private readonly partners: PartnerRepository,
    private readonly events: EventBus,
    private readonly clock: Clock,
  ) {}

  execute(id: string, changes: PartnerChanges): Promise<Partner> {
    return this.db.run(async (tx) => {
      const before = await this.partners.findForUpdate(tx, id);
      if (!before) throw new NotFoundError('Partner');
      const after: Partner = {
        ...before,
        ...changes,
        portalDomain:
          changes.portalDomain === undefined
            ? before.portalDomain
            : changes.portalDomain && portalAddress(changes.portalDomain),
        claimCap: changes.claimCap === undefined ? before.claimCap : changes.claimCap,
        updatedAt: this.clock.now(),
      };
      await this.partners.update(tx, after);
      const was = evaluateEligibility(before);
      const is = evaluateEligibility(after);
      if (was.eligible !== is.eligible) {
        const event: PartnerEligibilityChanged = domainEvent(
          'partner.eligibility-changed',
          { partnerId: id, eligible: is.eligible, rules: is.rules },
          after.updatedAt,
        );
        await this.events.publish(tx, [event]);
      }
      return after;
    });
  }
}
