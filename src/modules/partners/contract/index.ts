export * from './eligibility';
export * from './partner-events';
export { PartnerAccess } from './partner-access.port';
export type { PartnerStanding } from './partner-access.port';
