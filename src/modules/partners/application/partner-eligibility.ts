import { Injectable } from '@nestjs/common';
import { Clock } from '../../../shared/time/clock';
import { PdAgreementStatus } from '../../compliance/contract';
import { Eligibility } from '../contract';
import { evaluateEligibility } from '../domain/eligibility';
import { AUDITED_RULES, notCheckedYet, StoredCheck } from '../domain/eligibility-rules';
import { Partner } from '../domain/partner';
import { EligibilityRepository } from '../infrastructure/eligibility.repository';
import { PartnersConfig } from '../partners.config';

/** One answer to "may this partner take requests, and why not", for the take path and for operators alike. */
@Injectable()
export class PartnerEligibility {
  constructor(
    private readonly pdAgreement: PdAgreementStatus,
    private readonly stored: EligibilityRepository,
    private readonly config: PartnersConfig,
    private readonly clock: Clock,
  ) {}

  async of(partner: Partner): Promise<Eligibility> {
    return (await this.ofMany([partner]))[0];
  }

  /** `audited`: checks just made and not stored yet (an audit computes its verdict before it writes). */
  async ofMany(partners: Partner[], audited?: Map<string, StoredCheck[]>): Promise<Eligibility[]> {
    const now = this.clock.now();
    // Asked every time, not cached: a new agreement version may take effect at any moment.
    const [agreements, checks] = await Promise.all([
      Promise.all(partners.map((p) => this.pdAgreement.checkPortalDomain(p.portalDomain, now))),
      audited ?? this.stored.checks(partners.map((p) => p.id)),
    ]);
    return partners.map((partner, i) => {
      const stored = checks.get(partner.id) ?? [];
      return evaluateEligibility({
        partner,
        pdAgreement: agreements[i],
        audited: AUDITED_RULES.map((rule) => stored.find((c) => c.rule === rule) ?? notCheckedYet(rule, partner.createdAt)),
        now,
        graceMs: this.config.ELIGIBILITY_GRACE_HOURS * 3_600_000,
        enforced: this.config.enforcedRules,
      });
    });
  }
}
