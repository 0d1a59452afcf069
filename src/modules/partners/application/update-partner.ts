import { Injectable } from '@nestjs/common';
import { TransactionRunner } from '../../../shared/database/transaction-runner';
import { NotFoundError } from '../../../shared/domain/domain-error';
import { Clock } from '../../../shared/time/clock';
import { changedPartner, Partner } from '../domain/partner';
import { portalAddress } from '../../crm-sync/contract';
import { PartnerRepository } from '../infrastructure/partner.repository';
import { AuditOnChangeListener } from './audit-on-change.listener';
import { EligibilityVerdict } from './eligibility-verdict';
import { PartnerDraft } from './register-partner';

export type PartnerChanges = Partial<PartnerDraft>;

@Injectable()
export class UpdatePartner {
  constructor(
    private readonly db: TransactionRunner,
    private readonly partners: PartnerRepository,
    private readonly verdict: EligibilityVerdict,
    private readonly audits: AuditOnChangeListener,
    private readonly clock: Clock,
  ) {}

  async execute(id: string, changes: PartnerChanges): Promise<Partner> {
    const updated = await this.db.run(async (tx) => {
      const before = await this.partners.findForUpdate(tx, id);
      if (!before) throw new NotFoundError('Partner');
      const after = changedPartner(before, changes, this.clock.now(), portalAddress);
      await this.partners.update(tx, after);
      await this.audits.enqueue(tx, after.id, 'registry change');
      return after;
    });
    await this.verdict.record(updated, 'registry change');
    return updated;
  }
}
