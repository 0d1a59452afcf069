export * from './crm-sync-events';
export * from './portal-address';
export * from './portal-status.port';
export * from './deal-proof-field';
export * from './portal-evidence.port';
