import { Injectable } from '@nestjs/common';
import { TransactionRunner } from '../../../shared/database/transaction-runner';
import { Tx } from '../../../shared/database/tx';
import { domainEvent } from '../../../shared/events/domain-event';
import { EventBus } from '../../../shared/events/event-bus';
import { Clock } from '../../../shared/time/clock';
import { Eligibility, PartnerEligibilityChanged } from '../contract';
import { StoredCheck } from '../domain/eligibility-rules';
import { Partner } from '../domain/partner';
import { EligibilityRepository } from '../infrastructure/eligibility.repository';
import { PartnerEligibility } from './partner-eligibility';

/**
 * Keeps the stored verdict: after a registry change or an audit the eligibility is computed
 * again, and a change of verdict is appended to the history and raised as
 * PartnerEligibilityChanged (not on the first verdict of a new partner).
 */
@Injectable()
export class EligibilityVerdict {
  constructor(
    private readonly eligibility: PartnerEligibility,
    private readonly db: TransactionRunner,
    private readonly stored: EligibilityRepository,
    private readonly events: EventBus,
    private readonly clock: Clock,
  ) {}

  async record(partner: Partner, cause: string, opts: RecordOptions = {}): Promise<Eligibility> {
    return (await this.recordMany([partner], cause, opts))[0];
  }

  /**
   * The same for many partners at once (an import). The verdicts are computed before the
   * transaction opens, so it never waits on a second pool connection while holding one.
   */
  async recordMany(partners: Partner[], cause: string, opts: RecordOptions = {}): Promise<Eligibility[]> {
    if (partners.length === 0) return [];
    const all = await this.eligibility.ofMany(partners, opts.audited);
    const now = this.clock.now();
    const entries = partners.map((partner, i) => ({
      partnerId: partner.id,
      eligible: all[i].eligible,
      failing: all[i].rules.filter((r) => r.blocking && !r.passed).map((r) => r.rule),
      rules: all[i].rules,
      cause,
      at: now,
    }));
    await this.db.run(async (tx) => {
      await opts.before?.(tx);
      const recorded = await this.stored.recordVerdicts(tx, entries);
      const events: PartnerEligibilityChanged[] = entries
        .filter((e) => recorded.get(e.partnerId) === 'changed')
        .map((e) => domainEvent('partner.eligibility-changed', { partnerId: e.partnerId, eligible: e.eligible, rules: e.rules }, now));
      if (events.length > 0) await this.events.publish(tx, events);
    });
    return all;
  }
}

export interface RecordOptions {
  /** Checks just made, stored by `before` in the verdict's own transaction. */
  audited?: Map<string, StoredCheck[]>;
  before?: (tx: Tx) => Promise<void>;
}
