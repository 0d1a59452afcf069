import { Injectable, Logger } from '@nestjs/common';
import { TransactionRunner } from '../../../shared/database/transaction-runner';
import { DomainError } from '../../../shared/domain/domain-error';
import { domainEvent } from '../../../shared/events/domain-event';
import { EventBus } from '../../../shared/events/event-bus';
import { JobQueue } from '../../../shared/jobs/job-queue';
import { Clock } from '../../../shared/time/clock';
import { PortalInstalled, portalAddress } from '../contract';
import { Bitrix24Config } from '../crm-sync.config';
import { portalOfEndpoint } from '../infrastructure/bitrix24/endpoint-guard';
import { PortalRepository } from '../infrastructure/portal.repository';
import { PREPARE_PORTAL_JOB } from './portal-queues';
import { VerifyInstallation } from './verify-installation';

export interface InstallRequest {
  memberId: string;
  /** What the request says the portal's address is: compared, never stored. */
  claimedDomain: string | null;
  refreshToken: string;
  applicationToken: string | null;
  b24UserId: string | null;
  scope: string;
}

/**
 * Install and reinstall, from whichever arrives first: the install page or ONAPPINSTALL. The
 * portal is whatever the OAuth server says when it trades the request's refresh token: its member
 * id and REST endpoint, whose host is the portal's address. What the request itself names
 * (DOMAIN, auth[domain]) is only compared with that. One installed portal holds an address at a
 * time: an install claiming an address another live portal holds is refused and recorded for
 * operators (GET /portals/conflicts). Binding the event handlers follows as a background job.
 */
@Injectable()
export class InstallPortal {
  private readonly logger = new Logger(InstallPortal.name);

  constructor(
    private readonly verifier: VerifyInstallation,
    private readonly portals: PortalRepository,
    private readonly db: TransactionRunner,
    private readonly events: EventBus,
    private readonly jobs: JobQueue,
    private readonly config: Bitrix24Config,
    private readonly clock: Clock,
  ) {}

  async execute(request: InstallRequest): Promise<void> {
    const verified = await this.verifier.verify(request.memberId, request.refreshToken);
    const domain = portalOfEndpoint(verified.clientEndpoint, this.config.B24_ALLOW_INSECURE_PORTALS);
    if (!domain) throw new DomainError('UNAUTHENTICATED', 'The installation could not be verified with Bitrix24.');
    const claimed = request.claimedDomain === null ? null : portalAddress(request.claimedDomain);
    if (claimed !== domain) {
      this.logger.warn({ memberId: verified.memberId, claimed, verified: domain }, 'install named another address than Bitrix24 did; ignored');
    }
    const now = this.clock.now();
    const heldBy = await this.db.run(async (tx) => {
      const holder = await this.portals.lockAddress(tx, domain, verified.memberId);
      if (holder) return holder;
      await this.portals.saveInstallation(
        tx,
        {
          memberId: verified.memberId,
          domain,
          clientEndpoint: verified.clientEndpoint,
          tokens: { ...verified, scope: request.scope },
          applicationToken: request.applicationToken,
          installedBy: request.b24UserId,
        },
        now,
      );
      const event: PortalInstalled = domainEvent('crm.portal-installed', { memberId: verified.memberId, domain }, now);
      await this.events.publish(tx, [event]);
      await this.jobs.enqueue(tx, PREPARE_PORTAL_JOB, { memberId: verified.memberId }, { key: verified.memberId });
      return null;
    });
    if (heldBy) {
      await this.portals.recordConflict({ memberId: verified.memberId, domain, heldBy, attemptedAt: now });
      this.logger.warn({ memberId: verified.memberId, domain, heldBy }, 'install refused: another installed portal holds this address');
      throw new DomainError('CONFLICT', 'Another installed Bitrix24 portal holds this address; the vendor\'s operators have been told.');
    }
  }
}
