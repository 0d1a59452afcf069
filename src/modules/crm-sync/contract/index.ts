export * from './crm-sync-events';
export * from './portal-address';
