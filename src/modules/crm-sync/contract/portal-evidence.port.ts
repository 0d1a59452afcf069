import { PortalStatus } from './portal-status.port';

/** The plan fields `app.info` reports (api-reference/common/system/app-info.md), as the portal gave them. */
export interface PortalPlan {
  license: string | null;
  licenseType: string | null;
  licensePrevious: string | null;
}

/**
 * What a partner's portal says about itself, read for an eligibility audit. `plan` and
 * `activeOpenLines` are null when they could not be read; `failure` then says why.
 */
export interface PortalEvidence {
  address: string;
  /** null: no portal at this address ever installed the app. */
  status: PortalStatus | null;
  plan: PortalPlan | null;
  /** Active Open Lines channels (imopenlines.config.list.get). */
  activeOpenLines: number | null;
  failure: string | null;
  readAt: Date;
}

export abstract class PortalEvidenceQuery {
  abstract read(address: string): Promise<PortalEvidence>;
}
