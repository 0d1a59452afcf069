import { Injectable, OnModuleInit } from '@nestjs/common';
import { JobQueue } from '../../../shared/jobs/job-queue';
import { Scheduler } from '../../../shared/scheduling/scheduler';
import { Bitrix24Config } from '../crm-sync.config';
import { PortalRepository } from '../infrastructure/portal.repository';
import { PREPARE_PORTAL_JOB } from './portal-queues';

/**
 * Bindings vanish without a word: an update whose ONAPPUPDATE got lost, an administrator's
 * cleanup. Every portal is checked on a schedule, each by a job of its own.
 */
@Injectable()
export class CheckBindingsTask implements OnModuleInit {
  constructor(
    private readonly scheduler: Scheduler,
    private readonly jobs: JobQueue,
    private readonly portals: PortalRepository,
    private readonly config: Bitrix24Config,
  ) {}

  onModuleInit(): void {
    this.scheduler.every('crm-sync.check-bindings', this.config.B24_BINDINGS_CHECK_SECONDS, () => this.run());
  }

  async run(): Promise<{ portalsChecked: number }> {
    const memberIds = await this.portals.installedMemberIds();
    for (const memberId of memberIds) await this.jobs.enqueue(null, PREPARE_PORTAL_JOB, { memberId }, { key: memberId });
    return { portalsChecked: memberIds.length };
  }
}
