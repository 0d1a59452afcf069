export { ClaimsModule } from './claims.module';
export type { ClaimEvent, ClaimLost, ClaimTaken, ClaimWon, ClaimWonRejectedNoProof } from './domain/claim-events';
