import { Injectable } from '@nestjs/common';
import { TransactionRunner } from '../../../shared/database/transaction-runner';
import { domainEvent } from '../../../shared/events/domain-event';
import { EventBus } from '../../../shared/events/event-bus';
import { JobQueue } from '../../../shared/jobs/job-queue';
import { Clock } from '../../../shared/time/clock';
import { PortalInstalled } from '../contract';
import { PortalRepository } from '../infrastructure/portal.repository';
import { PREPARE_PORTAL_JOB } from './prepare-portal.job';
import { VerifyInstallation } from './verify-installation';

export interface InstallRequest {
  memberId: string;
  domain: string;
  refreshToken: string;
  applicationToken: string | null;
  b24UserId: string | null;
  scope: string;
}

/**
 * Install and reinstall, from whichever arrives first: the install page or ONAPPINSTALL. The
 * portal is stored under its member id with fresh tokens; binding the event handlers follows as
 * a background job, since it calls the portal.
 */
@Injectable()
export class InstallPortal {
  constructor(
    private readonly verifier: VerifyInstallation,
    private readonly portals: PortalRepository,
    private readonly db: TransactionRunner,
    private readonly events: EventBus,
    private readonly jobs: JobQueue,
    private readonly clock: Clock,
  ) {}

  async execute(request: InstallRequest): Promise<void> {
    const verified = await this.verifier.verify(request.memberId, request.refreshToken);
    const now = this.clock.now();
    await this.db.run(async (tx) => {
      await this.portals.saveInstallation(
        tx,
        {
          memberId: verified.memberId,
          domain: request.domain.toLowerCase(),
          clientEndpoint: verified.clientEndpoint,
          tokens: { ...verified, scope: request.scope },
          applicationToken: request.applicationToken,
          installedBy: request.b24UserId,
        },
        now,
      );
      const event: PortalInstalled = domainEvent(
        'crm.portal-installed',
        { memberId: verified.memberId, domain: request.domain.toLowerCase() },
        now,
      );
      await this.events.publish(tx, [event]);
      await this.jobs.enqueue(tx, PREPARE_PORTAL_JOB, { memberId: verified.memberId }, { key: verified.memberId });
    });
  }
}
