import { Injectable } from '@nestjs/common';
import { Bitrix24Client } from '../infrastructure/bitrix24';
import { InstallPortal, InstallRequest } from './install-portal';
import { InstallTickets } from './install-tickets';

/** The install page: store the portal, then hand the page a ticket naming the installing user. */
@Injectable()
export class StartInstallation {
  constructor(
    private readonly install: InstallPortal,
    private readonly client: Bitrix24Client,
    private readonly tickets: InstallTickets,
  ) {}

  async execute(request: Omit<InstallRequest, 'b24UserId'>): Promise<string> {
    await this.install.execute({ ...request, b24UserId: null });
    const user = await this.client.call<{ ID: string | number }>(request.memberId, 'user.current');
    return this.tickets.issue({ memberId: request.memberId, b24UserId: String(user.ID) });
  }
}
