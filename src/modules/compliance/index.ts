export { ComplianceModule } from './compliance.module';
export { AccessLog } from './application/access-log';
export { ErasureLog } from './application/erasure-log';
export type { ErasureRecord } from './domain/erasure-record';
export type { AccessLogEntry, DisclosurePurpose } from './domain/access-log-entry';
export { PdAgreements, PdAgreementStatus } from './application/pd-agreements';
export type { PdAcceptance } from './domain/pd-acceptance';
export type { PdAgreementCheck, PdAgreementVersion } from './domain/pd-agreement-version';
