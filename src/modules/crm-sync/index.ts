export { CrmSyncModule } from './crm-sync.module';
export * from './contract';
