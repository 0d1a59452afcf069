import { PdAgreements } from '../../compliance/contract';
import { Bitrix24Config } from '../crm-sync.config';

/** The agreement a page shows and an acceptance records. `text` null: the built-in text of the configured version. */
export interface ShownAgreement {
  version: string;
  text: string | null;
}

/** The published version in effect; before any is published, the configured version with the built-in text. */
export async function agreementToShow(agreements: PdAgreements, config: Bitrix24Config, at: Date): Promise<ShownAgreement> {
  const published = await agreements.inEffect(at);
  return published ? { version: published.version, text: published.text } : { version: config.PD_AGREEMENT_VERSION, text: null };
}
