import { Injectable } from '@nestjs/common';
import { SessionTokens } from '../../../shared/auth/session-tokens';
import { PartnerAccess } from '../../partners';
import { LaunchRequest, VerifyLaunch } from './verify-launch';

export type AppSession = { token: string; expiresAt: string; partnerName: string } | { token: null; portalDomain: string };

/** A verified launch opens a partner session for the Bitrix24 user, if the portal belongs to a registered partner. */
@Injectable()
export class OpenAppPage {
  constructor(
    private readonly verifier: VerifyLaunch,
    private readonly partners: PartnerAccess,
    private readonly sessions: SessionTokens,
  ) {}

  async execute(launch: LaunchRequest): Promise<AppSession> {
    const { portal, b24UserId } = await this.verifier.verify(launch);
    const [partnerId] = await this.partners.withPortalDomain(portal.domain);
    const standing = partnerId ? await this.partners.standing(partnerId) : null;
    if (!standing) return { token: null, portalDomain: portal.domain };
    return { ...this.sessions.mint({ partnerId: standing.partnerId, b24UserId }), partnerName: standing.name };
  }
}
