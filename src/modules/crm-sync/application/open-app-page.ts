import { Injectable } from '@nestjs/common';
import { SessionTokens } from '../../../shared/auth/session-tokens';
import { Clock } from '../../../shared/time/clock';
import { PdAgreements } from '../../compliance/contract';
import { PartnerAccess } from '../../partners/contract';
import { Bitrix24Config } from '../crm-sync.config';
import { Portal } from '../domain/portal';
import { exchange } from '../infrastructure/bitrix24/http-exchange';
import { ShownAgreement } from './agreement-to-show';
import { InstallTickets } from './install-tickets';
import { LaunchRequest, VerifyLaunch } from './verify-launch';

/** The agreement version the portal has yet to accept; `ticket` (for the accept button) only for a portal administrator. */
export interface AgreementPrompt {
  agreement: ShownAgreement;
  ticket: string | null;
}

export type AppSession = { agreementPrompt: AgreementPrompt | null } & (
  | { token: string; expiresAt: string; partnerName: string }
  | { token: null; portalDomain: string }
);

/**
 * A verified launch opens a partner session for the Bitrix24 user, if the portal belongs to a
 * registered partner, and asks for the agreement in effect when the portal has not accepted it.
 */
@Injectable()
export class OpenAppPage {
  constructor(
    private readonly verifier: VerifyLaunch,
    private readonly partners: PartnerAccess,
    private readonly sessions: SessionTokens,
    private readonly agreements: PdAgreements,
    private readonly tickets: InstallTickets,
    private readonly config: Bitrix24Config,
    private readonly clock: Clock,
  ) {}

  async execute(launch: LaunchRequest): Promise<AppSession> {
    const { portal, b24UserId, formerDomain } = await this.verifier.verify(launch);
    const agreementPrompt = await this.agreementPrompt(portal, b24UserId, launch.authId);
    // Right after a rename the registry may not have followed the portal to its new address yet.
    const [partnerId] = [
      ...(await this.partners.withPortalDomain(portal.domain)),
      ...(formerDomain ? await this.partners.withPortalDomain(formerDomain) : []),
    ];
    const standing = partnerId ? await this.partners.standing(partnerId) : null;
    if (!standing) return { token: null, portalDomain: portal.domain, agreementPrompt };
    return { ...this.sessions.mint({ partnerId: standing.partnerId, b24UserId }), partnerName: standing.name, agreementPrompt };
  }

  private async agreementPrompt(portal: Portal, b24UserId: string, authId: string): Promise<AgreementPrompt | null> {
    const now = this.clock.now();
    const check = await this.agreements.checkPortal(portal.memberId, now);
    const version = check && !check.accepted ? await this.agreements.inEffect(now) : null;
    if (!version) return null;
    const agreement = { version: version.version, text: version.text };
    if (!(await this.isAdmin(portal, authId))) return { agreement, ticket: null };
    return { agreement, ticket: this.tickets.issue({ memberId: portal.memberId, b24UserId, version: version.version }) };
  }

  /**
   * Asked with the launching user's own AUTH_ID: the app's stored tokens belong to whoever
   * installed it. Anything but a clear `true` counts as not an administrator.
   */
  private async isAdmin(portal: Portal, authId: string): Promise<boolean> {
    const answer = await exchange(
      { url: `${portal.clientEndpoint}user.admin`, method: 'POST', json: { auth: authId }, timeoutMs: this.config.B24_TIMEOUT_MS },
      'user.admin',
    );
    return answer.status === 200 && (answer.body as { result?: unknown } | undefined)?.result === true;
  }
}
