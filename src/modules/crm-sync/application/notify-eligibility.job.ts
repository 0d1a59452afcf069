import { Injectable, OnModuleInit } from '@nestjs/common';
import { EventBus } from '../../../shared/events/event-bus';
import { JobQueue } from '../../../shared/jobs/job-queue';
import { PartnerEligibilityChanged } from '../../partners/contract';
import { Bitrix24Client } from '../infrastructure/bitrix24';
import { PortalRepository } from '../infrastructure/portal.repository';
import { PartnerPortal } from './partner-portal';
import { PortalGate } from './portal-gate';
import { NOTIFY_ELIGIBILITY_JOB } from './portal-queues';

/** Bitrix24 shows a later notification with the same tag in place of the earlier one. */
const TAG = 'partner-leads-eligibility';
const MAX_MESSAGE = 1500;

interface Notice {
  memberId: string;
  eventId: string;
  message: string;
}

/**
 * Tells the portal's administrator (the user who installed the app) when the partner's verdict
 * changes: once per change, since the event is raised only then, never once per audit.
 */
@Injectable()
export class NotifyEligibilityJob implements OnModuleInit {
  constructor(
    private readonly events: EventBus,
    private readonly jobs: JobQueue,
    private readonly partnerPortal: PartnerPortal,
    private readonly portals: PortalRepository,
    private readonly client: Bitrix24Client,
    private readonly gate: PortalGate,
  ) {}

  onModuleInit(): void {
    this.events.subscribe<PartnerEligibilityChanged>('crm-sync', 'partner.eligibility-changed', async (event, tx) => {
      const memberId = await this.partnerPortal.memberIdOf(event.payload.partnerId);
      if (!memberId) return;
      const notice: Notice = { memberId, eventId: event.id, message: messageFor(event.payload) };
      await this.jobs.enqueue(tx, NOTIFY_ELIGIBILITY_JOB, notice, { key: event.id });
    });
    this.jobs.define<Notice>(NOTIFY_ELIGIBILITY_JOB, (notice) => this.gate.run(notice.memberId, () => this.run(notice)));
  }

  async run({ memberId, message }: Notice): Promise<void> {
    const portal = await this.portals.findInstalled(memberId);
    if (!portal) return;
    // The app's tokens belong to the administrator who installed it: user.current names them when the install did not.
    const admin = portal.installedBy ?? String((await this.client.call<{ ID: string | number }>(memberId, 'user.current')).ID);
    await this.client.call(memberId, 'im.notify.system.add', { USER_ID: Number(admin), MESSAGE: message, TAG });
  }
}

function messageFor({ eligible, rules }: PartnerEligibilityChanged['payload']): string {
  const where = 'Подробности — в приложении «Заявки на внедрение Битрикс24», раздел «Условия участия».';
  if (eligible) return `Ваша компания снова может брать заявки на внедрение Битрикс24. ${where}`;
  const failing = rules.filter((r) => r.blocking && !r.passed).map((r) => `${r.title}: ${r.reasonRu}${r.actionRu ? ` Что сделать: ${r.actionRu}` : ''}`);
  return `Ваша компания сейчас не может брать новые заявки на внедрение Битрикс24. ${failing.join(' ')} Взятые заявки остаются в работе. ${where}`.slice(0, MAX_MESSAGE);
}
