export * from './access-log-entry';
export * from './erasure-record';
export * from './pd-acceptance';
export * from './pd-agreement-version';
export { AccessLog } from './access-log.port';
export { ErasureLog } from './erasure-log.port';
export { PdAgreements, PdAgreementStatus } from './pd-agreements.port';
