import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { TransactionRunner } from '../../../shared/database/transaction-runner';
import { failureReason } from '../../../shared/domain/failure-reason';
import { domainEvent } from '../../../shared/events/domain-event';
import { EventBus } from '../../../shared/events/event-bus';
import { JobQueue } from '../../../shared/jobs/job-queue';
import { Clock } from '../../../shared/time/clock';
import { AccessLog } from '../../compliance/contract';
import { LeadCatalog, PublicLead } from '../../leads/contract';
import { Bitrix24Config } from '../crm-sync.config';
import { DealLinked } from '../contract';
import { contactNameFields, DealContent, dealComments, dealTitle, ORIGINATOR_ID } from '../domain/deal-template';
import { dealUrl, Portal } from '../domain/portal';
import { Bitrix24Client } from '../infrastructure/bitrix24';
import { DealRecord, DealRequestRepository } from '../infrastructure/deal-request.repository';
import { PortalRepository } from '../infrastructure/portal.repository';
import { PartnerPortal } from './partner-portal';
import { PortalGate } from './portal-gate';
import { PortalSetup } from './portal-setup';
import { CREATE_DEAL_JOB } from './portal-queues';

/**
 * Creates the company, the contact and the deal for a taken claim in the partner's portal. Every
 * record carries ORIGINATOR_ID/ORIGIN_ID = the claim, and each attempt first looks them up: a
 * retry after any failure finds what an earlier attempt made, so a claim never gets two deals.
 */
@Injectable()
export class CreateDealJob implements OnModuleInit {
  private readonly logger = new Logger(CreateDealJob.name);

  constructor(
    private readonly events: EventBus,
    private readonly jobs: JobQueue,
    private readonly requests: DealRequestRepository,
    private readonly partnerPortal: PartnerPortal,
    private readonly gate: PortalGate,
    private readonly portals: PortalRepository,
    private readonly setup: PortalSetup,
    private readonly leads: LeadCatalog,
    private readonly accessLog: AccessLog,
    private readonly client: Bitrix24Client,
    private readonly db: TransactionRunner,
    private readonly config: Bitrix24Config,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    // Steady retries for about as long as a portal is usually down; the reconciliation asks again after that.
    // `memberId` in the data is for PortalGate to find a portal's waiting jobs; the request says where the deal goes.
    this.jobs.define<{ claimId: string; memberId?: string | null }>(CREATE_DEAL_JOB, ({ claimId }) => this.run(claimId), {
      retryLimit: 50,
      steadyRetries: true,
      concurrency: 4,
    });
  }

  async run(claimId: string): Promise<void> {
    const request = await this.requests.find(claimId);
    if (!request || request.state === 'created' || request.closedAt) return;
    const lead = await this.leads.find(request.leadId);
    if (!lead) throw new Error('the lead of this claim is gone');
    if (lead.status === 'erased') {
      // Nothing personal may be transferred any more, now or on a later attempt.
      await this.requests.abandon(claimId, 'the lead was erased before its deal was created');
      return;
    }
    const portal = await this.portalOf(request);
    if (!portal) {
      await this.requests.markWaitingForPortal(claimId);
      return;
    }
    await this.gate.run(portal.memberId, async () => {
      try {
        const dealId = await this.createOnce(portal, request, lead);
        await this.link(portal, request, dealId);
      } catch (error) {
        const reason = failureReason(error);
        await this.requests.recordFailure(claimId, reason);
        this.logger.warn({ claimId, memberId: portal.memberId, reason }, 'deal not created yet');
        throw error;
      }
    }, {
      giveUp: (reason) => this.requests.abandon(claimId, `given up: ${reason}`),
      portalGone: () => this.requests.markWaitingForPortal(claimId),
    });
  }

  /**
   * The portal stored when the claim was taken. A request recorded before its partner's portal
   * was known (taken before the install) looks it up once and keeps it.
   */
  private async portalOf(request: DealRecord): Promise<Portal | null> {
    if (request.memberId) return this.portals.findInstalled(request.memberId);
    const memberId = await this.partnerPortal.memberIdOf(request.partnerId);
    if (!memberId) return null;
    await this.requests.assignPortal(request.claimId, memberId);
    return this.portals.findInstalled(memberId);
  }

  private async createOnce(portal: Portal, request: DealRecord, lead: PublicLead): Promise<string> {
    const origin = { ORIGINATOR_ID, ORIGIN_ID: request.claimId };
    // The records belong to the employee who took the request; without one, to the app's user.
    const owner = request.takenByUser ? { ASSIGNED_BY_ID: Number(request.takenByUser) } : {};
    const lookup = (method: string) => ({ method, params: { filter: origin, select: ['ID'] } });
    const found = await this.client.batch(portal.memberId, {
      deal: lookup('crm.deal.list'),
      company: lookup('crm.company.list'),
      contact: lookup('crm.contact.list'),
    });
    const firstError = Object.values(found.errors)[0];
    if (firstError) throw firstError;
    const idOf = (key: string) => (found.results[key] as Array<{ ID: string }>)[0]?.ID ?? null;
    const existingDeal = idOf('deal');
    if (existingDeal) return existingDeal;

    const { categoryId } = await this.setup.ensure(portal);
    const content = await this.content(request, lead);
    const companyId = idOf('company');
    const contactId = idOf('contact');
    const commands: Record<string, { method: string; params: Record<string, unknown> }> = {};
    if (!companyId) {
      commands.company = { method: 'crm.company.add', params: { fields: { TITLE: content.companyName, ...owner, ...origin } } };
    }
    const companyRef = companyId ?? '$result[company]';
    if (!contactId) {
      commands.contact = {
        method: 'crm.contact.add',
        params: {
          fields: {
            ...contactNameFields(content.contact.name),
            POST: content.contact.position,
            COMPANY_ID: companyRef,
            PHONE: [{ VALUE: content.contact.phone, VALUE_TYPE: 'WORK' }],
            EMAIL: [{ VALUE: content.contact.email, VALUE_TYPE: 'WORK' }],
            ...owner,
            ...origin,
          },
        },
      };
    }
    commands.deal = {
      method: 'crm.deal.add',
      params: {
        fields: {
          TITLE: dealTitle(content),
          // No STAGE_ID: the pipeline's first stage, whatever its id (pipeline 0's have no prefix).
          CATEGORY_ID: categoryId,
          COMPANY_ID: companyRef,
          CONTACT_IDS: [contactId ?? '$result[contact]'],
          COMMENTS: dealComments(content),
          ...owner,
          ...origin,
        },
      },
    };
    const created = await this.client.batch(portal.memberId, commands, { halt: true });
    const failed = Object.values(created.errors)[0];
    if (failed) throw failed;
    return String(created.results.deal);
  }

  private async content(request: DealRecord, lead: PublicLead): Promise<DealContent> {
    const disclosure = (await this.db.run((tx) => this.leads.disclosures(tx, [request.leadId]))).get(request.leadId);
    if (!disclosure) throw new Error('the lead of this claim is gone');
    if (disclosure.erased) throw new Error('the contacts of this claim\'s lead were erased');
    const base = this.config.PUBLIC_URL!.replace(/\/+$/, '');
    return {
      claimId: request.claimId,
      companyName: disclosure.companyName,
      contact: disclosure.contact,
      company: lead.company,
      need: lead.need,
      claimUrl: `${base}/api/v1/claims/${request.claimId}`,
    };
  }

  private async link(portal: Portal, request: DealRecord, dealId: string): Promise<void> {
    const now = this.clock.now();
    await this.db.run(async (tx) => {
      await this.requests.markCreated(tx, request.claimId, portal.memberId, dealId);
      await this.accessLog.record(tx, now, [
        { partnerId: request.partnerId, b24UserId: null, leadId: request.leadId, claimId: request.claimId, purpose: 'crm-transfer', channel: 'bitrix24' },
      ]);
      const event: DealLinked = domainEvent(
        'crm.deal-linked',
        { claimId: request.claimId, memberId: portal.memberId, dealId, dealUrl: dealUrl(portal, dealId) },
        now,
      );
      await this.events.publish(tx, [event]);
    });
  }
}
