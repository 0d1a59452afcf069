export { ComplianceModule } from './compliance.module';
export { AccessLog } from './application/access-log';
export type { AccessLogEntry, DisclosurePurpose } from './domain/access-log-entry';
export { PdAgreements } from './application/pd-agreements';
export type { PdAcceptance } from './domain/pd-acceptance';
