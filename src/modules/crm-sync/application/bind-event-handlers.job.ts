import { Injectable, OnModuleInit } from '@nestjs/common';
import { EventBus } from '../../../shared/events/event-bus';
import { Clock } from '../../../shared/time/clock';
import { Bitrix24Config } from '../crm-sync.config';
import { Bitrix24Client } from '../infrastructure/bitrix24';
import { PortalRepository } from '../infrastructure/portal.repository';

export const BIND_HANDLERS_JOB = 'crm-sync.bind-event-handlers';
export const HANDLED_EVENTS = ['ONCRMDEALUPDATE', 'ONCRMDEALDELETE', 'ONCRMDEALMOVETOCATEGORY', 'ONAPPUNINSTALL'];

/** Binds our event handler on a freshly installed portal (bindings do not survive an app update). */
@Injectable()
export class BindEventHandlersJob implements OnModuleInit {
  constructor(
    private readonly events: EventBus,
    private readonly client: Bitrix24Client,
    private readonly portals: PortalRepository,
    private readonly config: Bitrix24Config,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.events.defineJob<{ memberId: string }>(BIND_HANDLERS_JOB, ({ memberId }) => this.run(memberId));
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
  }

  handlerUrl(): string {
    return `${this.config.PUBLIC_URL!.replace(/\/+$/, '')}/b24/events`;
  }
}
