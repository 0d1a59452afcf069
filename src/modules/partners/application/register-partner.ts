import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { TransactionRunner } from '../../../shared/database/transaction-runner';
import { Clock } from '../../../shared/time/clock';
import { newPartner, Partner, PartnerFields } from '../domain/partner';
import { portalAddress } from '../../crm-sync/contract';
import { PartnerRepository } from '../infrastructure/partner.repository';
import { AuditOnChangeListener } from './audit-on-change.listener';
import { EligibilityVerdict } from './eligibility-verdict';

export type PartnerDraft = PartnerFields;

@Injectable()
export class RegisterPartner {
  constructor(
    private readonly db: TransactionRunner,
    private readonly partners: PartnerRepository,
    private readonly verdict: EligibilityVerdict,
    private readonly audits: AuditOnChangeListener,
    private readonly clock: Clock,
  ) {}

  async execute(draft: PartnerDraft): Promise<Partner> {
    const now = this.clock.now();
    const partner = newPartner(randomUUID(), draft, now, portalAddress);
    await this.db.run(async (tx) => {
      await this.partners.insert(tx, partner);
      await this.audits.enqueue(tx, partner.id, 'registered');
    });
    await this.verdict.record(partner, 'registered');
    return partner;
  }
}
