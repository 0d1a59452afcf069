import { Injectable, OnModuleInit } from '@nestjs/common';
import { JobQueue } from '../../../shared/jobs/job-queue';
import { Clock } from '../../../shared/time/clock';
import { Bitrix24Client } from '../infrastructure/bitrix24';
import { DealRequestRepository } from '../infrastructure/deal-request.repository';

export const NOTICE_ERASURE_JOB = 'crm-sync.notice-erasure';

const COMMENT =
  'Клиент отозвал согласие на обработку персональных данных или потребовал их удалить. ' +
  'Удалите его персональные данные (ФИО, должность, телефон, e-mail) из вашей CRM и всех других систем ' +
  'в течение 30 дней (ст. 21 152-ФЗ) и не используйте их для связи с клиентом. ' +
  'В сервисе заявок эти данные уже уничтожены.';

/** Asks the partner, once per deal and on the deal's timeline, to delete an erased customer's data. */
@Injectable()
export class NoticeErasureJob implements OnModuleInit {
  constructor(
    private readonly jobs: JobQueue,
    private readonly requests: DealRequestRepository,
    private readonly client: Bitrix24Client,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.jobs.define<{ claimId: string }>(NOTICE_ERASURE_JOB, ({ claimId }) => this.run(claimId));
  }

  async run(claimId: string): Promise<void> {
    const request = await this.requests.find(claimId);
    if (!request || request.erasureNoticedAt || request.dealDeletedAt) return;
    // A deal still being created is waited for: the partner may already hold the contacts.
    if (request.state === 'pending') throw new Error('the deal of this claim is still being created');
    if (!request.dealId || !request.memberId) return;
    await this.client.call(request.memberId, 'crm.timeline.comment.add', {
      fields: { ENTITY_ID: Number(request.dealId), ENTITY_TYPE: 'deal', COMMENT },
    });
    await this.requests.markErasureNoticed(claimId, this.clock.now());
  }
}
