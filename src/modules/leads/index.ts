export { LeadsModule } from './leads.module';
export { LeadCatalog } from './application/lead-catalog';
export { ERASED, isOpenAt, PRODUCTS, SIZE_BANDS } from './domain/lead';
export type { Contact, Disclosure, PublicLead } from './domain/lead';
export type { LeadFilter } from './infrastructure/lead.repository';
export type { LeadErased, LeadExpired, LeadPublished, LeadWithdrawn } from './domain/lead-events';
export { PublicCompanyView, NeedView } from './api/lead.views';
