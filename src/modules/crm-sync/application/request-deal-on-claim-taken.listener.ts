import { Injectable, OnModuleInit } from '@nestjs/common';
import { EventBus } from '../../../shared/events/event-bus';
import type { ClaimTaken } from '../../claims';
import { DealRequestRepository } from '../infrastructure/deal-request.repository';

/**
 * Every taken claim owes a deal in the partner's Bitrix24 CRM. The request is recorded now; the
 * Bitrix24 client that fulfils it arrives with the portal integration.
 */
@Injectable()
export class RequestDealOnClaimTakenListener implements OnModuleInit {
  constructor(
    private readonly events: EventBus,
    private readonly requests: DealRequestRepository,
  ) {}

  onModuleInit(): void {
    this.events.subscribe<ClaimTaken>('crm-sync', 'claim.taken', (event, tx) =>
      this.requests.enqueue(tx, {
        claimId: event.payload.claimId,
        partnerId: event.payload.partnerId,
        leadId: event.payload.leadId,
        requestedAt: new Date(event.payload.takenAt),
      }),
    );
  }
}
