import { Tx } from '../../../shared/database/tx';
import { PdAcceptance } from '../domain/pd-acceptance';

/** Records acceptances of the personal-data agreement; rows are append-only in the database. */
export abstract class PdAgreements {
  abstract recordAcceptance(tx: Tx, acceptance: PdAcceptance): Promise<void>;
  abstract latestAcceptance(memberId: string): Promise<PdAcceptance | null>;
}
