export * from './lead-types';
export * from './lead-events';
export { LeadCatalog } from './lead-catalog.port';
