import { Injectable } from '@nestjs/common';
import { NotFoundError } from '../../../shared/domain/domain-error';
import { Clock } from '../../../shared/time/clock';
import { PortalEvidenceQuery } from '../../crm-sync/contract';
import { Eligibility } from '../contract';
import { recordCheck, RuleCheck, RULES } from '../domain/eligibility-rules';
import { Partner } from '../domain/partner';
import { appInstalledCheck, offerCheck, openLinesCheck, PortalFacts, tariffCheck } from '../domain/rule-checks';
import { EligibilityRepository } from '../infrastructure/eligibility.repository';
import { PartnerRepository } from '../infrastructure/partner.repository';
import { PartnersConfig } from '../partners.config';
import { EligibilityVerdict } from './eligibility-verdict';
import { OfferPageAudit } from './offer-page-audit';

const NO_PORTAL: PortalFacts = { address: null, status: null, plan: null, activeOpenLines: null, failure: 'no portal is registered' };

/**
 * One partner's audit: reads the evidence for every audited rule (its portal through crm-sync,
 * its offer page through the safe fetcher), stores each check, and records the verdict.
 */
@Injectable()
export class AuditPartner {
  constructor(
    private readonly partners: PartnerRepository,
    private readonly stored: EligibilityRepository,
    private readonly verdict: EligibilityVerdict,
    private readonly portals: PortalEvidenceQuery,
    private readonly offers: OfferPageAudit,
    private readonly config: PartnersConfig,
    private readonly clock: Clock,
  ) {}

  async execute(partnerId: string, cause: string): Promise<Eligibility> {
    const partner = await this.partners.find(partnerId);
    if (!partner) throw new NotFoundError('Partner');
    const checks = await this.checks(partner);
    const previous = (await this.stored.checks([partner.id])).get(partner.id) ?? [];
    const stored = checks.map((c) => recordCheck(previous.find((p) => p.rule === c.rule) ?? null, c));
    return this.verdict.record(partner, cause, {
      audited: new Map([[partner.id, stored]]),
      before: (tx) => this.stored.saveChecks(tx, partner.id, stored),
    });
  }

  private async checks(partner: Partner): Promise<RuleCheck[]> {
    const [portal, offer] = await Promise.all([this.portal(partner), this.offers.read(partner)]);
    const checkedAt = this.clock.now();
    return [
      { rule: RULES.offer, checkedAt, ...offerCheck(offer) },
      { rule: RULES.tariff, checkedAt, ...tariffCheck(portal, this.config.acceptedPlans) },
      { rule: RULES.app, checkedAt, ...appInstalledCheck(portal) },
      { rule: RULES.openLines, checkedAt, ...openLinesCheck(portal) },
    ];
  }

  private async portal(partner: Partner): Promise<PortalFacts> {
    if (!partner.portalDomain) return NO_PORTAL;
    const evidence = await this.portals.read(partner.portalDomain);
    return { address: evidence.address, status: evidence.status, plan: evidence.plan, activeOpenLines: evidence.activeOpenLines, failure: evidence.failure };
  }
}
