export { PartnersModule } from './partners.module';
export * from './contract';
export { EligibilityRuleView, EligibilityView } from './api/partner.views';
