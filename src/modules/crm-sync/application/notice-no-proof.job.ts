import { Injectable, OnModuleInit } from '@nestjs/common';
import { JobQueue } from '../../../shared/jobs/job-queue';
import { Clock } from '../../../shared/time/clock';
import { PORTAL_FIELD_LABEL } from '../domain/deal-template';
import { Bitrix24Client } from '../infrastructure/bitrix24';
import { DealRequestRepository } from '../infrastructure/deal-request.repository';

export const NOTICE_NO_PROOF_JOB = 'crm-sync.notice-no-proof';

const COMMENT =
  `Сделка переведена в «Успешно», но поле «${PORTAL_FIELD_LABEL}» не заполнено. ` +
  'Укажите адрес портала клиента (например, company.bitrix24.ru) или лицензионный ключ коробочной версии — ' +
  'без этого заявка не засчитывается как выигранная и остаётся в работе.';

/** Asks the partner, once per deal, to fill in the portal address, on the deal's timeline. */
@Injectable()
export class NoticeNoProofJob implements OnModuleInit {
  constructor(
    private readonly jobs: JobQueue,
    private readonly requests: DealRequestRepository,
    private readonly client: Bitrix24Client,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.jobs.define<{ claimId: string }>(NOTICE_NO_PROOF_JOB, ({ claimId }) => this.run(claimId));
  }

  async run(claimId: string): Promise<void> {
    const request = await this.requests.find(claimId);
    if (!request?.dealId || !request.memberId || request.noProofNoticedAt) return;
    await this.client.call(request.memberId, 'crm.timeline.comment.add', {
      fields: { ENTITY_ID: Number(request.dealId), ENTITY_TYPE: 'deal', COMMENT },
    });
    await this.requests.markNoProofNoticed(claimId, this.clock.now());
  }
}
