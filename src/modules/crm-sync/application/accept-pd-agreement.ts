import { Injectable } from '@nestjs/common';
import { TransactionRunner } from '../../../shared/database/transaction-runner';
import { DomainError } from '../../../shared/domain/domain-error';
import { Clock } from '../../../shared/time/clock';
import { PdAgreements } from '../../compliance/contract';
import { PortalRepository } from '../infrastructure/portal.repository';
import { InstallTickets } from './install-tickets';

/**
 * A portal administrator accepts the agreement, at install or again in the app. The ticket says
 * which portal, user and version the page showed; only administrators are ever given one.
 */
@Injectable()
export class AcceptPdAgreement {
  constructor(
    private readonly tickets: InstallTickets,
    private readonly agreements: PdAgreements,
    private readonly portals: PortalRepository,
    private readonly db: TransactionRunner,
    private readonly clock: Clock,
  ) {}

  async execute(ticket: string, sourceIp: string | null): Promise<void> {
    const holder = this.tickets.read(ticket);
    if (!holder) throw new DomainError('UNAUTHENTICATED', 'The page has expired; open it again.');
    const portal = await this.portals.find(holder.memberId);
    await this.db.run((tx) =>
      this.agreements.recordAcceptance(tx, {
        memberId: holder.memberId,
        portalDomain: portal?.domain ?? null,
        b24UserId: holder.b24UserId,
        version: holder.version,
        acceptedAt: this.clock.now(),
        sourceIp,
      }),
    );
  }
}
