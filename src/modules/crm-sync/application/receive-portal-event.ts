import { Injectable } from '@nestjs/common';
import { DomainError } from '../../../shared/domain/domain-error';
import { JobQueue } from '../../../shared/jobs/job-queue';
import { DealRequestRepository } from '../infrastructure/deal-request.repository';
import { PortalRepository } from '../infrastructure/portal.repository';
import { CHECK_DEAL_JOB } from './portal-queues';
import { DEAL_DELETED_JOB } from './deal-deleted.job';
import { InstallPortal } from './install-portal';
import { UninstallPortal } from './uninstall-portal';

export interface PortalEvent {
  event: string;
  memberId: string;
  claimedDomain: string | null;
  applicationToken: string;
  refreshToken: string | null;
  dealId: string | null;
}

/**
 * Bitrix24's event calls. Each must carry the application token stored for its portal; the work
 * itself is queued, so the answer is quick and a slow portal never makes Bitrix24 give up on us.
 */
@Injectable()
export class ReceivePortalEvent {
  constructor(
    private readonly portals: PortalRepository,
    private readonly install: InstallPortal,
    private readonly uninstall: UninstallPortal,
    private readonly jobs: JobQueue,
    private readonly requests: DealRequestRepository,
  ) {}

  async execute(e: PortalEvent): Promise<void> {
    if ((e.event === 'ONAPPINSTALL' || e.event === 'ONAPPUPDATE') && e.refreshToken) {
      // Verified by trading the refresh token at the OAuth server, not by a stored token: an update
      // brings a new application token, and the bindings must be made again as after an install.
      await this.install.execute({
        memberId: e.memberId, claimedDomain: e.claimedDomain, refreshToken: e.refreshToken,
        applicationToken: e.applicationToken, b24UserId: null, scope: '',
      });
      return;
    }
    if (!(await this.portals.applicationTokenMatches(e.memberId, e.applicationToken))) {
      throw new DomainError('UNAUTHENTICATED', 'Unknown portal or application token.');
    }
    switch (e.event) {
      case 'ONAPPUNINSTALL':
        return this.uninstall.execute(e.memberId);
      case 'ONCRMDEALUPDATE':
      case 'ONCRMDEALADD':
      case 'ONCRMDEALMOVETOCATEGORY':
        return this.queueIfOurs(CHECK_DEAL_JOB, e);
      case 'ONCRMDEALDELETE':
        return this.queueIfOurs(DEAL_DELETED_JOB, e);
      default:
        return;
    }
  }

  /** Partners' other deals change all day long: only deals made for a claim are worth a job. */
  private async queueIfOurs(job: string, e: PortalEvent): Promise<void> {
    if (!e.dealId || !(await this.requests.findByDeal(e.memberId, e.dealId))) return;
    await this.jobs.enqueue(null, job, { memberId: e.memberId, dealId: e.dealId }, { key: `${e.memberId}:${e.dealId}` });
  }
}
