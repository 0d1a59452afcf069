import { Injectable } from '@nestjs/common';
import { DomainError, NotFoundError } from '../../../shared/domain/domain-error';
import { Clock } from '../../../shared/time/clock';
import { Eligibility } from '../contract';
import { EligibilityRepository, HistoryEntry } from '../infrastructure/eligibility.repository';
import { fetchPage } from '../infrastructure/offer-page/safe-fetch';
import { textHash, visibleText } from '../infrastructure/offer-page/visible-text';
import { PartnerRepository } from '../infrastructure/partner.repository';
import { PartnersConfig } from '../partners.config';
import { PartnerEligibility } from './partner-eligibility';

/** What operators read of a partner's eligibility, and their manual verdict on its offer page. */
@Injectable()
export class PartnerEligibilityQueries {
  constructor(
    private readonly partners: PartnerRepository,
    private readonly eligibilityOf: PartnerEligibility,
    private readonly stored: EligibilityRepository,
    private readonly config: PartnersConfig,
    private readonly clock: Clock,
  ) {}

  async eligibility(partnerId: string): Promise<Eligibility> {
    const partner = await this.partners.find(partnerId);
    if (!partner) throw new NotFoundError('Partner');
    return this.eligibilityOf.of(partner);
  }

  async history(partnerId: string, beforeId: string | null, limit: number): Promise<HistoryEntry[]> {
    if (!(await this.partners.find(partnerId))) throw new NotFoundError('Partner');
    return this.stored.history(partnerId, beforeId, limit);
  }

  /** Bound to the page as it reads now: the verdict lapses when its visible text changes. */
  async recordOfferVerdict(partnerId: string, verdict: { result: 'pass' | 'fail'; comment: string }, recordedBy: string): Promise<void> {
    const partner = await this.partners.find(partnerId);
    if (!partner) throw new NotFoundError('Partner');
    const page = await fetchPage(partner.offerPageUrl, { allowPrivateNetworks: this.config.AUDIT_ALLOW_PRIVATE_NETWORKS, timeoutMs: this.config.AUDIT_FETCH_TIMEOUT_MS });
    if (!page.ok) {
      throw new DomainError('CONFLICT', `The offer page cannot be read now (${page.refusal}): a verdict must name the page as it reads.`);
    }
    await this.stored.saveOfferVerdict(partnerId, { ...verdict, textHash: textHash(visibleText(page.body)), recordedBy, recordedAt: this.clock.now() });
  }
}
