import { Tx } from '../../../shared/database/tx';
import { PdAcceptance } from './pd-acceptance';
import { PdAgreementCheck, PdAgreementVersion } from './pd-agreement-version';

/**
 * What the Bitrix24 app asks about the personal-data agreement: which text to show, whether a
 * portal must accept again, and recording an acceptance (append-only in the database).
 */
export abstract class PdAgreements {
  abstract inEffect(at: Date): Promise<PdAgreementVersion | null>;
  abstract checkPortal(memberId: string, at: Date): Promise<PdAgreementCheck | null>;
  abstract recordAcceptance(tx: Tx, acceptance: PdAcceptance): Promise<void>;
}

/**
 * The question the partner registry asks before a partner may receive personal data: has the
 * partner's portal accepted the version in effect? Null when no version is published (then
 * nothing is required, which keeps partners without the Bitrix24 app working).
 */
export abstract class PdAgreementStatus {
  abstract checkPortalDomain(domain: string | null, at: Date): Promise<PdAgreementCheck | null>;
}
