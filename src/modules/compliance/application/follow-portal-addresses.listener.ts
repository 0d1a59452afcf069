import { Injectable, OnModuleInit } from '@nestjs/common';
import { EventBus } from '../../../shared/events/event-bus';
import { PortalInstalled, PortalMoved } from '../../crm-sync/contract';
import { PdAgreementRepository } from '../infrastructure/pd-agreement.repository';

/** Keeps, for the agreement check, the address each portal lives at (it changes on a rename). */
@Injectable()
export class FollowPortalAddressesListener implements OnModuleInit {
  constructor(
    private readonly events: EventBus,
    private readonly agreements: PdAgreementRepository,
  ) {}

  onModuleInit(): void {
    this.events.subscribe<PortalInstalled>('compliance', 'crm.portal-installed', ({ payload, occurredAt }, tx) =>
      this.agreements.rememberAddress(tx, payload.memberId, payload.domain, new Date(occurredAt)),
    );
    this.events.subscribe<PortalMoved>('compliance', 'crm.portal-moved', ({ payload, occurredAt }, tx) =>
      this.agreements.rememberAddress(tx, payload.memberId, payload.to, new Date(occurredAt)),
    );
  }
}
