import { Injectable } from '@nestjs/common';
import { TransactionRunner } from '../../../shared/database/transaction-runner';
import { domainEvent } from '../../../shared/events/domain-event';
import { EventBus } from '../../../shared/events/event-bus';
import { Clock } from '../../../shared/time/clock';
import { PortalUninstalled } from '../contract';
import { PortalRepository } from '../infrastructure/portal.repository';

/** ONAPPUNINSTALL: the portal already revoked our tokens; forget them and stop calling it. */
@Injectable()
export class UninstallPortal {
  constructor(
    private readonly portals: PortalRepository,
    private readonly db: TransactionRunner,
    private readonly events: EventBus,
    private readonly clock: Clock,
  ) {}

  async execute(memberId: string): Promise<void> {
    const portal = await this.portals.find(memberId);
    if (!portal) return;
    const now = this.clock.now();
    await this.db.run(async (tx) => {
      if (!(await this.portals.markUninstalled(tx, memberId, now))) return;
      const event: PortalUninstalled = domainEvent('crm.portal-uninstalled', { memberId, domain: portal.domain }, now);
      await this.events.publish(tx, [event]);
    });
  }
}
