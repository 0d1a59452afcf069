export { ClaimsModule } from './claims.module';
export type { ClaimEvent, ClaimLost, ClaimTaken, ClaimWon } from './domain/claim-events';
