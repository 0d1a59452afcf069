export { CrmSyncModule } from './crm-sync.module';
