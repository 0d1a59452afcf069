import { Injectable } from '@nestjs/common';
import { Clock } from '../../../shared/time/clock';
import { PdAgreements } from '../../compliance/contract';
import { Bitrix24Config } from '../crm-sync.config';
import { Bitrix24Client } from '../infrastructure/bitrix24';
import { agreementToShow, ShownAgreement } from './agreement-to-show';
import { InstallPortal, InstallRequest } from './install-portal';
import { InstallTickets } from './install-tickets';

/**
 * The install page: store the portal, then hand the page the agreement to show and a ticket
 * naming the installing user and that agreement's version.
 */
@Injectable()
export class StartInstallation {
  constructor(
    private readonly install: InstallPortal,
    private readonly client: Bitrix24Client,
    private readonly tickets: InstallTickets,
    private readonly agreements: PdAgreements,
    private readonly config: Bitrix24Config,
    private readonly clock: Clock,
  ) {}

  async execute(request: Omit<InstallRequest, 'b24UserId'>): Promise<{ ticket: string; agreement: ShownAgreement }> {
    await this.install.execute({ ...request, b24UserId: null });
    const user = await this.client.call<{ ID: string | number }>(request.memberId, 'user.current');
    const agreement = await agreementToShow(this.agreements, this.config, this.clock.now());
    const ticket = this.tickets.issue({ memberId: request.memberId, b24UserId: String(user.ID), version: agreement.version });
    return { ticket, agreement };
  }
}
