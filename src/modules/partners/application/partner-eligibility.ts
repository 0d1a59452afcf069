import { Injectable } from '@nestjs/common';
import { Clock } from '../../../shared/time/clock';
import { PdAgreementStatus } from '../../compliance/contract';
import { evaluateEligibility } from '../domain/eligibility';
import { Eligibility } from '../contract';
import { Partner } from '../domain/partner';

/** One answer to "may this partner take requests, and why not", for the take path and for operators alike. */
@Injectable()
export class PartnerEligibility {
  constructor(
    private readonly pdAgreement: PdAgreementStatus,
    private readonly clock: Clock,
  ) {}

  async of(partner: Partner): Promise<Eligibility> {
    // Asked every time, not cached: a new agreement version may take effect at any moment.
    const pd = await this.pdAgreement.checkPortalDomain(partner.portalDomain, this.clock.now());
    return evaluateEligibility(partner, pd);
  }
}
