import { Injectable, OnModuleInit } from '@nestjs/common';
import { JobQueue } from '../../../shared/jobs/job-queue';
import { Scheduler } from '../../../shared/scheduling/scheduler';
import { Clock } from '../../../shared/time/clock';
import { Bitrix24Config } from '../crm-sync.config';
import { Bitrix24Client } from '../infrastructure/bitrix24';
import { PortalRepository } from '../infrastructure/portal.repository';
import { PortalGate } from './portal-gate';

const DAY_MS = 24 * 60 * 60 * 1000;
import { KEEP_TOKENS_ALIVE_JOB } from './portal-queues';

/**
 * A refresh token lives 180 days (settings/oauth/auto-renewal.md) and any refresh renews it, but a
 * portal with no deals for months makes no calls. A pair older than B24_TOKEN_MAX_AGE_DAYS is
 * renewed at the OAuth server, once a month or so: far from the refresh-on-every-call the docs warn of.
 */
@Injectable()
export class KeepTokensAliveTask implements OnModuleInit {
  constructor(
    private readonly scheduler: Scheduler,
    private readonly jobs: JobQueue,
    private readonly portals: PortalRepository,
    private readonly client: Bitrix24Client,
    private readonly config: Bitrix24Config,
    private readonly clock: Clock,
    private readonly gate: PortalGate,
  ) {}

  onModuleInit(): void {
    this.scheduler.every('crm-sync.keep-tokens-alive', 3600, () => this.run());
    this.jobs.define<{ memberId: string }>(KEEP_TOKENS_ALIVE_JOB, ({ memberId }) =>
      this.gate.run(memberId, () => this.client.renewTokens(memberId)),
    );
  }

  async run(): Promise<{ portalsRenewed: number }> {
    const before = new Date(this.clock.now().getTime() - this.config.B24_TOKEN_MAX_AGE_DAYS * DAY_MS);
    const memberIds = await this.portals.refreshedBefore(before);
    for (const memberId of memberIds) await this.jobs.enqueue(null, KEEP_TOKENS_ALIVE_JOB, { memberId }, { key: memberId });
    return { portalsRenewed: memberIds.length };
  }

}
