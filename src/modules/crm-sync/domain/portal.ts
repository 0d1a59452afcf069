import { PortalStatus } from '../contract';

/** A Bitrix24 portal that installed the app, keyed by `member_id` (domains change; member ids do not). */
export interface Portal {
  memberId: string;
  domain: string;
  clientEndpoint: string;
  /** suspended: its grant stopped working without an uninstall reaching us; a new install resumes it. */
  status: PortalStatus;
  installedBy: string | null;
  installedAt: Date;
  uninstalledAt: Date | null;
  handlersBoundAt: Date | null;
  dealCategoryId: number | null;
  portalField: string | null;
}

export interface PortalTokens {
  accessToken: string;
  refreshToken: string;
  expiresAt: Date;
  scope: string;
}

/**
 * A deal's page in the portal. The portal's pages live where its REST endpoint does (its
 * `client_endpoint` without `/rest/`), which also holds for a box on a port of its own.
 */
export function dealUrl(portal: Pick<Portal, 'clientEndpoint'>, dealId: string): string {
  const site = portal.clientEndpoint.replace(/\/rest\/?$/, '');
  return `${site}/crm/deal/details/${dealId}/`;
}
