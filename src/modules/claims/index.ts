export { ClaimsModule } from './claims.module';
export * from './contract';
