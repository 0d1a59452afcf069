export { PartnersModule } from './partners.module';
export { PartnerAccess } from './application/partner-access';
export type { PartnerStanding } from './application/partner-access';
export { PD_AGREEMENT_RULE } from './domain/eligibility';
export type { Eligibility, EligibilityRule } from './domain/eligibility';
export type { PartnerEligibilityChanged } from './domain/partner-events';
