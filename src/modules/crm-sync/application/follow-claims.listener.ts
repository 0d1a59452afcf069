import { Injectable, OnModuleInit } from '@nestjs/common';
import { Tx } from '../../../shared/database/tx';
import { EventBus } from '../../../shared/events/event-bus';
import { JobQueue } from '../../../shared/jobs/job-queue';
import { Clock } from '../../../shared/time/clock';
import { ClaimLost, ClaimTaken, ClaimWon, ClaimWonRejectedNoProof } from '../../claims/contract';
import { PartnerAccess } from '../../partners/contract';
import { Bitrix24Config } from '../crm-sync.config';
import { PortalInstalled } from '../contract';
import { DealRequestRepository } from '../infrastructure/deal-request.repository';
import { CREATE_DEAL_JOB } from './portal-queues';
import { PartnerPortal } from './partner-portal';
import { NOTICE_NO_PROOF_JOB } from './notice-no-proof.job';

/** What the claims module does that the partner's CRM must follow. */
@Injectable()
export class FollowClaimsListener implements OnModuleInit {
  constructor(
    private readonly events: EventBus,
    private readonly jobs: JobQueue,
    private readonly requests: DealRequestRepository,
    private readonly partners: PartnerAccess,
    private readonly partnerPortal: PartnerPortal,
    private readonly clock: Clock,
    private readonly config: Bitrix24Config,
  ) {}

  onModuleInit(): void {
    this.events.subscribe<ClaimTaken>('crm-sync', 'claim.taken', async ({ payload }, tx) => {
      const memberId = await this.partnerPortal.memberIdOf(payload.partnerId);
      await this.requests.enqueue(tx, {
        claimId: payload.claimId,
        partnerId: payload.partnerId,
        leadId: payload.leadId,
        requestedAt: new Date(payload.takenAt),
        memberId,
        takenByUser: payload.b24UserId,
      });
      if (this.config.enabled) {
        await this.jobs.enqueue(tx, CREATE_DEAL_JOB, { claimId: payload.claimId, memberId }, { key: payload.claimId });
      }
    });
    if (!this.config.enabled) return;
    const close = ({ payload }: ClaimWon | ClaimLost, tx: Tx) =>
      this.requests.markClosed(tx, payload.claimId, this.clock.now());
    this.events.subscribe<ClaimWon>('crm-sync', 'claim.won', close);
    this.events.subscribe<ClaimLost>('crm-sync', 'claim.lost', close);
    this.events.subscribe<ClaimWonRejectedNoProof>('crm-sync', 'claim.won-rejected-no-proof', ({ payload }, tx) =>
      this.jobs.enqueue(tx, NOTICE_NO_PROOF_JOB, { claimId: payload.claimId }, { key: payload.claimId }),
    );
    this.events.subscribe<PortalInstalled>('crm-sync', 'crm.portal-installed', async ({ payload }, tx) => {
      const partnerIds = await this.partners.withPortalDomain(payload.domain);
      for (const claimId of await this.requests.reopenWaiting(tx, partnerIds, payload.memberId)) {
        await this.jobs.enqueue(tx, CREATE_DEAL_JOB, { claimId, memberId: payload.memberId }, { key: claimId });
      }
    });
  }
}
