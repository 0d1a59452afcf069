import { Injectable } from '@nestjs/common';
import { TransactionRunner } from '../../../shared/database/transaction-runner';
import { DomainError } from '../../../shared/domain/domain-error';
import { Clock } from '../../../shared/time/clock';
import { PdAgreements } from '../../compliance';
import { Bitrix24Config } from '../crm-sync.config';
import { InstallTickets } from './install-tickets';

@Injectable()
export class AcceptPdAgreement {
  constructor(
    private readonly tickets: InstallTickets,
    private readonly agreements: PdAgreements,
    private readonly db: TransactionRunner,
    private readonly config: Bitrix24Config,
    private readonly clock: Clock,
  ) {}

  async execute(ticket: string, sourceIp: string | null): Promise<void> {
    const holder = this.tickets.read(ticket);
    if (!holder) throw new DomainError('UNAUTHENTICATED', 'The installation page has expired; open it again.');
    await this.db.run((tx) =>
      this.agreements.recordAcceptance(tx, {
        memberId: holder.memberId,
        b24UserId: holder.b24UserId,
        version: this.config.PD_AGREEMENT_VERSION,
        acceptedAt: this.clock.now(),
        sourceIp,
      }),
    );
  }
}
