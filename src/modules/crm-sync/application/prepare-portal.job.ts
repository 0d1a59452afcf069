import { Injectable, OnModuleInit } from '@nestjs/common';
import { JobQueue } from '../../../shared/jobs/job-queue';
import { Clock } from '../../../shared/time/clock';
import { BITRIX24_PATHS } from '../bitrix24-paths';
import { Bitrix24Config } from '../crm-sync.config';
import { Bitrix24Client } from '../infrastructure/bitrix24';
import { PortalRepository } from '../infrastructure/portal.repository';
import { PortalGate } from './portal-gate';
import { PortalSetup } from './portal-setup';

import { DEAL_TAB_PLACEMENT } from './open-app-page';
import { PREPARE_PORTAL_JOB } from './portal-queues';

export const HANDLED_EVENTS = ['ONCRMDEALUPDATE', 'ONCRMDEALDELETE', 'ONCRMDEALMOVETOCATEGORY', 'ONAPPUNINSTALL', 'ONAPPUPDATE'];

/** Our tab in the deal card: it shows the request behind a deal and what the claim still needs. */
const DEAL_TAB_TITLE = { ru: 'Заявка на внедрение', en: 'Implementation request' };

/**
 * Prepares an installed portal: binds our event handler where it is missing (an app update drops
 * every binding), creates the pipeline and the field deals need, and binds the deal card's tab. Runs after an install or an
 * update, and daily for every portal (check-bindings.task.ts).
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
    private readonly gate: PortalGate,
  ) {}

  onModuleInit(): void {
    this.jobs.define<{ memberId: string }>(PREPARE_PORTAL_JOB, ({ memberId }) => this.gate.run(memberId, () => this.run(memberId)));
  }

  async run(memberId: string): Promise<void> {
    const portal = await this.portals.find(memberId);
    if (portal?.status !== 'installed') return;
    const missing = await this.unbound(memberId);
    if (missing.length > 0) {
      const handler = this.handlerUrl();
      const commands = Object.fromEntries(missing.map((event) => [event, { method: 'event.bind', params: { event, handler } }]));
      const { errors } = await this.client.batch(memberId, commands);
      // A bind refused as a duplicate raced with another; what the portal lists afterwards decides.
      const still = await this.unbound(memberId);
      const failed = still.map((event) => errors[event]).find((e) => e !== undefined);
      if (failed) throw failed;
      if (still.length > 0) throw new Error(`handlers for ${still.join(', ')} are still not bound`);
    }
    await this.portals.markHandlersBound(memberId, this.clock.now());
    await this.setup.ensure(portal);
    await this.bindDealTab(memberId);
  }

  /** Bound only where missing: placement.get lists what the portal keeps for this app. */
  private async bindDealTab(memberId: string): Promise<void> {
    const handler = this.url(BITRIX24_PATHS.app);
    const bound = await this.client.call<Array<{ placement?: string; handler?: string }>>(memberId, 'placement.get');
    if (bound.some((b) => b.placement?.toUpperCase() === DEAL_TAB_PLACEMENT && b.handler === handler)) return;
    await this.client.call(memberId, 'placement.bind', {
      PLACEMENT: DEAL_TAB_PLACEMENT,
      HANDLER: handler,
      TITLE: DEAL_TAB_TITLE.ru,
      LANG_ALL: { ru: { TITLE: DEAL_TAB_TITLE.ru }, en: { TITLE: DEAL_TAB_TITLE.en } },
    });
  }

  private async unbound(memberId: string): Promise<string[]> {
    const handler = this.handlerUrl();
    const bound = await this.client.call<Array<{ event: string; handler: string }>>(memberId, 'event.get');
    return HANDLED_EVENTS.filter((event) => !bound.some((b) => b.event.toUpperCase() === event && b.handler === handler));
  }

  handlerUrl(): string {
    return this.url(BITRIX24_PATHS.events);
  }

  private url(path: string): string {
    return `${this.config.PUBLIC_URL!.replace(/\/+$/, '')}/${path}`;
  }
}
