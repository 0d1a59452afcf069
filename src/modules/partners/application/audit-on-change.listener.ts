import { Injectable, OnModuleInit } from '@nestjs/common';
import { Tx } from '../../../shared/database/tx';
import { EventBus } from '../../../shared/events/event-bus';
import { JobQueue } from '../../../shared/jobs/job-queue';
import { PortalInstalled, PortalMoved, PortalUninstalled } from '../../crm-sync/contract';
import { PartnerRepository } from '../infrastructure/partner.repository';
import { PartnersConfig } from '../partners.config';
import { AuditPartner } from './audit-partner';

export const AUDIT_PARTNER_JOB = 'partners.audit-partner';

/**
 * A partner is audited again when its portal changes (installed, moved, removed) and when its
 * registry data change (register-partner.ts, update-partner.ts call `enqueue`), each by a job of
 * its own so the change's transaction never waits for a portal or a website.
 */
@Injectable()
export class AuditOnChangeListener implements OnModuleInit {
  constructor(
    private readonly events: EventBus,
    private readonly jobs: JobQueue,
    private readonly partners: PartnerRepository,
    private readonly audit: AuditPartner,
    private readonly config: PartnersConfig,
  ) {}

  onModuleInit(): void {
    this.jobs.define<{ partnerId: string; cause: string }>(AUDIT_PARTNER_JOB, async ({ partnerId, cause }) => {
      if (await this.partners.find(partnerId)) await this.audit.execute(partnerId, cause);
    });
    const portalChanged = async (tx: Tx, domain: string, cause: string) => {
      for (const partnerId of await this.partners.idsWithPortalDomain(domain)) await this.enqueue(tx, partnerId, cause);
    };
    this.events.subscribe<PortalInstalled>('partners.audit', 'crm.portal-installed', ({ payload }, tx) => portalChanged(tx, payload.domain, 'portal installed'));
    this.events.subscribe<PortalUninstalled>('partners.audit', 'crm.portal-uninstalled', ({ payload }, tx) => portalChanged(tx, payload.domain, 'portal uninstalled'));
    this.events.subscribe<PortalMoved>('partners.audit', 'crm.portal-moved', ({ payload }, tx) => portalChanged(tx, payload.to, 'portal moved'));
  }

  async enqueue(tx: Tx, partnerId: string, cause: string): Promise<void> {
    if (!this.config.AUDIT_ON_CHANGE) return;
    await this.jobs.enqueue(tx, AUDIT_PARTNER_JOB, { partnerId, cause }, { key: partnerId });
  }
}
