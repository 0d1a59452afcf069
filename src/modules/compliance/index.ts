export { ComplianceModule } from './compliance.module';
export * from './contract';
