import { Injectable } from '@nestjs/common';
import { MintedSession, SessionTokens } from '../../../shared/auth/session-tokens';
import { Clock } from '../../../shared/time/clock';
import { PdAgreements } from '../../compliance/contract';
import { PartnerAccess } from '../../partners/contract';
import { Bitrix24Config } from '../crm-sync.config';
import { Portal } from '../domain/portal';
import { exchange } from '../infrastructure/bitrix24/http-exchange';
import { DealRequestRepository } from '../infrastructure/deal-request.repository';
import { ShownAgreement } from './agreement-to-show';
import { InstallTickets } from './install-tickets';
import { LaunchRefusal, LaunchRefused, LaunchRequest, VerifyLaunch } from './verify-launch';

/** The agreement version the portal has yet to accept; `ticket` (for the accept button) only for a portal administrator. */
export interface AgreementPrompt {
  agreement: ShownAgreement;
  ticket: string | null;
}

/** Where in Bitrix24 the app was opened: its own page, or the tab of a deal card. */
export type AppView = { view: 'list' } | { view: 'deal-tab'; dealId: string | null; claimId: string | null };

export type AppLaunch =
  | { kind: 'refused'; reason: LaunchRefusal }
  | { kind: 'no-partner'; portalDomain: string }
  | {
      kind: 'session';
      session: MintedSession;
      partnerName: string;
      portalDomain: string;
      user: { id: string; name: string | null };
      agreementPrompt: AgreementPrompt | null;
      place: AppView;
    };

export const DEAL_TAB_PLACEMENT = 'CRM_DEAL_DETAIL_TAB';

/**
 * A verified launch opens a partner session for the Bitrix24 user, if the portal belongs to a
 * registered partner, and asks for the agreement in effect when the portal has not accepted it.
 * In a deal card's tab it names the claim only when the deal is one of this partner's.
 */
@Injectable()
export class OpenAppPage {
  constructor(
    private readonly verifier: VerifyLaunch,
    private readonly partners: PartnerAccess,
    private readonly sessions: SessionTokens,
    private readonly agreements: PdAgreements,
    private readonly tickets: InstallTickets,
    private readonly deals: DealRequestRepository,
    private readonly config: Bitrix24Config,
    private readonly clock: Clock,
  ) {}

  async execute(launch: LaunchRequest & { placement: string | null; placementOptions: string | null }): Promise<AppLaunch> {
    let verified;
    try {
      verified = await this.verifier.verify(launch);
    } catch (error) {
      if (error instanceof LaunchRefused) return { kind: 'refused', reason: error.reason };
      throw error;
    }
    const { portal, b24UserId, b24UserName, formerDomain } = verified;
    // Right after a rename the registry may not have followed the portal to its new address yet.
    const [partnerId] = [
      ...(await this.partners.withPortalDomain(portal.domain)),
      ...(formerDomain ? await this.partners.withPortalDomain(formerDomain) : []),
    ];
    const standing = partnerId ? await this.partners.standing(partnerId) : null;
    if (!standing) return { kind: 'no-partner', portalDomain: portal.domain };
    return {
      kind: 'session',
      session: this.sessions.mint({ partnerId: standing.partnerId, b24UserId, b24UserName }),
      partnerName: standing.name,
      portalDomain: portal.domain,
      user: { id: b24UserId, name: b24UserName },
      agreementPrompt: await this.agreementPrompt(portal, b24UserId, launch.authId),
      place: await this.place(portal, standing.partnerId, launch),
    };
  }

  private async place(portal: Portal, partnerId: string, launch: { placement: string | null; placementOptions: string | null }): Promise<AppView> {
    if (launch.placement !== DEAL_TAB_PLACEMENT) return { view: 'list' };
    const dealId = dealIdOf(launch.placementOptions);
    const record = dealId ? await this.deals.findByDeal(portal.memberId, dealId) : null;
    return { view: 'deal-tab', dealId, claimId: record?.partnerId === partnerId ? record.claimId : null };
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

/** PLACEMENT_OPTIONS is a JSON string (`{"ID":"8061"}`); anything else names no deal. */
function dealIdOf(options: string | null): string | null {
  if (!options) return null;
  try {
    const id = (JSON.parse(options) as { ID?: unknown } | null)?.ID;
    const text = typeof id === 'number' ? String(id) : id;
    return typeof text === 'string' && /^[1-9][0-9]{0,18}$/.test(text) ? text : null;
  } catch {
    return null;
  }
}
