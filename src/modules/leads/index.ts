export { LeadsModule } from './leads.module';
export * from './contract';
export { PublicCompanyView, NeedView } from './api/lead.views';
