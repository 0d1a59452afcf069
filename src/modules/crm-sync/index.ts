export { CrmSyncModule } from './crm-sync.module';
export * from './contract';
export { CRM_SYNC_ROUTES_OUTSIDE_API } from './bitrix24-paths';
export { serveAppPageAssets } from './api/app-page-bundle';
