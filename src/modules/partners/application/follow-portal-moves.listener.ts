import { Injectable, OnModuleInit } from '@nestjs/common';
import { EventBus } from '../../../shared/events/event-bus';
import { Clock } from '../../../shared/time/clock';
import { PortalMoved } from '../../crm-sync/contract';
import { PartnerRepository } from '../infrastructure/partner.repository';

/**
 * Partners name their portal by address, and a renamed portal has a new one: the registry
 * follows the rename, so the partner keeps its sessions, deals and agreement.
 */
@Injectable()
export class FollowPortalMovesListener implements OnModuleInit {
  constructor(
    private readonly events: EventBus,
    private readonly partners: PartnerRepository,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.events.subscribe<PortalMoved>('partners', 'crm.portal-moved', ({ payload }, tx) =>
      this.partners.movePortalDomain(tx, payload.from, payload.to, this.clock.now()),
    );
  }
}
