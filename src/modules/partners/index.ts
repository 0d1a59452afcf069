export { PartnersModule } from './partners.module';
export * from './contract';
