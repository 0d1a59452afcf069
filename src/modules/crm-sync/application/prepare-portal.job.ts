import { Injectable, OnModuleInit } from '@nestjs/common';
import { JobQueue } from '../../../shared/jobs/job-queue';
import { Clock } from '../../../shared/time/clock';
import { BITRIX24_PATHS } from '../bitrix24-paths';
import { Bitrix24Config } from '../crm-sync.config';
import { Bitrix24Client } from '../infrastructure/bitrix24';
import { PortalRepository } from '../infrastructure/portal.repository';
import { PortalSetup } from './portal-setup';

export const PREPARE_PORTAL_JOB = 'crm-sync.prepare-portal';
export const HANDLED_EVENTS = ['ONCRMDEALUPDATE', 'ONCRMDEALDELETE', 'ONCRMDEALMOVETOCATEGORY', 'ONAPPUNINSTALL'];

/**
 * Prepares a freshly installed portal: binds our event handler (bindings do not survive an app
 * update) and creates the pipeline and the field deals need, one portal at a time.
 */
@Injectable()
export class PreparePortalJob implements OnModuleInit {
  constructor(
    private readonly jobs: JobQueue,
    private readonly client: Bitrix24Client,
    private readonly portals: PortalRepository,
    private readonly config: Bitrix24Config,
    private readonly clock: Clock,
    private readonly setup: PortalSetup,
  ) {}

  onModuleInit(): void {
    this.jobs.define<{ memberId: string }>(PREPARE_PORTAL_JOB, ({ memberId }) => this.run(memberId));
  }

  async run(memberId: string): Promise<void> {
    const portal = await this.portals.find(memberId);
    if (portal?.status !== 'installed') return;
    const handler = this.handlerUrl();
    const bound = await this.client.call<Array<{ event: string; handler: string }>>(memberId, 'event.get');
    const missing = HANDLED_EVENTS.filter(
      (event) => !bound.some((b) => b.event.toUpperCase() === event && b.handler === handler),
    );
    if (missing.length > 0) {
      const commands = Object.fromEntries(missing.map((event) => [event, { method: 'event.bind', params: { event, handler } }]));
      const { errors } = await this.client.batch(memberId, commands);
      const failed = Object.values(errors).filter((e) => !/already exist/i.test(e.message));
      if (failed.length > 0) throw failed[0];
    }
    await this.portals.markHandlersBound(memberId, this.clock.now());
    await this.setup.ensure(portal);
  }

  handlerUrl(): string {
    return `${this.config.PUBLIC_URL!.replace(/\/+$/, '')}/${BITRIX24_PATHS.events}`;
  }
}
