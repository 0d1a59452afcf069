export { CrmSyncModule } from './crm-sync.module';
export type { DealDeleted, DealLinked, DealStageChanged, PortalInstalled, PortalUninstalled } from './domain/crm-sync-events';
